"""Exporting the book to xlsx: phones masked, money in yuan, no remark runs as a formula, and the file
imports back as the same customers."""

from __future__ import annotations

import csv
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select, update

from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.models import Customer
from guide_app.book.search import CustomerQuery, SortKey
from guide_app.book.store import Book, open_book
from guide_app.book.tags import customer_tags, personal_tag, tag_customer
from guide_app.timeutil import local
from guide_app.xlsx.exporting import export_customers
from guide_app.xlsx.importing import ImportMode, apply_import, read_workbook

HEADERS = [
    "姓名",
    "手机",
    "企微备注",
    "生日",
    "性别",
    "标签",
    "客户阶段",
    "累计消费(元)",
    "最近购买",
    "添加时间",
]
HOSTILE_REMARK = '=HYPERLINK("http://example.invalid","点我")'
BOUGHT_AT = datetime(2024, 5, 1, 18, 0, tzinfo=UTC)
ADDED_AT = datetime(2023, 6, 1, 3, 0, tzinfo=UTC)


@pytest.fixture
def filled_book(book: Book) -> Book:
    with book.writing() as session:
        zhang = add_customer(
            session,
            CustomerFields(
                name="张三",
                phone="13800138000",
                wecom_remark=HOSTILE_REMARK,
                birthday=date(1990, 5, 3),
                gender="male",
                added_at=ADDED_AT,
            ),
        )
        add_customer(session, CustomerFields(name="李四", wecom_remark="-减肥中", gender="female"))
        add_customer(
            session, CustomerFields(name="王芳", phone="021-6123 4567", wecom_remark="王姐-0512-羽绒服M")
        )
        for tag in ("老客", "VIP"):
            tag_customer(session, zhang, personal_tag(session, tag))
        session.execute(
            update(Customer)
            .where(Customer.id == zhang)
            .values(
                monetary_fen=129900, purchase_count=2, last_purchase_at=BOUGHT_AT, lifecycle_stage="active"
            )
        )
    return book


def shown_by_libreoffice(soffice: str, path: Path, tmp_path: Path) -> dict[str, list[str]]:
    """Each row as LibreOffice shows it, keyed by its first cell (the file saved as csv)."""
    # 44,34,76: comma-separated, double quotes, UTF-8; cells are written as the program shows them.
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    with path.with_suffix(".csv").open(encoding="utf-8") as shown:
        return {row[0]: row for row in csv.reader(shown)}


def _read(path: Path) -> list[list[openpyxl.cell.Cell]]:
    return [list(row) for row in openpyxl.load_workbook(path).active.iter_rows()]


def _values(rows: list[list[openpyxl.cell.Cell]]) -> dict[str, list[object]]:
    return {row[0].value: [cell.value for cell in row] for row in rows[1:]}


def test_the_export_masks_phones_and_writes_money_dates_and_tags(filled_book: Book, tmp_path: Path) -> None:
    path = tmp_path / "客户.xlsx"
    assert export_customers(filled_book, None, path) == 3
    rows = _read(path)
    assert [cell.value for cell in rows[0]] == HEADERS
    assert all(cell.font.b for cell in rows[0])
    zhang = _values(rows)["张三"]
    assert zhang[1] == "138****8000"
    assert zhang[3:8] == [datetime(1990, 5, 3), "男", "VIP、老客", "活跃", 1299]
    assert [moment.date() for moment in zhang[8:]] == [local(BOUGHT_AT).date(), local(ADDED_AT).date()]
    amount = rows[1 + [row[0].value for row in rows[1:]].index("张三")][7]
    assert (amount.data_type, amount.number_format) == ("n", "0.00")
    assert _values(rows)["王芳"][1] == "021****4567"
    assert _values(rows)["李四"][1:8] == [None, "-减肥中", None, "女", None, "新客", 0]  # None: empty cell


def test_a_remark_that_looks_like_a_formula_is_written_as_text(filled_book: Book, tmp_path: Path) -> None:
    path = tmp_path / "客户.xlsx"
    export_customers(filled_book, None, path)
    remarks = {row[0].value: row[2] for row in _read(path)[1:]}
    assert remarks["张三"].value == HOSTILE_REMARK  # no apostrophe shown in the cell
    assert remarks["张三"].data_type == "s"  # a string cell, not a formula ("f")
    assert remarks["张三"].quotePrefix  # stays text when the manager edits the cell
    assert (remarks["李四"].value, remarks["李四"].data_type) == ("-减肥中", "s")


def test_full_phones_only_when_asked(filled_book: Book, tmp_path: Path) -> None:
    path = tmp_path / "full.xlsx"
    export_customers(filled_book, None, path, full_phones=True)
    phones = {name: values[1] for name, values in _values(_read(path)).items()}
    assert phones == {"张三": "13800138000", "李四": None, "王芳": "02161234567"}


