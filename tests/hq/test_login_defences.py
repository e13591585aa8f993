"""Sign-in under attack: parallel guesses cannot pass the lock, the lock does not reveal which logins
exist, and floods are throttled per address and overall with Retry-After."""

from __future__ import annotations

import asyncio
import statistics
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest

from hq.core.config import Settings
from hq.main import create_app
from hq.services import auth
from tests.hq.conftest import seed
from tests.support.org import PASSWORD, OrgFixture

LOGIN = "/api/v1/auth/login"
Attempt = Callable[..., Awaitable[httpx.Response]]


def _relaxed(settings: Settings, **limits: Any) -> Settings:
    """The settings with the address and overall throttles out of the way (tests come from one address)."""
    values = {"login_per_address_burst": 10_000, "login_overall_burst": 10_000, **limits}
    return settings.model_copy(update=values)


def _with_hq(settings: Settings, work: Callable[[Any, OrgFixture], Awaitable[None]]) -> None:
    """Seed, then run `work` against an in-process HQ in one event loop."""
    org = seed(settings)

    async def run() -> None:
        app = create_app(settings)
        async with app.router.lifespan_context(app):
            await work(app, org)

    asyncio.run(run())


def _client(app: Any, address: str = "10.1.1.1") -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app, client=(address, 50_000))
    return httpx.AsyncClient(transport=transport, base_url="http://hq")


def test_forty_parallel_guesses_check_no_more_passwords_than_the_limit(
    hq_settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = _relaxed(hq_settings)
    checked: list[str] = []
    real_verify = auth.verify_password

    def counting_verify(password_hash: str | None, password: str) -> bool:
        if password_hash is not None:  # a real account's hash, not the dummy every refusal spends
            checked.append(password)
        return real_verify(password_hash, password)

    monkeypatch.setattr(auth, "verify_password", counting_verify)

    async def attack(app: Any, org: OrgFixture) -> None:
        async with _client(app) as client:
            guesses = [
                client.post(LOGIN, json={"login": org.guide_e1, "password": f"guess-{n}"}) for n in range(40)
            ]
            answers = await asyncio.gather(*guesses)
            statuses = [answer.status_code for answer in answers]
            assert statuses.count(401) <= settings.login_max_failures - 1
            assert statuses.count(429) >= 40 - settings.login_max_failures + 1
            right = await client.post(LOGIN, json={"login": org.guide_e1, "password": PASSWORD})
            assert right.status_code == 429  # locked: the right password does not get in now
            assert int(right.headers["Retry-After"]) > 60

    _with_hq(settings, attack)
    assert len(checked) <= settings.login_max_failures


@pytest.mark.serial  # compares answer times: run alone (make test)
def test_an_unknown_login_is_locked_like_a_real_one_in_answers_and_time(hq_settings: Settings) -> None:
    settings = _relaxed(hq_settings)

    async def compare(app: Any, org: OrgFixture) -> None:
        async with _client(app) as client:

            async def attempts(login: str) -> tuple[list[tuple[int, str]], list[float]]:
                seen, times = [], []
                for _ in range(8):
                    started = time.perf_counter()
                    answer = await client.post(LOGIN, json={"login": login, "password": "wrong-password"})
                    times.append(time.perf_counter() - started)
                    seen.append((answer.status_code, answer.json()["code"]))
                return seen, times

            real, real_times = await attempts(org.guide_e1)
            unknown, unknown_times = await attempts("nobody.at.all")
            assert real == unknown
            assert [status for status, _code in real] == [401] * 4 + [429] * 4
            # Locked answers still spend a password hash: no quick answer marks a locked login.
            checked = statistics.median(real_times[:4] + unknown_times[:4])
            locked = statistics.median(real_times[4:] + unknown_times[4:])
            assert locked > checked * 0.5, (locked, checked)

    _with_hq(settings, compare)


def test_one_address_is_throttled_with_retry_after_and_others_still_sign_in(hq_settings: Settings) -> None:
    limits = {"login_per_address_burst": 6, "login_per_address_per_minute": 6}
    settings = hq_settings.model_copy(update=limits)

    async def flood(app: Any, org: OrgFixture) -> None:
        async with _client(app, "10.2.2.2") as noisy, _client(app, "10.3.3.3") as quiet:
            made_up = [{"login": f"made-up-{n}", "password": "x" * 10} for n in range(8)]
            started = time.monotonic()
            answers = [await noisy.post(LOGIN, json=attempt) for attempt in made_up]
            took = time.monotonic() - started
            assert [answer.status_code for answer in answers] == [401] * 6 + [429] * 2
            refused = answers[-1]
            assert refused.json()["code"] == "too_many_sign_ins"
            # At 6 a minute a token comes back every 10 s after the burst began: the wait is what is
            # left of those 10 s (rounded up), however long the burst took on this machine.
            assert 10 - took - 1 <= int(refused.headers["Retry-After"]) <= 10
            fine = await quiet.post(LOGIN, json={"login": org.guide_e1, "password": PASSWORD})
            assert fine.status_code == 200

    _with_hq(settings, flood)


def test_sign_ins_are_throttled_overall_across_addresses(hq_settings: Settings) -> None:
    settings = hq_settings.model_copy(update={"login_overall_burst": 5, "login_overall_per_minute": 6})

    async def many(app: Any, org: OrgFixture) -> None:
        statuses = []
        for n in range(7):
            async with _client(app, f"10.4.4.{n + 1}") as client:
                answer = await client.post(LOGIN, json={"login": f"made-up-{n}", "password": "x" * 10})
                statuses.append((answer.status_code, answer.json()["code"]))
        assert statuses[:5] == [(401, "invalid_credentials")] * 5
        assert statuses[5:] == [(429, "too_many_sign_ins")] * 2

    _with_hq(settings, many)


def test_the_login_answer_is_never_cached(hq_settings: Settings) -> None:
    async def sign_in(app: Any, org: OrgFixture) -> None:
        async with _client(app) as client:
            answer = await client.post(LOGIN, json={"login": org.guide_e1, "password": PASSWORD})
            assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"

    _with_hq(hq_settings, sign_in)


def test_a_queue_of_zero_still_signs_in_while_a_slot_is_free(hq_settings: Settings) -> None:
    settings = hq_settings.model_copy(update={"login_hash_slots": 1, "login_hash_queue": 0})

    async def sign_in(app: Any, org: OrgFixture) -> None:
        async with _client(app) as client:
            for _ in range(3):  # one at a time: the one slot is always free
                answer = await client.post(LOGIN, json={"login": org.guide_e1, "password": PASSWORD})
                assert answer.status_code == 200, answer.text

    _with_hq(settings, sign_in)
