"""Signing in: tokens, one error text for unknown logins and wrong passwords, lockout, revocation."""

from __future__ import annotations

from datetime import timedelta

from argon2 import extract_parameters
from sqlalchemy import select, update

from hq.core.db import Database, run_with_database, utcnow
from hq.models import Account, AuthToken, LoginAttempt
from hq.services import org
from tests.hq.conftest import Hq
from tests.support.org import PASSWORD

LOGIN = "/api/v1/auth/login"


def _login(hq: Hq, login: str, password: str) -> tuple[int, dict]:
    answer = hq.client.post(LOGIN, json={"login": login, "password": password})
    return answer.status_code, answer.json() if answer.content else {}


def test_unknown_login_and_wrong_password_get_the_same_answer(hq: Hq) -> None:
    unknown = _login(hq, "nobody.here", "whatever-pass")
    wrong = _login(hq, hq.org.guide_e1, "wrong-password")
    assert unknown == wrong
    assert unknown[0] == 401


def test_token_is_stored_only_as_a_digest(hq: Hq) -> None:
    token = hq.token(hq.org.guide_e1)

    async def digests(database: Database) -> list[str]:
        async with database.reading() as session:
            return list((await session.execute(select(AuthToken.digest))).scalars())

    stored = run_with_database(hq.settings, digests)
    assert stored and token not in stored
    assert all(len(digest) == 64 for digest in stored)


def test_passwords_are_argon2id_with_owasp_parameters(hq: Hq) -> None:
    async def hashes(database: Database) -> list[str]:
        async with database.reading() as session:
            return list((await session.execute(select(Account.password_hash))).scalars())

    for password_hash in run_with_database(hq.settings, hashes):
        parameters = extract_parameters(password_hash)
        assert password_hash.startswith("$argon2id$")
        assert parameters.memory_cost >= 19456 and parameters.time_cost >= 2


def test_five_failures_lock_only_that_account(hq: Hq) -> None:
    for _ in range(4):
        assert _login(hq, hq.org.guide_e1, "wrong-password")[0] == 401
    status, body = _login(hq, hq.org.guide_e1, "wrong-password")
    assert status == 429 and body["code"] == "account_locked"
    # Even the right password is refused while locked ...
    assert _login(hq, hq.org.guide_e1, PASSWORD)[0] == 429
    # ... and other accounts sign in as usual.
    assert _login(hq, hq.org.guide_e1_b, PASSWORD)[0] == 200


def test_lock_expires_and_the_failure_window_is_fifteen_minutes(hq: Hq) -> None:
    for _ in range(5):
        _login(hq, hq.org.guide_e2, "wrong-password")
    assert _login(hq, hq.org.guide_e2, PASSWORD)[0] == 429

    async def pass_time(database: Database) -> None:
        async with database.writing() as session:
            await session.execute(
                update(LoginAttempt)
                .where(LoginAttempt.login == hq.org.guide_e2)
                .values(locked_until=utcnow() - timedelta(seconds=1))
            )

    run_with_database(hq.settings, pass_time)
    assert _login(hq, hq.org.guide_e2, PASSWORD)[0] == 200
    # Four failures, then a pause longer than the window: the count starts again.
    for _ in range(4):
        _login(hq, hq.org.guide_e2, "wrong-password")

    async def age_window(database: Database) -> None:
        async with database.writing() as session:
            await session.execute(
                update(LoginAttempt)
                .where(LoginAttempt.login == hq.org.guide_e2)
                .values(window_start=utcnow() - timedelta(minutes=16))
            )

    run_with_database(hq.settings, age_window)
    assert _login(hq, hq.org.guide_e2, "wrong-password")[0] == 401
    assert _login(hq, hq.org.guide_e2, PASSWORD)[0] == 200


def test_logout_revokes_the_token(hq: Hq) -> None:
    headers = hq.auth(hq.org.guide_s1)
    assert hq.client.get("/api/v1/me", headers=headers).status_code == 200
    assert hq.client.post("/api/v1/auth/logout", headers=headers).status_code == 204
    answer = hq.client.get("/api/v1/me", headers=headers)
    assert answer.status_code == 401 and answer.json()["code"] == "invalid_token"


def test_disabling_an_account_ends_its_sign_ins_and_blocks_new_ones(hq: Hq) -> None:
    headers = hq.auth(hq.org.guide_s2)

    async def disable(database: Database) -> None:
        async with database.writing() as session:
            await org.set_disabled(session, hq.org.guide_s2, True)

    run_with_database(hq.settings, disable)
    assert hq.client.get("/api/v1/me", headers=headers).status_code == 401
    assert _login(hq, hq.org.guide_s2, PASSWORD)[0] == 403  # account_disabled: see test_disabled_sign_in.py


def test_expired_token_is_refused(hq: Hq) -> None:
    headers = hq.auth(hq.org.manager_east)

    async def expire(database: Database) -> None:
        async with database.writing() as session:
            await session.execute(update(AuthToken).values(expires_at=utcnow() - timedelta(seconds=1)))

    run_with_database(hq.settings, expire)
    assert hq.client.get("/api/v1/me", headers=headers).status_code == 401


def test_reset_password_unlocks_and_revokes(hq: Hq) -> None:
    headers = hq.auth(hq.org.guide_e1_b)
    for _ in range(5):
        _login(hq, hq.org.guide_e1_b, "wrong-password")

    async def reset(database: Database) -> None:
        async with database.writing() as session:
            await org.reset_password(session, hq.org.guide_e1_b, "brand-new-pass-1")

    run_with_database(hq.settings, reset)
    assert hq.client.get("/api/v1/me", headers=headers).status_code == 401
    assert _login(hq, hq.org.guide_e1_b, "brand-new-pass-1")[0] == 200
