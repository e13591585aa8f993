"""A closed-loop HTTP load generator: fixed keep-alive connections, warm-up, time limit, request cap."""

from __future__ import annotations

import asyncio
import math
import time
from dataclasses import dataclass, field
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


async def run_load(base_url: str, scenario: Scenario, profile: LoadProfile) -> LoadResult:
    """Drive `scenario` from `profile.concurrency` connections; returns what the measured window saw."""
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
    # Each request has its own timeout; this bounds the whole run even if one hangs past it.
    limit = profile.warmup_s + profile.duration_s + REQUEST_TIMEOUT_S + 10
    await asyncio.wait_for(asyncio.gather(*connections), timeout=limit)
    finished = time.perf_counter()
    result.elapsed_s = finished - measure_from
    result.generator_cpu = (time.process_time() - cpu_started) / (finished - started)
    return result


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
