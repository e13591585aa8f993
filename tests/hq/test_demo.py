"""`guide-hq demo`: the seeded chain, its pictures and clips, seeding twice, and a guide's first sync."""

from __future__ import annotations

import asyncio
import hashlib
import io
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.protocol import ContentKind, Role, ScheduleKind
from hq import cli
from hq.core.config import Settings
from hq.core.db import Database
from hq.core.errors import Conflict
from hq.demo import clips as demo_clips
from hq.demo import media as posters
from hq.demo.chain import ADMIN_LOGIN, DEMO_PASSWORD, MANAGERS, STORES
from hq.demo.clips import render_clip
from hq.demo.logins import DemoLogins
from hq.demo.media import POSTER_SIZE, PRODUCT_CARD_SIZE, FontMissing, PosterText, render_poster
from hq.demo.seed import seed_demo
from hq.main import create_app
from hq.models import (
    Account,
    Asset,
    ChangeLog,
    ContentItem,
    HqSetting,
    ManagerTask,
    Region,
    SopTemplate,
    Store,
    TagGroup,
    TaskAssignee,
)
from tests.support.org import seed_org

T = TypeVar("T")

PICTURE_SIZES = {
    ContentKind.poster: POSTER_SIZE,
    ContentKind.image: PRODUCT_CARD_SIZE,
    ContentKind.product_card: PRODUCT_CARD_SIZE,
}


