"""A fresh local book per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from guide_app.db import Book, open_book


@pytest.fixture
def book(tmp_path: Path) -> Iterator[Book]:
    opened = open_book(tmp_path / "book.sqlite3")
    yield opened
    opened.close()
