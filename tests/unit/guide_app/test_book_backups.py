"""A missing book is never silently replaced by an empty one; backups are listed and restored safely."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.store import Book, count_customers_cheaply, list_backups, open_book, restore_backup
from guide_app.errors import BackupCorrupt, BookInUse, BookMissing, ErrorCode


def _book_with(path: Path, *names: str) -> Book:
    book = open_book(path, take_backup=False)
    with book.writing() as session:
        for name in names:
            add_customer(session, CustomerFields(name=name))
    return book


def _two_backups(path: Path) -> tuple[Path, Path]:
    """A book whose backups hold one customer (older) and two (newer); the book is closed."""
    book = _book_with(path, "张三")
    older = book.backup(datetime(2026, 11, 1, 2, 0, tzinfo=UTC))
    with book.writing() as session:
        add_customer(session, CustomerFields(name="李四"))
    newer = book.backup(datetime(2026, 11, 2, 2, 0, tzinfo=UTC))
    book.close()
    return older, newer


def _drop(path: Path) -> None:
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        name.unlink(missing_ok=True)


def test_a_missing_book_with_backups_is_refused_naming_the_newest(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite3"
    older, newer = _two_backups(path)
    _drop(path)
    with pytest.raises(BookMissing) as refused:
        open_book(path)
    assert refused.value.code is ErrorCode.book_missing
    assert newer.name in refused.value.message
    assert refused.value.details == {
        "book": str(path),
        "backups": [str(newer), str(older)],
        "newest_backup": str(newer),
    }
    assert not path.exists(), "refusing creates no empty book"


def test_an_emptied_book_file_with_backups_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite3"
    _two_backups(path)
    _drop(path)
    path.write_bytes(b"")
    with pytest.raises(BookMissing):
        open_book(path)


def test_starting_empty_on_purpose_keeps_the_backups(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite3"
    older, newer = _two_backups(path)
    _drop(path)
    open_book(path, start_empty=True).close()
    assert count_customers_cheaply(path) == 0
    assert {older, newer} <= {backup.path for backup in list_backups(path)}
    open_book(path).close()  # from then on it is the book


def test_a_new_account_starts_a_fresh_book(tmp_path: Path) -> None:
    path = tmp_path / "new" / "book.sqlite3"
    open_book(path).close()
    assert count_customers_cheaply(path) == 0


def test_backups_are_listed_newest_first_with_their_time_size_and_customers(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite3"
    older, newer = _two_backups(path)
    (older.parent / "book-copy.sqlite3").write_bytes(older.read_bytes())  # not one of ours
    listed = list_backups(path)
    assert [backup.path for backup in listed] == [newer, older]
    assert listed[0].taken_at == datetime(2026, 11, 2, 2, 0, tzinfo=UTC)
    assert [backup.customers for backup in listed] == [2, 1]
    assert listed[0].size_bytes == newer.stat().st_size > 0
    assert not list(older.parent.glob("*-wal")) and not list(older.parent.glob("*-shm"))


def test_restoring_an_older_backup_brings_its_customers_back_and_keeps_the_replaced_book(
    tmp_path: Path,
) -> None:
    path = tmp_path / "book.sqlite3"
    older, _ = _two_backups(path)
    kept = restore_backup(path, older)
    assert count_customers_cheaply(path) == 1
    assert kept is not None and count_customers_cheaply(kept) == 2
    open_book(path).close()


def test_a_damaged_backup_is_refused_and_the_book_is_untouched(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite3"
    _, newer = _two_backups(path)
    with open(newer, "r+b") as damaged:
        damaged.seek(4096)
        damaged.write(b"\xde\xad\xbe\xef" * 4096)
    before = path.read_bytes()
    with pytest.raises(BackupCorrupt) as refused:
        restore_backup(path, newer)
    assert refused.value.code is ErrorCode.backup_corrupt
    assert refused.value.details["backup"] == str(newer)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("book.sqlite3.replaced-*"))


def test_a_file_that_is_not_a_book_is_refused_as_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite3"
    _two_backups(path)
    stranger = tmp_path / "notes.txt"
    stranger.write_text("not a database at all" * 100)
    other_db = tmp_path / "other.sqlite3"
    import sqlite3

    with sqlite3.connect(other_db) as connection:
        connection.execute("CREATE TABLE t (x)")
    connection.close()
    for candidate in (stranger, other_db):
        with pytest.raises(BackupCorrupt):
            restore_backup(path, candidate)
    assert count_customers_cheaply(path) == 2


def test_restoring_while_this_program_has_the_book_open_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite3"
    older, _ = _two_backups(path)
    book = open_book(path, take_backup=False)
    with book.reading() as session:  # an idle, pooled connection holds the book
        session.connection().exec_driver_sql("SELECT 1 FROM customer LIMIT 1")
    try:
        with pytest.raises(BookInUse) as refused:
            restore_backup(path, older)
        assert refused.value.code is ErrorCode.book_in_use
    finally:
        book.close()
    assert count_customers_cheaply(path) == 2
    restore_backup(path, older)  # closed: now it may
    assert count_customers_cheaply(path) == 1


def test_restoring_while_another_program_has_the_book_open_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite3"
    older, _ = _two_backups(path)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
            "c.execute('SELECT count(*) FROM customer').fetchone(); "
            "print('open', flush=True); sys.stdin.readline()",
            str(path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(BookInUse):
            restore_backup(path, older)
    finally:
        holder.communicate("\n", timeout=10)
    assert count_customers_cheaply(path) == 2
