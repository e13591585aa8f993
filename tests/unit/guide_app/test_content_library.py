"""The content library as browsed: filters, validity, scripts filled in for a customer, one file's retry."""

from __future__ import annotations

import asyncio
import hashlib
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from guide_app.book.content import Addressee, LibraryFilter, Validity, fill_placeholders, surname_of
from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.models import ContentAsset
from guide_app.book.store import Book
from guide_app.calls.content import content_catalogue, fetch_content_file, script_for
from guide_app.errors import ErrorCode
from guide_app.sync.assets import FileState, download_board
from guide_app.sync.client import HqRefused

NOW = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
SCRIPT = "{称呼}您好，双11预热已开始，{姓}女士专享9折～{优惠码}"


def _put(book: Book, title: str, kind: str = "poster", **data: object) -> str:
    item_id = str(uuid.uuid4())
    valid_from = data.pop("valid_from", None)
    valid_until = data.pop("valid_until", None)
    with book.writing() as session:
        session.add(
            ContentAsset(
                id=item_id,
                kind=kind,
                title=title,
                campaign=str(data.get("campaign", "")),
                valid_from=valid_from,  # type: ignore[arg-type]
                valid_until=valid_until,  # type: ignore[arg-type]
                asset_sha256=data.pop("asset_sha256", None),  # type: ignore[arg-type]
                asset_size=data.pop("asset_size", None),  # type: ignore[arg-type]
                data=data,
            )
        )
    return item_id


@pytest.mark.parametrize(
    ("customer", "filled"),
    [
        (
            Addressee("王丽", "王姐-0512-羽绒服M", "female"),
            "王姐您好，双11预热已开始，王女士专享9折～{优惠码}",
        ),
        (
            Addressee("李强", "李先生 老客 喜欢黑色", ""),
            "李先生您好，双11预热已开始，李女士专享9折～{优惠码}",
        ),
        (Addressee("欧阳娜娜", "", "female"), "欧阳女士您好，双11预热已开始，欧阳女士专享9折～{优惠码}"),
        (Addressee("张敏", "张三 18段会员", ""), "张敏您好，双11预热已开始，张女士专享9折～{优惠码}"),
        (Addressee("", "", ""), "亲您好，双11预热已开始，女士专享9折～{优惠码}"),
    ],
)
def test_a_script_copied_for_a_customer_addresses_them_as_the_guide_would(
    customer: Addressee, filled: str
) -> None:
    assert fill_placeholders(SCRIPT, customer) == filled


def test_full_name_and_compound_surnames_fill_in_and_unknown_placeholders_stay() -> None:
    assert fill_placeholders("{姓名}，{门店}见", Addressee("司马光", "", "male")) == "司马光，{门店}见"
    assert surname_of("欧阳娜娜") == "欧阳" and surname_of("欧阳") == "欧" and surname_of("Lily") == ""
    assert fill_placeholders("{姓名}您好", Addressee()) == "亲您好"


def test_filters_narrow_by_kind_campaign_tag_words_and_validity(book: Book) -> None:
    _put(book, "羽绒服海报", campaign="双11预热", tags=["羽绒服", "新品"], body="轻暖鹅绒")
    _put(book, "会员日话术", kind="script", campaign="会员日", tags=["会员日"], body="{称呼}您好")
    _put(book, "旧款海报", campaign="双11预热", valid_until=NOW - timedelta(days=1))
    _put(book, "圣诞海报", campaign="圣诞", valid_from=NOW + timedelta(days=3))

    def titles(wanted: LibraryFilter) -> list[str]:
        return sorted(entry.title for entry in content_catalogue(book, wanted, NOW).entries)

    assert titles(LibraryFilter()) == ["会员日话术", "羽绒服海报"]
    assert titles(LibraryFilter(valid_now=False)) == ["会员日话术", "圣诞海报", "旧款海报", "羽绒服海报"]
    assert titles(LibraryFilter(kind="script")) == ["会员日话术"]
    assert titles(LibraryFilter(campaign="双11预热", valid_now=False)) == ["旧款海报", "羽绒服海报"]
    assert titles(LibraryFilter(tag="新品")) == ["羽绒服海报"]
    assert titles(LibraryFilter(text="鹅绒")) == ["羽绒服海报"]
    assert titles(LibraryFilter(text="会员 您好")) == ["会员日话术"]
    catalogue = content_catalogue(book, LibraryFilter(valid_now=False), NOW)
    marks = {entry.title: entry.validity for entry in catalogue.entries}
    assert marks["旧款海报"] is Validity.expired and marks["圣诞海报"] is Validity.not_yet
    assert catalogue.campaigns == ["会员日", "双11预热", "圣诞"] and catalogue.total == 4


