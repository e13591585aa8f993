"""A closed-loop HTTP load generator: fixed keep-alive connections, warm-up, time limit, request cap."""

from __future__ import annotations

import asyncio
import math
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import httptools
import httpx

from tests.bench.clients import REQUEST_TIMEOUT_S, Answer, Call, open_connection

# What a broken exchange raises: the connection is reopened and the request counted as an error.
TRANSPORT_ERRORS = (OSError, asyncio.TimeoutError, httpx.HTTPError, httptools.HttpParserError)


class Scenario(Protocol):
    """What a connection sends next, and whether an answer is right (None) or what is wrong with it."""

    def next_call(self, connection: int) -> Call: ...

    def check(self, answer: Answer) -> str | None: ...


@dataclass(frozen=True)
class LoadProfile:
    concurrency: int
    warmup_s: float
    duration_s: float
    max_requests: int  # counted in the measured window; the warm-up is bounded by its time
    client: str = "wire"


@dataclass
class LoadResult:
    latencies_s: list[float] = field(default_factory=list)  # successful measured requests only
    errors: int = 0
    first_error: str | None = None
    elapsed_s: float = 0.0
    generator_cpu: float = 0.0  # share of one core the generator used over the whole run
    server_cpu_s: float | None = None  # CPU seconds the server spent in the measured window

    @property
    def server_cpu_per_request_us(self) -> float:
        """The server's CPU per answered request: unlike req/s, barely moved by a busy neighbour."""
        if self.server_cpu_s is None or not self.latencies_s:
            return math.nan
        return self.server_cpu_s / len(self.latencies_s) * 1e6

    @property
    def rate(self) -> float:
        return len(self.latencies_s) / self.elapsed_s if self.elapsed_s > 0 else 0.0

    def percentile_ms(self, fraction: float) -> float:
        if not self.latencies_s:
            return math.nan
        ordered = sorted(self.latencies_s)
        return ordered[min(len(ordered) - 1, math.ceil(fraction * len(ordered)) - 1)] * 1000

    def record_error(self, problem: str) -> None:
        self.errors += 1
        self.first_error = self.first_error or problem


@dataclass
class _Window:
    """Shared by the connections; one event loop thread, so plain counters are safe."""

    measure_from: float
    stop_at: float
    max_requests: int
    issued: int = 0

    def admits(self, now: float) -> bool:
        return now < self.stop_at and (now < self.measure_from or self.issued < self.max_requests)


def session_cpu_seconds(session_id: int) -> float:
    """User + system CPU of every process in a session (a server and its workers), from /proc."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended while we looked
            continue
        if int(fields[3]) == session_id:  # fields after the name: state, ppid, pgrp, session, ...
            ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


async def run_load(
    base_url: str, scenario: Scenario, profile: LoadProfile, server_session: int | None = None
) -> LoadResult:
    """Drive `scenario` from `profile.concurrency` connections; returns what the measured window saw,
    with the CPU the server's session (`server_session`, when given) spent in that window."""
    started, cpu_started = time.perf_counter(), time.process_time()
    measure_from = started + profile.warmup_s
    window = _Window(
        measure_from=measure_from,
        stop_at=measure_from + profile.duration_s,
        max_requests=profile.max_requests,
    )
    result = LoadResult()
    connections = [
        _drive_connection(base_url, scenario, profile.client, number, window, result)
        for number in range(profile.concurrency)
    ]
    server_cpu_from = asyncio.ensure_future(_server_cpu_after(profile.warmup_s, server_session))
    # Each request has its own timeout; this bounds the whole run even if one hangs past it.
    limit = profile.warmup_s + profile.duration_s + REQUEST_TIMEOUT_S + 10
    await asyncio.wait_for(asyncio.gather(*connections), timeout=limit)
    finished = time.perf_counter()
    if server_session is not None:
        result.server_cpu_s = session_cpu_seconds(server_session) - await server_cpu_from
    result.elapsed_s = finished - measure_from
    result.generator_cpu = (time.process_time() - cpu_started) / (finished - started)
    return result


async def _server_cpu_after(delay_s: float, server_session: int | None) -> float:
    await asyncio.sleep(delay_s)
    return session_cpu_seconds(server_session) if server_session is not None else 0.0


async def _drive_connection(
    base_url: str, scenario: Scenario, client: str, number: int, window: _Window, result: LoadResult
) -> None:
    async with open_connection(client, base_url) as connection:
        while window.admits(time.perf_counter()):
            call = scenario.next_call(number)
            sent_at = time.perf_counter()
            measured = sent_at >= window.measure_from
            if measured:
                window.issued += 1
            try:
                answer = await connection.send(call)
            except TRANSPORT_ERRORS as error:
                if measured:
                    result.record_error(f"{type(error).__name__}: {error}")
                continue
            latency = time.perf_counter() - sent_at
            problem = scenario.check(answer)
            if not measured:
                continue
            if problem is None:
                result.latencies_s.append(latency)
            else:
                result.record_error(problem)
