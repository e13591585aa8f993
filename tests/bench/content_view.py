"""`python -m tests.bench.content_view [--quick]`: the content library's first paint with 500 thumbnails.

Three views over the same 500 posters (each its own JPEG file), in one process, in turns:

- ours: the real ContentView over a book and Ops, timed from just before the view is made to the
  flush of the first paint in which every tile on screen shows its thumbnail; then on to the
  moment all 500 thumbnails are decoded (what scrolling the library end to end asks for).
- the bare limit (the goal is judged against it): the same work done the fastest honest way. A
  QListView in icon mode laid out like ours' tile list (same grid, spacing, static movement and
  widget size, so the same viewport and the same tiles on its first screen; icons at the 160×120
  ours draws its thumbnails at) over a QStandardItemModel of all 500 rows read with stdlib
  sqlite3. Only the thumbnails of the N tiles that fit that first screen are decoded
  (QImageReader with setScaledSize, on two threads: it releases the GIL; the model is built
  meanwhile) and set as the items' icons before the view is shown; the other 500 − N items have
  no icon. Timed to the flush of its first paint. N is worked out from ours' geometry, checked
  against the tiles ours shows (in its warm-up run) and against the tiles the bare limit shows
  after each of its runs (untimed).
- the bare all-500 reference: a 1366×768 QListView in icon mode (grid 192×204) whose 500 items
  all get their decoded thumbnail (decoded as above) before it is shown; timed to its first paint.
  A QStandardItem holds its icon, so a bare view that sets every icon up front decodes all 500
  before it can show: the last row compares that with ours decoding all 500 too.
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
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from tests.bench.report import results_header

RESULTS = Path(__file__).resolve().parent / "results-content.md"
GOAL = 1.5
POSTERS = 500
ROWS_QUERY = "SELECT title, local_path FROM content_asset ORDER BY updated_at DESC, id"
METHOD = """How: the views are made under the offscreen platform in one process, in turns (ours, the
bare limit, the bare all-500), and timed with time.perf_counter from just before the view is made
(ours) or the rows are read (bare) to a zero-time timer queued by the viewport's Paint event (it
fires once that paint has been flushed); for ours the first Paint at which every tile on screen has
its thumbnail. Ours is a ContentView at 1366×768 (its tile list is the left of a splitter, beside
the preview pane). The bare limit is a top-level QListView of the tile list's size, with its grid,
spacing and static movement, and decodes exactly the thumbnails of the tiles on its first screen
(checked after every run: the rows whose rect meets the viewport are those rows, and its viewport is
ours'). The bare all-500 is a 1366×768 QListView that decodes all 500 first. Each view runs once
before the timed runs (the book and the poster files then read from the page cache; ours' first
screen geometry is read in that run). Medians of the runs."""


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


@dataclass(frozen=True)
class Screen:
    """Ours' tile list as laid out on its first screen, which the bare limit copies."""

    outer: tuple[int, int]  # the list widget, frame and scroll bar included
    viewport: tuple[int, int]
    grid: tuple[int, int]
    spacing: int

    def tiles(self, rows: int) -> int:
        """How many of `rows` tiles a wrapping, left-to-right QListView in icon mode with this grid
        shows (even in part) on its first screen. Qt ignores the spacing under a grid, places
        column k at x = k·width (wrapping once x + width passes the viewport's last pixel) and
        row r at y = r·height, drawn while y is inside the viewport."""
        width, height = self.viewport
        grid_width, grid_height = self.grid
        columns = max(1, (width - 1) // grid_width)
        lines = (height - 1) // grid_height + 1
        return min(rows, columns * lines)

    def words(self, rows: int) -> str:
        return (
            f"ours' tile list: viewport {self.viewport[0]}×{self.viewport[1]}, grid {self.grid[0]}×"
            f"{self.grid[1]}, spacing {self.spacing}: {self.tiles(rows)} tiles on the first screen"
        )


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


def _rows_on_screen(view: object) -> list[int]:
    """The rows of a QListView whose tile meets its viewport."""
    from PySide6.QtWidgets import QListView

    assert isinstance(view, QListView)
    model, area = view.model(), view.viewport().rect()
    return [row for row in range(model.rowCount()) if view.visualRect(model.index(row, 0)).intersects(area)]


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


def _screen_of(view: object) -> Screen:
    """Ours' first screen, checked against the tiles Qt really shows there."""
    from ui.views.content import ContentView

    assert isinstance(view, ContentView)
    tiles = view.tiles
    size, viewport, grid = tiles.size(), tiles.viewport().size(), tiles.gridSize()
    screen = Screen(
        (size.width(), size.height()),
        (viewport.width(), viewport.height()),
        (grid.width(), grid.height()),
        tiles.spacing(),
    )
    shown = _rows_on_screen(tiles)
    if shown != list(range(screen.tiles(view.model.rowCount()))):
        raise RuntimeError(f"ours shows rows {shown}, not the {screen.words(view.model.rowCount())}")
    return screen


@dataclass
class OursRun:
    first_s: float  # to the first paint with every visible thumbnail
    every_s: float  # until all thumbnails are decoded
    screen: Screen | None  # read when asked for (after the first paint, so `every_s` includes it)


def run_ours(book_path: Path, probe: bool = False) -> OursRun:
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
    screen = _screen_of(view) if probe else None
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
    return OursRun(first, every, screen)


def _read_rows(book_path: Path) -> list[tuple[str, str]]:
    with closing(sqlite3.connect(book_path)) as connection:
        return connection.execute(ROWS_QUERY).fetchall()


def _icon_list(model: object, grid: tuple[int, int]) -> object:
    """A bare QListView in icon mode showing `model`'s icons at the thumbnail size."""
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QListView

    from ui.thumbnails import THUMBNAIL_SIZE

    view = QListView()
    view.setViewMode(QListView.ViewMode.IconMode)
    view.setResizeMode(QListView.ResizeMode.Adjust)
    view.setUniformItemSizes(True)
    view.setIconSize(THUMBNAIL_SIZE)
    view.setGridSize(QSize(*grid))
    view.setModel(model)  # type: ignore[arg-type]
    return view


def _shown_and_timed(view: object, painted: Painted, started: float) -> float:
    """Shows `view`, runs until its first paint has been flushed; the seconds since `started`."""
    from PySide6.QtWidgets import QListView

    assert isinstance(view, QListView)
    waiter = _paint_waiter(view.viewport(), lambda: view.model().rowCount() > 0, painted)
    view.show()
    _run_until(lambda: painted.at is not None)
    del waiter
    return (painted.at or 0.0) - started


def run_bare_all(book_path: Path) -> float:
    """The bare all-500 reference: every thumbnail decoded before the view is shown."""
    from PySide6.QtGui import QIcon, QPixmap, QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QListView

    from ui.thumbnails import THUMBNAIL_SIZE, read_image

    painted = Painted()
    started = time.perf_counter()
    rows = _read_rows(book_path)
    with ThreadPoolExecutor(2) as pool:
        images = list(pool.map(lambda row: read_image(row[1], THUMBNAIL_SIZE), rows))
    model = QStandardItemModel()
    for (title, _path), image in zip(rows, images, strict=True):
        item = QStandardItem(QIcon(QPixmap.fromImage(image)), title)
        item.setEditable(False)
        model.appendRow(item)
    view = _icon_list(model, (192, 204))
    assert isinstance(view, QListView)
    view.resize(1366, 768)
    seconds = _shown_and_timed(view, painted, started)
    view.close()
    view.deleteLater()
    return seconds


def run_bare_limit(book_path: Path, screen: Screen) -> float:
    """The fair limit: only the thumbnails of the tiles on the first screen decoded before showing."""
    from PySide6.QtGui import QIcon, QPixmap, QStandardItem, QStandardItemModel
    from PySide6.QtWidgets import QListView

    from ui.thumbnails import THUMBNAIL_SIZE, read_image

    painted = Painted()
    started = time.perf_counter()
    rows = _read_rows(book_path)
    decoded = screen.tiles(len(rows))
    with ThreadPoolExecutor(2) as pool:
        images = pool.map(lambda row: read_image(row[1], THUMBNAIL_SIZE), rows[:decoded])
        model = QStandardItemModel()
        items = []
        for title, _path in rows:
            item = QStandardItem(title)
            item.setEditable(False)
            items.append(item)
        for item, image in zip(items[:decoded], images, strict=True):
            item.setIcon(QIcon(QPixmap.fromImage(image)))
        for item in items:
            model.appendRow(item)
    view = _icon_list(model, screen.grid)
    assert isinstance(view, QListView)
    view.setMovement(QListView.Movement.Static)
    view.setSpacing(screen.spacing)
    view.resize(*screen.outer)
    seconds = _shown_and_timed(view, painted, started)
    viewport = (view.viewport().width(), view.viewport().height())
    shown = _rows_on_screen(view)
    view.close()
    view.deleteLater()
    if viewport != screen.viewport or shown != list(range(decoded)):
        raise RuntimeError(
            f"the bare limit's viewport is {viewport} and shows rows {shown}, "
            f"not the {screen.words(len(rows))}"
        )
    return seconds


@dataclass
class Result:
    ours_first_s: float
    ours_every_s: float
    limit_s: float
    bare_all_s: float
    runs: int
    screen: Screen

    @property
    def ratio(self) -> float:
        return self.ours_first_s / self.limit_s


def measure(book_path: Path, runs: int) -> Result:
    run_bare_all(book_path)  # the first run reads every file into the page cache
    screen = run_ours(book_path, probe=True).screen
    assert screen is not None
    run_bare_limit(book_path, screen)
    ours_first, ours_every, limit, bare_all = [], [], [], []
    for _ in range(runs):
        ours = run_ours(book_path)
        ours_first.append(ours.first_s)
        ours_every.append(ours.every_s)
        limit.append(run_bare_limit(book_path, screen))
        bare_all.append(run_bare_all(book_path))
    return Result(
        statistics.median(ours_first),
        statistics.median(ours_every),
        statistics.median(limit),
        statistics.median(bare_all),
        runs,
        screen,
    )


def table(result: Result) -> str:
    verdict = "met" if result.ratio <= GOAL else "missed"
    shown = result.screen.tiles(POSTERS)
    ours_ms, every_ms = result.ours_first_s * 1000, result.ours_every_s * 1000
    limit_ms, all_ms = result.limit_s * 1000, result.bare_all_s * 1000
    return "\n".join(
        [
            "| content library, 500 posters | ours ms | bare ms | ours/bare | goal | verdict |",
            "|---|---|---|---|---|---|",
            f"| first paint, every tile on screen with its thumbnail; bare limit: the {shown} on-screen "
            f"thumbnails decoded | {ours_ms:.0f} | {limit_ms:.0f} | {result.ratio:.2f}× | ≤ {GOAL:g}× "
            f"| {verdict} |",
            f"| (reference) the same first paint; bare: all 500 thumbnails decoded before showing | "
            f"{ours_ms:.0f} | {all_ms:.0f} | {ours_ms / all_ms:.2f}× | — | — |",
            "| (reference) ours with all 500 thumbnails decoded; bare: all 500 decoded, to its first paint "
            f"| {every_ms:.0f} | {all_ms:.0f} | {every_ms / all_ms:.2f}× | — | — |",
            "",
            f"First screen: {result.screen.words(POSTERS)}.",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.bench.content_view",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
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
