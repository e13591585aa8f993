"""Fixtures for the window's tests: a fresh book, the Ops over it, and the app in zh_CN."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from guide_app.book.store import Book, open_book
from ui.look import make_application
from ui.ops import Ops


@pytest.fixture(scope="session")
def qapp_cls() -> type[QApplication]:
    return QApplication


@pytest.fixture(scope="session")
def qapp(qapp_args: list[str]) -> QApplication:
    """pytest-qt's application, set up as `guide-app` sets up its own: zh_CN, a CJK font."""
    return make_application("zh_CN")


@pytest.fixture(autouse=True)
def app_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's own app data folder: remembered logins, books and tokens never leak between tests."""
    folder = tmp_path / "app-data"
    monkeypatch.setenv("GUIDE_APP_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def book(tmp_path: Path) -> Iterator[Book]:
    opened = open_book(tmp_path / "book.sqlite3")
    yield opened
    opened.close()


@pytest.fixture
def ops(qapp: QApplication, book: Book) -> Iterator[Ops]:
    """The one way a screen reaches the book; every job is stopped and joined after the test."""
    running = Ops(book)
    yield running
    running.shutdown(wait=True)
