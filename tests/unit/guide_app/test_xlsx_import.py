"""Importing a guide's messy workbook: every bad row is reported by number, the good ones land once."""

from __future__ import annotations

import subprocess
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import func, select, update
from sqlmodel import col

from guide_app.book.customers import CustomerFields, add_customer
from guide_app.book.models import Customer, Tag
from guide_app.book.search import CustomerQuery, search_customers
from guide_app.book.store import Book
from guide_app.book.tags import PERSONAL_GROUP_ID, apply_hq_group, customer_tags, personal_tag
from guide_app.errors import GuideError
from guide_app.timeutil import local, utcnow
from guide_app.xlsx.importing import ImportField, ImportMode, apply_import, plan_against_book, read_workbook

HEADER = [
    "手机号码",
    "客户姓名",
    "会员卡号",
    "生日",
    "企微备注",
    "性别",
    "标签",
    "来源渠道",
    "备注",
    "添加时间",
]
LONG_NAME = "欧阳" * 51
LONG_TAG = "标签" * 21
ZHANG_ADDED = datetime(2024, 3, 1, 10, 30)
# Rows 4.. as a guide's file has them (row 3 is the header); [] is an empty row.
# fmt: off
ROWS: list[list[object]] = [
    ["+86 138 0013 8000", "张三", "V001", date(1990, 5, 3), "张三 18段会员", "男", "老客,喜欢黑色",
     "门店扫码", None, ZHANG_ADDED],
    ["138-0013-8001", "王芳", "V002", "1990/5/3", "王姐-0512-羽绒服M", "女", "老客，会员日、双11预热", "直播",
     None, "2023年6月1日"],
    ["１３８００１３８００２", "曾小明", None, 32996, "曾先生 老客 喜欢黑色", "M", "VIP;黑色 尺码L/大客户",
     "直播"],
    [],  # 7
    ["021-6123 4567", "单田芳", None, "1985年12月1日", "介绍人王姐", "female", "", "老带新", "喜欢听评书"],
    [None, "查理", None, None, None, "", None, "朋友圈"],  # no phone: fine
    ["1380013", "赵六"],  # 10
    ["12345678901", "钱七"],
    ["13800138003", "孙八", None, "garbage"],
    ["138 0013 8000", "周九"],  # the phone of row 4 again
    ["139-0013-9000", "李四"],  # already in the book
    [],  # 15
    [],
    ["13800138004", '=B5&"先生"'],  # a formula openpyxl wrote: no saved value, reads blank
    ["13800138005", "吴十", None, None, None, "未知"],
    ["13800138006", LONG_NAME],
    ["13800138007", "郑一", None, "1990/2/30"],  # 20
    ["13800138008", "冯二", None, None, '=B21&"先生"', "F", "银卡 金卡", "", None, "2023-06-01"],
    ["abc", "褚四", None, "1990-13-01"],
    ["13800138009", "卫五", None, None, None, None, LONG_TAG],
    ["13800138010", "蒋六", None, date(2999, 1, 1)],
    [13800138011, "沈七"],  # 25: a phone typed into a number cell
    [13800138012.0, "韩八"],
]
# fmt: on
GOOD = ["张三", "王芳", "曾小明", "单田芳", "查理", "吴十", "冯二", "沈七", "韩八"]
PROBLEMS = [
    (10, "手机号码", "phone '1380013' has 7 digits; a mobile has 11"),
    (11, "手机号码", "phone '12345678901' has 11 digits but 12 is not a mainland mobile prefix (13 to 19)"),
    (12, "生日", "date 'garbage' is not in a known form (e.g. 1990-05-03)"),
    (
        17,
        "客户姓名",
        'formula =B5&"先生" has no saved value (the file was not saved by Excel or WPS); '
        "open and save it there, or type the value",
    ),
    (19, "客户姓名", "the name is longer than 100 characters"),
    (20, "生日", "date '1990/2/30' does not exist (day is out of range for month)"),
    (22, "手机号码", "phone 'abc' has characters other than digits"),
    (22, "生日", "date '1990-13-01' does not exist (month must be in 1..12)"),
    (23, "标签", f"tag '{LONG_TAG}' is longer than 40 characters"),
    (24, "生日", "birthday 2999-01-01 is in the future"),
]
SKIPPED = [(14, "手机号码", "already in the book as 李四")]
MERGED = [(13, "手机号码", "same phone as row 4: merged into it; kept row 4's name 张三 (not 周九)")]


