"""Seeding the demo chain into an empty HQ database: files first, then one transaction."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.protocol import (
    Audience,
    AudienceKind,
    ContentCreate,
    ContentKind,
    Role,
    SalesTargetSet,
    Schedule,
    ScheduleKind,
    SopCreate,
    TargetScope,
    TaskAssignees,
    TaskCreate,
)
from hq.core.config import Settings
from hq.core.db import Database
from hq.core.errors import Conflict
from hq.core.security import hash_password
from hq.demo.chain import (
    ADMIN_LOGIN,
    ADMIN_NAME,
    CHINA,
    DEMO_PASSWORD,
    GUIDE_TARGET_PERCENT,
    HQ_SETTINGS,
    MANAGERS,
    REGIONS,
    STORE_TARGETS_YUAN,
    STORES,
    TAG_GROUPS,
)
from hq.demo.clips import render_clip
from hq.demo.library import CONTENT, DemoContent
from hq.demo.logins import DemoLogins, demo_logins
from hq.demo.media import render_poster, render_product_card
from hq.demo.playbook import SOPS, TASKS
from hq.models import Account
from hq.services import content, org, playbook_settings, sop, targets, tasks
from hq.services.assets import opened_asset_store, register_asset
from hq.services.visibility import Viewer, load_viewer

# --------------------------------------------------------------------------- files


@dataclass(frozen=True)
class DemoFile:
    name: str
    mime: str
    data: bytes


@lru_cache(maxsize=1)
def demo_files() -> dict[str, DemoFile]:
    """Every picture and clip of the library by content key. Rendering takes about 1.5 s; a process
    that seeds several databases (the tests) renders them once."""
    files: dict[str, DemoFile] = {}
    for seed, item in enumerate(CONTENT):
        if item.picture:
            render = render_poster if item.kind is ContentKind.poster else render_product_card
            files[item.key] = DemoFile(f"{item.key}.png", "image/png", render(item.picture, seed))
        elif item.slides:
            slides = [render_poster(slide, seed + number) for number, slide in enumerate(item.slides)]
            files[item.key] = DemoFile(f"{item.key}.mp4", "video/mp4", render_clip(slides))
    return files


async def _one_chunk(data: bytes) -> AsyncIterator[bytes]:
    yield data


async def _store_files(settings: Settings) -> dict[str, tuple[DemoFile, str, int]]:
    """Render and write the files (outside any transaction); content key -> (file, sha256, size)."""
    files = await asyncio.to_thread(demo_files)
    stored = {}
    async with opened_asset_store(settings) as store:
        for key, demo_file in files.items():
            sha256, size = await store.put(_one_chunk(demo_file.data), settings.max_upload_bytes)
            stored[key] = (demo_file, sha256, size)
    return stored


# --------------------------------------------------------------------------- seeding


@dataclass
class Places:
    """Ids of the seeded regions and stores, by name and code: what audiences and assignees need."""

    region_ids: dict[str, int] = field(default_factory=dict)
    store_ids: dict[str, int] = field(default_factory=dict)

    def audience(self, regions: tuple[str, ...], stores: tuple[str, ...]) -> Audience:
        if regions:
            return Audience(kind=AudienceKind.regions, region_ids=[self.region_ids[name] for name in regions])
        if stores:
            return Audience(kind=AudienceKind.stores, store_ids=[self.store_ids[code] for code in stores])
        return Audience()


async def _demo_present(session: AsyncSession) -> bool:
    """True when the demo was seeded here; Conflict when another organisation's accounts are here."""
    admin = (await session.execute(select(Account).where(col(Account.login) == ADMIN_LOGIN))).scalar()
    if admin is not None:
        return True
    accounts = int((await session.execute(select(func.count()).select_from(Account))).scalar_one())
    if accounts:
        raise Conflict(
            f"this database already holds {accounts} accounts of another organisation; the demo "
            "would mix into it. Seed the demo into an empty --data-dir (or database) instead."
        )
    return False


async def seed_demo(database: Database, settings: Settings) -> DemoLogins:
    """Seed the demo chain into an empty database, in one transaction, and return its logins.

    Seeding again changes nothing (the demo's HQ login is there); a database that holds another
    organisation is refused with Conflict rather than mixed into.
    """
    async with database.reading() as session:
        if await _demo_present(session):
            return demo_logins(created=False)
    stored = await _store_files(settings)
    today = datetime.now(CHINA).date()
    # Every demo account has the one demo password: hashed once, before the write transaction
    # (21 hashes inside it held the write lock 1.4 s).
    password_hash = await asyncio.to_thread(hash_password, DEMO_PASSWORD)
    async with database.writing() as session:
        if await _demo_present(session):  # another seeder won the race meanwhile
            return demo_logins(created=False)
        places = await _seed_org(session, password_hash)
        await _seed_playbook(session)
        admin = await _viewer(session, ADMIN_LOGIN)
        content_ids = await _seed_content(session, admin, stored, places, today)
        await _seed_sops(session, admin, content_ids, places, today)
        await _seed_tasks(session, content_ids, places, today)
        await _seed_targets(session, admin, places, today)
    return demo_logins(created=True)


