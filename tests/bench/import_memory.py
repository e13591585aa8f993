"""`python -m tests.bench.import_memory`: what an xlsx import costs beyond time.

Peak memory (RSS) of a 200k-row import, measured in a child process so nothing else the bench
holds counts, and the largest gap in an asyncio loop's heartbeat while a 50k-row import runs in a
worker thread (asyncio.to_thread), as the desktop app runs it beside the Qt event loop.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from guide_app.book.store import open_book
from guide_app.calls.imports import apply_import, plan_import
from guide_app.xlsx.importing import ImportMode
from tests.bench.desktop import write_workbook

RSS_GOAL_MIB = 200
GAP_GOAL_MS = 50


@dataclass
class Limit:
    task: str
    measured: float
    goal: float
    unit: str

    @property
    def met(self) -> bool:
        return self.measured <= self.goal


def import_once(workbook: Path, book_path: Path) -> int:
    """The import the app runs: plan, then apply in all-or-nothing mode."""
    book = open_book(book_path, take_backup=False)
    try:
        plan = plan_import(book, workbook)
        return apply_import(book, plan, ImportMode.all_or_nothing).value.imported
    finally:
        book.close()


def peak_rss_mib(workbook: Path, root: Path) -> float:
    """Peak RSS of a fresh interpreter importing `workbook`, as the child reads it (VmHWM of its own
    address space). Not RUSAGE_CHILDREN: Linux counts the parent's pages a child shared before its
    exec, so a bench holding 200k-customer books measured 445 MiB for an import that peaks at 186."""
    finished = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.bench.import_memory",
            "--child",
            str(workbook),
            str(root / "rss.sqlite3"),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(finished.stdout.split()[-1]) / 1024


def _own_peak_kib() -> int:
    status = Path("/proc/self/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:")))


def largest_loop_gap_ms(workbook: Path | None, root: Path, idle_seconds: float = 10.0) -> float:
    """The longest the loop waited between 2 ms heartbeats while the import ran off it; with no
    workbook, while nothing ran for `idle_seconds` (the machine's own scheduling noise)."""

    async def run() -> float:
        gaps: list[float] = []
        done = asyncio.Event()

        async def heartbeat() -> None:
            last = time.perf_counter()
            while not done.is_set():
                await asyncio.sleep(0.002)
                now = time.perf_counter()
                gaps.append(now - last)
                last = now

        beat = asyncio.create_task(heartbeat())
        if workbook is None:
            await asyncio.sleep(idle_seconds)
        else:
            await asyncio.to_thread(import_once, workbook, root / "gap.sqlite3")
        done.set()
        await beat
        return max(gaps) * 1000

    return asyncio.run(run())


def measure(root: Path, quick: bool, rng: random.Random) -> list[Limit]:
    big, medium = (20_000, 5_000) if quick else (200_000, 50_000)
    big_path, medium_path = root / "rss.xlsx", root / "gap.xlsx"
    write_workbook(big_path, big, rng)
    write_workbook(medium_path, medium, rng)
    return [
        Limit(
            f"peak RSS, xlsx import of {big // 1000}k rows", peak_rss_mib(big_path, root), RSS_GOAL_MIB, "MiB"
        ),
        Limit(
            f"largest event-loop gap, {medium // 1000}k-row import in a worker thread",
            largest_loop_gap_ms(medium_path, root),
            GAP_GOAL_MS,
            "ms",
        ),
        # The same heartbeat with nothing running: what the machine's scheduling alone costs.
        Limit(
            "largest event-loop gap, idle loop for 10 s", largest_loop_gap_ms(None, root), GAP_GOAL_MS, "ms"
        ),
    ]


def table(limits: list[Limit]) -> str:
    lines = ["| limit | measured | goal | verdict |", "|---|---|---|---|"]
    for limit in limits:
        verdict = "met" if limit.met else "missed"
        lines.append(
            f"| {limit.task} | {limit.measured:.0f} {limit.unit} | ≤ {limit.goal:g} {limit.unit} "
            f"| {verdict} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.import_memory", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20k rows for RSS, 5k for the loop gap")
    parser.add_argument("--child", nargs=2, metavar=("WORKBOOK", "BOOK"), help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.child:
        import_once(Path(arguments.child[0]), Path(arguments.child[1]))
        print(_own_peak_kib())
        return 0
    with tempfile.TemporaryDirectory(prefix="guide-import-bench-") as folder:
        print(table(measure(Path(folder), arguments.quick, random.Random(20261126))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
