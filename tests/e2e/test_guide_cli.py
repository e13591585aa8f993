"""`guide-app` against a real HQ: sign in, sync, search, each account with its own book."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from guide_app.account.accounts import GuideAccount
from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.sales import SaleLine, record_sale
from guide_app.cli import main
from tests.e2e.conftest import Running
from tests.support.org import PASSWORD


@pytest.fixture(autouse=True)
def headless_pc(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    monkeypatch.setenv("GUIDE_APP_DATA_DIR", str(tmp_path / "app"))
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # like a Linux store PC without a Secret Service
    yield
    keyring.set_keyring(previous)


def _run(monkeypatch: pytest.MonkeyPatch, *args: str, stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(list(args))


def test_sign_in_sync_and_search_from_the_shell(
    running_hq: Running, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    hq, login = running_hq.live.base_url, running_hq.org.guide_s1
    assert (
        _run(monkeypatch, "sign-in", "--hq", hq, "--login", login, "--password-stdin", stdin=PASSWORD + "\n")
        == 0
    )
    assert "signed in as" in capsys.readouterr().out
    account = GuideAccount(hq, login)
    book = account.open_book()
    with book.writing() as session:
        customer = add_customer(
            session, CustomerFields(name="张三", phone="13800138000", wecom_remark="老客")
        )
        record_sale(session, "CLI-1", 59_900, [SaleLine(name="围巾", qty=1, unit_price_fen=59_900)], customer)
    book.close()
    assert _run(monkeypatch, "sync", "--hq", hq, "--login", login) == 0
    out = capsys.readouterr().out
    assert "pushed 2 new" in out and "waiting to upload: 0" in out  # the sale and the day's statistics
    assert _run(monkeypatch, "book", "search", "--hq", hq, "--login", login, "zs") == 0
    out = capsys.readouterr().out
    assert "张三\t138****8000\t老客\tactive" in out and "1 of 1 customers" in out  # sync refreshed the stage
    # Another guide on the same PC has a book of their own.
    assert _run(monkeypatch, "book", "search", "--hq", hq, "--login", running_hq.org.guide_s2, "zs") == 0
    assert "0 of 0 customers" in capsys.readouterr().out


def test_a_wrong_password_or_a_manager_gets_a_clear_message(
    running_hq: Running, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    hq = running_hq.live.base_url
    assert (
        _run(
            monkeypatch,
            "sign-in",
            "--hq",
            hq,
            "--login",
            running_hq.org.guide_s1,
            "--password-stdin",
            stdin="wrong-password\n",
        )
        == 2
    )
    assert "login or password is wrong" in capsys.readouterr().err
    assert (
        _run(
            monkeypatch,
            "sign-in",
            "--hq",
            hq,
            "--login",
            running_hq.org.manager_east,
            "--password-stdin",
            stdin=PASSWORD + "\n",
        )
        == 2
    )
    assert "store guides" in capsys.readouterr().err
    assert _run(monkeypatch, "sync", "--hq", hq, "--login", running_hq.org.guide_s2) == 2
    assert "sign in" in capsys.readouterr().err
