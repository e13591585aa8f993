"""One benchmark run: the bare ceiling, then each backend's live HQ under the same load."""

from __future__ import annotations

import asyncio
import itertools
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from tests.bench.backends import available, fresh_settings
from tests.bench.bare_server import serve_bare, serve_bare_process
from tests.bench.load import LoadProfile, LoadResult, Scenario, run_load
from tests.bench.push_ceiling import APP as PUSH_CEILING_APP
from tests.bench.report import CEILING, DB_CEILING, PUSH_CEILING, Row
from tests.bench.scenarios import FEED_PAGE, FeedPage, NewSales, ReplayedSales
from tests.bench.seeding import feed_page_size, publish_scripts, sign_in
from tests.hq.conftest import seed
from tests.support.live_hq import LiveHq, serve
from tests.support.org import OrgFixture

FEED = "feed: GET changes, 100 rows (guide)"
PUSH_NEW = "push: 200 new sales"
PUSH_REPLAY = "push: 200 replayed (all duplicate)"
PUBLISHED_SCRIPTS = 300  # three full pages, so every feed page read is full
FEED_TURNS = 2  # feed and raw-driver read measured in turns, this many each
PUSH_CEILING_FIRST_BATCH = 1_000_000


@dataclass(frozen=True)
class Plan:
    workers: int
    feed: LoadProfile | None
    push: LoadProfile | None
    backends: tuple[str, ...]
    ceiling_cap: int  # the bare page is cheap; the push cap (in batches) would end its run early


@dataclass(frozen=True)
class Measured:
    scenario: str
    backend: str
    concurrency: int
    result: LoadResult
    ceiling: LoadResult | None = None  # the raw-driver read on the same backend and concurrency


@dataclass(frozen=True)
class BareDatabase:
    """Where the raw-driver ceiling reads (the backend's own database) and where it logs."""

    database_url: str
    log_path: Path


@dataclass
class Outcome:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was left out, and why
    problems: list[str] = field(default_factory=list)  # what makes the run fail besides error answers


def progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def measure(
    base_url: str, scenario: Scenario, profile: LoadProfile, label: str, server_session: int | None = None
) -> LoadResult:
    progress(
        f"{label}: {profile.concurrency} connections, {profile.warmup_s:g} s warm-up + "
        f"{profile.duration_s:g} s"
    )
    result = asyncio.run(run_load(base_url, scenario, profile, server_session))
    cpu = f", server {result.server_cpu_per_request_us:,.0f} µs CPU a request" if server_session else ""
    progress(
        f"{label}: {result.rate:,.1f} req/s, p99 {result.percentile_ms(0.99):.1f} ms, "
        f"generator {result.generator_cpu:.0%} CPU{cpu}, {result.errors} errors"
        + (f" (first: {result.first_error})" if result.first_error else "")
    )
    return result


def run(plan: Plan, root: Path) -> Outcome:
    """The ceiling is measured before and after the backends and the faster run kept: other work on a
    shared machine only ever slows a run down, and the ratio should not flatter HQ because of it."""
    outcome = Outcome()
    first = _measure_ceilings(plan, root)
    measured: list[Measured] = []
    for backend in plan.backends:
        if not available(backend):
            outcome.notes.append(f"{backend}: skipped, no PostgreSQL server binaries (run `make deps`)")
            continue
        with fresh_settings(backend, root) as settings:
            org = seed(settings)
            with serve(settings, workers=plan.workers) as live:
                bare = BareDatabase(settings.sqlalchemy_url, root / f"bare-feed-{backend}.log")
                measured += _measure_backend(plan, live, org, backend, bare)
                if problem := _traceback_summary(live.log()):
                    outcome.problems.append(f"{backend}: {problem}")
            done = {
                each.concurrency
                for each in measured
                if each.scenario == DB_CEILING and each.backend == backend
            }
            measured += _measure_db_ceilings(plan, root, settings.sqlalchemy_url, backend, done)
            measured += _measure_push_ceiling(plan, root, settings.sqlalchemy_url, backend)
    second = _measure_ceilings(plan, root)
    ceilings = {
        connections: max(first[connections], second[connections], key=lambda result: result.rate)
        for connections in first
    }
    outcome.rows += [Row(CEILING, "—", connections, bare, bare) for connections, bare in ceilings.items()]
    outcome.rows += [
        Row(each.scenario, each.backend, each.concurrency, each.result, each.ceiling or each.result)
        if each.scenario in (DB_CEILING, PUSH_CEILING)
        else Row(
            each.scenario,
            each.backend,
            each.concurrency,
            each.result,
            # A push is compared only with a raw push of the same batches: a read is other work.
            _push_ceiling(measured, each)
            if each.scenario in (PUSH_NEW, PUSH_REPLAY)
            else _db_ceiling(measured, each.backend, each.concurrency) or ceilings[each.concurrency],
        )
        for each in measured
    ]
    before_after = [
        f"{connections} connections {first[connections].rate:,.0f} / {second[connections].rate:,.0f}"
        for connections in first
    ]
    outcome.notes.append("ceiling req/s before / after the backends: " + ", ".join(before_after))
    outcome.notes += _server_cpu_notes(measured)
    return outcome


