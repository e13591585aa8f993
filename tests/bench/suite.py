"""One benchmark run: the bare ceiling, then each backend's live HQ under the same load."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from tests.bench.backends import available, fresh_settings
from tests.bench.bare_server import serve_bare
from tests.bench.load import LoadProfile, LoadResult, Scenario, run_load
from tests.bench.report import CEILING, DB_CEILING, Row
from tests.bench.scenarios import FEED_PAGE, FeedPage, NewSales, ReplayedSales
from tests.bench.seeding import feed_page_size, publish_scripts, sign_in
from tests.hq.conftest import seed
from tests.support.live_hq import LiveHq, serve
from tests.support.org import OrgFixture

FEED = "feed: GET changes, 100 rows (guide)"
PUSH_NEW = "push: 200 new sales"
PUSH_REPLAY = "push: 200 replayed (all duplicate)"
PUBLISHED_SCRIPTS = 300  # three full pages, so every feed page read is full


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
    ceiling: LoadResult | None = None  # the bare database read on the same backend and concurrency


@dataclass
class Outcome:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what was left out, and why
    problems: list[str] = field(default_factory=list)  # what makes the run fail besides error answers


def progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


def measure(base_url: str, scenario: Scenario, profile: LoadProfile, label: str) -> LoadResult:
    progress(
        f"{label}: {profile.concurrency} connections, {profile.warmup_s:g} s warm-up + "
        f"{profile.duration_s:g} s"
    )
    result = asyncio.run(run_load(base_url, scenario, profile))
    progress(
        f"{label}: {result.rate:,.1f} req/s, p99 {result.percentile_ms(0.99):.1f} ms, "
        f"generator {result.generator_cpu:.0%} CPU, {result.errors} errors"
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
                measured += _measure_backend(plan, live, org, backend)
                if problem := _traceback_summary(live.log()):
                    outcome.problems.append(f"{backend}: {problem}")
            measured += _measure_db_ceilings(plan, root, settings.async_sqlalchemy_url, backend)
    second = _measure_ceilings(plan, root)
    ceilings = {
        connections: max(first[connections], second[connections], key=lambda result: result.rate)
        for connections in first
    }
    outcome.rows += [Row(CEILING, "—", connections, bare, bare) for connections, bare in ceilings.items()]
    outcome.rows += [
        Row(each.scenario, each.backend, each.concurrency, each.result, each.ceiling or each.result)
        if each.scenario == DB_CEILING
        else Row(
            each.scenario,
            each.backend,
            each.concurrency,
            each.result,
            _db_ceiling(measured, each.backend, each.concurrency) or ceilings[each.concurrency],
        )
        for each in measured
    ]
    before_after = [
        f"{connections} connections {first[connections].rate:,.0f} / {second[connections].rate:,.0f}"
        for connections in first
    ]
    outcome.notes.append("ceiling req/s before / after the backends: " + ", ".join(before_after))
    return outcome


def _db_ceiling(measured: list[Measured], backend: str, concurrency: int) -> LoadResult | None:
    return next(
        (
            each.result
            for each in measured
            if each.scenario == DB_CEILING and each.backend == backend and each.concurrency == concurrency
        ),
        None,
    )


def _measure_db_ceilings(plan: Plan, root: Path, database_url: str, backend: str) -> list[Measured]:
    """The bare 100-row read on this backend's own database, at every concurrency a scenario uses."""
    profiles = {profile.concurrency: profile for profile in (plan.feed, plan.push) if profile is not None}
    measured = []
    with serve_bare(plan.workers, root / f"bare-{backend}.log", database_url=database_url) as base_url:
        for concurrency, profile in sorted(profiles.items(), reverse=True):
            ceiling_profile = replace(profile, max_requests=plan.ceiling_cap)
            result = measure(
                base_url, FeedPage("/db-changes", []), ceiling_profile, f"{backend} bare DB read"
            )
            measured.append(Measured(DB_CEILING, backend, concurrency, result))
    return measured


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


def _measure_backend(plan: Plan, live: LiveHq, org: OrgFixture, backend: str) -> list[Measured]:
    logins = (org.guide_e1, org.guide_e2, org.guide_s1, org.guide_s2)  # one per store: load on four stores
    guides = [sign_in(live.base_url, login) for login in logins]
    measured = []
    if plan.feed is not None:
        progress(f"{backend}: publishing {PUBLISHED_SCRIPTS} scripts as {org.admin}")
        publish_scripts(live.base_url, sign_in(live.base_url, org.admin), PUBLISHED_SCRIPTS)
        if (size := feed_page_size(live.base_url, guides[0], FEED_PAGE)) != FEED_PAGE:
            raise RuntimeError(f"{backend}: a guide's first feed page holds {size} changes, not {FEED_PAGE}")
        feed = measure(live.base_url, FeedPage("/api/v1/sync/changes", guides), plan.feed, f"{backend} feed")
        measured.append(Measured(FEED, backend, plan.feed.concurrency, feed))
    if plan.push is not None:
        new_sales = NewSales(guides)
        pushed = measure(live.base_url, new_sales, plan.push, f"{backend} push new")
        measured.append(Measured(PUSH_NEW, backend, plan.push.concurrency, pushed))
        replayed = measure(live.base_url, ReplayedSales(new_sales), plan.push, f"{backend} push replay")
        measured.append(Measured(PUSH_REPLAY, backend, plan.push.concurrency, replayed))
    return measured
