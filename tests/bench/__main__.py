"""`python -m tests.bench`: measure HQ's sync endpoints against the bare ceiling and write results.md."""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from tests.bench.backends import BACKENDS
from tests.bench.clients import CLIENTS
from tests.bench.load import LoadProfile
from tests.bench.report import text_table, write_markdown
from tests.bench.suite import Plan, progress, run

RESULTS = Path(__file__).resolve().parent / "results.md"
FEED_CONNECTIONS, PUSH_CONNECTIONS = 32, 8
# Caps far above what 2 cores reach in the window: they only stop a run that went wrong.
FEED_CAP, PUSH_CAP = 200_000, 5_000


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    parser.add_argument(
        "--workers", type=int, default=1, help="uvicorn workers for HQ and for the bare app (default 1)"
    )
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: 0.5 s warm-up, 2 s per measurement"
    )
    parser.add_argument("--only", choices=["feed", "push"], help="measure one endpoint only")
    parser.add_argument(
        "--client",
        choices=CLIENTS,
        default="wire",
        help="load generator connections: lean httptools (default) or httpx",
    )
    parser.add_argument("--backend", choices=BACKENDS, help="measure one database only")
    parser.add_argument("--output", type=Path, default=RESULTS, help=f"Markdown results (default {RESULTS})")
    return parser.parse_args()


def make_plan(arguments: argparse.Namespace) -> Plan:
    warmup_s, duration_s = (0.5, 2.0) if arguments.quick else (2.0, 8.0)
    feed = LoadProfile(FEED_CONNECTIONS, warmup_s, duration_s, FEED_CAP, arguments.client)
    push = LoadProfile(PUSH_CONNECTIONS, warmup_s, duration_s, PUSH_CAP, arguments.client)
    return Plan(
        workers=arguments.workers,
        feed=None if arguments.only == "push" else feed,
        push=None if arguments.only == "feed" else push,
        backends=(arguments.backend,) if arguments.backend else BACKENDS,
        ceiling_cap=FEED_CAP,
    )


def main() -> int:
    arguments = parse_arguments()
    plan = make_plan(arguments)
    started, load_before = time.monotonic(), os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="guide-bench-") as root:
        outcome = run(plan, Path(root))
    seconds = time.monotonic() - started
    print(text_table(outcome.rows))
    for note in outcome.notes:
        print(f"note: {note}")
    for problem in outcome.problems:
        print(f"problem: {problem}")
    profile = plan.feed or plan.push
    assert profile is not None
    run_facts = {
        "run": f"{'quick' if arguments.quick else 'full'}: {profile.warmup_s:g} s warm-up + "
        f"{profile.duration_s:g} s per measurement, {plan.workers} uvicorn worker(s), "
        f"load generator: {profile.client} connections in one asyncio process",
        "load average (1 min) before / after": f"{load_before:.2f} / {os.getloadavg()[0]:.2f}",
        "wall time": f"{seconds:.0f} s",
    }
    write_markdown(arguments.output, outcome.rows, run_facts, outcome.notes + outcome.problems)
    progress(f"done in {seconds:.0f} s; wrote {arguments.output}")
    return 1 if outcome.problems or any(row.ours.errors for row in outcome.rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
