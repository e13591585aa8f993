"""HQ's content library as the HQ workspace publishes it: items, usage, drafts checked, files uploaded."""

from __future__ import annotations

import asyncio
import mimetypes
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from urllib.parse import quote
from uuid import UUID

from guide_app.changes import Area, ChangeNotice, Outcome
from guide_app.errors import ErrorCode, GuideError
from guide_app.protocol import (
    FILE_CONTENT_KINDS,
    AssetPublic,
    Audience,
    AudienceKind,
    ContentCreate,
    ContentKind,
    ContentPublic,
    ContentUpdate,
    ContentUsageCount,
    LifecycleStage,
    ProductInfo,
    RegionPublic,
    StorePublic,
    TagGroupPublic,
)
from guide_app.workspace.session import Workspace

CONTENT = "/content"
#: HQ's largest page of the content list; a chain's library is hundreds of items, a few pages at most.
CONTENT_PAGE = 500
CONTENT_PAGES = 20
#: HQ's default upload limit (hq.core.config max_upload_bytes): a bigger file is refused before it is read.
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
TITLE_LIMIT = 200
BODY_LIMIT = 20_000
CAMPAIGN_LIMIT = 100
SKU_LIMIT = 64
LINK_LIMIT = 2000


@dataclass(frozen=True)
class Library:
    """What the Content page shows: the live items, what guides did with them, and the names the
    editor offers (HQ's tag groups, regions and stores)."""

    items: list[ContentPublic]
    usage: dict[UUID, ContentUsageCount]
    tag_groups: list[TagGroupPublic]
    regions: list[RegionPublic]
    stores: list[StorePublic]


async def read_library(workspace: Workspace) -> Library:
    async with workspace.client() as client:
        items: list[ContentPublic] = []
        for page in range(CONTENT_PAGES):
            batch = await client.get_list(
                CONTENT, ContentPublic, {"offset": page * CONTENT_PAGE, "limit": CONTENT_PAGE}
            )
            items.extend(batch)
            if len(batch) < CONTENT_PAGE:
                break
        usage = await client.get_list(f"{CONTENT}/usage", ContentUsageCount)
        tag_groups = await client.get_list("/tag-groups", TagGroupPublic)
        regions = await client.get_list("/regions", RegionPublic)
        stores = await client.get_list("/stores", StorePublic)
    return Library(items, {count.content_id: count for count in usage}, tag_groups, regions, stores)


# ----------------------------------------------------------------------------------- narrowing


class WhenValid(StrEnum):
    """Which part of the items' validity windows a list shows."""

    any = "any"
    now = "now"  # may be sent today
    expired = "expired"
    future = "future"  # not valid yet


def valid_when(item: ContentPublic, now: datetime) -> WhenValid:
    if item.valid_from is not None and item.valid_from > now:
        return WhenValid.future
    if item.valid_until is not None and item.valid_until <= now:
        return WhenValid.expired
    return WhenValid.now


@dataclass(frozen=True)
class LibraryFilter:
    text: str = ""
    kind: ContentKind | None = None
    campaign: str | None = None
    when: WhenValid = WhenValid.any


def _searchable(item: ContentPublic) -> str:
    words = [item.title, item.body, item.campaign, *item.tags]
    if item.product is not None:
        words += [item.product.name, item.product.sku]
    return "\n".join(words).casefold()


def narrowed(items: list[ContentPublic], wanted: LibraryFilter, now: datetime) -> list[ContentPublic]:
    """The items `wanted` lets through, in HQ's order (newest first)."""
    text = wanted.text.strip().casefold()
    return [
        item
        for item in items
        if (wanted.kind is None or item.kind is wanted.kind)
        and (wanted.campaign is None or item.campaign == wanted.campaign)
        and (wanted.when is WhenValid.any or valid_when(item, now) is wanted.when)
        and (not text or text in _searchable(item))
    ]


def campaigns_of(items: list[ContentPublic]) -> list[str]:
    return sorted({item.campaign for item in items if item.campaign})


# ----------------------------------------------------------------------------------- drafts


class DraftField(StrEnum):
    """The editor's fields a problem is shown under."""

    heading = "heading"
    body = "body"
    file = "file"
    link_url = "link_url"
    sku = "sku"
    product_name = "product_name"
    price = "price"
    campaign = "campaign"
    audience = "audience"
    validity = "validity"


