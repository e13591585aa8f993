"""Exporting the book to xlsx: phones masked, money in yuan, and no remark runs as a formula."""

from __future__ import annotations

import csv
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import update

from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.models import Customer
from guide_app.book.search import CustomerQuery, SortKey
from guide_app.book.store import Book
from guide_app.book.tags import personal_tag, tag_customer
from guide_app.timeutil import local
from guide_app.xlsx.exporting import export_customers

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
    assert _values(rows)["李四"][1:8] == [None, "'-减肥中", None, "女", None, "新客", 0]  # None: empty cell


def test_a_remark_that_looks_like_a_formula_is_written_as_text(filled_book: Book, tmp_path: Path) -> None:
    path = tmp_path / "客户.xlsx"
    export_customers(filled_book, None, path)
    remarks = {row[0].value: row[2] for row in _read(path)[1:]}
    assert remarks["张三"].value == "'" + HOSTILE_REMARK
    assert remarks["张三"].data_type == "s"  # a string cell, not a formula ("f")
    assert remarks["李四"].value == "'-减肥中"


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
    # 44,34,76: comma-separated, double quotes, UTF-8; cells are written as the program shows them.
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir", str(tmp_path), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    with (tmp_path / "customers.csv").open(encoding="utf-8") as shown:
        rows = {row[0]: row for row in csv.reader(shown)}
    assert rows["姓名"] == HEADERS
    assert rows["张三"][1:8] == [
        "138****8000",
        "'" + HOSTILE_REMARK,
        "1990-05-03",
        "男",
        "VIP、老客",
        "活跃",
        "1299.00",
    ]
    assert rows["张三"][8:] == [local(BOUGHT_AT).date().isoformat(), local(ADDED_AT).date().isoformat()]
    assert rows["李四"][2] == "'-减肥中" and rows["李四"][7] == "0.00"
