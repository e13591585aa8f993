"""Tags list in HQ's order (客户等级 普通 银卡 金卡 钻石 is a ladder), the guide's own tags by name."""

from __future__ import annotations

import sqlite3
import uuid
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.store import Book, migrate, open_book
from guide_app.book.tags import PersonalTags, all_tags, customer_tags, hq_tag_id, personal_tag, tag_customer
from guide_app.protocol import ChangesPage
from guide_app.sync.pull import apply_page, check_page
from guide_app.xlsx.exporting import export_customers

STAMP = "2026-11-20T06:30:00Z"
LEVELS = ["普通", "银卡", "金卡", "钻石"]  # by name: 普通 金卡 钻石 银卡
SIZES = ["S", "M", "L", "XL"]  # by name: L M S XL


def _group(
    seq: int, group_id: str, name: str, tags: list[str], single_choice: bool = False
) -> dict[str, Any]:
    data = {"id": group_id, "name": name, "single_choice": single_choice, "tags": tags, "updated_at": STAMP}
    return {"seq": seq, "entity": "tag_group", "id": group_id, "op": "upsert", "data": data}


def _pull(book: Book, changes: list[dict[str, Any]], cursor: int = 0) -> None:
    page = ChangesPage.model_validate(
        {"changes": changes, "next_cursor": changes[-1]["seq"], "has_more": False}
    )
    with book.writing() as session:
        apply_page(session, check_page(page, cursor), page.next_cursor)


def _listed(book: Book) -> list[tuple[str, str]]:
    """(group, tag) as the filter panel, the card's tag tab and the bulk tag dialog show them."""
    with book.reading() as session:
        return [(tag.group_name, tag.name) for tag in all_tags(session)]


def test_a_pulled_level_ladder_lists_in_hqs_order(book: Book) -> None:
    _pull(
        book,
        [
            _group(1, str(uuid.uuid4()), "客户等级", LEVELS, single_choice=True),
            _group(2, str(uuid.uuid4()), "尺码", SIZES),
        ],
    )
    assert _listed(book) == [("客户等级", level) for level in LEVELS] + [("尺码", size) for size in SIZES]


def test_a_customers_card_lists_their_tags_in_hqs_order(book: Book) -> None:
    group_id = str(uuid.uuid4())
    categories = ["针织", "外套", "裤装", "配饰"]  # by name: 外套 裤装 配饰 针织
    _pull(book, [_group(1, group_id, "偏好品类", categories)])
    with book.writing() as session:
        customer_id = add_customer(session, CustomerFields(name="王姐"))
        for name in ("配饰", "外套", "针织"):
            tag_customer(session, customer_id, hq_tag_id(group_id, name))
    with book.reading() as session:
        assert [tag.name for tag in customer_tags(session, customer_id)] == ["针织", "外套", "配饰"]


def test_an_export_writes_each_customers_tags_in_hqs_order(book: Book, tmp_path: Path) -> None:
    group_id = str(uuid.uuid4())
    _pull(book, [_group(1, group_id, "偏好品类", ["针织", "外套", "裤装", "配饰"])])
    with book.writing() as session:
        customer_id = add_customer(session, CustomerFields(name="王姐"))
        for name in ("配饰", "针织"):
            tag_customer(session, customer_id, hq_tag_id(group_id, name))
    path = tmp_path / "客户.xlsx"
    assert export_customers(book, None, path) == 1
    header, row = load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True)
    assert row[header.index("标签")] == "针织、配饰"


def test_hq_reordering_a_group_reorders_the_book_at_the_next_pull(book: Book) -> None:
    group_id = str(uuid.uuid4())
    top_first = ["钻石", "金卡", "银卡", "普通"]
    _pull(book, [_group(1, group_id, "客户等级", LEVELS, single_choice=True)])
    _pull(book, [_group(2, group_id, "客户等级", top_first, single_choice=True)], cursor=1)
    assert [name for _group_name, name in _listed(book)] == top_first


def test_a_tag_hq_drops_and_brings_back_returns_at_its_new_place(book: Book) -> None:
    group_id = str(uuid.uuid4())
    _pull(book, [_group(1, group_id, "客户等级", ["普通", "银卡", "金卡"])])
    _pull(book, [_group(2, group_id, "客户等级", ["银卡", "金卡"])], cursor=1)
    assert [name for _group_name, name in _listed(book)] == ["银卡", "金卡"]
    _pull(book, [_group(3, group_id, "客户等级", ["银卡", "金卡", "普通"])], cursor=2)
    assert [name for _group_name, name in _listed(book)] == ["银卡", "金卡", "普通"]


def test_the_guides_own_tags_list_by_name_after_hqs_groups(book: Book) -> None:
    _pull(book, [_group(1, str(uuid.uuid4()), "客户等级", LEVELS, single_choice=True)])
    with book.writing() as session:
        personal_tag(session, "老客")
        imported = PersonalTags(session)  # an import's bulk path writes its own rows
        imported.id_of("爱喝咖啡")
        imported.write_pending()
        personal_tag(session, "VIP")
    assert _listed(book) == [("客户等级", level) for level in LEVELS] + [
        ("个人标签", name) for name in ("VIP", "爱喝咖啡", "老客")
    ]


# --------------------------------------------------------------------------- books made before 0005

_OLD_STAMP = "2026-01-01T00:00:00.000000Z"


def _book_at_0004(path: Path) -> None:
    """A book as the revision-0004 code left it: tag rows in the order the pulls stored them."""
    book = Book(path)
    migrate(book, "0004")
    book.close()
    groups = [
        ("g-level", "客户等级", "hq", 1),
        ("g-size", "尺码", "hq", 0),
        ("personal", "个人标签", "personal", 0),
    ]
    arrivals = [  # first pulls, then HQ appending 钻石 and XL, with the guide's tags in between
        *(("g-level", name) for name in ("普通", "银卡", "金卡")),
        *(("g-size", name) for name in ("S", "M", "L")),
        ("personal", "老客"),
        ("g-level", "钻石"),
        ("personal", "VIP"),
        ("g-size", "XL"),
    ]
    with sqlite3.connect(path) as raw:
        raw.executemany(
            "INSERT INTO tag_group (id, name, source, single_choice, deleted_at, updated_at) "
            "VALUES (?, ?, ?, ?, NULL, ?)",
            [(*group, _OLD_STAMP) for group in groups],
        )
        raw.executemany(
            "INSERT INTO tag (id, group_id, name, deleted_at) VALUES (?, ?, ?, NULL)",
            [(str(uuid.uuid4()), group_id, name) for group_id, name in arrivals],
        )


def test_a_book_from_before_tag_order_lists_hq_tags_in_the_order_it_received_them(tmp_path: Path) -> None:
    path = tmp_path / "book.sqlite3"
    _book_at_0004(path)
    book = open_book(path, take_backup=False)
    try:
        assert _listed(book) == [
            *(("客户等级", level) for level in LEVELS),
            *(("尺码", size) for size in SIZES),
            *(("个人标签", name) for name in ("VIP", "老客")),
        ]
    finally:
        book.close()
