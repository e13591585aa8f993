"""The local book survives what store PCs do to it: power cuts, damage, shared use."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from guide_app.account.paths import account_dir, book_path
from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.store import (
    BACKUPS_KEPT,
    HEAD_REVISION,
    Book,
    IntegrityCheck,
    migrate,
    open_book,
    restore_backup,
)
from guide_app.errors import BookCorrupt


def _pragma(book: Book, name: str) -> object:
    with book.reading() as session:
        return session.execute(text(f"PRAGMA {name}")).scalar()


def test_book_is_opened_for_durability(book: Book) -> None:
    assert _pragma(book, "journal_mode") == "wal"
    assert _pragma(book, "synchronous") == 2  # FULL
    assert _pragma(book, "foreign_keys") == 1


def test_each_account_on_each_hq_gets_its_own_book(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("GUIDE_APP_DATA_DIR", str(tmp_path))
    paths = {
        book_path("http://127.0.0.1:8710", "wang"),
        book_path("http://127.0.0.1:8710", "li"),
        book_path("https://hq.example.cn", "wang"),
        book_path("http://127.0.0.1:8710", "wang/.."),
    }
    assert len(paths) == 4
    assert all(tmp_path in path.parents for path in paths)
    assert account_dir("http://127.0.0.1:8710/", "wang") == account_dir("http://127.0.0.1:8710", "wang")


def test_backups_rotate_daily_and_keep_seven(book: Book) -> None:
    start = datetime.now(UTC) + timedelta(days=1)
    for day in range(10):
        book.backup_if_due(start + timedelta(days=day))
        assert book.backup_if_due(start + timedelta(days=day, hours=3)) is None  # once a day
    assert len(book.backups()) == BACKUPS_KEPT
    assert book.backups()[0].name == f"book-{start + timedelta(days=9):%Y%m%dT%H%M%S}Z.sqlite3"


def test_a_clock_set_back_does_not_stop_backups(book: Book) -> None:
    latest = book.backups()[0]
    assert book.backup_if_due(datetime.now(UTC) - timedelta(days=3)) is not None
    assert latest in book.backups()


def test_a_damaged_book_is_refused_and_a_backup_restores_it(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite3"
    book = open_book(path)
    with book.writing() as session:
        add_customer(session, CustomerFields(name="张三", phone="13800138000"))
    backup = book.backup(datetime(2026, 11, 2, tzinfo=UTC))
    book.close()
    with open(path, "r+b") as damaged:  # scribble over the pages after the header
        damaged.seek(4096)
        damaged.write(b"\xde\xad\xbe\xef" * 4096)
    Path(f"{path}-wal").unlink(missing_ok=True)
    with pytest.raises(BookCorrupt) as refused:
        open_book(path)
    backups = refused.value.details["backups"]
    assert str(backup) in backups and refused.value.details["newest_backup"] == backups[0]
    restore_backup(path, backup)
    restored = open_book(path)
    with restored.reading() as session:
        assert session.execute(text("SELECT name FROM customer")).scalars().all() == ["张三"]
    assert restored.integrity_problems() == []
    assert list(tmp_path.glob("book.sqlite3.replaced-*")), "the damaged file is kept for IT staff"
    restored.close()


def test_damage_only_the_full_check_sees_stops_the_daily_backup_and_the_opening(tmp_path: Path) -> None:
    """Opening runs SQLite's quick check; the full one (indexes against tables) runs before each
    daily backup, so a book with a wrong index is refused before it can replace a good backup."""
    path = tmp_path / "book.sqlite3"
    book = open_book(path)
    with book.writing() as session:
        for name in ("张三", "李四", "王五"):
            add_customer(session, CustomerFields(name=name))
    book.close()
    with closing(sqlite3.connect(path)) as connection:  # the index now claims another column
        connection.execute("PRAGMA writable_schema=ON")
        connection.execute(
            "UPDATE sqlite_master SET sql = replace(sql, 'name_pinyin', 'name') "
            "WHERE name = 'ix_customer_pinyin'"
        )
        connection.commit()
    book = open_book(path, take_backup=False)
    assert book.integrity_problems(IntegrityCheck.quick) == [] and book.integrity_problems() != []
    kept = book.backups()
    with pytest.raises(BookCorrupt) as refused:
        book.backup_if_due(datetime.now(UTC) + timedelta(days=2))
    assert refused.value.details["backups"] == [str(backup) for backup in kept]
    assert book.backups() == kept
    book.close()
    for backup in kept:  # a day later: the opening's backup is due, and its check refuses the book
        backup.unlink()
    with pytest.raises(BookCorrupt):
        open_book(path)
    assert book.backups() == []


def test_a_book_with_index_damage_is_refused_before_a_migration_rewrites_it(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite3"
    old = Book(path)
    migrate(old, "0003")
    with old.writing() as session:
        add_customer(session, CustomerFields(name="陈芳"))
    old.close()
    with closing(sqlite3.connect(path)) as connection:
        connection.execute("UPDATE customer SET name_pinyin = 'chenfang'")  # 0003's key
        connection.execute("PRAGMA writable_schema=ON")
        connection.execute(
            "UPDATE sqlite_master SET sql = replace(sql, 'name_pinyin', 'name') "
            "WHERE name = 'ix_customer_pinyin'"
        )
        connection.commit()
    with pytest.raises(BookCorrupt):
        open_book(path, take_backup=False)
    with closing(sqlite3.connect(path)) as connection:
        assert connection.execute("SELECT version_num FROM alembic_version").fetchone() == ("0003",)
        assert connection.execute("SELECT name_pinyin FROM customer").fetchone() == ("chenfang",)


def test_migrations_are_idempotent(tmp_path: Path) -> None:
    for _ in range(2):
        open_book(tmp_path / "book.sqlite3").close()


def test_the_head_constant_is_alembics_head() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from guide_app.book.store import ALEMBIC_DIR, HEAD_REVISION

    config = Config()
    config.set_main_option("script_location", str(ALEMBIC_DIR))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def test_a_book_at_head_opens_without_alembic_and_an_older_one_is_migrated(tmp_path: Path) -> None:
    import subprocess
    import sys

    from guide_app.book.store import migrate

    old = Book(tmp_path / "old.sqlite3")
    migrate(old, "0001")
    old.close()
    upgraded = open_book(tmp_path / "old.sqlite3")
    with upgraded.reading() as session:
        assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD_REVISION
    upgraded.close()
    probe = (
        "import sys; from pathlib import Path; from guide_app.book.store import open_book; "
        f"open_book(Path({str(tmp_path / 'old.sqlite3')!r})).close(); print('alembic' in sys.modules)"
    )
    answer = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert answer.stdout.strip() == "False", answer.stderr[-500:]
