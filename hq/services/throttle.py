"""Sign-in throttles, per client address and for the whole process, with Retry-After.

The lockout (services/auth.py) protects one login; these protect HQ. A flood of sign-ins with
made-up logins from one address, or from many, is refused before it costs a password hash or a
database write, so pushes and feeds keep their latency. The limits live in this process's memory:
with `--workers N`, or N HQ processes behind a load balancer, each process keeps its own (N times
the limits in all). That is by design: they protect a process from a flood, while the lockout that
protects an account counts in the database, across every process.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from hq.core.config import Settings
from hq.core.errors import Throttled


@dataclass
class _Bucket:
    tokens: float
    stamp: float


class TokenBuckets:
    """One token bucket per key: `burst` attempts at once, refilled at `per_minute`. The least
    recently used keys are forgotten beyond `max_keys` (a forgotten key starts full again)."""

    def __init__(self, per_minute: float, burst: int, max_keys: int = 50_000) -> None:
        self.rate = per_minute / 60.0
        self.burst = burst
        self.max_keys = max_keys
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def take(self, key: str, now: float) -> float | None:
        """Spend one token: None when allowed, else the seconds until one is there."""
        bucket = self._buckets.pop(key, None) or _Bucket(float(self.burst), now)
        bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.stamp) * self.rate)
        bucket.stamp = now
        self._buckets[key] = bucket
        if len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return None
        return (1.0 - bucket.tokens) / self.rate


class LoginThrottle:
    def __init__(self, settings: Settings) -> None:
        self.per_address = TokenBuckets(
            settings.login_per_address_per_minute, settings.login_per_address_burst
        )
        self.overall = TokenBuckets(
            settings.login_overall_per_minute, settings.login_overall_burst, max_keys=1
        )
        self._hash_slots = asyncio.Semaphore(settings.login_hash_slots)
        self._waiting = 0
        self._max_waiting = settings.login_hash_queue

    def admit(self, address: str) -> None:
        """Raise Throttled when this address, or HQ as a whole, has signed in too often."""
        now = time.monotonic()
        wait = self.per_address.take(address, now)
        if wait is not None:
            raise _throttled("too many sign-ins from this computer's network", wait)
        wait = self.overall.take("", now)
        if wait is not None:
            raise _throttled("HQ is handling many sign-ins right now", wait)

    def refuse_if_busy(self) -> None:
        """Raise Throttled when every hashing slot is taken and the queue is full. Called before
        an attempt is counted too, so a busy HQ never uses up a login's tries."""
        if self._hash_slots.locked() and self._waiting >= self._max_waiting:
            raise _throttled("HQ is handling many sign-ins right now", 1.0)

    @asynccontextmanager
    async def hashing(self) -> AsyncIterator[None]:
        """A slot to check a password in: a few at a time (each takes ~30 ms of CPU and 19 MiB),
        and a short queue; beyond it the attempt is refused rather than left to wait."""
        self.refuse_if_busy()
        self._waiting += 1
        try:
            await self._hash_slots.acquire()
        finally:
            self._waiting -= 1
        try:
            yield
        finally:
            self._hash_slots.release()


def _throttled(why: str, wait: float) -> Throttled:
    seconds = max(1, math.ceil(wait))
    return Throttled(f"{why}; try again in {seconds} seconds", headers={"Retry-After": str(seconds)})
