"""The window opens having imported only the libraries it needs: the rest waits for first use."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.bench.window_start import STARTUP_LIBRARIES
from tests.ui.test_customers_model import fill_book


def _loaded_at_first_paint(mode: str, book: Path) -> set[str]:
    """The third-party packages a cold start (tests/bench/window_start.py) had loaded when the
    Customers list painted its first rows."""
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.window_start", mode, str(book)],
        capture_output=True,
        text=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    line = next(line for line in done.stdout.splitlines() if line.startswith("libraries "))
    return set(line.removeprefix("libraries ").split(","))


def test_the_first_window_loads_no_library_beyond_what_it_needs(tmp_path: Path) -> None:
    book = fill_book(tmp_path / "book.sqlite3", 300).path
    ours = _loaded_at_first_paint("ours", book)
    needed = _loaded_at_first_paint("bare-same", book)
    assert set(STARTUP_LIBRARIES) <= needed
    # httpx, openpyxl, keyring, argon2, pypinyin, opencc… come with the sync, a workbook, a
    # sign-in or a name typed, not with the window.
    assert ours <= needed, f"imported before the first paint: {sorted(ours - needed)}"
