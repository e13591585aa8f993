"""`python -m tests.bench.window [--quick]`: the window's cold start, typing and memory (issue 9).

Cold start: a child process per run (tests/bench/window_start.py), timed from just before its
spawn to the first paint of the main window with the Customers list's first page, against a bare
PySide6 window holding the same book's rows read with stdlib sqlite3; medians of runs taken in
turns. Typing: in this process, the real CustomersView over the big book, from the keystroke to
the result rows painted, against the core's `find_customers` for the same query on the same book.
Memory: a child opens the big book in the real CustomersView and scrolls to the end.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from guide_app.book.store import backup_paths
from tests.bench.report import results_header
from tests.bench.window_start import STARTUP_LIBRARIES

RESULTS = Path(__file__).resolve().parent / "results-window.md"
START_GOAL = 1.3
FRAME_MS = 16.0
MEMORY_GOAL_MB = 300.0
EMPTY = "--empty--"  # the memory child's baseline: a fresh empty book
METHOD = """How: cold start is a child process per run (`tests/bench/window_start.py`), timed from
just before its spawn to the flush of the first paint with rows of the table (see its docstring);
ours opens the book as the app does at every start but the day's first (that one, with the full
integrity check and the backup due, is its own row), shows the Customers page, and never starts
the sync; the bare window holds all rows read with stdlib sqlite3; runs are taken in turns
and the medians shown. Typing sends the last character as a QKeyEvent to the real search box with
the debounce set to 0 ms and stops when the answer's rows are painted and flushed; core is
`find_customers` for the same first page on the main thread of the same process, in turns with
ours. Memory is VmRSS/VmHWM from /proc/self/status of a child that scrolled the list to the end."""
#: The texts typed, with what each asks of the core.
TEXTS = (
    ("张", "1 character"),
    ("张伟", "2 characters"),
    ("zhang", "pinyin"),
    ("zw", "pinyin initials"),
    ("00012", "phone fragment"),
)
CHILD_ENV = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}


def build_book(path: Path, count: int) -> Path:
    """A book of `count` realistic customers (tests/bench/desktop.py's builder), closed again."""
    from tests.bench.desktop import build_book as build

    build(path, count, random.Random(20261130)).close()
    return path


# ----------------------------------------------------------------------------------- cold start


@dataclass
class StartResult:
    ours_s: float
    bare_s: float
    same_s: float  # bare with the same third-party imports: the goal's limit
    daily_s: float  # ours at the day's first start: full integrity check and backup
    runs: int

    @property
    def ratio(self) -> float:
        return self.ours_s / self.same_s

    @property
    def bare_ratio(self) -> float:
        return self.ours_s / self.bare_s


def one_start(mode: str, book: Path) -> tuple[float, set[str]]:
    """Seconds from just before spawning the child to its first painted window, and the
    third-party packages it had loaded by then."""
    command = [sys.executable, "-m", "tests.bench.window_start", mode, str(book)]
    started = time.monotonic()
    done = subprocess.run(command, capture_output=True, text=True, env=CHILD_ENV, timeout=120, check=False)
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    if done.returncode != 0 or "painted" not in lines:
        raise RuntimeError(f"{mode} start failed ({done.returncode}): {done.stderr[-2000:]}")
    return float(lines["painted"]) - started, set(filter(None, lines.get("libraries", "").split(",")))


def measure_start(book: Path, runs: int) -> StartResult:
    one_start("bare", book)  # the first start after the build reads the file into the page cache
    times: dict[str, list[float]] = {"ours": [], "bare": [], "bare-same": [], "ours-daily": []}
    loaded: dict[str, set[str]] = {}
    for _ in range(runs):
        for mode, taken in times.items():
            if mode == "ours-daily":
                for backup in backup_paths(book):  # so that the day's backup is due
                    backup.unlink()
            seconds, loaded[mode] = one_start(mode, book)
            taken.append(seconds)
    extra = loaded["ours"] - loaded["bare-same"]
    if extra:
        raise RuntimeError(
            f"ours loaded {sorted(extra)} before its first paint, which the limit does not import: "
            "import them when first used, or add them to STARTUP_LIBRARIES if the window needs them"
        )
    return StartResult(*(statistics.median(times[mode]) for mode in times), runs=runs)  # type: ignore[call-arg]


def start_table(result: StartResult, size: str) -> str:
    verdict = "met" if result.ratio <= START_GOAL else "missed"
    libraries = ", ".join(STARTUP_LIBRARIES)
    return "\n".join(
        [
            "| cold start to first painted window | book | ours s | limit s | ours/limit | goal | verdict |",
            "|---|---|---|---|---|---|---|",
            f"| main window, Customers page painted; limit: bare window + {libraries} imported | {size} | "
            f"{result.ours_s:.2f} | {result.same_s:.2f} | {result.ratio:.2f}× | "
            f"≤ {START_GOAL:g}× | {verdict} |",
            f"| (reference) bare window, no imports | {size} | {result.ours_s:.2f} | {result.bare_s:.2f} | "
            f"{result.bare_ratio:.2f}× | — | — |",
            f"| (reference) the day's first start: full integrity check and backup | {size} | "
            f"{result.daily_s:.2f} | {result.same_s:.2f} | {result.daily_s / result.same_s:.2f}× | — | — |",
        ]
    )


# ----------------------------------------------------------------------------------- typing


@dataclass
class TypingResult:
    text: str
    what: str
    ours_ms: float
    core_ms: float

    @property
    def over_ms(self) -> float:
        return self.ours_ms - self.core_ms


def wait_until(app: object, condition: Callable[[], bool], timeout_s: float = 60.0) -> None:
    """Run the event loop (sleeping in Qt until an event comes) until `condition()` holds."""
    from PySide6.QtCore import QEventLoop

    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the window did not get there in time")
        app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)  # type: ignore[attr-defined]


