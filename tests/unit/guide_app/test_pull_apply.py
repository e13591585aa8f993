"""Applying feed pages: the book ends as HQ says, whatever runs of edits a page holds."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

import pytest

from guide_app.book.models import ContentAsset, Task
from guide_app.book.store import Book
from guide_app.protocol import ChangesPage, LifecycleStage, ScheduleKind, SopPublic
from guide_app.sync.client import MalformedAnswer
from guide_app.sync.pull import apply_page, check_page, read_cursor

STAMP = "2026-11-20T06:30:00Z"
SHA_A, SHA_B = hashlib.sha256(b"a").hexdigest(), hashlib.sha256(b"b").hexdigest()


def _content(
    seq: int, item_id: str, title: str, sha: str | None = None, op: str = "upsert"
) -> dict[str, Any]:
    data = {
        "id": item_id,
        "kind": "poster" if sha else "script",
        "title": title,
        "body": "",
        "tags": [],
        "campaign": "",
        "valid_from": None,
        "valid_until": None,
        "audience": {"kind": "everyone"},
        "asset_sha256": sha,
        "link_url": None,
        "product": None,
        "created_at": STAMP,
        "updated_at": STAMP,
    }
    return {
        "seq": seq,
        "entity": "content",
        "id": item_id,
        "op": op,
        "data": data if op == "upsert" else None,
    }


def _apply(book: Book, changes: list[dict[str, Any]], cursor: int = 0) -> None:
    page = ChangesPage.model_validate(
        {"changes": changes, "next_cursor": changes[-1]["seq"], "has_more": False}
    )
    with book.writing() as session:
        apply_page(session, check_page(page, cursor), page.next_cursor)


def test_a_verified_file_survives_an_edit_but_not_a_new_file(book: Book) -> None:
    poster, other = str(uuid.uuid4()), str(uuid.uuid4())
    _apply(book, [_content(1, poster, "海报", SHA_A), _content(2, other, "海报2", SHA_A)])
    with book.writing() as session:
        for item_id in (poster, other):
            session.get(ContentAsset, item_id).local_path = f"/assets/{SHA_A}"
    _apply(book, [_content(3, poster, "海报（改标题）", SHA_A), _content(4, other, "换图", SHA_B)], cursor=2)
    with book.reading() as session:
        assert session.get(ContentAsset, poster).title == "海报（改标题）"
        assert session.get(ContentAsset, poster).local_path == f"/assets/{SHA_A}"
        assert session.get(ContentAsset, other).local_path is None
        assert session.get(ContentAsset, other).asset_sha256 == SHA_B
        assert read_cursor(session) == 4


def test_runs_of_upserts_and_tombstones_end_in_hq_order(book: Book) -> None:
    item = str(uuid.uuid4())
    _apply(
        book,
        [
            _content(1, item, "v1"),
            _content(2, item, "v2"),
            _content(3, item, "", op="delete"),
            _content(4, item, "v3"),
            {
                "seq": 5,
                "entity": "settings",
                "id": "chain",
                "op": "upsert",
                "data": {"attribution_window_days": 3},
            },
        ],
    )
    with book.reading() as session:
        assert session.get(ContentAsset, item).title == "v3"
    _apply(book, [_content(6, item, "", op="delete")], cursor=5)
    with book.reading() as session:
        assert session.get(ContentAsset, item) is None


def test_a_page_with_one_bad_change_changes_nothing(book: Book) -> None:
    good, bad = _content(1, str(uuid.uuid4()), "好"), _content(2, str(uuid.uuid4()), "坏", "../../etc")
    with pytest.raises(MalformedAnswer):
        _apply(book, [good, bad])
    with book.reading() as session:
        assert session.query(ContentAsset).count() == 0 and read_cursor(session) == 0


def test_a_newer_hqs_extra_fields_at_every_level_are_ignored_and_the_known_ones_kept(book: Book) -> None:
    """An older desktop keeps working against a newer HQ: unknown fields never refuse a page."""
    sop_id, card_id = str(uuid.uuid4()), str(uuid.uuid4())
    sop = {
        "id": sop_id,
        "title": "生日问候",
        "instructions": "",
        "schedule": {"kind": "days_before_birthday", "days": 3, "calendar": "lunar"},
        "rule": {"lifecycle_stages": ["active"], "min_visits": 2},
        "content_ids": [],
        "due_time": "10:00",
        "audience": {"kind": "everyone", "channels": ["wecom"]},
        "active": True,
        "priority": "high",
        "created_at": STAMP,
        "updated_at": STAMP,
    }
    card = _content(2, card_id, "新品卡")
    card["data"].update(
        kind="product_card", product={"sku": "W-1", "name": "羊毛大衣", "price_fen": 129_900, "stock": 3}
    )
    _apply(book, [{"seq": 1, "entity": "sop_template", "id": sop_id, "op": "upsert", "data": sop}, card])
    with book.reading() as session:
        stored = session.get(Task, sop_id)
        assert stored is not None and stored.data == sop  # kept as HQ sent it
        parsed = SopPublic.model_validate(stored.data)
        assert parsed.schedule.kind is ScheduleKind.days_before_birthday and parsed.schedule.days == 3
        assert parsed.rule.lifecycle_stages == [LifecycleStage.active]
        assert session.get(ContentAsset, card_id).data["product"]["price_fen"] == 129_900
        assert read_cursor(session) == 2
