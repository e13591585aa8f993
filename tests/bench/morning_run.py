"""The morning sync end to end: a seeded PostgreSQL, HQ in one topology or another, guides driven
for a bounded time while the processes' CPU, HQ's memory and PostgreSQL's statements are watched."""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path

import psycopg

from hq.core.config import Settings
from hq.core.db import migrate
from tests.bench.morning_guides import Morning, Tally, Window, drive
from tests.bench.morning_org import Chain
from tests.bench.morning_overnight import Overnight, publish_overnight
from tests.bench.morning_probe import (
    Sample,
    Statement,
    cores_used,
    postmaster_pid,
    reset_statements,
    sample,
    top_statements,
    total_statement_ms,
    wait_for_workers,
)
from tests.bench.morning_seed import Seeded, plain_url, sample_order, seed
from tests.support.live_hq import LiveHq, serve
from tests.support.postgres import PostgresCluster, start_cluster


class Topology(StrEnum):
    one_by_two = "1x2"  # one `guide-hq serve --workers 2`: the goal's deployment
    two_by_one = "2x1"  # two processes on separate ports, one worker each: scale-out


@dataclass(frozen=True)
class Options:
    guides: int
    duration_s: float
    warmup_s: float
    concurrency: int
    topologies: tuple[Topology, ...]
    pg_link: str = "socket"  # how HQ reaches PostgreSQL on the same box: "socket" (Unix) or "tcp"
    seed: int = 20261201


@dataclass
class Measured:
    """One topology's run."""

    topology: Topology
    tally: Tally
    outside: Tally  # syncs that ended in the warm-up or after the window
    duration_s: float
    hq_cores: float
    pg_cores: float
    generator_cores: float
    rss_mb: tuple[float, float, float]  # HQ's processes at the window's start, middle and end
    hq_restarts: int  # HQ processes born in the window: uvicorn replaced a worker it thought hung
    hq_log: list[str]  # what HQ logged at warning level or above during the run (first lines)
    statements: list[Statement]
    statement_ms: float  # PostgreSQL's execution time of all statements in the window
    statement_calls: int
    load_before: str
    load_after: str

    @property
    def rate(self) -> float:
        return self.tally.syncs / self.duration_s if self.duration_s else 0.0


@dataclass
class Outcome:
    chain: Chain
    seeded: Seeded
    overnight: Overnight = field(default_factory=Overnight)
    runs: list[Measured] = field(default_factory=list)
    sales_stored: int = 0  # sale rows in HQ after every run

    @property
    def sales_pushed(self) -> int:
        return sum(run.tally.sales_pushed + run.outside.sales_pushed for run in self.runs)


def uptime() -> str:
    return "load average " + " ".join(f"{value:.2f}" for value in os.getloadavg())


@contextmanager
def bench_cluster(root: Path) -> Iterator[tuple[Settings, PostgresCluster]]:
    """A throw-away cluster with pg_stat_statements loaded, and a migrated database on it."""
    cluster = start_cluster()
    try:
        with open(cluster.data_dir / "postgresql.conf", "a") as conf:
            conf.write("\nshared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.max = 1000\n")
        # -l: without a log file the server keeps pg_ctl's output pipe open and pg_ctl never returns
        log = str(cluster.root / "log")
        cluster._run("pg_ctl", "-D", str(cluster.data_dir), "-l", log, "-w", "-t", "60", "restart")
        settings = Settings(data_dir=root / "hq", database_url=cluster.create_database("morning"))
        migrate(settings)
        with psycopg.connect(plain_url(settings.database_url or ""), autocommit=True) as connection:
            connection.execute("CREATE EXTENSION pg_stat_statements")
        yield settings, cluster
    finally:
        cluster.stop()


# A loaded 2-core box took over 60 s to start two workers (their imports alone are ~4 s of CPU).
START_TIMEOUT_S = 300.0


@contextmanager
def hq_processes(settings: Settings, topology: Topology) -> Iterator[list[LiveHq]]:
    with ExitStack() as stack:
        if topology is Topology.one_by_two:
            server = stack.enter_context(serve(settings, workers=2, timeout=START_TIMEOUT_S))
            wait_for_workers(server.process.pid, 2, START_TIMEOUT_S)
            yield [server]
        else:
            yield [stack.enter_context(serve(settings, workers=1, timeout=START_TIMEOUT_S)) for _ in range(2)]


async def _watch(
    window: Window, hq_roots: list[int], pg_root: int, url: str
) -> tuple[Sample, Sample, Sample, Sample, float, float, list[float]]:
    """Samples at the window's start, middle and end: CPU of HQ and PostgreSQL, HQ's memory."""
    await asyncio.sleep(max(0.0, window.measure_from - time.perf_counter()))
    await asyncio.to_thread(reset_statements, url)
    hq_start, pg_start, own_start = sample(hq_roots), sample([pg_root]), time.process_time()
    rss = [hq_start.rss_bytes / 2**20]
    await asyncio.sleep(max(0.0, (window.measure_from + window.stop_at) / 2 - time.perf_counter()))
    rss.append(sample(hq_roots).rss_bytes / 2**20)
    await asyncio.sleep(max(0.0, window.stop_at - time.perf_counter()))
    hq_end, pg_end = sample(hq_roots), sample([pg_root])
    rss.append(hq_end.rss_bytes / 2**20)
    return hq_start, hq_end, pg_start, pg_end, own_start, time.process_time(), rss


