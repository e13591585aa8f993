"""The morning sync's answer: a table per topology, the goals, PostgreSQL's busiest statements."""

from __future__ import annotations

import math
import platform
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from tests.bench.morning_guides import Kind
from tests.bench.morning_org import FULL_GUIDES
from tests.bench.morning_run import Measured, Outcome, Topology

GOAL_RATE = 620  # guide-syncs/s: 370,000 guides in 10 minutes
GOAL_P99_MS = 250
FLAT_GROWTH = 0.05  # HQ's memory may grow 5% from the window's middle to its end and count as flat
HEADERS = (
    "topology",
    "guide-syncs/s",
    "syncs",
    "p50 / p99 ms (all requests)",
    "pull p50 / p99",
    "push p50 / p99",
    "sync p50 / p99",
    "errors",
    "HQ restarts",
    "HQ CPU",
    "PostgreSQL CPU",
    "generator CPU",
    "HQ RSS MB start / mid / end",
    "370k guides take",
    "CPU ms per sync: HQ / PostgreSQL / generator",
    "2 cores would do",
)


def _ms(tally_values: list[float], fraction: float) -> float:
    if not tally_values:
        return math.nan
    ordered = sorted(tally_values)
    return ordered[min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1)] * 1000


def _pair(values: list[float]) -> str:
    return f"{_ms(values, 0.5):.0f} / {_ms(values, 0.99):.0f}"


def minutes_for_chain(rate: float) -> float:
    return FULL_GUIDES / rate / 60 if rate > 0 else math.inf


def memory_flat(run: Measured) -> bool:
    _start, middle, end = run.rss_mb
    return end <= middle * (1 + FLAT_GROWTH)


def cells(run: Measured) -> tuple[str, ...]:
    tally = run.tally
    every = tally.latencies_s[Kind.pull] + tally.latencies_s[Kind.push]
    start, middle, end = run.rss_mb
    return (
        run.topology.value,
        f"{run.rate:,.0f}",
        f"{tally.syncs:,}",
        _pair(every),
        _pair(tally.latencies_s[Kind.pull]),
        _pair(tally.latencies_s[Kind.push]),
        _pair(tally.sync_s),
        f"{tally.errors}",
        f"{run.hq_restarts}",
        f"{run.hq_cores:.2f} cores",
        f"{run.pg_cores:.2f} cores",
        f"{run.generator_cores:.2f} cores",
        f"{start:.0f} / {middle:.0f} / {end:.0f}",
        f"{minutes_for_chain(run.rate):.1f} min",
        " / ".join(f"{cost:.1f}" for cost in cpu_per_sync_ms(run)),
        f"{cpu_bound_rate(run):,.0f} syncs/s",
    )


def cpu_per_sync_ms(run: Measured) -> tuple[float, float, float]:
    """CPU each process kind spent per guide-sync: unlike the rate, barely moved by other load
    on the box, so it says what 2 idle cores could do and where the time goes."""
    syncs = run.tally.syncs or 1
    per_sync = run.duration_s * 1000 / syncs
    return run.hq_cores * per_sync, run.pg_cores * per_sync, run.generator_cores * per_sync


def cpu_bound_rate(run: Measured, cores: int = 2) -> float:
    """Guide-syncs/s if the box's cores were all this run's and CPU the only limit."""
    total = sum(cpu_per_sync_ms(run))
    return cores * 1000 / total if total > 0 else math.nan


def goal_lines(run: Measured) -> list[str]:
    every = run.tally.latencies_s[Kind.pull] + run.tally.latencies_s[Kind.push]
    p99 = _ms(every, 0.99)

    def verdict(met: bool) -> str:
        return "met" if met else "missed"

    return [
        f"≥ {GOAL_RATE} guide-syncs/s: {run.rate:,.0f} — {verdict(run.rate >= GOAL_RATE)}",
        f"p99 < {GOAL_P99_MS} ms: {p99:.0f} ms — {verdict(p99 < GOAL_P99_MS)}",
        f"0 errors: {run.tally.errors} — {verdict(run.tally.errors == 0)}",
        f"HQ memory flat (end ≤ middle + {FLAT_GROWTH:.0%}): {run.rss_mb[1]:.0f} → {run.rss_mb[2]:.0f} MB — "
        f"{verdict(memory_flat(run))}",
    ]


