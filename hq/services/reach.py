"""The SOP reach preview: how many customers a rule would reach, by region and store, from the
guides' latest book statistics (counts per stage, RFM segment and HQ tag; no customer data).

Stages and segments select whole cells, so they are exact. Within a cell the statistics keep only
each tag's count, not which customers share tags: one tag condition is exact (a tag's count, or
the cell less it); combined tags, and added_within_days (known per guide, not per cell), are
estimated from shares, assuming they are independent within a cell.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import orjson
from sqlalchemy import Select, Text, cast, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.protocol import (
    AudienceKind,
    AudienceRule,
    ReachCount,
    ReachPreview,
    ReachPreviewRequest,
    Role,
)
from hq.models import Account, BookStats, GuideDayAdded, Region, Store
from hq.services.visibility import Viewer


@dataclass
class _Place:
    """A region or store being summed: its active guides, those reporting, the customers reached."""

    id: int
    name: str
    region_id: int | None = None
    guides: int = 0
    reporting: int = 0
    reached: float = 0.0

    def count(self) -> ReachCount:
        return ReachCount(
            id=self.id,
            name=self.name,
            region_id=self.region_id,
            customers=round(self.reached),
            guides=self.guides,
            guides_reporting=self.reporting,
        )


def is_exact(rule: AudienceRule) -> bool:
    """Whether the preview of this rule is a sum of counts rather than an estimate."""
    tags = len(set(rule.tags_all)) + len(set(rule.tags_any)) + len(set(rule.tags_none))
    return tags <= 1 and rule.added_within_days is None


@dataclass(frozen=True)
class Criteria:
    """A rule prepared once for the thousands of books it is applied to."""

    stages: frozenset[str]
    segments: frozenset[str]
    tags_all: tuple[str, ...]
    tags_any: tuple[str, ...]
    tags_none: tuple[str, ...]
    exact: bool

    @classmethod
    def of(cls, rule: AudienceRule) -> Criteria:
        return cls(
            stages=frozenset(stage.value for stage in rule.lifecycle_stages),
            segments=frozenset(segment.value for segment in rule.rfm_segments),
            tags_all=tuple(sorted(set(rule.tags_all))),
            tags_any=tuple(sorted(set(rule.tags_any))),
            tags_none=tuple(sorted(set(rule.tags_none))),
            exact=is_exact(rule),
        )

    def share(self, customers: int, tags: dict[str, int]) -> float:
        """The share of a cell's customers that pass the tag conditions."""
        share = 1.0
        for tag in self.tags_all:
            share *= tags.get(tag, 0) / customers
        if self.tags_any:
            share *= 1.0 - math.prod(1.0 - tags.get(tag, 0) / customers for tag in self.tags_any)
        for tag in self.tags_none:
            share *= 1.0 - tags.get(tag, 0) / customers
        return share


def reach_of_book(cells: list[dict[str, Any]], criteria: Criteria, added_share: float = 1.0) -> float:
    """Customers of one guide's book the rule reaches (a whole number when it is exact)."""
    reached = 0.0
    for cell in cells:
        if criteria.stages and cell["stage"] not in criteria.stages:
            continue
        if criteria.segments and cell.get("rfm") not in criteria.segments:
            continue
        customers = int(cell["customers"])
        share = criteria.share(customers, cell.get("tags") or {})
        # One condition: the count itself, not n·(count/n), which floating point may blur.
        reached += round(customers * share) if criteria.exact else customers * share
    return reached * added_share


def _stores_in_scope(viewer: Viewer, request: ReachPreviewRequest) -> Select[Any]:
    """The stores the audience names, within a manager's region whatever it says."""
    audience = request.audience
    query = select(col(Store.id))
    if audience.kind is AudienceKind.regions:
        query = query.where(col(Store.region_id).in_(audience.region_ids))
    elif audience.kind is AudienceKind.stores:
        query = query.where(col(Store.id).in_(audience.store_ids))
    if viewer.role is Role.manager:
        query = query.where(col(Store.region_id) == viewer.account.region_id)
    return query


