"""The requests a benchmark sends: a feed page (HQ or bare) and push batches (new or replayed)."""

from __future__ import annotations

import itertools
from collections import Counter
from urllib.parse import urlencode

import orjson

from tests.bench.clients import Answer, Call
from tests.support.events import sale_event

PUSH_BATCH = 200
FEED_PAGE = 100
PUSH_PATH = "/api/v1/sync/push"
REPLAY_KEPT_PER_GUIDE = 32  # enough distinct bodies to replay without holding every batch in memory


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


class FeedPage:
    """GET one page of changes from the start; a connection signs in as one of `tokens` (none: bare)."""

    def __init__(self, path: str, tokens: list[str]) -> None:
        self.target = f"{path}?{urlencode({'cursor': 0, 'limit': FEED_PAGE})}"
        self.tokens = tokens

    def next_call(self, connection: int) -> Call:
        headers = _bearer(self.tokens[connection % len(self.tokens)]) if self.tokens else {}
        return Call("GET", self.target, headers)

    def check(self, answer: Answer) -> str | None:
        # Status only: parsing every page would spend the generator's CPU, which the server needs.
        return None if answer.status == 200 else f"HTTP {answer.status}: {answer.body[:200]!r}"


class NewSales:
    """POST batches of sales never seen before; each connection pushes as one guide, in turn."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.batch_numbers = itertools.count()
        self.sent: dict[int, list[bytes]] = {guide: [] for guide in range(len(tokens))}

    def next_call(self, connection: int) -> Call:
        guide = connection % len(self.tokens)
        batch = next(self.batch_numbers)
        # Order numbers are unique across guides too, so no sale turns into a dispute.
        events = [sale_event(f"B{batch:06d}-{line:03d}", 1_000 + line) for line in range(PUSH_BATCH)]
        body = orjson.dumps({"events": events})
        if len(self.sent[guide]) < REPLAY_KEPT_PER_GUIDE:
            self.sent[guide].append(body)
        return _push_call(self.tokens[guide], body)

    def check(self, answer: Answer) -> str | None:
        return check_push(answer, "accepted")


class ReplayedSales:
    """POST again batches that `NewSales` pushed, by the same guide: every event is a duplicate."""

    def __init__(self, pushed: NewSales) -> None:
        self.guides = [
            (pushed.tokens[guide], itertools.cycle(bodies)) for guide, bodies in pushed.sent.items() if bodies
        ]
        if not self.guides:
            raise ValueError("nothing was pushed, so there is nothing to replay")

    def next_call(self, connection: int) -> Call:
        token, bodies = self.guides[connection % len(self.guides)]
        return _push_call(token, next(bodies))

    def check(self, answer: Answer) -> str | None:
        return check_push(answer, "duplicate")


def _push_call(token: str, body: bytes) -> Call:
    return Call("POST", PUSH_PATH, {**_bearer(token), "Content-Type": "application/json"}, body)


def check_push(answer: Answer, expected: str) -> str | None:
    """A push answer is 200 with one result per event, each with the status this run expects."""
    if answer.status != 200:
        return f"HTTP {answer.status}: {answer.body[:200]!r}"
    results = orjson.loads(answer.body).get("results", [])
    statuses = Counter(result.get("status") for result in results)
    if len(results) != PUSH_BATCH or statuses[expected] != PUSH_BATCH:
        return f"expected {PUSH_BATCH} {expected}, got {dict(statuses)}"
    return None
