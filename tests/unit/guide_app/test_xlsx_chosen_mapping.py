"""An import read with the guide's own column mapping, and what the mapping preview shows."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from guide_app.book.store import Book
from guide_app.calls.imports import apply_import, plan_import
from guide_app.errors import ErrorCode, InvalidInput
from guide_app.xlsx.importing import ImportField, ImportMode


def write_two_sheets(path: Path) -> Path:
    workbook = Workbook()
    notes = workbook.active
    assert notes is not None
    notes.title = "说明"
    notes.append(["本表由门店导出"])
    customers = workbook.create_sheet("客户")
    customers.append(["姓名", "手机", "微信备注", "生日", "标签"])
    customers.append(["王丽", "13800138000", "王姐-0512-羽绒服M", date(1990, 5, 12), "金卡"])
    customers.append(["李强", "13900139000", "李先生 老客", "1990-02-30", "银卡"])
    customers.append(["张敏", 13700137000, "", None, ""])
    customers.append(["陈静", "13600136000", "", None, ""])
    workbook.save(path)
    return path


def test_the_plan_names_every_sheet_and_shows_the_first_rows_under_each_column(
    book: Book, tmp_path: Path
) -> None:
    plan = plan_import(book, write_two_sheets(tmp_path / "in.xlsx"))
    assert plan.sheet == "客户" and plan.sheets == ("说明", "客户")
    by_header = {column.header: plan.samples_of(column) for column in plan.columns}
    assert by_header["姓名"] == ["王丽", "李强", "张敏"]
    assert by_header["手机"] == ["13800138000", "13900139000", "13700137000"]
    assert by_header["生日"] == ["1990-05-12", "1990-02-30", ""]


def test_a_column_the_guide_leaves_out_is_not_read_so_its_bad_dates_are_no_problem(
    book: Book, tmp_path: Path
) -> None:
    path = write_two_sheets(tmp_path / "in.xlsx")
    guessed = plan_import(book, path)
    assert [(problem.row, problem.code, problem.value) for problem in guessed.problems] == [
        (3, ErrorCode.date_invalid, "1990-02-30")
    ]
    birthday = next(column for column in guessed.columns if column.field is ImportField.birthday)
    plan = plan_import(book, path, chosen={birthday.index: None})
    assert plan.problems == [] and len(plan.rows) == 4
    assert next(column for column in plan.columns if column.index == birthday.index).field is None
    assert apply_import(book, plan, ImportMode.all_or_nothing).value.imported == 4


def test_a_column_the_guide_maps_elsewhere_feeds_that_field(book: Book, tmp_path: Path) -> None:
    path = write_two_sheets(tmp_path / "in.xlsx")
    remark = next(column for column in plan_import(book, path).columns if column.header == "微信备注")
    plan = plan_import(book, path, chosen={remark.index: ImportField.notes})
    assert plan.rows[0].fields.notes == "王姐-0512-羽绒服M" and plan.rows[0].fields.wecom_remark == ""


@pytest.mark.parametrize(
    ("chosen", "code"),
    [({0: None}, ErrorCode.name_missing), ({2: ImportField.phone}, ErrorCode.invalid_input)],
)
def test_a_mapping_without_a_name_or_with_one_field_twice_is_refused(
    book: Book, tmp_path: Path, chosen: dict[int, ImportField | None], code: ErrorCode
) -> None:
    with pytest.raises(InvalidInput) as refused:
        plan_import(book, write_two_sheets(tmp_path / "in.xlsx"), chosen=chosen)
    assert refused.value.code is code
