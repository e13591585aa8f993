"""`guide-app book …` from the shell: backups listed and restored, a missing or damaged book explained."""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from guide_app.account.accounts import GuideAccount
from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.store import count_customers_cheaply, list_backups, open_book
from guide_app.cli import build_parser, main

HQ = "http://127.0.0.1:8710"
WHO = ["--hq", HQ, "--login", "wang"]


@pytest.fixture(autouse=True)
def pc_in_shanghai(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """A store PC in China (UTC+8) with its own data folder."""
    monkeypatch.setenv("GUIDE_APP_DATA_DIR", str(tmp_path / "app"))
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def account() -> GuideAccount:
    """wang's book with backups from 1 Nov (1 customer) and 2 Nov (2 customers), 10:00 in Shanghai."""
    account = GuideAccount("http://localhost:8710/", "wang")
    book = open_book(account.book_path, take_backup=False)  # no backup of today in the way
    with book.writing() as session:
        add_customer(session, CustomerFields(name="张三"))
    book.backup(datetime(2026, 11, 1, 2, 0, tzinfo=UTC))
    with book.writing() as session:
        add_customer(session, CustomerFields(name="李四"))
    book.backup(datetime(2026, 11, 2, 2, 0, tzinfo=UTC))
    book.close()
    return account


def _drop_book(account: GuideAccount) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{account.book_path}{suffix}").unlink(missing_ok=True)


def _parsers(
    parser: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _parsers(child, (*path, name))


def test_every_argument_of_every_command_has_help() -> None:
    missing = []
    for path, parser in _parsers(build_parser()):
        for action in parser._actions:
            if not action.help or action.help == argparse.SUPPRESS:
                missing.append(
                    f"guide-app {' '.join(path)}: {'/'.join(action.option_strings) or action.dest}"
                )
            if isinstance(action, argparse._SubParsersAction):
                named = {choice.dest for choice in action._choices_actions if choice.help}
                missing += [f"guide-app {' '.join((*path, n))}" for n in action.choices if n not in named]
    assert missing == []


def test_help_of_every_command_runs(capsys: pytest.CaptureFixture[str]) -> None:
    for path, _ in _parsers(build_parser()):
        with pytest.raises(SystemExit) as exited:
            main([*path, "--help"])
        assert exited.value.code == 0
        assert "usage: guide-app" in capsys.readouterr().out


def test_backups_are_listed_newest_first_in_the_pcs_time(
    account: GuideAccount, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["book", "backups", *WHO]) == 0
    lines = capsys.readouterr().out.splitlines()
    listed = [line.split("\t") for line in lines if line.startswith("book-")]
    assert [(row[0], row[1], row[3]) for row in listed[:2]] == [
        ("book-20261102T020000Z.sqlite3", "2026-11-02 10:00", "2 customers"),
        ("book-20261101T020000Z.sqlite3", "2026-11-01 10:00", "1 customer"),
    ]
    assert all(row[2].endswith(("KB", "bytes")) for row in listed)


def test_a_missing_book_is_not_started_empty_and_the_shell_says_how_to_restore(
    account: GuideAccount, capsys: pytest.CaptureFixture[str]
) -> None:
    _drop_book(account)
    assert main(["book", "search", *WHO, "张"]) == 2
    err = capsys.readouterr().err
    assert "missing" in err and "book-20261102T020000Z.sqlite3" in err
    assert err.index("20261102T020000Z") < err.index("20261101T020000Z"), "newest first"
    assert f"guide-app book restore --hq {HQ} --login wang --newest" in err.replace("localhost", "127.0.0.1")
    assert not account.book_path.exists()
    assert main(["book", "restore", *WHO, "--newest"]) == 0
    assert "now holds 2 customers" in capsys.readouterr().out
    assert main(["book", "search", *WHO, "张"]) == 0
    assert "1 of 1 customers" in capsys.readouterr().out


def test_starting_empty_is_a_choice_made_on_purpose(
    account: GuideAccount, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["book", "start-empty", *WHO]) == 1, "the book is there: nothing to start"
    _drop_book(account)
    assert main(["book", "start-empty", *WHO]) == 0
    assert "backups are kept" in capsys.readouterr().out
    assert count_customers_cheaply(account.book_path) == 0


def test_a_damaged_book_names_its_backups_with_times_and_sizes(
    account: GuideAccount, capsys: pytest.CaptureFixture[str]
) -> None:
    with open(account.book_path, "r+b") as damaged:
        damaged.seek(4096)
        damaged.write(b"\xde\xad\xbe\xef" * 4096)
    Path(f"{account.book_path}-wal").unlink(missing_ok=True)
    assert main(["book", "search", *WHO]) == 2
    err = capsys.readouterr().err
    assert "damaged" in err
    assert "book-20261102T020000Z.sqlite3\t2026-11-02 10:00\t" in err
    assert err.index("20261102T020000Z") < err.index("20261101T020000Z"), "newest first"
    assert main(["book", "restore", *WHO, "--backup", "book-20261101T020000Z.sqlite3"]) == 0
    out = capsys.readouterr().out
    assert "now holds 1 customer" in out and "replaced-" in out


def test_a_damaged_backup_is_refused_with_its_own_message(
    account: GuideAccount, capsys: pytest.CaptureFixture[str]
) -> None:
    with open(list_backups(account.book_path)[0].path, "r+b") as damaged:
        damaged.seek(100)
        damaged.write(b"\x00" * 8000)
    assert main(["book", "restore", *WHO, "--newest"]) == 2
    err = capsys.readouterr().err
    assert "backup" in err and "damaged" in err and "choose an older one" in err
    assert count_customers_cheaply(account.book_path) == 2, "the book is untouched"


def test_restore_is_refused_while_the_book_is_open(
    account: GuideAccount, capsys: pytest.CaptureFixture[str]
) -> None:
    book = account.open_book()
    with book.reading() as session:
        session.connection().exec_driver_sql("SELECT count(*) FROM customer")
    try:
        assert main(["book", "restore", *WHO, "--newest"]) == 2
        assert "close it and try again" in capsys.readouterr().err
    finally:
        book.close()


def test_an_unknown_backup_name_is_a_plain_error(
    account: GuideAccount, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["book", "restore", *WHO, "--backup", "book-19990101T000000Z.sqlite3"]) == 2
    assert "there is no backup" in capsys.readouterr().err
    assert count_customers_cheaply(account.book_path) == 2


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_shell_leaves_the_book_owner_only(account: GuideAccount) -> None:
    assert main(["book", "restore", *WHO, "--newest"]) == 0
    assert oct(account.book_path.stat().st_mode & 0o777) == oct(0o600)