class TypingProbe:
    """The real CustomersView over a book, shown, with the debounce at 0 ms and a paint waiter."""

    def __init__(self, book_path: Path) -> None:
        from guide_app.book.store import open_book
        from tests.bench.window_start import paint_waiter
        from ui.look import make_application
        from ui.ops import Ops
        from ui.views.customers import CustomersView

        self.app = make_application("zh_CN")
        self.book = open_book(book_path, take_backup=False)
        self.ops = Ops(self.book)
        self.view = CustomersView(self.ops)
        self.view.resize(1366, 768)
        self.view.show()
        wait_until(self.app, lambda: self.view.model.rowCount() > 0)
        self.view.debounce.setInterval(0)
        self.painted: list[float] = []
        self.answered = False
        self.view.model.answered.connect(self._answered)
        viewport = self.view.table.viewport()
        self.waiter = paint_waiter(viewport, lambda: self.answered, self._painted)

    def _answered(self) -> None:
        self.answered = True

    def _painted(self) -> None:
        self.painted.append(time.perf_counter())

    def ours(self, text: str) -> float:
        """ms from the last character's key event to its answer's rows painted and flushed."""
        from PySide6.QtCore import QEvent, Qt
        from PySide6.QtGui import QKeyEvent
        from PySide6.QtWidgets import QApplication

        box = self.view.search_box
        box.blockSignals(True)  # the text before the last key is there already, unsearched
        box.setText(text[:-1])
        box.blockSignals(False)
        self.app.processEvents()
        self.answered, self.waiter.fired = False, False  # type: ignore[attr-defined]
        self.painted.clear()
        key = QKeyEvent(QEvent.Type.KeyPress, 0, Qt.KeyboardModifier.NoModifier, text[-1])
        started = time.perf_counter()
        QApplication.sendEvent(box, key)
        wait_until(self.app, lambda: bool(self.painted))
        assert box.text() == text
        return (self.painted[0] - started) * 1000

    def core(self, text: str) -> float:
        """ms of the core's `find_customers` for the first page the model asks for `text`."""
        from guide_app.calls.customers import find_customers
        from ui.models.customers import FIRST_PAGE

        query = replace(self.view.current_query(), text=text, offset=0, limit=FIRST_PAGE)
        started = time.perf_counter()
        find_customers(self.book, query)
        return (time.perf_counter() - started) * 1000

    def close(self) -> None:
        self.view.close()
        self.ops.shutdown(wait=True)
        self.book.close()


def measure_typing(book_path: Path, repeat: int) -> list[TypingResult]:
    """Keystroke to painted rows: all but the last character are in the box already (signals
    blocked, so no search of their own), the debounce is set to 0 ms, and the last character is
    sent as a QKeyEvent; the clock stops when the rows of its answer have painted and flushed
    (the same paint waiter as the cold start). The 150 ms debounce is reported, not counted."""
    probe = TypingProbe(book_path)
    results = []
    try:
        for text, what in TEXTS:
            probe.ours(text), probe.core(text)  # warm: the first of each text reads its pages from disk
            ours_ms, core_ms = [], []
            for _ in range(repeat):
                ours_ms.append(probe.ours(text))
                core_ms.append(probe.core(text))
            results.append(TypingResult(text, what, statistics.median(ours_ms), statistics.median(core_ms)))
    finally:
        probe.close()
    return results


def typing_table(results: list[TypingResult], size: str) -> str:
    from ui.views.customers import DEBOUNCE_MS

    lines = [
        f"Typing at {size} (the debounce, {DEBOUNCE_MS} ms after the last key, is not counted):",
        "",
        "| text typed | book | ours ms | core ms | ours − core | goal | verdict |",
        "|---|---|---|---|---|---|---|",
    ]
    for result in results:
        verdict = "met" if result.over_ms <= FRAME_MS else "missed"
        lines.append(
            f"| {result.what} ({result.text}) | {size} | {result.ours_ms:.1f} | {result.core_ms:.1f} | "
            f"{result.over_ms:.1f} | ≤ core + {FRAME_MS:g} | {verdict} |"
        )
    return "\n".join(lines)


# ----------------------------------------------------------------------------------- memory


