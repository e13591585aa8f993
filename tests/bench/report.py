"""The benchmark's answer: rows compared with the bare ceiling, printed as a table and written as Markdown."""

from __future__ import annotations

import math
import os
import platform
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tests.bench.load import LoadResult

GOAL = 0.60  # of the raw-driver database read's requests per second
CEILING = "bare page, no database (reference)"
DB_CEILING = "raw driver 100-row read (ceiling)"
PUSH_CEILING = "raw psycopg push of the same 200 sales (push ceiling)"
HEADERS = (
    "scenario",
    "backend",
    "conns",
    "req/s",
    "p50 ms",
    "p99 ms",
    "errors",
    "gen CPU",
    "bare req/s",
    "ours/bare",
    "goal ≥ 60%",
)


@dataclass(frozen=True)
class Row:
    scenario: str
    backend: str
    concurrency: int
    ours: LoadResult
    bare: LoadResult | None  # None: no ceiling does the same work (a push where no raw push was run)

    @property
    def ratio(self) -> float:
        return self.ours.rate / self.bare.rate if self.bare is not None and self.bare.rate else math.nan

    def cells(self) -> tuple[str, ...]:
        is_ceiling = self.scenario in (CEILING, DB_CEILING, PUSH_CEILING) or self.bare is None
        verdict = "—" if is_ceiling else ("met" if self.ratio >= GOAL else "missed")
        return (
            self.scenario,
            self.backend,
            str(self.concurrency),
            f"{self.ours.rate:,.1f}",
            f"{self.ours.percentile_ms(0.50):.1f}",
            f"{self.ours.percentile_ms(0.99):.1f}",
            str(self.ours.errors),
            f"{self.ours.generator_cpu:.0%}",
            "—" if self.bare is None else f"{self.bare.rate:,.1f}",
            "—" if is_ceiling else f"{self.ratio:.1%}",
            verdict,
        )


def text_table(rows: list[Row]) -> str:
    table = [HEADERS, *(row.cells() for row in rows)]
    widths = [max(len(line[column]) for line in table) for column in range(len(HEADERS))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in table]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown_table(rows: list[Row]) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "|".join("---" for _ in HEADERS) + "|"]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def machine_facts() -> dict[str, str]:
    return {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "nproc": str(len(os.sched_getaffinity(0))),
        "CPU": _cpu_model(),
        "Python": platform.python_version(),
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def write_markdown(path: Path, rows: list[Row], run_facts: dict[str, str], notes: list[str]) -> None:
    facts = {**machine_facts(), **run_facts}
    parts = ["# HQ sync benchmark", "", "Written by `make bench` (`python -m tests.bench`); do not edit.", ""]
    parts += [f"- **{name}**: {value}" for name, value in facts.items()]
    parts += ["", markdown_table(rows), ""]
    if notes:
        parts += ["## Notes", "", *(f"- {note}" for note in notes), ""]
    path.write_text("\n".join(parts), encoding="utf-8")


def results_header(title: str, quick: bool, seconds: float, note: str = "") -> str:
    """The opening of a results-*.md file: when, how long, on what machine."""
    facts = machine_facts()
    return (
        f"# {title}\n\n{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {'quick' if quick else 'full'} run, "
        f"{seconds:.0f} s; {facts['nproc']} cores {facts['CPU']}, Python {facts['Python']}"
        f"{'; ' + note if note else ''}.\n\n"
    )