def write_messy_workbook(path: Path) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "客户名单"
    sheet.append(["2024年 朝阳店 客户名单"])
    sheet.merge_cells("A1:J1")
    sheet.append(["导出时间：2024-05-01", None, None, None, None, "导购：小王"])
    sheet.merge_cells("A2:E2")
    sheet.merge_cells("F2:J2")
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    workbook.save(path)
    return path


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    return write_messy_workbook(tmp_path / "客户.xlsx")


@pytest.fixture
def store_book(book: Book) -> Book:
    """A book with HQ's tag groups and one customer (李四) the file also lists."""
    with book.writing() as session:
        apply_hq_group(session, "g-level", "客户等级", True, ["普通", "银卡", "金卡", "黑金"])
        apply_hq_group(session, "g-channel", "来源渠道", False, ["门店扫码", "直播", "小程序", "老带新"])
        apply_hq_group(session, "g-campaign", "活动", False, ["双11预热", "会员日"])
        apply_hq_group(session, "g-store", "门店活动", False, ["会员日"])  # 会员日 twice: ambiguous
        add_customer(session, CustomerFields(name="李四", phone="13900139000"))
    return book


def _problems(problems: list) -> list[tuple[int, str, str]]:
    return [(problem.row, problem.column, problem.reason) for problem in problems]


def _customers(book: Book) -> dict[str, Customer]:
    with book.reading() as session:
        return {customer.name: customer for customer in session.execute(select(Customer)).scalars()}


def _tags_of(book: Book, customer_id: str) -> set[tuple[str, str]]:
    with book.reading() as session:
        return {(tag.name, tag.source) for tag in customer_tags(session, customer_id)}


def _tag_count(book: Book) -> int:
    with book.reading() as session:
        return int(session.execute(select(func.count()).select_from(Tag)).scalar_one())


def test_the_messy_workbook_is_read_row_by_row_with_every_problem_named(messy: Path) -> None:
    plan = read_workbook(messy)
    assert (plan.sheet, plan.header_row) == ("客户名单", 3)
    assert plan.header_of(ImportField.phone) == "手机号码"
    assert [(column.letter, column.header) for column in plan.ignored] == [("C", "会员卡号")]
    assert plan.rows_read == 20  # rows 4-26 less the three empty ones, are passed over in silence
    assert [row.fields.name for row in plan.rows] == [*GOOD[:5], "李四", *GOOD[5:]]  # no book yet
    assert _problems(plan.problems) == PROBLEMS
    assert _problems(plan.merged) == MERGED
    assert plan.problem_rows == 9
    by_name = {row.fields.name: row for row in plan.rows}
    assert [by_name[name].fields.phone for name in ("张三", "王芳", "曾小明", "单田芳", "查理")] == [
        "13800138000",
        "13800138001",
        "13800138002",
        "02161234567",
        None,
    ]
    assert by_name["沈七"].fields.phone == "13800138011"
    assert by_name["韩八"].fields.phone == "13800138012"
    assert {by_name[name].fields.birthday for name in ("张三", "王芳", "曾小明")} == {date(1990, 5, 3)}
    assert by_name["单田芳"].fields.birthday == date(1985, 12, 1)
    assert by_name["吴十"].fields.gender == ""  # 未知: WeCom's word for a hidden gender
    assert by_name["曾小明"].tags == ("VIP", "黑色", "尺码L", "大客户", "直播")  # channel tag last
    assert by_name["王芳"].tags == ("老客", "会员日", "双11预热", "直播")


def test_a_customer_already_in_the_book_is_skipped_not_reported_as_a_problem(
    store_book: Book, messy: Path
) -> None:
    with store_book.reading() as session:
        plan = plan_against_book(session, read_workbook(messy))
    assert _problems(plan.skipped) == SKIPPED
    assert _problems(plan.problems) == PROBLEMS
    assert len(plan.rows) == len(GOOD)
    preview = plan.render()
    assert "20 rows read, 9 to import, 1 merged into an earlier row, 1 skipped, 9 with problems." in preview
    assert "  C 会员卡号 → not imported (no customer field for it)" in preview
    assert "row 13, 手机号码: same phone as row 4: merged into it" in preview
    assert "row 14, 手机号码: already in the book as 李四" in preview


def test_all_or_nothing_writes_nothing_when_a_row_is_bad(store_book: Book, messy: Path) -> None:
    tags_before = _tag_count(store_book)
    result = apply_import(store_book, read_workbook(messy), ImportMode.all_or_nothing)
    assert (result.imported, result.skipped_existing, result.problem_rows) == (0, 0, 9)
    assert _problems(result.problems) == PROBLEMS
    assert set(_customers(store_book)) == {"李四"}
    assert _tag_count(store_book) == tags_before  # not even a personal tag was made
    assert "nothing was imported" in result.render()