def scale_out_ratio(outcome: Outcome, measure: Callable[[Measured], float] | None = None) -> float | None:
    """2x1 over 1x2 by guide-syncs/s, or by another measure of a run."""
    value = measure or (lambda run: run.rate)
    rates = {run.topology: value(run) for run in outcome.runs}
    if Topology.one_by_two in rates and Topology.two_by_one in rates and rates[Topology.one_by_two]:
        return rates[Topology.two_by_one] / rates[Topology.one_by_two]
    return None


def ratio_line(outcome: Outcome) -> str | None:
    ratio, by_cpu = scale_out_ratio(outcome), scale_out_ratio(outcome, cpu_bound_rate)
    if ratio is None or by_cpu is None:
        return None
    return (
        f"scale-out ratio 2x1 / 1x2: {ratio:.2f} in guide-syncs/s, {by_cpu:.2f} in CPU per sync "
        "(near 1: nothing in HQ serialises across processes; the second is what a loaded box distorts least)"
    )


def text_table(outcome: Outcome) -> str:
    rows = [HEADERS, *(cells(run) for run in outcome.runs)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADERS))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)) for row in rows]
    for run in outcome.runs:
        lines += [f"{run.topology.value}: {line}" for line in goal_lines(run)]
    ratio = ratio_line(outcome)
    if ratio is not None:
        lines.append(ratio)
    return "\n".join(lines)


def _statements(run: Measured) -> list[str]:
    share = run.statement_ms / 1000 / run.duration_s
    lines = [
        f"#### {run.topology.value}: PostgreSQL's busiest statements",
        "",
        f"All statements: {run.statement_calls:,} calls, {run.statement_ms / 1000:.1f} s of execution in the "
        f"{run.duration_s:g} s window ({share:.2f} cores of execution, planning and protocol excluded).",
        "",
        "| calls | total ms | mean ms | rows | share | statement |",
        "|---|---|---|---|---|---|",
    ]
    for statement in run.statements:
        part = statement.total_ms / run.statement_ms if run.statement_ms else 0.0
        text = statement.text.replace("|", "\\|")
        if len(text) > 300:
            text = text[:300] + " …"
        lines.append(
            f"| {statement.calls:,} | {statement.total_ms:,.0f} | {statement.mean_ms:.3f} | "
            f"{statement.rows:,} | {part:.0%} | `{text}` |"
        )
    return [*lines, ""]


def write_markdown(path: Path, outcome: Outcome, facts: dict[str, str]) -> None:
    chain = outcome.chain
    lines = [
        "# The morning sync of a national chain",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {platform.node()} ({platform.machine()}, "
        f"Python {platform.python_version()}) with `python -m tests.bench.morning`.",
        "",
        f"{chain.guides:,} guides in {chain.stores:,} stores and {chain.regions} regions on PostgreSQL; each "
        "simulated guide opens one keep-alive connection, pulls the feed from yesterday's cursor until "
        "`has_more` is false, then pushes yesterday's sales (0–8, 3 on average), sends of last night's "
        "content and the count on its new task in one push. CPU is in cores (1.00 = one core busy).",
        "",
        "| " + " | ".join(HEADERS) + " |",
        "|" + "---|" * len(HEADERS),
        *("| " + " | ".join(cells(run)) + " |" for run in outcome.runs),
        "",
        "## Goals",
        "",
    ]
    for run in outcome.runs:
        lines += [f"- {run.topology.value}: {line}" for line in goal_lines(run)]
    ratio = ratio_line(outcome)
    if ratio is not None:
        lines.append(f"- {ratio}")
    for run in outcome.runs:
        if run.hq_restarts:
            lines.append(
                f"- {run.topology.value}: {run.hq_restarts} HQ process(es) started inside the window "
                "(uvicorn replaced a worker): this rate is not comparable"
            )
    first = next((run.tally.first_error for run in outcome.runs if run.tally.first_error), None)
    if first:
        lines.append(f"- first error: `{first[:300]}`")
    for run in outcome.runs:
        if run.hq_log:
            lines += ["", f"HQ's log in {run.topology.value} (first lines):", "", "```", *run.hq_log, "```"]
    lines += ["", "## Run", ""] + [f"- {name}: {value}" for name, value in facts.items()]
    lines += ["", "## Where PostgreSQL spends its time", ""]
    for run in outcome.runs:
        lines += _statements(run)
    path.write_text("\n".join(lines))
