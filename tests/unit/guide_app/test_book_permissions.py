"""The book, its logs, its backups and the sign-in token are readable by the PC account only."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import keyring
import pytest
from keyring.backends import fail

from guide_app.account.accounts import GuideAccount
from guide_app.account.credentials import StoredToken
from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.store import open_book, restore_backup

pytestmark = pytest.mark.skipif(os.name != "posix", reason="Windows relies on per-user AppData ACLs")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def careless_umask() -> Iterator[None]:
    """A PC whose umask would leave new files readable and writable by everyone."""
    previous = os.umask(0)
    yield
    os.umask(previous)


@pytest.fixture(autouse=True)
def data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    monkeypatch.setenv("GUIDE_APP_DATA_DIR", str(tmp_path / "app"))
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())  # the token goes to a file
    yield tmp_path / "app"
    keyring.set_keyring(previous)


@pytest.mark.usefixtures("careless_umask")
def test_a_new_book_its_logs_backups_and_token_are_owner_only_whatever_the_umask() -> None:
    account = GuideAccount("http://127.0.0.1:8710", "wang")
    book = account.open_book()  # takes the first backup too
    with book.writing() as session:
        add_customer(session, CustomerFields(name="张三", phone="13800138000"))
    account.tokens().save(StoredToken("t0k3n", datetime.now(UTC) + timedelta(days=1)))
    folder = account.book_path.parent
    files = [
        account.book_path,
        Path(f"{account.book_path}-wal"),
        Path(f"{account.book_path}-shm"),
        *book.backups(),
        account.tokens().file,
    ]
    try:
        assert {path.name: _mode(path) for path in files} == {path.name: 0o600 for path in files}
        assert _mode(folder) == 0o700 and _mode(folder / "backups") == 0o700
    finally:
        book.close()


def test_opening_repairs_the_modes_an_older_version_left(data_dir: Path) -> None:
    account = GuideAccount("http://127.0.0.1:8710", "wang")
    book = account.open_book()
    backup = book.backups()[0]
    book.close()
    account.tokens().save(StoredToken("t0k3n", datetime.now(UTC) + timedelta(days=1)))
    folder = account.book_path.parent
    for path in (account.book_path, backup, account.tokens().file):
        path.chmod(0o644)
    for path in (folder, backup.parent):
        path.chmod(0o755)
    account.open_book().close()
    account.tokens().load()
    assert [_mode(path) for path in (account.book_path, backup, account.tokens().file)] == [0o600] * 3
    assert [_mode(path) for path in (folder, backup.parent)] == [0o700] * 2


@pytest.mark.usefixtures("careless_umask")
def test_a_restored_book_is_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite3"
    book = open_book(path, take_backup=False)
    backup = book.backup()
    book.close()
    kept = restore_backup(path, backup)
    assert _mode(path) == 0o600
    assert kept is not None and _mode(kept) == 0o600


def test_a_book_placed_in_a_shared_folder_never_narrows_that_folder(tmp_path: Path) -> None:
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o1777)  # like /tmp: everyone's folder
    book = open_book(shared / "book.sqlite3", take_backup=False)
    book.close()
    assert _mode(shared) == 0o1777
    assert _mode(shared / "book.sqlite3") == 0o600