def test_a_filtered_list_exports_what_the_list_shows_in_its_order(filled_book: Book, tmp_path: Path) -> None:
    path = tmp_path / "filtered.xlsx"
    assert export_customers(filled_book, CustomerQuery(text="zs", limit=1, offset=5), path) == 1
    assert list(_values(_read(path))) == ["张三"]  # paging is a screen's matter, not the file's
    assert export_customers(filled_book, CustomerQuery(sort=SortKey.name), path) == 3
    assert list(_values(_read(path))) == ["李四", "王芳", "张三"]  # by pinyin: li, wang, zhang


def test_the_header_is_frozen_and_columns_are_wide_enough(filled_book: Book, tmp_path: Path) -> None:
    path = tmp_path / "客户.xlsx"
    export_customers(filled_book, None, path)
    sheet = openpyxl.load_workbook(path).active
    assert sheet.freeze_panes == "A2"
    assert sheet.column_dimensions["B"].width >= len("138****8000")
    assert not list(tmp_path.glob("*.partial"))


def test_an_empty_book_exports_just_the_header(book: Book, tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    assert export_customers(book, None, path) == 0
    assert [[cell.value for cell in row] for row in _read(path)] == [HEADERS]


def test_a_manager_opening_the_file_in_a_spreadsheet_sees_text_and_yuan(
    soffice: str, filled_book: Book, tmp_path: Path
) -> None:
    path = tmp_path / "customers.xlsx"
    export_customers(filled_book, None, path)
    rows = shown_by_libreoffice(soffice, path, tmp_path)
    assert rows["姓名"] == HEADERS
    assert rows["张三"][1:8] == [
        "138****8000",
        HOSTILE_REMARK,  # shown as text, not run, and without an apostrophe
        "1990-05-03",
        "男",
        "VIP、老客",
        "活跃",
        "1299.00",
    ]
    assert rows["张三"][8:] == [local(BOUGHT_AT).date().isoformat(), local(ADDED_AT).date().isoformat()]
    assert rows["李四"][2] == "-减肥中" and rows["李四"][7] == "0.00"


HOSTILE = [
    ("+李雷", "=1+1", "male"),
    ("@王芳", "-减肥中", "female"),
    ('=HYPERLINK("http://example.invalid")', "@SUM(A1:A9)", ""),
    ("赵\t六", "备注\t带制表符", "female"),
]


def _book_snapshot(book: Book) -> set[tuple[object, ...]]:
    with book.reading() as session:
        return {
            (
                customer.name,
                customer.phone,
                customer.wecom_remark,
                customer.birthday,
                customer.gender,
                frozenset(tag.name for tag in customer_tags(session, customer.id)),
            )
            for customer in session.execute(select(Customer)).scalars()
        }


def test_an_exported_book_imports_back_as_the_same_customers(
    book: Book, tmp_path: Path, shanghai_clock: None
) -> None:
    with book.writing() as session:
        for number, (name, remark, gender) in enumerate(HOSTILE):
            customer = add_customer(
                session,
                CustomerFields(
                    name=name,
                    phone=f"1380013800{number}",
                    wecom_remark=remark,
                    birthday=date(1990, 5, 3 + number),
                    gender=gender,
                ),
            )
            tag_customer(session, customer, personal_tag(session, f"老客{number}"))
        add_customer(session, CustomerFields(name="查理"))  # no phone, no birthday, no tags
    path = tmp_path / "round-trip.xlsx"
    export_customers(book, None, path, full_phones=True)
    again = open_book(tmp_path / "again" / "book.sqlite3", take_backup=False)
    try:
        plan = read_workbook(path)
        assert plan.problems == [] and plan.notes == []
        assert [column.header for column in plan.ignored] == ["客户阶段", "累计消费(元)", "最近购买"]
        assert apply_import(again, plan, ImportMode.all_or_nothing).imported == len(HOSTILE) + 1
        assert _book_snapshot(again) == _book_snapshot(book)
    finally:
        again.close()


def test_formula_like_text_shows_as_text_without_an_apostrophe_in_libreoffice(
    soffice: str, book: Book, tmp_path: Path
) -> None:
    with book.writing() as session:
        for name, remark, gender in HOSTILE[:2]:
            add_customer(session, CustomerFields(name=name, wecom_remark=remark, gender=gender))
    path = tmp_path / "hostile.xlsx"
    export_customers(book, None, path)
    rows = shown_by_libreoffice(soffice, path, tmp_path)
    assert rows["+李雷"][2] == "=1+1"  # not 2: LibreOffice did not run it
    assert rows["@王芳"][2] == "-减肥中"
