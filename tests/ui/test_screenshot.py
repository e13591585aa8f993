"""`guide-app --screenshot`: a view rendered offscreen over a demo book it makes itself, on a fresh PC."""

from __future__ import annotations

import struct
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.fresh_pc import fresh_pc_environment

#: Seeding a demo HQ, a 300-customer book, then the picture: ~30 s on a quiet 2-core PC.
LIMIT_SECONDS = 60


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


@pytest.mark.slow
def test_a_screenshot_of_the_customer_list_on_a_fresh_pc_makes_its_demo_book(tmp_path: Path) -> None:
    home = tmp_path / "home"
    environment = fresh_pc_environment(home)
    picture = tmp_path / "out.png"
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "ui.app", "--screenshot", str(picture), "--view", "customers"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=LIMIT_SECONDS * 2,  # fail with the output rather than hang; the bound is below
    )
    seconds = time.monotonic() - started
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"screenshot of customers: {picture}" in done.stdout
    assert picture.stat().st_size > 10_000  # a drawn window, not an empty frame
    assert _png_size(picture) == (1366, 768)
    assert list((home / ".cache").rglob("book.sqlite3")), "the demo book is kept for the next screenshot"
    print(f"screenshot with a fresh demo book in {seconds:.1f} s")
    assert seconds < LIMIT_SECONDS