def _server_cpu_notes(measured: list[Measured]) -> list[str]:
    """The feed against its ceiling by the server process's CPU per request, which a busy neighbour
    moves far less than req/s (PostgreSQL's own CPU is not in either figure)."""
    notes = []
    for feed in (each for each in measured if each.scenario == FEED):
        ceiling = _db_ceiling(measured, feed.backend, feed.concurrency)
        if ceiling is None or ceiling.server_cpu_s is None or feed.result.server_cpu_s is None:
            continue
        ours, bare = feed.result.server_cpu_per_request_us, ceiling.server_cpu_per_request_us
        notes.append(
            f"{feed.backend}: server CPU a request: feed {ours:,.0f} µs, raw driver read {bare:,.0f} µs; "
            f"ours/ceiling by CPU {bare / ours:.1%}"
        )
    return notes


def _db_ceiling(measured: list[Measured], backend: str, concurrency: int) -> LoadResult | None:
    return next(
        (
            each.result
            for each in measured
            if each.scenario == DB_CEILING and each.backend == backend and each.concurrency == concurrency
        ),
        None,
    )


def _push_ceiling(measured: list[Measured], scenario: Measured) -> LoadResult | None:
    """A push scenario is compared with the raw push of the same batches, where one was measured."""
    if scenario.scenario not in (PUSH_NEW, PUSH_REPLAY):
        return None
    return next(
        (
            each.result
            for each in measured
            if each.scenario == PUSH_CEILING
            and each.backend == scenario.backend
            and each.concurrency == scenario.concurrency
        ),
        None,
    )


def _measure_push_ceiling(plan: Plan, root: Path, database_url: str, backend: str) -> list[Measured]:
    """The raw psycopg push of new 200-sale batches (tests/bench/push_ceiling.py); PostgreSQL only."""
    if plan.push is None or backend != "postgresql":
        return []
    sales = NewSales(["no sign-in"])
    # Order numbers HQ's own push run did not use, so every sale of the ceiling is counted too.
    sales.batch_numbers = itertools.count(PUSH_CEILING_FIRST_BATCH)
    log = root / f"push-ceiling-{backend}.log"
    with serve_bare(plan.workers, log, database_url=database_url, app=PUSH_CEILING_APP) as base_url:
        result = measure(base_url, sales, plan.push, f"{backend} push ceiling")
    return [Measured(PUSH_CEILING, backend, plan.push.concurrency, result)]


def _measure_db_ceilings(
    plan: Plan, root: Path, database_url: str, backend: str, done: set[int]
) -> list[Measured]:
    """The raw-driver 100-row read on this backend's own database, at every concurrency a scenario uses."""
    profiles = {
        profile.concurrency: profile
        for profile in (plan.feed, plan.push)
        if profile is not None and profile.concurrency not in done
    }
    if not profiles:
        return []
    measured = []
    with serve_bare(plan.workers, root / f"bare-{backend}.log", database_url=database_url) as base_url:
        for concurrency, profile in sorted(profiles.items(), reverse=True):
            ceiling_profile = replace(profile, max_requests=plan.ceiling_cap)
            result = measure(
                base_url, FeedPage("/db-changes", []), ceiling_profile, f"{backend} raw driver read"
            )
            measured.append(Measured(DB_CEILING, backend, concurrency, result))
    return measured


