"""Reading workbooks nobody here made: every column accounted for, nothing cut or guessed silently."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from sqlalchemy import select

from guide_app import cli
from guide_app.book.models import Customer
from guide_app.book.store import Book
from guide_app.book.tags import customer_tags
from guide_app.errors import ErrorCode, GuideError
from guide_app.xlsx.columns import ImportField, map_columns
from guide_app.xlsx.importing import ImportMode, apply_import, read_workbook

# The header WeCom's own customer export writes (客户联系 → 导出), in its order.
WECOM_HEADER = [
    "客户名称", "备注", "描述", "添加人", "添加人所在部门", "添加时间", "来源", "企业标签", "个人标签",
    "性别", "企业", "手机号码", "生日",
]  # fmt: skip


def write_sheet(path: Path, rows: list[list[object]], title: str = "客户", *, before: int = 0) -> Path:
    """A workbook with `before` empty sheets, then one sheet holding `rows` (header first)."""
    workbook = openpyxl.Workbook()
    workbook.active.title = "说明" if before else title
    sheet = workbook.active
    for number in range(1, before):
        workbook.create_sheet(f"空{number}")
    if before:
        sheet.append(["本表由门店导出，请勿修改"])
        sheet = workbook.create_sheet(title)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def _problems(problems: list) -> list[tuple[int, str, str]]:
    return [(problem.row, problem.column, problem.code) for problem in problems]


def test_a_wecom_export_maps_every_column_and_names_the_ones_it_leaves_out(tmp_path: Path) -> None:
    path = write_sheet(tmp_path / "wecom.xlsx", [WECOM_HEADER])
    columns = read_workbook(path).columns
    assert [(column.letter, column.header, column.field) for column in columns] == [
        ("A", "客户名称", ImportField.name),
        ("B", "备注", ImportField.notes),
        ("C", "描述", ImportField.notes),
        ("D", "添加人", None),
        ("E", "添加人所在部门", None),
        ("F", "添加时间", ImportField.added_at),
        ("G", "来源", ImportField.source_channel),
        ("H", "企业标签", ImportField.tags),
        ("I", "个人标签", ImportField.personal_tags),
        ("J", "性别", ImportField.gender),
        ("K", "企业", None),
        ("L", "手机号码", ImportField.phone),
        ("M", "生日", ImportField.birthday),
    ]
    assert columns[2].note == "read together with column B (备注)"
    assert columns[10].note == "the book has no company field"


def test_english_headers_are_recognised_in_any_case_and_spacing() -> None:
    columns = map_columns(
        ["  NAME ", "WeCom Remark", "notes", "Mobile Phone", "Date of Birth", "SEX", "Loyalty"]
    )
    assert [column.field for column in columns] == [
        ImportField.name,
        ImportField.wecom_remark,
        ImportField.notes,
        ImportField.phone,
        ImportField.birthday,
        ImportField.gender,
        None,
    ]
    assert columns[-1].note == "no customer field for it"


def test_two_columns_for_one_field_say_which_is_used(tmp_path: Path) -> None:
    columns = map_columns(["昵称", "手机", "姓名", "电话"])
    assert [(column.header, column.field) for column in columns] == [
        ("昵称", None),
        ("手机", ImportField.phone),
        ("姓名", ImportField.name),  # a real name beats a WeChat nickname wherever it stands
        ("电话", None),
    ]
    assert columns[0].note == "also means name; column C (姓名) is used"
    assert columns[3].note == "also means phone; column B (手机) is used"


def test_every_tag_column_feeds_tags_and_personal_tags_stay_personal(book: Book, tmp_path: Path) -> None:
    path = write_sheet(
        tmp_path / "tags.xlsx",
        [
            ["姓名", "标签", "客户标签", "企业标签", "个人标签"],
            ["王芳", "老客", "会员日", "VIP", "爱喝咖啡,会员日"],
        ],
    )
    plan = read_workbook(path)
    assert (plan.rows[0].tags, plan.rows[0].personal_tags) == (
        ("老客", "会员日", "VIP"),
        ("爱喝咖啡", "会员日"),
    )
    apply_import(book, plan, ImportMode.all_or_nothing)
    with book.reading() as session:
        customer_id = session.execute(select(Customer.id)).scalar_one()
        tags = {(tag.name, tag.source) for tag in customer_tags(session, customer_id)}
    assert tags == {
        ("老客", "personal"),
        ("会员日", "personal"),
        ("VIP", "personal"),
        ("爱喝咖啡", "personal"),
    }


def test_notes_from_several_columns_are_kept_whole(tmp_path: Path) -> None:
    long_note = "喜欢黑色，尺码L。" * 300  # 2,700 characters: notes are free text, never cut
    path = write_sheet(tmp_path / "notes.xlsx", [["姓名", "备注", "描述"], ["王芳", long_note, "老客户"]])
    assert read_workbook(path).rows[0].fields.notes == long_note + "\n老客户"


def test_a_remark_longer_than_the_book_keeps_is_reported_not_cut(tmp_path: Path) -> None:
    path = write_sheet(
        tmp_path / "remark.xlsx",
        [["姓名", "WeCom Remark", "来源"], ["王芳", "王" * 201, "门店"], ["李雷", "李", "渠道" * 21]],
    )
    plan = read_workbook(path)
    assert len(plan.rows) == 0
    assert [(problem.row, problem.column, problem.reason) for problem in plan.problems] == [
        (2, "WeCom Remark", "wecom_remark has 201 characters; the book keeps at most 200"),
        (3, "来源", "source_channel has 42 characters; the book keeps at most 40"),
    ]


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("0305", "date '0305' is ambiguous"),
        ("1990", "date '1990' is ambiguous"),
        (1990, "1990 is a number, not a date (as an Excel day number it would be 1905-06-12"),
        (100, "100 is a number, not a date (as an Excel day number it would be 1900-04-09"),
        ("5月3日", "date '5月3日' is not in a known form"),
    ],
)
def test_a_birthday_that_could_mean_several_days_is_refused_with_what_was_written(
    tmp_path: Path, written: object, reason: str
) -> None:
    path = write_sheet(tmp_path / "birthday.xlsx", [["姓名", "生日"], ["王芳", written]])
    (problem,) = read_workbook(path).problems
    assert (problem.row, problem.column) == (2, "生日") and problem.reason.startswith(reason)


def test_a_real_serial_in_a_birthday_column_is_still_read(tmp_path: Path) -> None:
    path = write_sheet(tmp_path / "serial.xlsx", [["姓名", "生日"], ["王芳", 32996], ["李雷", "32996"]])
    assert [row.fields.birthday for row in read_workbook(path).rows] == [date(1990, 5, 3)] * 2


@pytest.mark.parametrize(
    ("word", "gender"),
    [("女性", "female"), ("女士", "female"), ("小姐", "female"), ("男士", "male"), ("先生", "male"),
     ("男性", "male"), ("未知", ""), ("保密", ""), ("M", "male"), ("Female", "female")],
)  # fmt: skip
def test_gender_words_guides_write_are_understood(tmp_path: Path, word: str, gender: str) -> None:
    path = write_sheet(tmp_path / "gender.xlsx", [["姓名", "性别"], ["王芳", word]])
    assert read_workbook(path).rows[0].fields.gender == gender


def test_a_gender_nobody_can_read_is_refused(tmp_path: Path) -> None:
    path = write_sheet(tmp_path / "gender.xlsx", [["姓名", "性别"], ["王芳", "阿姨"]])
    assert _problems(read_workbook(path).problems) == [(2, "性别", ErrorCode.gender_invalid)]


def test_a_totals_line_is_skipped_with_a_note_and_does_not_block_the_import(
    book: Book, tmp_path: Path
) -> None:
    path = write_sheet(
        tmp_path / "totals.xlsx",
        [
            ["姓名", "手机", "消费金额"],
            ["王芳", "13800138000", 100],
            ["李雷", "13800138001", 200],
            ["合计", None, "=SUM(C2:C3)"],
            [None, "总计:", 300],
            [None, None, "=SUBTOTAL(9,C2:C3)"],
            ["合计：2人", None, 300],
        ],
    )
    plan = read_workbook(path)
    assert _problems(plan.skipped) == [(row, "姓名", ErrorCode.import_totals_row) for row in (4, 5, 6, 7)]
    assert (plan.problems, len(plan.rows)) == ([], 2)
    assert apply_import(book, plan, ImportMode.all_or_nothing).imported == 2


def test_a_row_repeated_in_the_file_is_merged_and_reported(book: Book, tmp_path: Path) -> None:
    path = write_sheet(
        tmp_path / "repeat.xlsx",
        [
            ["姓名", "手机", "生日", "标签", "企微备注"],
            ["王芳", "13800138000", None, "老客", "王姐"],
            ["李雷", "13900139000", None, None, None],
            ["王芳", "138-0013-8000", "1990-05-03", "会员日", "王姐-羽绒服"],
            ["李雷", "13900139000", None, None, None],
        ],
    )
    plan = read_workbook(path)
    assert plan.problems == []
    assert [(note.row, note.reason) for note in plan.merged] == [
        (4, "same phone as row 2: merged into it; kept row 2's wecom_remark 王姐 (not 王姐-羽绒服)"),
        (5, "same phone as row 3: merged into it"),
    ]
    wang = plan.rows[0]
    assert (wang.fields.birthday, wang.tags) == (date(1990, 5, 3), ("老客", "会员日"))
    assert apply_import(book, plan, ImportMode.all_or_nothing).imported == 2


def test_an_identical_row_without_a_phone_is_merged_too(tmp_path: Path) -> None:
    path = write_sheet(
        tmp_path / "same.xlsx", [["姓名", "备注"], ["查理", "朋友圈"], ["查理", "朋友圈"], ["查理", "门店"]]
    )
    plan = read_workbook(path)
    assert [row.fields.notes for row in plan.rows] == ["朋友圈", "门店"]  # a namesake is not a repeat
    assert [note.row for note in plan.merged] == [3]


def test_a_hyperlink_formula_without_saved_value_keeps_its_text(tmp_path: Path) -> None:
    path = write_sheet(
        tmp_path / "links.xlsx",
        [
            ["姓名", "企微备注", "备注"],
            [
                '=HYPERLINK("https://crm.example/c/1","王芳")',
                '=HYPERLINK("https://crm.example/c/1")',
                '="VIP"&"客户"',
            ],
        ],
    )
    plan = read_workbook(path)
    row = plan.rows[0].fields
    assert (row.name, row.wecom_remark, row.notes) == ("王芳", "https://crm.example/c/1", "")
    assert _problems(plan.notes) == [
        (2, "姓名", ErrorCode.import_formula_text_kept),
        (2, "企微备注", ErrorCode.import_formula_text_kept),
        (2, "备注", ErrorCode.import_formula_value_lost),
    ]
    assert "left blank" in plan.notes[2].reason


def test_without_a_sheet_named_the_first_sheet_with_a_header_is_read(tmp_path: Path) -> None:
    path = write_sheet(tmp_path / "sheets.xlsx", [["姓名", "手机"], ["王芳", "13800138000"]], before=2)
    plan = read_workbook(path)
    assert (plan.sheet, plan.sheet_note) == ("客户", "the first with a header; '说明', '空1' have none")
    with pytest.raises(GuideError) as missing:
        read_workbook(path, sheet="说明")
    assert missing.value.code == ErrorCode.import_no_header


def test_dry_run_prints_the_mapping_problems_and_merged_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GUIDE_APP_DATA_DIR", str(tmp_path / "data"))
    path = write_sheet(
        tmp_path / "dry.xlsx",
        [
            ["姓名", "手机", "会员卡号"],
            ["王芳", "13800138000", "V1"],
            ["王芳", "13800138000", "V1"],
            ["李雷", "2380013800"],
        ],
        before=1,
    )
    code = cli.main(["book", "import", str(path), "--dry-run", "--login", "guide1"])
    shown = capsys.readouterr().out
    assert code == 1  # a problem row
    assert "Sheet '客户' (the first with a header; '说明' have none), header on row 1." in shown
    assert (
        "  A 姓名 → name\n  B 手机 → phone\n  C 会员卡号 → not imported (no customer field for it)" in shown
    )
    assert "row 4, 手机: phone '2380013800' starts with 2" in shown
    assert "row 3, 手机: same phone as row 2: merged into it" in shown