def memory_child(book_path: Path | None) -> int:
    """Print this process's `VmRSS VmHWM` (kB) with the CustomersView shown over the book and
    scrolled to its end; with no book, over a fresh empty one (the baseline)."""
    from guide_app.book.store import open_book
    from ui.look import make_application
    from ui.models.customers import Loading
    from ui.ops import Ops
    from ui.views.customers import CustomersView

    app = make_application("zh_CN")
    folder = tempfile.TemporaryDirectory(prefix="guide-window-memory-")
    book = open_book(book_path or Path(folder.name) / "empty.sqlite3", take_backup=False)
    ops = Ops(book)
    view = CustomersView(ops)
    view.resize(1366, 768)
    view.show()
    model = view.model
    wait_until(app, lambda: model.loading is Loading.nothing)
    while model.canFetchMore():
        view.table.scrollToBottom()
        model.fetchMore()  # the view asks too once at the bottom; a read already on its way is kept
        wait_until(app, lambda: model.loading is Loading.nothing, timeout_s=300)
    view.table.scrollToBottom()
    app.processEvents()
    status = dict(
        line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines() if ":" in line
    )
    print(f"rows {model.rowCount()} total {model.total}")
    print(f"memory {status['VmRSS'].split()[0]} {status['VmHWM'].split()[0]}", flush=True)
    view.close()
    ops.shutdown(wait=True)
    book.close()
    folder.cleanup()
    return 0


@dataclass
class MemoryResult:
    rows: int
    rss_mb: float
    hwm_mb: float
    empty_rss_mb: float
    empty_hwm_mb: float


def run_memory_child(book: Path | None) -> tuple[int, float, float]:
    command = [sys.executable, "-m", "tests.bench.window", f"--memory-child={book or EMPTY}"]
    done = subprocess.run(command, capture_output=True, text=True, env=CHILD_ENV, timeout=600, check=False)
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines() if " " in line)
    if done.returncode != 0 or "memory" not in lines:
        raise RuntimeError(f"memory child failed ({done.returncode}): {done.stderr[-2000:]}")
    rss, hwm = (int(value) / 1024 for value in lines["memory"].split())
    return int(lines["rows"].split()[0]), rss, hwm


def measure_memory(book: Path) -> MemoryResult:
    _, empty_rss, empty_hwm = run_memory_child(None)
    rows, rss, hwm = run_memory_child(book)
    return MemoryResult(rows, rss, hwm, empty_rss, empty_hwm)


def memory_table(result: MemoryResult, size: str) -> str:
    verdict = "met" if result.hwm_mb <= MEMORY_GOAL_MB else "missed"
    return "\n".join(
        [
            "| memory | book | rows loaded | VmRSS MB | VmHWM MB | goal | verdict |",
            "|---|---|---|---|---|---|---|",
            f"| Customers list scrolled to the end | {size} | {result.rows:,} | {result.rss_mb:.0f} | "
            f"{result.hwm_mb:.0f} | peak ≤ {MEMORY_GOAL_MB:g} | {verdict} |",
            f"| (baseline) the same view over an empty book | 0 | 0 | {result.empty_rss_mb:.0f} | "
            f"{result.empty_hwm_mb:.0f} | — | — |",
        ]
    )


# ----------------------------------------------------------------------------------- the run


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.window", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10k and 20k books, 3 runs")
    parser.add_argument("--output", type=Path, default=RESULTS)
    parser.add_argument("--only", choices=("start", "typing", "memory"), action="append")
    parser.add_argument("--memory-child", help=argparse.SUPPRESS)  # a book path, or EMPTY
    arguments = parser.parse_args()
    if arguments.memory_child is not None:
        child = arguments.memory_child
        return memory_child(None if child == EMPTY else Path(child))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    parts = arguments.only or ("start", "typing", "memory")
    small, big = (10_000, 20_000) if arguments.quick else (50_000, 200_000)
    runs, repeat = (3, 3) if arguments.quick else (9, 7)  # starts vary by ±20% on a shared machine
    load = os.getloadavg()
    started = time.monotonic()
    sections = []
    with tempfile.TemporaryDirectory(prefix="guide-window-bench-") as folder:
        root = Path(folder)
        if "start" in parts:
            book = build_book(root / "start.sqlite3", small)
            sections.append(start_table(measure_start(book, runs), f"{small // 1000}k"))
        if "typing" in parts or "memory" in parts:
            book = build_book(root / "big.sqlite3", big)
            if "typing" in parts:
                sections.append(typing_table(measure_typing(book, repeat), f"{big // 1000}k"))
            if "memory" in parts:
                sections.append(memory_table(measure_memory(book), f"{big // 1000}k"))
    text = "\n\n".join(sections)
    print(text)
    text += "\n\n" + METHOD
    after = os.getloadavg()
    header = results_header(
        "Window benchmarks",
        arguments.quick,
        time.monotonic() - started,
        f"QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}; load average {load[0]:.2f} at the start, "
        f"{after[0]:.2f} at the end (the machine is shared; medians)",
    )
    arguments.output.write_text(header + text + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
