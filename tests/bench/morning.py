"""`python -m tests.bench.morning`: the morning sync of a national chain, on one box and scaled out."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from tests.bench.morning_org import FULL_GUIDES
from tests.bench.morning_report import text_table, write_markdown
from tests.bench.morning_run import Options, Outcome, Topology, run_morning, uptime

RESULTS = Path(__file__).resolve().parent / "results-morning.md"
# Guides in flight at once (Little's law): the goal's 620 syncs/s times a sync of ~50 ms (a connect
# and two requests well inside the p99 goal) is 31; more lanes only queue inside HQ and raise p99.
DEFAULT_CONCURRENCY = 32
TOPOLOGIES = {"1x2": (Topology.one_by_two,), "2x1": (Topology.two_by_one,), "both": tuple(Topology)}


def parse_arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.morning", description=__doc__)
    parser.add_argument(
        "--guides", type=int, default=FULL_GUIDES, help=f"guides in the chain (default {FULL_GUIDES:,})"
    )
    parser.add_argument(
        "--duration", type=float, default=60.0, help="measured seconds per topology (default 60)"
    )
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds before measuring (default 5)")
    parser.add_argument(
        "--concurrency",
        type=int,
        default=DEFAULT_CONCURRENCY,
        help=f"guides syncing at once (default {DEFAULT_CONCURRENCY})",
    )
    parser.add_argument(
        "--topology",
        choices=list(TOPOLOGIES),
        default="both",
        help="1x2: one HQ process, 2 workers (the goal); 2x1: two processes, 1 worker each; both (default)",
    )
    parser.add_argument(
        "--pg-link",
        choices=["socket", "tcp"],
        default="socket",
        help="how HQ reaches PostgreSQL on the same box: its Unix socket (default) or TCP on 127.0.0.1",
    )
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"Markdown results (default {RESULTS})")
    return parser.parse_args(argv)


def facts(
    arguments: argparse.Namespace, outcome: Outcome, seconds: float, load_before: str
) -> dict[str, str]:
    seeded, chain, overnight = outcome.seeded, outcome.chain, outcome.overnight
    found = {
        "chain": f"{chain.guides:,} guides, {chain.stores:,} stores, {chain.regions} regions",
        "seeding (COPY)": f"{seeded.seconds:.1f} s for {sum(seeded.rows.values()):,} rows "
        f"({', '.join(f'{table} {count:,}' for table, count in seeded.rows.items())})",
        "overnight through the API": f"{overnight.requests} calls in {overnight.seconds:.1f} s "
        f"(20 content items, 5 SOP changes, tasks for {len(overnight.task_by_store):,} stores)",
        "window": f"{arguments.warmup:g} s warm-up + {arguments.duration:g} s measured per topology, "
        f"{arguments.concurrency} guides at once, one asyncio (uvloop) process, httptools connections",
        "HQ to PostgreSQL": "the server's Unix socket (one box)"
        if arguments.pg_link == "socket"
        else "TCP on 127.0.0.1",
        "sales": f"{outcome.sales_pushed:,} pushed, {outcome.sales_stored:,} stored in HQ",
        "load before the run": load_before,
        "wall time": f"{seconds:.0f} s",
    }
    for run in outcome.runs:
        found[f"{run.topology.value} load before / after"] = f"{run.load_before} / {run.load_after}"
    return found


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    options = Options(
        guides=arguments.guides,
        duration_s=arguments.duration,
        warmup_s=arguments.warmup,
        concurrency=arguments.concurrency,
        topologies=TOPOLOGIES[arguments.topology],
        pg_link=arguments.pg_link,
    )
    started, load_before = time.monotonic(), uptime()

    def say(line: str) -> None:
        print(f"[morning {time.monotonic() - started:5.1f} s] {line}", file=sys.stderr, flush=True)

    with tempfile.TemporaryDirectory(prefix="guide-morning-") as root:
        outcome = run_morning(Path(root), options, say)
    seconds = time.monotonic() - started
    print(text_table(outcome))
    write_markdown(arguments.output, outcome, facts(arguments, outcome, seconds, load_before))
    say(f"done in {seconds:.0f} s; wrote {arguments.output}")
    broken = any(run.tally.errors or run.outside.errors for run in outcome.runs)
    return 1 if broken or outcome.sales_stored != outcome.sales_pushed else 0


if __name__ == "__main__":
    raise SystemExit(main())
