"""`guide-app sync` and `sign-in` say what happened in plain words: sales waiting offline, no password."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from guide_app.account.accounts import GuideAccount
from guide_app.account.credentials import StoredToken
from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.sales import SaleLine, record_sale
from guide_app.sync.run import read_status
from tests.e2e.test_guide_cli import _run, headless_pc
from tests.support.postgres import free_port

pytestmark = pytest.mark.usefixtures(headless_pc.__name__)


def test_an_offline_sync_says_how_many_sales_wait_and_keeps_them(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    hq = f"http://127.0.0.1:{free_port()}"  # nothing listens here
    account = GuideAccount(hq, "offline.guide")
    account.tokens().save(StoredToken("x", datetime.now(UTC) + timedelta(days=1)))
    monkeypatch.setattr("guide_app.sync.client.RetryPolicy.delay", lambda self, attempt: 0.01)
    book = account.open_book()
    with book.writing() as session:
        customer = add_customer(session, CustomerFields(name="李静"))
        for number in range(3):
            lines = [SaleLine(name="袜子", qty=1, unit_price_fen=19_900)]
            record_sale(session, f"OFF-{number}", 19_900, lines, customer)
    book.close()

    assert _run(monkeypatch, "sync", "--hq", hq, "--login", "offline.guide") == 2
    said = capsys.readouterr().err
    assert "cannot be reached" in said
    assert "3 sales wait to upload and will go with the next sync" in said
    book = account.open_book()
    with book.reading() as session:
        status = read_status(session)
    book.close()
    assert (status.error_code, status.pending_uploads, status.last_success_at) == ("offline", 3, None)


@pytest.mark.parametrize("command", ["sign-in", "sync"])
def test_an_empty_password_gets_a_plain_message_before_hq_is_asked(
    command: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    hq = f"http://127.0.0.1:{free_port()}"  # were HQ asked, the answer would be "cannot be reached"
    code = _run(monkeypatch, command, "--hq", hq, "--login", "guide.s1a", "--password-stdin", stdin="\n")
    assert code == 2
    said = capsys.readouterr().err
    assert "no password was given" in said
    assert "cannot be reached" not in said and "Traceback" not in said and "validation" not in said