async def _seed_org(session: AsyncSession, password_hash: str) -> Places:
    places = Places()
    regions = {name: await org.upsert_region(session, name) for name in REGIONS}
    for name, region in regions.items():
        assert region.id is not None
        places.region_ids[name] = region.id
    for store in STORES:
        row = await org.upsert_store(session, store.code, store.name, regions[store.region], city=store.city)
        assert row.id is not None
        places.store_ids[store.code] = row.id
    hashed = {"password_hash": password_hash}
    await org.add_account(session, ADMIN_LOGIN, ADMIN_NAME, Role.hq_admin, DEMO_PASSWORD, **hashed)
    for login, name, region_name in MANAGERS:
        await org.add_account(
            session, login, name, Role.manager, DEMO_PASSWORD, region_name=region_name, **hashed
        )
    for store in STORES:
        for login, name in store.guides:
            await org.add_account(
                session, login, name, Role.guide, DEMO_PASSWORD, store_code=store.code, **hashed
            )
    return places


async def _seed_playbook(session: AsyncSession) -> None:
    """HQ's tag groups and chain settings."""
    for group in TAG_GROUPS:
        await playbook_settings.create_tag_group(session, group)
    await playbook_settings.write_settings(session, HQ_SETTINGS)


async def _viewer(session: AsyncSession, login: str) -> Viewer:
    return await load_viewer(session, await org.find_account(session, login))


def _window(item: DemoContent, today: date) -> tuple[datetime | None, datetime | None]:
    if item.window is None:
        return None, None
    midnight = datetime.combine(today, time(0, 0), CHINA)
    start, end = item.window
    return midnight + timedelta(days=start), midnight + timedelta(days=end + 1)


async def _seed_content(
    session: AsyncSession,
    admin: Viewer,
    stored: dict[str, tuple[DemoFile, str, int]],
    places: Places,
    today: date,
) -> dict[str, uuid.UUID]:
    content_ids: dict[str, uuid.UUID] = {}
    for item in CONTENT:
        sha256 = None
        if item.key in stored:
            demo_file, sha256, size = stored[item.key]
            await register_asset(session, sha256, size, demo_file.mime, demo_file.name)
        valid_from, valid_until = _window(item, today)
        request = ContentCreate(
            kind=item.kind,
            title=item.title,
            body=item.body,
            tags=list(item.tags),
            campaign=item.campaign,
            valid_from=valid_from,
            valid_until=valid_until,
            asset_sha256=sha256,
            link_url=item.link_url,
            product=item.product,
            audience=places.audience(item.regions, item.stores),
            stages=list(item.stages),
        )
        content_ids[item.key] = (await content.create_content(session, admin, request)).id
    return content_ids


async def _seed_sops(
    session: AsyncSession, admin: Viewer, content_ids: dict[str, uuid.UUID], places: Places, today: date
) -> None:
    for template in SOPS:
        schedule = template.schedule
        if not isinstance(schedule, Schedule):
            schedule = Schedule(kind=ScheduleKind.fixed_date, on_date=schedule(today))
        request = SopCreate(
            title=template.title,
            instructions=template.instructions,
            schedule=schedule,
            rule=template.rule,
            content_ids=[content_ids[key] for key in template.content_keys],
            due_time=template.due_time,
            audience=places.audience(template.regions, template.stores),
        )
        await sop.create_sop(session, admin, request)


async def _seed_tasks(
    session: AsyncSession, content_ids: dict[str, uuid.UUID], places: Places, today: date
) -> None:
    """Each manager's tasks for their own stores, and HQ's across both regions; due at 20:00 local time."""
    for task in TASKS:
        creator = await _viewer(session, task.creator)
        due_at = datetime.combine(today + timedelta(days=task.due_in_days), time(20, 0), CHINA)
        assignees = TaskAssignees(
            store_ids=[places.store_ids[code] for code in task.stores],
            region_ids=[places.region_ids[name] for name in task.regions],
        )
        request = TaskCreate(
            title=task.title,
            instructions=task.instructions,
            due_at=due_at,
            content_ids=[content_ids[key] for key in task.content_keys],
            rule=task.rule,
            target_count=task.target_count,
            assignees=assignees,
        )
        await tasks.create_task(session, creator, request)


async def _seed_targets(session: AsyncSession, admin: Viewer, places: Places, today: date) -> None:
    """This month's targets: HQ sets each store's, the region's manager each guide's share of it."""
    month = today.strftime("%Y-%m")
    managers = {region: await _viewer(session, login) for login, _name, region in MANAGERS}
    for store in STORES:
        store_fen = STORE_TARGETS_YUAN[store.code] * 100
        store_target = SalesTargetSet(
            scope=TargetScope.store,
            subject_id=places.store_ids[store.code],
            month=month,
            amount_fen=store_fen,
        )
        await targets.set_target(session, admin, store_target)
        for (login, _name), percent in zip(store.guides, GUIDE_TARGET_PERCENT, strict=True):
            guide = await org.find_account(session, login)
            assert guide.id is not None  # a stored row's key
            share = SalesTargetSet(
                scope=TargetScope.guide,
                subject_id=guide.id,
                month=month,
                amount_fen=store_fen * percent // 100,
            )
            await targets.set_target(session, managers[store.region], share)
