"""The app releases HQ syncs with: the operator's policy, its per-process copy, and the check."""

from __future__ import annotations

import asyncio
import functools
import math
import time
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from guide_app.protocol import PROTOCOL_LEVEL, VERSION, ClientVersions, parse_version
from hq.core.db import Database, dialect_insert, utcnow
from hq.core.errors import HqError, Invalid
from hq.models import ClientVersionPolicy, table_of

#: How long a worker answers from its copy of the policy before reading it again: a change takes
#: effect on every worker within this many seconds, at the cost of one read per worker per period.
POLICY_FRESH_SECONDS = 5.0

NO_MINIMUM = (0, 0, 0)


class ClientTooOld(HqError):
    """The app's release is below the operator's minimum: it may sign in, not sync."""

    status_code = 426
    code = "client_too_old"


class ClientNewerThanHq(HqError):
    """The app speaks a newer protocol than this HQ: refused before anything is read or stored."""

    status_code = 409
    code = "client_newer_than_hq"


@dataclass(frozen=True)
class Policy:
    """The operator's choice. No choice yet: no minimum, and the latest release is HQ's own."""

    minimum: str = "0.0.0"
    latest: str = VERSION
    set_at: datetime | None = None
    set_by: str | None = None

    @functools.cached_property
    def minimum_release(self) -> tuple[int, int, int]:
        return parse_version(self.minimum) or NO_MINIMUM

    def public(self) -> ClientVersions:
        return ClientVersions(
            minimum=self.minimum, latest=self.latest, hq_version=VERSION, hq_protocol=PROTOCOL_LEVEL
        )


def release(text: str, what: str) -> tuple[int, int, int]:
    """`text` as a release, or Invalid saying what a release looks like."""
    parsed = parse_version(text)
    if parsed is None:
        raise Invalid(f"{what} {text[:40]!r} is not a release as MAJOR.MINOR.PATCH, e.g. 0.2.0")
    return parsed


async def read_policy(session: AsyncSession) -> Policy:
    row = (await session.execute(select(ClientVersionPolicy))).scalars().first()
    if row is None:
        return Policy()
    return Policy(minimum=row.minimum, latest=row.latest, set_at=row.set_at, set_by=row.set_by)


async def set_policy(session: AsyncSession, minimum: str, latest: str | None, set_by: str) -> Policy:
    """Set the minimum (and the latest; without one, the current latest or the minimum, whichever
    is newer). Invalid for a text that is not a release, or a latest below the minimum."""
    lowest = release(minimum, "the minimum")
    current = await read_policy(session)
    if latest is None:
        latest = max(current.latest, minimum.strip(), key=lambda text: release(text, "the latest"))
    if release(latest, "the latest") < lowest:
        raise Invalid(f"the latest release {latest.strip()} is older than the minimum {minimum.strip()}")
    chosen = Policy(minimum=minimum.strip(), latest=latest.strip(), set_at=utcnow(), set_by=set_by[:100])
    values = {
        "id": 1,
        "minimum": chosen.minimum,
        "latest": chosen.latest,
        "set_at": chosen.set_at,
        "set_by": chosen.set_by,
    }
    insert = dialect_insert(session, table_of(ClientVersionPolicy)).values(values)
    await session.execute(insert.on_conflict_do_update(index_elements=["id"], set_=values))
    return chosen


class PolicyCache:
    """A worker's copy of the policy, read again when older than `fresh_seconds`: the gate then
    costs a clock read and a tuple comparison per request, and the database one read per period."""

    def __init__(self, database: Database, fresh_seconds: float = POLICY_FRESH_SECONDS) -> None:
        self.database, self.fresh_seconds = database, fresh_seconds
        self._policy = Policy()
        self._read_at = -math.inf
        self._reading = asyncio.Lock()

    async def current(self) -> Policy:
        if time.monotonic() - self._read_at < self.fresh_seconds:
            return self._policy
        async with self._reading:  # one read for a burst of requests, not one each
            if time.monotonic() - self._read_at >= self.fresh_seconds:
                async with self.database.reading() as session:
                    self._policy = await read_policy(session)
                self._read_at = time.monotonic()
        return self._policy

    def forget(self) -> None:
        """Read the policy again at the next request (this worker changed it)."""
        self._read_at = -math.inf


def check_client(policy: Policy, version: bytes | None, protocol: bytes | None) -> None:
    """Refuse a request by the app's headers: a protocol level above HQ's (409), or a release
    below the minimum (426). No protocol header: HQ's level; no release, or one HQ cannot read:
    0.0.0, refused once a minimum is set."""
    if protocol is not None:
        level = int(protocol) if protocol.isdigit() and len(protocol) <= 6 else None
        if level is None:
            raise HqError("X-Guide-Desk-Protocol must be a whole number", code="bad_client_protocol")
        if level > PROTOCOL_LEVEL:
            raise ClientNewerThanHq(
                f"this app speaks protocol level {level}, newer than this HQ's ({VERSION}, level "
                f"{PROTOCOL_LEVEL}); nothing was read or stored. Ask IT to update HQ; the app keeps "
                "the guide's work until then"
            )
    minimum = policy.minimum_release
    if minimum == NO_MINIMUM:
        return
    said = version.decode("latin-1")[:40] if version is not None else ""
    if _release_said(said) < minimum:
        raise ClientTooOld(too_old_detail(policy, said))


@functools.lru_cache(maxsize=256)  # a chain runs a handful of releases: parse each once
def _release_said(text: str) -> tuple[int, int, int]:
    return parse_version(text) or NO_MINIMUM


def too_old_detail(policy: Policy, client_version: str) -> str:
    """HQ's sentence for a refused release (the README quotes it)."""
    who = f"Guide Desk {client_version}" if client_version else "This Guide Desk (it did not say its release)"
    return (
        f"{who} is older than the oldest release HQ syncs with ({policy.minimum}); the latest is "
        f"{policy.latest}. Sales and work stay safely on this PC and go up after the update: in the "
        "app choose Help → Check for updates…, or ask the store manager or IT."
    )


async def set_from_shell(database: Database, minimum: str, latest: str | None, set_by: str) -> Policy:
    """`guide-hq client-versions set`: read, checked and written in one transaction."""
    async with database.writing() as session:
        return await set_policy(session, minimum, latest, set_by)


def refusal_fields(policy: Policy) -> dict[str, str]:
    """What a version refusal carries besides code and detail, so the app can say the releases."""
    return {"minimum": policy.minimum, "latest": policy.latest, "hq_version": VERSION}
