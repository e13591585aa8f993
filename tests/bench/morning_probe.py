"""CPU and memory of the processes under test, read from /proc, and PostgreSQL's busiest statements."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg

TICKS_PER_S = os.sysconf("SC_CLK_TCK")
PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


def _stat_fields(pid: int) -> list[str] | None:
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:  # the process ended meanwhile
        return None
    return raw[raw.rindex(")") + 2 :].split()  # the command name may hold spaces and parentheses


def process_tree(roots: Iterable[int]) -> list[int]:
    """The roots and every descendant alive now (uvicorn's workers, PostgreSQL's backends)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat_fields(int(entry))
            if fields is not None:
                children.setdefault(int(fields[1]), []).append(int(entry))
    found, waiting = [], list(roots)
    while waiting:
        pid = waiting.pop()
        found.append(pid)
        waiting.extend(children.get(pid, []))
    return found


@dataclass(frozen=True)
class Sample:
    """CPU seconds per process (ended processes drop out, so trees are sampled at both ends)."""

    cpu: dict[int, float]
    rss_bytes: int


def sample(roots: Iterable[int]) -> Sample:
    cpu, rss = {}, 0
    for pid in process_tree(roots):
        fields = _stat_fields(pid)
        if fields is None:
            continue
        cpu[pid] = (int(fields[11]) + int(fields[12])) / TICKS_PER_S  # utime + stime
        rss += int(fields[21]) * PAGE_BYTES
    return Sample(cpu, rss)


def cores_used(before: Sample, after: Sample, seconds: float) -> float:
    """Cores busy between two samples (1.0 = one core all the time); a process born in between
    counts from zero."""
    spent = sum(total - before.cpu.get(pid, 0.0) for pid, total in after.cpu.items())
    return spent / seconds if seconds > 0 else 0.0


WORKER_RSS_BYTES = 100 * 2**20  # an HQ worker that finished importing holds well over this


def _rss_bytes(pid: int) -> int:
    fields = _stat_fields(pid)
    return int(fields[21]) * PAGE_BYTES if fields else 0


def spawned_workers(root: int) -> set[int]:
    """uvicorn's worker processes under `root` that finished importing HQ (multiprocessing's
    resource tracker and a worker still importing are smaller)."""
    found = set()
    for pid in process_tree([root]):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"multiprocessing.spawn" in command and _rss_bytes(pid) >= WORKER_RSS_BYTES:
            found.add(pid)
    return found


def wait_for_workers(root: int, workers: int, timeout_s: float, steady_s: float = 5.0) -> float:
    """Wait until `workers` imported workers run under `root` and none was replaced for
    `steady_s`; returns the seconds waited. /healthz answers as soon as ONE worker is up, and on
    a loaded box uvicorn kills a worker whose imports outlast its 5 s health check, again and
    again: measuring then would measure one worker."""
    started = time.monotonic()
    seen: set[int] = set()
    steady_since = started
    while time.monotonic() - started < timeout_s:
        now = spawned_workers(root)
        if now != seen:
            seen, steady_since = now, time.monotonic()
        elif len(now) >= workers and time.monotonic() - steady_since >= steady_s:
            return time.monotonic() - started
        time.sleep(0.5)
    raise TimeoutError(f"HQ did not keep {workers} workers up for {steady_s:g} s within {timeout_s:g} s")


def postmaster_pid(data_dir: Path) -> int:
    return int((data_dir / "postmaster.pid").read_text().split()[0])


# --------------------------------------------------------------------------- pg_stat_statements


@dataclass(frozen=True)
class Statement:
    calls: int
    total_ms: float
    mean_ms: float
    rows: int
    shared_hits: int
    shared_reads: int
    text: str


def reset_statements(url: str) -> None:
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("SELECT pg_stat_statements_reset()")


def top_statements(url: str, count: int = 8) -> list[Statement]:
    query = (
        "SELECT calls, total_exec_time, mean_exec_time, rows, shared_blks_hit, shared_blks_read, query "
        "FROM pg_stat_statements WHERE query NOT LIKE '%%pg_stat_statements%%' "
        "ORDER BY total_exec_time DESC LIMIT %s"
    )
    with psycopg.connect(url, autocommit=True) as connection:
        rows: list[Any] = connection.execute(query, (count,)).fetchall()
    return [
        Statement(int(c), float(t), float(m), int(r), int(h), int(rd), " ".join(str(q).split()))
        for c, t, m, r, h, rd, q in rows
    ]


def total_statement_ms(url: str) -> tuple[float, int]:
    """All statements' execution time and calls since the last reset."""
    with psycopg.connect(url, autocommit=True) as connection:
        row = connection.execute(
            "SELECT coalesce(sum(total_exec_time), 0), coalesce(sum(calls), 0) FROM pg_stat_statements"
        ).fetchone()
    assert row is not None
    return float(row[0]), int(row[1])