def _measure_feed_against_ceiling(
    plan: Plan, profile: LoadProfile, live: LiveHq, guides: list[str], backend: str, bare: BareDatabase
) -> list[Measured]:
    """HQ's feed and the raw-driver read of the same database, in turns, the best of each kept: on a
    shared machine a neighbour's burst slows one measurement, and turns spread it over both sides."""
    feed_runs, ceiling_runs = [], []
    ceiling_profile = replace(profile, max_requests=plan.ceiling_cap)
    with serve_bare_process(plan.workers, bare.log_path, bare.database_url) as (bare_url, bare_session):
        for turn in range(1, FEED_TURNS + 1):
            feed_page = FeedPage("/api/v1/sync/changes", guides)
            feed_label = f"{backend} feed ({turn})"
            feed_runs.append(measure(live.base_url, feed_page, profile, feed_label, live.process.pid))
            raw_page, raw_label = FeedPage("/db-changes", []), f"{backend} raw driver read ({turn})"
            ceiling_runs.append(measure(bare_url, raw_page, ceiling_profile, raw_label, bare_session))
    best_feed = max(feed_runs, key=lambda result: result.rate)
    best_ceiling = max(ceiling_runs, key=lambda result: result.rate)
    return [
        Measured(FEED, backend, profile.concurrency, best_feed),
        Measured(DB_CEILING, backend, profile.concurrency, best_ceiling),
    ]


def _traceback_summary(log: str) -> str | None:
    """How many tracebacks HQ logged and the last one's exception line (the log goes with the temp dir)."""
    count = log.count("Traceback (most recent call last)")
    if not count:
        return None
    last_line = next((line for line in reversed(log.splitlines()) if line.strip()), "")
    return f"HQ logged {count} traceback(s), the last ending: {last_line.strip()[:300]}"


def _measure_ceilings(plan: Plan, root: Path) -> dict[int, LoadResult]:
    """The bare page at every concurrency a scenario uses, keyed by that concurrency."""
    profiles = {profile.concurrency: profile for profile in (plan.feed, plan.push) if profile is not None}
    ceilings = {}
    with serve_bare(plan.workers, root / "bare.log") as base_url:
        for concurrency, profile in sorted(profiles.items(), reverse=True):
            ceiling_profile = replace(profile, max_requests=plan.ceiling_cap)
            ceilings[concurrency] = measure(base_url, FeedPage("/changes", []), ceiling_profile, "bare page")
    return ceilings


def _measure_backend(
    plan: Plan, live: LiveHq, org: OrgFixture, backend: str, bare: BareDatabase
) -> list[Measured]:
    logins = (org.guide_e1, org.guide_e2, org.guide_s1, org.guide_s2)  # one per store: load on four stores
    guides = [sign_in(live.base_url, login) for login in logins]
    measured = []
    if plan.feed is not None:
        progress(f"{backend}: publishing {PUBLISHED_SCRIPTS} scripts as {org.admin}")
        publish_scripts(live.base_url, sign_in(live.base_url, org.admin), PUBLISHED_SCRIPTS)
        if (size := feed_page_size(live.base_url, guides[0], FEED_PAGE)) != FEED_PAGE:
            raise RuntimeError(f"{backend}: a guide's first feed page holds {size} changes, not {FEED_PAGE}")
        measured += _measure_feed_against_ceiling(plan, plan.feed, live, guides, backend, bare)
    if plan.push is not None:
        new_sales = NewSales(guides)
        pushed = measure(live.base_url, new_sales, plan.push, f"{backend} push new")
        measured.append(Measured(PUSH_NEW, backend, plan.push.concurrency, pushed))
        replayed = measure(live.base_url, ReplayedSales(new_sales), plan.push, f"{backend} push replay")
        measured.append(Measured(PUSH_REPLAY, backend, plan.push.concurrency, replayed))
    return measured