def test_good_rows_writes_exactly_the_good_rows_with_their_fields(store_book: Book, messy: Path) -> None:
    result = apply_import(store_book, read_workbook(messy), ImportMode.good_rows)
    assert (result.imported, result.skipped_existing, result.problem_rows) == (9, 1, 9)
    assert _problems(result.problems) == PROBLEMS
    assert _problems(result.skipped) == SKIPPED
    customers = _customers(store_book)
    assert set(customers) == {"李四", *GOOD}
    zhang, wang = customers["张三"], customers["王芳"]
    assert (zhang.phone, zhang.gender, zhang.birthday) == ("13800138000", "male", date(1990, 5, 3))
    assert (zhang.source_channel, zhang.wecom_remark) == ("门店扫码", "张三 18段会员")
    assert local(zhang.added_at).replace(tzinfo=None) == ZHANG_ADDED  # PC local time
    assert local(wang.added_at).date() == date(2023, 6, 1)
    assert customers["单田芳"].notes == "喜欢听评书"
    # A formula openpyxl wrote has no saved value: the remark reads blank and the report says so.
    assert customers["冯二"].wecom_remark == ""
    assert [(note.row, note.column, note.code) for note in result.notes] == [
        (21, "企微备注", "import_formula_value_lost")
    ]
    report = result.render()
    assert "Imported 9 customers, skipped 1 already in the book." in report
    assert "row 10, 手机号码: phone '1380013' has 7 digits; a mobile has 11" in report
    assert "row 14, 手机号码: already in the book as 李四" in report


def test_imported_customers_carry_their_tags_and_the_channel_tag(store_book: Book, messy: Path) -> None:
    apply_import(store_book, read_workbook(messy), ImportMode.good_rows)
    customers = _customers(store_book)
    assert _tags_of(store_book, customers["张三"].id) == {
        ("老客", "personal"),
        ("喜欢黑色", "personal"),
        ("门店扫码", "hq"),  # the channel matched HQ's 来源渠道 tag
    }
    assert _tags_of(store_book, customers["王芳"].id) == {
        ("老客", "personal"),
        ("会员日", "personal"),  # two HQ groups have 会员日: not guessed, kept as the guide's own
        ("双11预热", "hq"),
        ("直播", "hq"),
    }
    assert _tags_of(store_book, customers["查理"].id) == {("朋友圈", "personal")}
    assert _tags_of(store_book, customers["冯二"].id) == {("金卡", "hq")}  # 客户等级 is single-choice
    assert _tags_of(store_book, customers["沈七"].id) == set()


def test_imported_customers_are_found_by_search(store_book: Book, messy: Path) -> None:
    apply_import(store_book, read_workbook(messy), ImportMode.good_rows)
    with store_book.reading() as session:
        old_customer_tag = session.execute(
            select(Tag.id).where(Tag.group_id == PERSONAL_GROUP_ID, Tag.name == "老客")
        ).scalar_one()

        def names(**query: object) -> list[str]:
            return [row.name for row in search_customers(session, CustomerQuery(**query))]

        assert names(text="zxm") == ["曾小明"]
        assert names(text="zs") == ["张三"]
        assert names(text="shantian") == ["单田芳"]
        assert names(text="羽绒服") == ["王芳"]
        assert names(tags_all=[old_customer_tag]) == ["王芳", "张三"]


def test_a_refused_plan_can_then_import_its_good_rows_and_a_second_import_adds_no_phone_twice(
    store_book: Book, messy: Path
) -> None:
    plan = read_workbook(messy)
    assert apply_import(store_book, plan, ImportMode.all_or_nothing).imported == 0
    assert apply_import(store_book, plan, ImportMode.good_rows).imported == 9
    again = apply_import(store_book, plan, ImportMode.good_rows)
    # Rows with a phone are recognised; 查理 has none, so nothing tells him from a namesake.
    assert (again.imported, again.skipped_existing) == (1, 9)
    with store_book.reading() as session:
        assert session.execute(select(func.count()).select_from(Customer)).scalar_one() == 1 + 9 + 1