class DraftProblem(StrEnum):
    title_missing = "title_missing"
    title_too_long = "title_too_long"
    one_line_only = "one_line_only"
    body_missing = "body_missing"  # a script is its text
    body_too_long = "body_too_long"
    file_missing = "file_missing"
    file_uploading = "file_uploading"
    link_missing = "link_missing"
    link_invalid = "link_invalid"
    sku_missing = "sku_missing"
    sku_too_long = "sku_too_long"
    product_name_missing = "product_name_missing"
    price_missing = "price_missing"
    campaign_too_long = "campaign_too_long"
    audience_empty = "audience_empty"
    window_reversed = "window_reversed"


@dataclass
class ContentDraft:
    """The editor's fields as typed values; `problems()` says what keeps it from HQ."""

    kind: ContentKind
    title: str = ""
    body: str = ""
    campaign: str = ""
    tags: list[str] = field(default_factory=list)
    audience_kind: AudienceKind = AudienceKind.everyone
    region_ids: list[int] = field(default_factory=list)
    store_ids: list[int] = field(default_factory=list)
    valid_from: datetime | None = None  # aware
    valid_until: datetime | None = None
    stages: list[LifecycleStage] = field(default_factory=list)
    asset_sha256: str | None = None
    uploading: bool = False
    link_url: str = ""
    sku: str = ""
    product_name: str = ""
    price_fen: int | None = None

    def problems(self) -> dict[DraftField, DraftProblem]:
        found: dict[DraftField, DraftProblem] = {}
        for where, problem in (
            (DraftField.heading, _title_problem(self.title.strip())),
            (DraftField.body, self._body_problem()),
            (DraftField.file, self._file_problem()),
            (DraftField.link_url, self._link_problem()),
            (
                DraftField.campaign,
                _line_problem(self.campaign.strip(), CAMPAIGN_LIMIT, DraftProblem.campaign_too_long),
            ),
            (DraftField.audience, self._audience_problem()),
            (DraftField.validity, self._window_problem()),
            *self._product_problems(),
        ):
            if problem is not None:
                found[where] = problem
        return found

    def _body_problem(self) -> DraftProblem | None:
        if self.kind is ContentKind.script and not self.body.strip():
            return DraftProblem.body_missing
        return DraftProblem.body_too_long if len(self.body.strip()) > BODY_LIMIT else None

    def _file_problem(self) -> DraftProblem | None:
        if self.kind not in FILE_CONTENT_KINDS:
            return None
        if self.uploading:
            return DraftProblem.file_uploading
        return DraftProblem.file_missing if not self.asset_sha256 else None

    def _link_problem(self) -> DraftProblem | None:
        if self.kind is not ContentKind.link:
            return None
        url = self.link_url.strip()
        if not url:
            return DraftProblem.link_missing
        plain = url.lower().startswith(("http://", "https://")) and len(url) > len("https://")
        if not plain or any(character.isspace() for character in url) or len(url) > LINK_LIMIT:
            return DraftProblem.link_invalid
        return None

    def _product_problems(self) -> list[tuple[DraftField, DraftProblem | None]]:
        if self.kind is not ContentKind.product_card:
            return []
        sku = self.sku.strip()
        sku_problem = (
            DraftProblem.sku_missing if not sku else _line_problem(sku, SKU_LIMIT, DraftProblem.sku_too_long)
        )
        name = self.product_name.strip()
        name_problem = DraftProblem.product_name_missing if not name else _title_problem(name)
        price_problem = DraftProblem.price_missing if self.price_fen is None else None
        return [
            (DraftField.sku, sku_problem),
            (DraftField.product_name, name_problem),
            (DraftField.price, price_problem),
        ]

    def _audience_problem(self) -> DraftProblem | None:
        if self.audience_kind is AudienceKind.regions and not self.region_ids:
            return DraftProblem.audience_empty
        if self.audience_kind is AudienceKind.stores and not self.store_ids:
            return DraftProblem.audience_empty
        return None

    def _window_problem(self) -> DraftProblem | None:
        if self.valid_from and self.valid_until and self.valid_until <= self.valid_from:
            return DraftProblem.window_reversed
        return None

    # ------------------------------------------------------------------------------- to HQ

    def _audience(self) -> Audience:
        if self.audience_kind is AudienceKind.regions:
            return Audience(kind=AudienceKind.regions, region_ids=self.region_ids)
        if self.audience_kind is AudienceKind.stores:
            return Audience(kind=AudienceKind.stores, store_ids=self.store_ids)
        return Audience()

    def _product(self) -> ProductInfo | None:
        if self.kind is not ContentKind.product_card or self.price_fen is None:
            return None
        return ProductInfo(sku=self.sku.strip(), name=self.product_name.strip(), price_fen=self.price_fen)

    def _fields(self) -> dict[str, object]:
        return {
            "title": self.title.strip(),
            "body": self.body.strip(),
            "tags": list(dict.fromkeys(self.tags)),
            "campaign": self.campaign.strip(),
            "valid_from": self.valid_from,
            "valid_until": self.valid_until,
            "audience": self._audience(),
            "asset_sha256": self.asset_sha256 if self.kind in FILE_CONTENT_KINDS else None,
            "link_url": self.link_url.strip() if self.kind is ContentKind.link else None,
            "product": self._product(),
            "stages": [stage for stage in LifecycleStage if stage in self.stages],
        }

    def to_create(self) -> ContentCreate:
        return ContentCreate(kind=self.kind, **self._fields())

    def to_update(self) -> ContentUpdate:
        """Every editable field, so the item becomes what the editor shows (its kind stays)."""
        return ContentUpdate(**self._fields())