async def _places(session: AsyncSession, stores: Select[Any]) -> tuple[dict[int, _Place], dict[int, _Place]]:
    """The regions and stores in scope, each with its count of active guides."""
    rows = await session.execute(
        select(col(Store.id), col(Store.name), col(Region.id), col(Region.name))
        .join(Region, col(Region.id) == col(Store.region_id))
        .where(col(Store.id).in_(stores))
        .order_by(col(Region.name), col(Store.code))
    )
    regions: dict[int, _Place] = {}
    by_store: dict[int, _Place] = {}
    for store_id, store_name, region_id, region_name in rows:
        assert store_id is not None and region_id is not None  # stored rows
        regions.setdefault(region_id, _Place(region_id, region_name))
        by_store[store_id] = _Place(store_id, store_name, region_id)
    guide_counts = await session.execute(
        select(col(Account.store_id), func.count())
        .where(_active_guide(), col(Account.store_id).in_(stores))
        .group_by(col(Account.store_id))
    )
    for store_id, guides in guide_counts:
        assert store_id is not None  # filtered on
        by_store[store_id].guides = int(guides)
        regions[by_store[store_id].region_id or 0].guides += int(guides)
    return regions, by_store


def _active_guide() -> Any:
    return (col(Account.role) == Role.guide.value) & col(Account.disabled).is_(False)


async def _added_shares(
    session: AsyncSession, stores: Select[Any], books: list[Any], within_days: int
) -> dict[int, float]:
    """Per guide: customers added within the days / customers. The days end on the newest
    statistics' day in scope, so one grouped statement serves every guide."""
    newest = max(date.fromisoformat(day) for _, _, day, _, _ in books)
    cutoff = (newest - timedelta(days=within_days - 1)).isoformat()
    rows = await session.execute(
        select(col(GuideDayAdded.guide_id), func.sum(col(GuideDayAdded.customers)))
        .join(Account, col(Account.id) == col(GuideDayAdded.guide_id))
        .where(_active_guide(), col(Account.store_id).in_(stores), col(GuideDayAdded.day) >= cutoff)
        .group_by(col(GuideDayAdded.guide_id))
    )
    added = {int(guide_id): int(customers) for guide_id, customers in rows}
    return {
        guide_id: min(1.0, added.get(guide_id, 0) / customers) if customers else 0.0
        for guide_id, _, _, customers, _ in books
    }


async def preview(session: AsyncSession, viewer: Viewer, request: ReachPreviewRequest) -> ReachPreview:
    """Customers the rule reaches in the audience, by region and store, from one read of the
    book statistics of the active guides in scope."""
    stores = _stores_in_scope(viewer, request)
    regions, by_store = await _places(session, stores)
    books = list(
        await session.execute(
            select(
                col(BookStats.guide_id),
                col(Account.store_id),
                col(BookStats.day),
                col(BookStats.customers),
                # The text, parsed by orjson: the JSON type's json.loads was half the preview's time.
                cast(col(BookStats.cells), Text),
            )
            .join(Account, col(Account.id) == col(BookStats.guide_id))
            .where(_active_guide(), col(Account.store_id).in_(stores))
        )
    )
    rule = request.rule
    criteria = Criteria.of(rule)
    shares: dict[int, float] = {}
    if rule.added_within_days is not None and books:
        shares = await _added_shares(session, stores, books, rule.added_within_days)
    total = 0.0
    for guide_id, store_id, _, _, cells in books:
        assert store_id is not None  # filtered on
        reached = reach_of_book(orjson.loads(cells), criteria, shares.get(guide_id, 1.0))
        store = by_store[store_id]
        region = regions[store.region_id or 0]
        for place in (store, region):
            place.reporting += 1
            place.reached += reached
        total += reached
    return ReachPreview(
        total=round(total),
        exact=criteria.exact,
        regions=[region.count() for region in regions.values()],
        stores=[store.count() for store in by_store.values()],
        guides=sum(store.guides for store in by_store.values()),
        guides_reporting=len(books),
        oldest_stats_day=min((date.fromisoformat(day) for _, _, day, _, _ in books), default=None),
    )
