"""A disabled account is told so only with its right password; to anyone else it is any wrong sign-in."""

from __future__ import annotations

from sqlalchemy import func, select

from hq.core.db import Database, run_with_database
from hq.models import AuthToken
from hq.services import org
from tests.hq.conftest import Hq
from tests.support.org import PASSWORD

LOGIN = "/api/v1/auth/login"


def _login(hq: Hq, login: str, password: str) -> tuple[int, str]:
    answer = hq.client.post(LOGIN, json={"login": login, "password": password})
    return answer.status_code, answer.json()["code"]


def _tokens_of(hq: Hq, login: str) -> int:
    async def count(database: Database) -> int:
        async with database.reading() as session:
            query = (
                select(func.count()).select_from(AuthToken).where(AuthToken.account_id == hq.org.ids[login])
            )
            return int((await session.execute(query)).scalar_one())

    return run_with_database(hq.settings, count)


def _disable(hq: Hq, login: str) -> None:
    async def disable(database: Database) -> None:
        async with database.writing() as session:
            await org.set_disabled(session, login, True)

    run_with_database(hq.settings, disable)


def test_the_right_password_of_a_disabled_account_hears_it_is_disabled_and_gets_no_token(hq: Hq) -> None:
    hq.token(hq.org.disabled_guide)  # it signed in while it was enabled
    _disable(hq, hq.org.disabled_guide)
    assert _login(hq, hq.org.disabled_guide, PASSWORD) == (403, "account_disabled")
    assert _tokens_of(hq, hq.org.disabled_guide) == 1


def test_a_wrong_password_for_a_disabled_account_is_answered_like_an_unknown_login(hq: Hq) -> None:
    _disable(hq, hq.org.disabled_guide)
    disabled = _login(hq, hq.org.disabled_guide, "wrong-password")
    unknown = _login(hq, "nobody.here.at.all", "wrong-password")
    assert disabled == unknown == (401, "invalid_credentials")


def test_a_locked_disabled_account_says_locked_even_to_its_right_password(hq: Hq) -> None:
    _disable(hq, hq.org.disabled_guide)
    for _ in range(hq.settings.login_max_failures):
        _login(hq, hq.org.disabled_guide, "wrong-password")
    assert _login(hq, hq.org.disabled_guide, PASSWORD) == (429, "account_locked")
