"""`python -m tests.bench.content_view [--quick]`: the content library's first paint with 500 thumbnails.

Ours is the real ContentView over a book of 500 posters (each its own JPEG file) and Ops, timed
from just before the view is made to the flush of the first paint in which every tile on screen
shows its thumbnail; then on to the moment all 500 thumbnails are decoded (the library scrolled
end to end). The bare one, in the same process and in turns with ours, is a QListView in icon
mode over a QStandardItemModel: the rows read with stdlib sqlite3, every thumbnail decoded the
fastest honest way (QImageReader with setScaledSize, on two threads: it releases the GIL), each
set as the item's icon, then shown; timed to the flush of its first paint. The bare view needs all
its icons before it can show (a QStandardItem holds its icon), while ours decodes what is on
screen first: the second row compares the full decode too.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from tests.bench.report import results_header

RESULTS = Path(__file__).resolve().parent / "results-content.md"
GOAL = 1.5
POSTERS = 500
METHOD = """How: both views are made at 1366×768 under the offscreen platform in one process, in
turns, and timed with time.perf_counter from just before the view is made to a zero-time timer
queued by the viewport's Paint event (it fires once that paint has been flushed), for ours the
first Paint at which every tile on screen has its thumbnail. The book and the poster files are
read once before the first run, so both read from the page cache. Medians of the runs."""


def build_library(root: Path) -> Path:
    from guide_app.book.store import open_book
    from tests.support.content_library import fill_library

    random.seed(20261130)
    book = open_book(root / "content.sqlite3", take_backup=False)
    fill_library(book, root / "assets", POSTERS, others=False)
    book.close()
    return root / "content.sqlite3"


def _run_until(condition: Callable[[], bool], timeout_s: float = 60.0) -> None:
    from PySide6.QtWidgets import QApplication

    from tests.bench.window import wait_until

    wait_until(QApplication.instance(), condition, timeout_s)


@dataclass
class Painted:
    """Set by a viewport's event filter once a paint with everything wanted has been flushed."""

    at: float | None = None


def _paint_waiter(viewport: object, ready: Callable[[], bool], painted: Painted) -> object:
    from PySide6.QtCore import QEvent, QObject, QTimer

    class Waiter(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if painted.at is None and event.type() == QEvent.Type.Paint and ready():
                QTimer.singleShot(0, lambda: setattr(painted, "at", time.perf_counter()))
            return False

    waiter = Waiter()
    viewport.installEventFilter(waiter)  # type: ignore[attr-defined]
    return waiter


def _visible_rows_have_thumbnails(view: object) -> bool:
    """Every tile on screen has its decoded thumbnail (without asking for one)."""
    from ui.views.content import ContentView

    assert isinstance(view, ContentView)
    model, tiles = view.model, view.tiles
    if model.rowCount() == 0:
        return False
    area = tiles.viewport().rect()
    for row in range(model.rowCount()):
        if not tiles.visualRect(model.index(row)).intersects(area):
            continue
        path = model.picture_path(model.entries[row])
        if path is None or view.loader.cached(path) is None:
            return False
    return True


def run_ours(book_path: Path) -> tuple[float, float]:
    """(seconds to the first paint with the visible thumbnails, seconds until all are decoded)."""
    from guide_app.book.store import open_book
    from ui.ops import Ops
    from ui.views.content import ContentView

    book = open_book(book_path, take_backup=False)
    ops = Ops(book)
    painted = Painted()
    started = time.perf_counter()
    view = ContentView(ops)
    view.resize(1366, 768)
    waiter = _paint_waiter(view.tiles.viewport(), lambda: _visible_rows_have_thumbnails(view), painted)
    view.show()
    _run_until(lambda: painted.at is not None)
    first = (painted.at or 0.0) - started
    model = view.model
    for row in range(model.rowCount()):  # what scrolling to the end asks for
        model.data(model.index(row), 1)
    view.loader.wait_idle()
    _run_until(lambda: all(view.loader.cached(e.local_path or "") is not None for e in model.entries))
    every = time.perf_counter() - started
    del waiter
    view.close()
    view.deleteLater()
    ops.shutdown(wait=True)
    book.close()
    return first, every


def run_bare(book_path: Path) -> float:
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon, QPixmap, QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QListView

    from ui.thumbnails import THUMBNAIL_SIZE, read_image

    painted = Painted()
    started = time.perf_counter()
    with sqlite3.connect(book_path) as connection:
        rows = connection.execute(
            "SELECT title, local_path FROM content_asset ORDER BY updated_at DESC, id"
        ).fetchall()
    with ThreadPoolExecutor(2) as pool:
        images = list(pool.map(lambda row: read_image(row[1], THUMBNAIL_SIZE), rows))
    model = QStandardItemModel()
    for (title, _path), image in zip(rows, images, strict=True):
        item = QStandardItem(QIcon(QPixmap.fromImage(image)), title)
        item.setEditable(False)
        model.appendRow(item)
    view = QListView()
    view.setViewMode(QListView.ViewMode.IconMode)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setUniformItemSizes(True)
    view.setIconSize(THUMBNAIL_SIZE)
    view.setGridSize(QSize(192, 204))
    view.setModel(model)
    view.resize(1366, 768)
    waiter = _paint_waiter(view.viewport(), lambda: model.rowCount() > 0, painted)
    view.show()
    _run_until(lambda: painted.at is not None)
    del waiter
    view.close()
    view.deleteLater()
    return (painted.at or 0.0) - started


@dataclass
class Result:
    ours_first_s: float
    ours_every_s: float
    bare_s: float
    runs: int

    @property
    def ratio(self) -> float:
        return self.ours_first_s / self.bare_s


def measure(book_path: Path, runs: int) -> Result:
    run_bare(book_path)  # the first run reads every file into the page cache
    run_ours(book_path)
    ours_first, ours_every, bare = [], [], []
    for _ in range(runs):
        first, every = run_ours(book_path)
        ours_first.append(first)
        ours_every.append(every)
        bare.append(run_bare(book_path))
    return Result(statistics.median(ours_first), statistics.median(ours_every), statistics.median(bare), runs)


def table(result: Result) -> str:
    verdict = "met" if result.ratio <= GOAL else "missed"
    return "\n".join(
        [
            "| content library, 500 posters | ours ms | bare ms | ours/bare | goal | verdict |",
            "|---|---|---|---|---|---|",
            f"| first paint, every tile on screen with its thumbnail | {result.ours_first_s * 1000:.0f} | "
            f"{result.bare_s * 1000:.0f} | {result.ratio:.2f}× | ≤ {GOAL:g}× | {verdict} |",
            f"| (reference) ours with all 500 thumbnails decoded, against the bare first paint | "
            f"{result.ours_every_s * 1000:.0f} | {result.bare_s * 1000:.0f} | "
            f"{result.ours_every_s / result.bare_s:.2f}× | — | — |",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.content_view", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="3 runs instead of 9")
    parser.add_argument("--output", type=Path, default=RESULTS)
    arguments = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ui.look import make_application

    make_application("zh_CN")
    runs = 3 if arguments.quick else 9
    load = os.getloadavg()
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="guide-content-bench-") as folder:
        result = measure(build_library(Path(folder)), runs)
    text = table(result)
    print(text)
    after = os.getloadavg()
    header = results_header(
        "Content view benchmark",
        arguments.quick,
        time.monotonic() - started,
        f"QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}; {result.runs} runs each, in turns; load average "
        f"{load[0]:.2f} at the start, {after[0]:.2f} at the end (the machine is shared; medians)",
    )
    arguments.output.write_text(header + text + "\n\n" + METHOD + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