async def _measure(
    base_urls: list[str],
    hq_roots: list[int],
    pg_root: int,
    url: str,
    morning: Morning,
    guides: Iterator[int],
    options: Options,
) -> tuple[Tally, Tally, tuple[Sample, Sample, Sample, Sample, float, float, list[float]]]:
    start = time.perf_counter()
    window = Window(start + options.warmup_s, start + options.warmup_s + options.duration_s)
    watcher = asyncio.create_task(_watch(window, hq_roots, pg_root, url))
    tally, outside = await drive(base_urls, morning, guides, options.concurrency, window)
    return tally, outside, await watcher


def _run_topology(
    servers: list[LiveHq],
    url: str,
    cluster: PostgresCluster,
    topology: Topology,
    morning: Morning,
    guides: Iterator[int],
    options: Options,
) -> Measured:
    load_before = uptime()
    tally, outside, watched = _event_loop().run_until_complete(
        _measure(
            [server.base_url for server in servers],
            [server.process.pid for server in servers],
            postmaster_pid(cluster.data_dir),
            url,
            morning,
            guides,
            options,
        )
    )
    logged = [line for server in servers for line in server.log().splitlines() if line.strip()]
    hq_start, hq_end, pg_start, pg_end, own_start, own_end, rss = watched
    statement_ms, calls = total_statement_ms(url)
    return Measured(
        topology=topology,
        tally=tally,
        outside=outside,
        duration_s=options.duration_s,
        hq_cores=cores_used(hq_start, hq_end, options.duration_s),
        pg_cores=cores_used(pg_start, pg_end, options.duration_s),
        generator_cores=(own_end - own_start) / options.duration_s,
        rss_mb=(rss[0], rss[1], rss[2]),
        hq_restarts=len(set(hq_end.cpu) - set(hq_start.cpu)),
        hq_log=[line for line in logged if not line.startswith("guide-hq: serving on")][:20],
        statements=top_statements(url),
        statement_ms=statement_ms,
        statement_calls=calls,
        load_before=load_before,
        load_after=uptime(),
    )


def _event_loop() -> asyncio.AbstractEventLoop:
    """uvloop when it is there (it is uvicorn's too): the generator's CPU is the scarce thing."""
    try:
        import uvloop

        return uvloop.new_event_loop()
    except ImportError:
        return asyncio.new_event_loop()


def run_morning(
    root: Path,
    options: Options,
    report: Callable[[str], None] = print,
    inspect: Callable[[str, Outcome], None] | None = None,
) -> Outcome:
    """Seed, publish the night, and measure each topology on the same database in turn; guides
    never repeat across topologies (one shuffled order of the whole chain). `inspect` gets the
    database's libpq URL at the end, while it is still up (EXPLAIN the hot statements, say)."""
    chain = Chain.scaled(options.guides)
    with bench_cluster(root) as (settings, cluster):
        url = settings.database_url or ""
        report(f"PostgreSQL up and migrated ({uptime()})")
        report(
            f"seeding {chain.guides:,} guides, {chain.stores:,} stores, {chain.regions} regions ({uptime()})"
        )
        seeded = seed(url, chain)
        report(f"seeded in {seeded.seconds:.1f} s: {sum(seeded.rows.values()):,} rows ({uptime()})")
        yesterday = (datetime.now(UTC) + timedelta(hours=8)).date() - timedelta(days=1)
        guides = iter(sample_order(chain, options.seed))
        outcome = Outcome(chain, seeded)
        # On one box HQ reaches PostgreSQL over its Unix socket, as a one-box deployment should
        # (README, Deployment): TCP on 127.0.0.1 cost HQ 1.3 ms of CPU per sync here.
        served = settings
        if options.pg_link == "socket":
            served = settings.model_copy(update={"database_url": cluster.socket_url("morning")})
        for topology in options.topologies:
            with hq_processes(served, topology) as servers:
                report(f"HQ {topology.value} serving ({uptime()})")
                if not outcome.overnight.requests:  # the night happens once, on the first HQ up
                    outcome.overnight = publish_overnight(servers[0].base_url, chain, seeded.sop_ids)
                    night = outcome.overnight
                    report(f"overnight: {night.requests} API calls in {night.seconds:.1f} s")
                morning = Morning(chain, seeded.cursor, outcome.overnight, yesterday)
                lanes = f"{options.concurrency} lanes, {options.duration_s:g} s"
                report(f"measuring {topology.value}: {lanes} ({uptime()})")
                measured = _run_topology(servers, plain_url(url), cluster, topology, morning, guides, options)
            report(f"{topology.value}: {measured.rate:.0f} guide-syncs/s, {measured.tally.errors} errors")
            outcome.runs.append(measured)
        with psycopg.connect(plain_url(url)) as connection:
            row = connection.execute("SELECT count(*) FROM sale").fetchone()
            outcome.sales_stored = int(row[0]) if row else 0
        if inspect is not None:
            inspect(plain_url(url), outcome)
    return outcome