def _line_problem(text: str, limit: int, too_long: DraftProblem) -> DraftProblem | None:
    if any(ord(character) < 0x20 or ord(character) == 0x7F for character in text):
        return DraftProblem.one_line_only
    return too_long if len(text) > limit else None


def _title_problem(title: str) -> DraftProblem | None:
    if not title:
        return DraftProblem.title_missing
    return _line_problem(title, TITLE_LIMIT, DraftProblem.title_too_long)


def draft_of(item: ContentPublic) -> ContentDraft:
    """An item as the editor starts from it."""
    product = item.product
    return ContentDraft(
        kind=item.kind,
        title=item.title,
        body=item.body,
        campaign=item.campaign,
        tags=list(item.tags),
        audience_kind=item.audience.kind,
        region_ids=list(item.audience.region_ids),
        store_ids=list(item.audience.store_ids),
        valid_from=item.valid_from,
        valid_until=item.valid_until,
        stages=list(item.stages),
        asset_sha256=item.asset_sha256,
        link_url=item.link_url or "",
        sku=product.sku if product else "",
        product_name=product.name if product else "",
        price_fen=product.price_fen if product else None,
    )


def _checked(draft: ContentDraft) -> None:
    problems = draft.problems()
    if problems:
        where, problem = next(iter(problems.items()))
        raise GuideError(f"{where.value}: {problem.value}", code=ErrorCode.invalid_input, problems=problems)


# ----------------------------------------------------------------------------------- writes


async def publish_content(workspace: Workspace, draft: ContentDraft) -> Outcome[ContentPublic]:
    _checked(draft)
    async with workspace.client() as client:
        created = await client.send("POST", CONTENT, ContentPublic, draft.to_create())
    assert created is not None
    return Outcome(created, ChangeNotice.of(Area.library))


async def update_content(
    workspace: Workspace, content_id: UUID, draft: ContentDraft
) -> Outcome[ContentPublic]:
    _checked(draft)
    async with workspace.client() as client:
        updated = await client.send("PATCH", f"{CONTENT}/{content_id}", ContentPublic, draft.to_update())
    assert updated is not None
    return Outcome(updated, ChangeNotice.of(Area.library))


async def retire_content(workspace: Workspace, content_id: UUID) -> Outcome[None]:
    """Withdraw an item: guides' apps drop it at their next sync; its usage counts stay."""
    async with workspace.client() as client:
        await client.send("DELETE", f"{CONTENT}/{content_id}", None)
    return Outcome(None, ChangeNotice.of(Area.library))


def _file_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise GuideError(
            f"cannot read {path.name}: {error}", code=ErrorCode.content_file_unreadable
        ) from error
    if size == 0:
        raise GuideError(f"{path.name} is empty", code=ErrorCode.content_file_empty)
    if size > MAX_UPLOAD_BYTES:
        raise GuideError(f"{path.name} is larger than HQ takes", code=ErrorCode.content_file_too_large)
    try:
        return path.read_bytes()
    except OSError as error:
        raise GuideError(
            f"cannot read {path.name}: {error}", code=ErrorCode.content_file_unreadable
        ) from error


async def upload_file(workspace: Workspace, path: Path) -> AssetPublic:
    """Send a file to HQ's asset store; the same bytes always give the same sha256, so choosing a
    file twice stores it once. The file is read on a thread of its own, never the caller's loop."""
    content = await asyncio.to_thread(_file_bytes, path)
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    async with workspace.client() as client:
        return await client.upload(
            "/assets", content, mime, AssetPublic, headers={"X-Filename": quote(path.name)}
        )