def test_script_for_a_chosen_customer_reads_their_remark(book: Book) -> None:
    script_id = _put(book, "欢迎话术", kind="script", body="{称呼}您好，欢迎到店")
    customer_id = add_customer_in(book, "陈静", "陈小姐 尺码S")
    assert script_for(book, script_id, customer_id) == "陈小姐您好，欢迎到店"
    assert script_for(book, script_id, None) == "{称呼}您好，欢迎到店"


def add_customer_in(book: Book, name: str, remark: str) -> str:
    with book.writing() as session:
        return add_customer(session, CustomerFields(name=name, wecom_remark=remark))


class _RefusingThenServingHq:
    """Refuses the first download with HQ's words, then serves the file."""

    def __init__(self, payload: bytes) -> None:
        self.payload, self.calls = payload, 0

    async def download(self, sha256: str, target: Path, size: int | None, on_progress: object) -> Path:
        self.calls += 1
        if self.calls == 1:
            raise HqRefused("HQ answered 404: asset not found", code=ErrorCode.hq_refused)
        target.parent.mkdir(parents=True, exist_ok=True)
        half = len(self.payload) // 2
        on_progress(half, len(self.payload))  # type: ignore[operator]
        target.write_bytes(self.payload)
        on_progress(len(self.payload), len(self.payload))  # type: ignore[operator]
        return target


def test_a_failed_file_says_why_and_retrying_it_alone_fetches_it(book: Book, tmp_path: Path) -> None:
    payload = b"poster bytes" * 1000
    sha256 = hashlib.sha256(payload).hexdigest()
    item_id = _put(book, "冬季海报", asset_sha256=sha256, asset_size=len(payload))
    hq = _RefusingThenServingHq(payload)
    steps: list[int] = []

    def retry() -> FileState:
        outcome = asyncio.run(
            fetch_content_file(book, hq, tmp_path / "assets", item_id, lambda step: steps.append(step.done))  # type: ignore[arg-type]
        )
        return outcome.value.state

    assert retry() is FileState.failed
    failed = content_catalogue(book, LibraryFilter(), NOW).files[item_id]
    assert failed.state is FileState.failed and "asset not found" in failed.reason
    assert retry() is FileState.ready
    ready = content_catalogue(book, LibraryFilter(), NOW)
    assert ready.files[item_id].state is FileState.ready
    assert Path(ready.entries[0].local_path or "").read_bytes() == payload
    assert steps[-1] == len(payload) and download_board(book).snapshot()[1] == {}


class _WatchedHq:
    """Serves every file in two halves and notes what the library showed in between."""

    def __init__(self, book: Book, files: dict[str, bytes]) -> None:
        self.book, self.files = book, files
        self.seen_midway: list[dict[str, FileState]] = []

    async def download(self, sha256: str, target: Path, size: int | None, on_progress: object) -> Path:
        payload = self.files[sha256]
        on_progress(len(payload) // 2, len(payload))  # type: ignore[operator]
        catalogue = content_catalogue(self.book, LibraryFilter(), NOW)
        self.seen_midway.append({entry.title: catalogue.files[entry.id].state for entry in catalogue.entries})
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(payload)
        return target


def test_during_a_sync_each_file_shows_its_own_progress_and_the_rest_wait(book: Book, tmp_path: Path) -> None:
    from guide_app.sync.assets import fetch_assets

    files = {}
    for title in ("海报甲", "海报乙"):
        payload = title.encode() * 5000
        sha256 = hashlib.sha256(payload).hexdigest()
        files[sha256] = payload
        _put(book, title, asset_sha256=sha256, asset_size=len(payload))
    hq = _WatchedHq(book, files)
    report = asyncio.run(fetch_assets(book, hq, tmp_path / "assets"))  # type: ignore[arg-type]
    assert report.downloaded == 2
    first, second = hq.seen_midway
    assert sorted(first.values()) == [FileState.downloading, FileState.waiting]
    assert sorted(second.values()) == [FileState.downloading, FileState.ready]
    after = content_catalogue(book, LibraryFilter(), NOW).files
    assert {progress.state for progress in after.values()} == {FileState.ready}