def with_session(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    async def run() -> T:
        database = Database(settings)
        try:
            async with database.reading() as session:
                return await work(session)
        finally:
            await database.dispose()

    return asyncio.run(run())


def seed(settings: Settings) -> DemoLogins:
    async def run() -> DemoLogins:
        database = Database(settings)
        try:
            return await seed_demo(database, settings)
        finally:
            await database.dispose()

    return asyncio.run(run())


@dataclass
class Seeded:
    settings: Settings
    logins: DemoLogins
    seconds: float


@pytest.fixture
def seeded(hq_settings: Settings) -> Seeded:
    started = time.perf_counter()
    logins = seed(hq_settings)
    return Seeded(hq_settings, logins, time.perf_counter() - started)


async def _table_counts(session: AsyncSession) -> dict[str, int]:
    tables = {
        "region": Region,
        "store": Store,
        "account": Account,
        "content": ContentItem,
        "sop": SopTemplate,
        "task": ManagerTask,
        "assignee": TaskAssignee,
        "tag_group": TagGroup,
        "asset": Asset,
        "setting": HqSetting,
        "change": ChangeLog,
    }
    counts = {
        name: int((await session.execute(select(func.count()).select_from(table))).scalar_one())
        for name, table in tables.items()
    }
    for role, number in await session.execute(select(col(Account.role), func.count()).group_by(Account.role)):
        counts[f"role:{role}"] = int(number)
    return counts


def table_counts(settings: Settings) -> dict[str, int]:
    return with_session(settings, _table_counts)


def rows(settings: Settings, table: type[Any]) -> list[Any]:
    async def work(session: AsyncSession) -> list[Any]:
        return list((await session.execute(select(table))).scalars())

    return with_session(settings, work)


# --------------------------------------------------------------------------- what the demo holds


def test_demo_seeds_two_regions_six_stores_and_their_people(seeded: Seeded) -> None:
    counts = table_counts(seeded.settings)
    assert (counts["region"], counts["store"]) == (2, 6)
    assert counts["role:guide"] == 18
    assert counts["role:manager"] == 2
    assert counts["role:hq_admin"] == 1
    guides = [account for account in rows(seeded.settings, Account) if account.role == Role.guide]
    assert sorted(Counter(guide.store_id for guide in guides).values()) == [3] * 6
    assert seeded.logins.created
    print(f"seed_demo on {seeded.settings.sqlalchemy_url.split(':')[0]}: {seeded.seconds:.2f} s")


def test_demo_library_has_every_kind_priced_products_and_scoped_items(seeded: Seeded) -> None:
    items = rows(seeded.settings, ContentItem)
    assert len(items) >= 40
    assert {ContentKind(item.kind) for item in items} == set(ContentKind)
    prices = [item.product["price_fen"] for item in items if item.kind == ContentKind.product_card]
    assert prices and all(199_00 <= price <= 2_999_00 for price in prices)
    assert any(item.valid_from and item.valid_until for item in items)
    assert {item.audience["kind"] for item in items} == {"everyone", "regions", "stores"}
    assert {"双11预热", "会员日", "冬季新品"} <= {item.campaign for item in items}
    scripts = [item for item in items if item.kind == ContentKind.script]
    assert len(scripts) >= 10 and all(len(script.body) >= 60 for script in scripts)


def test_demo_playbook_covers_every_schedule_kind_and_managers_task_their_own_region(seeded: Seeded) -> None:
    templates = rows(seeded.settings, SopTemplate)
    assert {ScheduleKind(template.schedule["kind"]) for template in templates} == set(ScheduleKind)
    assert all(template.content_ids for template in templates)
    groups = {group.name: group for group in rows(seeded.settings, TagGroup)}
    assert {"客户等级", "偏好品类", "尺码", "来源渠道", "活动"} <= set(groups)
    assert groups["客户等级"].single_choice and groups["客户等级"].tags == ["普通", "银卡", "金卡", "黑金"]
    assert rows(seeded.settings, HqSetting)[0].value["attribution_window_days"] == 7

    accounts = {account.id: account for account in rows(seeded.settings, Account)}
    tasks = rows(seeded.settings, ManagerTask)
    assert len(tasks) >= 3
    by_creator = Counter(accounts[task.created_by].login for task in tasks)
    assert all(1 <= by_creator[login] <= 2 for login, _name, _region in MANAGERS)
    assert by_creator[ADMIN_LOGIN] >= 1
    for task in tasks:
        creator = accounts[task.created_by]
        if creator.role == Role.manager:
            assert task.region_id == creator.region_id
        else:
            assert task.region_id is None  # HQ's task spans both regions


def test_demo_pictures_are_stored_under_their_sha256(seeded: Seeded) -> None:
    assets = {asset.sha256: asset for asset in rows(seeded.settings, Asset)}
    filed = [item for item in rows(seeded.settings, ContentItem) if item.asset_sha256]
    assert {ContentKind(item.kind) for item in filed} >= {
        ContentKind.poster,
        ContentKind.image,
        ContentKind.video,
        ContentKind.product_card,
    }
    for item in filed:
        path = seeded.settings.asset_dir / item.asset_sha256[:2] / item.asset_sha256
        data = path.read_bytes()
        assert hashlib.sha256(data).hexdigest() == item.asset_sha256
        assert assets[item.asset_sha256].size == len(data)
        if item.kind in PICTURE_SIZES:
            assert assets[item.asset_sha256].mime == "image/png"
            with Image.open(io.BytesIO(data)) as picture:
                assert (picture.format, picture.size) == ("PNG", PICTURE_SIZES[ContentKind(item.kind)])
        else:
            assert assets[item.asset_sha256].mime == "video/mp4"
            assert data[4:8] == b"ftyp"


def test_seeding_the_demo_twice_adds_nothing(seeded: Seeded) -> None:
    before = table_counts(seeded.settings)
    files_before = sorted(seeded.settings.asset_dir.rglob("*"))
    again = seed(seeded.settings)
    assert not again.created
    assert "nothing was added" in again.render()
    assert table_counts(seeded.settings) == before
    assert sorted(seeded.settings.asset_dir.rglob("*")) == files_before


def test_demo_refuses_a_database_that_holds_another_organisation(hq_settings: Settings) -> None:
    async def seed_other_org() -> None:
        database = Database(hq_settings)
        try:
            await seed_org(database)
        finally:
            await database.dispose()

    asyncio.run(seed_other_org())
    before = table_counts(hq_settings)
    with pytest.raises(Conflict, match="empty --data-dir"):
        seed(hq_settings)
    assert table_counts(hq_settings) == before
    assert not hq_settings.asset_dir.exists()  # refused before writing a single file


# --------------------------------------------------------------------------- through the API


def pull_everything(client: TestClient, headers: dict[str, str]) -> list[dict[str, Any]]:
    changes: list[dict[str, Any]] = []
    cursor = 0
    while True:
        answer = client.get("/api/v1/sync/changes", params={"cursor": cursor, "limit": 500}, headers=headers)
        assert answer.status_code == 200, answer.text
        page = answer.json()
        changes += page["changes"]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            return changes


def test_demo_guide_signs_in_and_pulls_content_sops_and_tasks(seeded: Seeded) -> None:
    guide = STORES[0].guides[0][0]  # a guide of SH001 (华东区)
    with TestClient(create_app(seeded.settings)) as client:
        answer = client.post("/api/v1/auth/login", json={"login": guide, "password": DEMO_PASSWORD})
        assert answer.status_code == 200, answer.text
        headers = {"Authorization": f"Bearer {answer.json()['token']}"}
        changes = pull_everything(client, headers)
        entities = Counter(change["entity"] for change in changes)
        assert {"content", "sop_template", "task", "tag_group", "settings"} <= set(entities)
        titles = {change["data"]["title"] for change in changes if change["entity"] == "content"}
        assert "周末预览会｜南京西路店邀请函" in titles  # for SH001 only
        assert "华南区｜回南天衣物保养提醒" not in titles  # for the other region
        poster = next(
            change["data"]
            for change in changes
            if change["entity"] == "content" and change["data"]["kind"] == "poster"
        )
        download = client.get(f"/api/v1/assets/{poster['asset_sha256']}", headers=headers)
        assert download.status_code == 200
        assert hashlib.sha256(download.content).hexdigest() == poster["asset_sha256"]


# --------------------------------------------------------------------------- the command line


def test_cli_demo_seeds_and_prints_the_logins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GUIDE_HQ_DATABASE_URL", raising=False)
    assert cli.main(["demo", "--data-dir", str(tmp_path / "hq")]) == 0
    printed = capsys.readouterr().out
    for expected in (DEMO_PASSWORD, ADMIN_LOGIN, "mgr.huadong", "sh001.wang", "区嘉欣", "http://127.0.0.1:"):
        assert expected in printed
    assert cli.main(["demo", "--data-dir", str(tmp_path / "hq")]) == 0
    assert "nothing was added" in capsys.readouterr().out


# --------------------------------------------------------------------------- pictures and clips

SAMPLE = PosterText("羽绒服早鸟价", "付定金50元抵150元", "90%白鹅绒，充绒量180g。", 89900, "双11预热")


def test_poster_is_the_same_for_the_same_seed_and_varies_with_it() -> None:
    first = render_poster(SAMPLE, seed=7)
    assert render_poster(SAMPLE, seed=7) == first
    assert render_poster(SAMPLE, seed=8) != first
    with Image.open(io.BytesIO(first)) as picture:
        assert picture.size == POSTER_SIZE


def test_long_chinese_text_wraps_inside_the_width_and_keeps_punctuation_off_line_starts() -> None:
    font = posters._font(32)
    text = "会员日当天到店或在小程序下单，消费即享双倍积分；积分可兑换羊毛围巾、干洗券等礼品。" * 2
    lines = posters.wrap_text(text, font, 400)
    assert "".join(lines) == text
    assert all(line[0] not in "，。；、" for line in lines)
    assert all(font.getlength(line[:-1]) <= 400 for line in lines)


@pytest.fixture
def no_fonts_found(monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setattr(posters, "_fontconfig_candidates", lambda: iter(()))
    posters.find_cjk_font.cache_clear()
    posters._font.cache_clear()
    yield monkeypatch
    posters.find_cjk_font.cache_clear()
    posters._font.cache_clear()


def test_without_a_chinese_font_posters_refuse_and_say_what_to_install(
    no_fonts_found: pytest.MonkeyPatch,
) -> None:
    no_fonts_found.setattr(posters, "FONT_CANDIDATES", ())
    with pytest.raises(FontMissing, match="fonts-wqy-microhei"):
        render_poster(SAMPLE)


def test_a_latin_only_font_is_not_taken_for_a_chinese_one(no_fonts_found: pytest.MonkeyPatch) -> None:
    latin = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # `make deps` installs it
    assert latin.is_file(), "DejaVu Sans missing: run `make deps` (fonts-dejavu-core)"
    no_fonts_found.setattr(posters, "FONT_CANDIDATES", (latin,))
    with pytest.raises(FontMissing):
        posters.find_cjk_font()


def _boxes(data: bytes) -> list[tuple[bytes, int]]:
    """Top-level MP4 boxes as (type, size)."""
    found, offset = [], 0
    while offset < len(data):
        size = int.from_bytes(data[offset : offset + 4], "big")
        found.append((data[offset + 4 : offset + 8], size))
        offset += size
    return found


def test_clip_is_a_fast_start_h264_mp4_with_one_key_frame_per_slide() -> None:
    slides = [render_poster(SAMPLE, seed) for seed in (1, 2)]
    clip = render_clip(slides, seconds_per_slide=2)
    boxes = _boxes(clip)
    assert [kind for kind, _size in boxes] == [b"ftyp", b"moov", b"mdat"]
    assert sum(size for _kind, size in boxes) == len(clip)
    assert b"avc1" in clip and b"avcC" in clip
    stss = clip.index(b"stss")
    assert int.from_bytes(clip[stss + 8 : stss + 12], "big") == len(slides)
    stsz = clip.index(b"stsz")
    assert int.from_bytes(clip[stsz + 12 : stsz + 16], "big") == 2 * demo_clips.CLIP_FPS * len(slides)
