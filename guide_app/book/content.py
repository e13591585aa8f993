"""The content library on the PC: browsing it, filling scripts in for a customer, counting use."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Row, or_, select
from sqlalchemy.orm import Session
from sqlmodel import col

from guide_app.book.models import ContentAsset, Outbox
from guide_app.book.timeline import InteractionKind, log_interaction
from guide_app.errors import ErrorCode, NotFound
from guide_app.protocol import ContentAction, ContentUsageBody, EventKind
from guide_app.timeutil import utcnow


@dataclass(frozen=True, slots=True)
class LibraryItem:
    id: str
    kind: str
    title: str
    campaign: str
    valid_until: datetime | None
    local_path: str | None


def library(session: Session, now: datetime, kind: str | None = None, text: str = "") -> list[LibraryItem]:
    """Items valid at `now` (expired and not-yet-started ones are hidden), newest campaigns first."""
    query = select(
        col(ContentAsset.id),
        col(ContentAsset.kind),
        col(ContentAsset.title),
        col(ContentAsset.campaign),
        col(ContentAsset.valid_until),
        col(ContentAsset.local_path),
    ).where(
        or_(col(ContentAsset.valid_from).is_(None), col(ContentAsset.valid_from) <= now),
        or_(col(ContentAsset.valid_until).is_(None), col(ContentAsset.valid_until) > now),
    )
    if kind:
        query = query.where(col(ContentAsset.kind) == kind)
    for word in text.split():
        query = query.where(
            or_(col(ContentAsset.title).contains(word), col(ContentAsset.campaign).contains(word))
        )
    rows = session.execute(query.order_by(col(ContentAsset.updated_at).desc(), col(ContentAsset.id)))
    return [LibraryItem(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class ContentPiece:
    """An item as a task hands it to the guide: what to paste into WeCom, and its file if any."""

    id: str
    kind: str
    title: str
    text: str  # a script's words, a card's blurb, a link's address; empty for a bare poster
    local_path: str | None


def _paste_text(data: dict[str, object]) -> str:
    parts = [str(data.get("body") or "").strip(), str(data.get("link_url") or "").strip()]
    return "\n".join(part for part in parts if part)


def paste_text_of(session: Session, content_id: str) -> str:
    """One item's words to paste, placeholders as HQ wrote them."""
    item = session.get(ContentAsset, content_id)
    if item is None:
        raise NotFound("no such content item", code=ErrorCode.content_missing)
    return _paste_text(item.data or {})


def pieces(session: Session, content_ids: list[str]) -> list[ContentPiece]:
    """The items with these ids still in the library, in the order given (a task's order)."""
    if not content_ids:
        return []
    rows = session.execute(select(ContentAsset).where(col(ContentAsset.id).in_(content_ids))).scalars()
    found = {
        item.id: ContentPiece(item.id, item.kind, item.title, _paste_text(item.data or {}), item.local_path)
        for item in rows
    }
    return [found[content_id] for content_id in content_ids if content_id in found]


def record_usage(session: Session, content_id: str, action: ContentAction, day: date | None = None) -> None:
    """Count one use for HQ, as its own event. HQ adds counts up, so an event is never changed
    after it is written: raising a waiting event's count in place could lose the uses if that
    event was already on its way (HQ keeps the first body it got under an id)."""
    if session.get(ContentAsset, content_id) is None:
        raise NotFound("no such content item", code=ErrorCode.content_missing)
    day = day or utcnow().astimezone().date()
    usage = ContentUsageBody(content_id=uuid.UUID(content_id), action=action, count=1, day=day)
    session.add(
        Outbox(id=str(uuid.uuid4()), kind=EventKind.content_usage.value, body=usage.model_dump(mode="json"))
    )


def record_sent(session: Session, content_id: str, customer_id: str) -> None:
    """The guide sent this poster / card / script to a customer: timeline, touch, and HQ's count."""
    item = session.get(ContentAsset, content_id)
    if item is None:
        raise NotFound("no such content item", code=ErrorCode.content_missing)
    log_interaction(session, customer_id, InteractionKind.content_sent, item.title, content_id=content_id)
    record_usage(session, content_id, ContentAction.sent)


# --------------------------------------------------------------------------- the library as browsed


class Validity(StrEnum):
    """Whether an item may be sent at a moment: HQ's window, as the guide reads it."""

    valid = "valid"
    expired = "expired"  # its valid_until has passed
    not_yet = "not_yet"  # its valid_from is still ahead


def validity_at(valid_from: datetime | None, valid_until: datetime | None, now: datetime) -> Validity:
    if valid_from is not None and valid_from > now:
        return Validity.not_yet
    if valid_until is not None and valid_until <= now:
        return Validity.expired
    return Validity.valid


@dataclass(frozen=True, slots=True)
class Product:
    """A product card's product: what the guide quotes to the customer."""

    sku: str
    name: str
    price_fen: int


@dataclass(frozen=True, slots=True)
class ContentEntry:
    """One item of the cached library with everything its tile and preview show."""

    id: str
    kind: str
    title: str
    body: str
    tags: tuple[str, ...]
    campaign: str
    valid_from: datetime | None
    valid_until: datetime | None
    validity: Validity
    asset_sha256: str | None
    asset_size: int | None
    asset_mime: str | None
    local_path: str | None
    link_url: str | None
    product: Product | None
    updated_at: datetime

    @property
    def paste_text(self) -> str:
        """The words to paste into WeCom: a script's body, a card's blurb and its link."""
        return _paste_text({"body": self.body, "link_url": self.link_url})

    @property
    def has_file(self) -> bool:
        return self.asset_sha256 is not None