def test_a_clean_file_imports_whole_with_english_headers(book: Book, tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.create_sheet("second")
    sheet.append(["Name", "Mobile", "Gender", "Birthday", "Tags", "Channel", "Remark"])
    sheet.append(["Lily", "0086 139 1234 5678", "f", "1992-07-08", "VIP", "小程序", "Lily 老客"])
    sheet.append(["王 姐", "13912345679", "male", None, None, None, None])
    workbook.save(tmp_path / "en.xlsx")
    plan = read_workbook(tmp_path / "en.xlsx", sheet="second")
    result = apply_import(book, plan, ImportMode.all_or_nothing)
    assert (result.imported, result.problems) == (2, [])
    lily = _customers(book)["Lily"]
    assert (lily.phone, lily.gender, lily.wecom_remark) == ("13912345678", "female", "Lily 老客")
    assert _tags_of(book, lily.id) == {("VIP", "personal"), ("小程序", "personal")}


def test_a_sheet_without_a_name_column_is_refused(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["手机", "生日"])
    workbook.active.append(["13800138000", "1990-05-03"])
    workbook.save(tmp_path / "no-name.xlsx")
    with pytest.raises(GuideError) as refused:
        read_workbook(tmp_path / "no-name.xlsx")
    assert refused.value.code == "import_no_header"


def test_a_missing_sheet_or_a_file_that_is_not_xlsx_is_refused_clearly(messy: Path, tmp_path: Path) -> None:
    with pytest.raises(GuideError) as missing:
        read_workbook(messy, sheet="Sheet9")
    assert missing.value.code == "import_sheet_missing"
    fake = tmp_path / "customers.xlsx"
    fake.write_text("姓名,手机\n张三,13800138000\n", encoding="utf-8")
    with pytest.raises(GuideError) as not_xlsx:
        read_workbook(fake)
    assert not_xlsx.value.code == "import_not_xlsx"


def test_files_over_30_mb_or_with_too_many_rows_are_refused(
    messy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "huge.xlsx"
    with huge.open("wb") as sparse:
        sparse.truncate(30 * 1024 * 1024 + 1)
    with pytest.raises(GuideError) as too_big:
        read_workbook(huge)
    assert too_big.value.code == "import_too_large" and "30 MB" in too_big.value.message
    # Building a 300,001-row file takes a minute; the cap is the same code path at any size.
    monkeypatch.setattr("guide_app.xlsx.workbook.MAX_ROWS", 20)
    with pytest.raises(GuideError) as too_long:
        read_workbook(messy)
    assert too_long.value.code == "import_too_large" and "20 rows" in too_long.value.message


def test_a_formula_saved_by_a_spreadsheet_program_imports_its_value(
    soffice: str, messy: Path, tmp_path: Path
) -> None:
    # Excel, WPS and LibreOffice save each formula's value with it; data_only reads that value.
    saved = tmp_path / "saved"
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "xlsx",
         "--outdir", str(saved), str(messy)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    plan = read_workbook(saved / messy.name)
    by_name = {row.fields.name: row.fields for row in plan.rows}
    assert by_name["冯二"].wecom_remark == "冯二先生"
    assert by_name["王芳先生"].phone == "13800138004"  # row 17's name is now its formula's value


def test_a_bad_row_does_not_claim_its_phone_from_a_good_row(book: Book, tmp_path: Path) -> None:
    """The guide fixed a typo in a second row: the good row imports, the bad one is reported."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["姓名", "手机号", "生日"])
    sheet.append(["王丽", "13800138000", "明年"])  # row 2: a birthday nobody can read
    sheet.append(["王丽", "13800138000", "1990-05-03"])  # row 3: the same customer, written well
    workbook.save(tmp_path / "typo.xlsx")
    result = apply_import(book, read_workbook(tmp_path / "typo.xlsx"), ImportMode.good_rows)
    assert result.imported == 1
    assert [(problem.row, problem.column) for problem in result.problems] == [(2, "生日")]


def test_an_import_reuses_the_guides_own_tags_and_brings_back_a_removed_one(
    book: Book, tmp_path: Path
) -> None:
    with book.writing() as session:
        kept = personal_tag(session, "老客")
        removed = personal_tag(session, "喜欢黑色")
        session.execute(update(Tag).where(col(Tag.id) == removed).values(deleted_at=utcnow()))
    workbook = openpyxl.Workbook()
    workbook.active.append(["姓名", "手机", "个人标签"])
    workbook.active.append(["王芳", "13800138000", "老客,喜欢黑色"])
    workbook.active.append(["李雷", "13900139000", "喜欢黑色,新来的"])
    workbook.save(tmp_path / "tags.xlsx")
    result = apply_import(book, read_workbook(tmp_path / "tags.xlsx"), ImportMode.all_or_nothing)
    assert result.imported == 2
    customers = _customers(book)
    assert _tags_of(book, customers["王芳"].id) == {("老客", "personal"), ("喜欢黑色", "personal")}
    assert _tags_of(book, customers["李雷"].id) == {("喜欢黑色", "personal"), ("新来的", "personal")}
    with book.reading() as session:
        live = dict(session.execute(select(Tag.name, Tag.id).where(col(Tag.deleted_at).is_(None))).all())
    assert (live["老客"], live["喜欢黑色"]) == (kept, removed)  # the same tags, not copies
    assert _tag_count(book) == 3