@dataclass(frozen=True, slots=True)
class LibraryFilter:
    """What the guide narrowed the library to. Words match title, campaign, body, tags and product."""

    text: str = ""
    kind: str | None = None
    campaign: str | None = None
    tag: str | None = None
    valid_now: bool = True  # off: expired and not-yet-valid items are shown too (marked)


def _product(data: dict[str, Any]) -> Product | None:
    product = data.get("product")
    if not isinstance(product, dict):
        return None
    return Product(
        str(product.get("sku", "")), str(product.get("name", "")), int(product.get("price_fen", 0))
    )


_STREAMED = 32  # rows read at a time by `each_entry`


def _entry(item: ContentAsset | Row[Any], now: datetime) -> ContentEntry:
    data = item.data or {}
    return ContentEntry(
        id=item.id,
        kind=item.kind,
        title=item.title,
        body=str(data.get("body") or ""),
        tags=tuple(str(tag) for tag in data.get("tags") or ()),
        campaign=item.campaign,
        valid_from=item.valid_from,
        valid_until=item.valid_until,
        validity=validity_at(item.valid_from, item.valid_until, now),
        asset_sha256=item.asset_sha256,
        asset_size=item.asset_size,
        asset_mime=data.get("asset_mime") if isinstance(data.get("asset_mime"), str) else None,
        local_path=item.local_path,
        link_url=data.get("link_url") if isinstance(data.get("link_url"), str) else None,
        product=_product(data),
        updated_at=item.updated_at,
    )


def entries(session: Session, now: datetime) -> list[ContentEntry]:
    """Every cached item, valid or not, newest first (the order HQ last changed them)."""
    return list(each_entry(session, now))


def each_entry(session: Session, now: datetime) -> Iterator[ContentEntry]:
    """`entries`, streamed: the first ones come before the rest are read (a screen's first tiles).
    Rows, not ORM objects: at 500 items the identity map and instrumented attributes cost more
    than reading them."""
    table = ContentAsset.__table__  # type: ignore[attr-defined]
    query = select(table).order_by(col(ContentAsset.updated_at).desc(), col(ContentAsset.id))
    for item in session.execute(query.execution_options(yield_per=_STREAMED)):
        yield _entry(item, now)


def _searched_text(entry: ContentEntry) -> str:
    product = entry.product
    parts = [entry.title, entry.campaign, entry.body, *entry.tags]
    if product is not None:
        parts += [product.name, product.sku]
    return "\n".join(parts).casefold()


def matches(entry: ContentEntry, wanted: LibraryFilter) -> bool:
    """Whether an entry passes the guide's filter: every typed word somewhere in its words."""
    if wanted.valid_now and entry.validity is not Validity.valid:
        return False
    if wanted.kind and entry.kind != wanted.kind:
        return False
    if wanted.campaign is not None and entry.campaign != wanted.campaign:
        return False
    if wanted.tag is not None and wanted.tag not in entry.tags:
        return False
    words = wanted.text.casefold().split()
    if not words:
        return True
    searched = _searched_text(entry)
    return all(word in searched for word in words)


# --------------------------------------------------------------------------- placeholders in scripts


@dataclass(frozen=True, slots=True)
class Addressee:
    """What a script needs of the customer it is copied for."""

    name: str = ""
    wecom_remark: str = ""
    gender: str = ""  # guide_app.book.customers.Gender's values: "", "male", "female"


# A guide's remark usually opens with how they address the customer: 王姐-0512, 李先生 老客, 陈小姐.
_REMARK_ADDRESS = re.compile(
    r"^\s*([\u4e00-\u9fff]{1,2}(?:先生|小姐|女士|太太|姐|哥|阿姨|叔|老师|总))(?![\u4e00-\u9fff])"
)
_PLACEHOLDER = re.compile(r"\{([^{}\s]{1,10})\}")
# Said when the book does not know enough to address the customer by name: warm and never wrong.
POLITE_ADDRESS = "亲"


def surname_of(name: str) -> str:
    """The family name of a Chinese name (欧阳 for 欧阳娜娜, 王 for 王丽); "" when it has none."""
    # Imported here: guide_app.book.pinyin loads pypinyin (~60 ms), which the window must not
    # import before its first paint (tests/ui/test_startup_imports.py); a script is filled off it.
    from guide_app.book.pinyin import COMPOUND_SURNAMES

    name = name.strip()
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2]
    if len(name) >= 2 and "\u4e00" <= name[0] <= "\u9fff":
        return name[0]
    return ""


def address_of(customer: Addressee) -> str:
    """How to address the customer: the remark's own form (王姐), else surname and title by gender
    (李先生, 张女士), else the name, else a polite word."""
    found = _REMARK_ADDRESS.match(customer.wecom_remark)
    if found:
        return found.group(1)
    surname = surname_of(customer.name)
    title = {"male": "先生", "female": "女士"}.get(customer.gender)
    if surname and title:
        return surname + title
    return customer.name.strip() or POLITE_ADDRESS


def fill_placeholders(text: str, customer: Addressee) -> str:
    """A script with {称呼} (how to address them), {姓} (family name) and {姓名} (full name) filled
    in for one customer. Missing data falls back politely; an unknown placeholder stays as written."""
    name = customer.name.strip()
    values = {
        "称呼": address_of(customer),
        "姓": surname_of(name) or name,  # "{姓}女士" reads better as "女士" than with a stand-in
        "姓名": name or POLITE_ADDRESS,
    }
    return _PLACEHOLDER.sub(lambda found: values.get(found.group(1), found.group(0)), text)


def has_placeholders(text: str) -> bool:
    return any(found.group(1) in ("称呼", "姓", "姓名") for found in _PLACEHOLDER.finditer(text))
