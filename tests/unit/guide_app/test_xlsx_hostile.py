"""Hostile and broken workbooks are refused with a plain message, before they cost memory or time."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from guide_app.errors import ErrorCode, GuideError
from guide_app.xlsx.importing import read_workbook
from guide_app.xlsx.workbook import StringTable

SHEET = "xl/worksheets/sheet1.xml"


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
TYPES = "application/vnd.openxmlformats-officedocument.spreadsheetml"
# A workbook as Excel lays it out (openpyxl writes inline strings instead of a shared table).
PARTS = {
    "[Content_Types].xml": f"""<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="{TYPES}.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{TYPES}.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="{TYPES}.sharedStrings+xml"/></Types>""",
    "_rels/.rels": f"""<Relationships xmlns="{PACKAGE_RELS}"><Relationship Id="rId1"
Type="{RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>""",
    "xl/workbook.xml": f"""<workbook xmlns="{MAIN}" xmlns:r="{RELS}"><sheets>
<sheet name="客户" sheetId="1" r:id="rId1"/></sheets></workbook>""",
    "xl/_rels/workbook.xml.rels": f"""<Relationships xmlns="{PACKAGE_RELS}">
<Relationship Id="rId1" Type="{RELS}/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="{RELS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>""",
    "xl/sharedStrings.xml": f"""<sst xmlns="{MAIN}" count="6" uniqueCount="6"><si><t>姓名</t></si>
<si><t>手机</t></si><si><t>备注</t></si><si><t>王芳</t></si><si><t>老客</t></si><si><t>李雷</t></si></sst>""",
    SHEET: f"""<worksheet xmlns="{MAIN}"><sheetData>
<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>
<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>13800138000</v></c><c r="C2" t="s"><v>4</v></c></row>
<row r="3"><c r="A3" t="s"><v>5</v></c><c r="B3"><v>13900139000</v></c><c r="C3"><f>1+1</f><v>2</v></c></row>
</sheetData></worksheet>""",
}


def good_workbook(path: Path) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as package:
        for name, body in PARTS.items():
            package.writestr(name, body.encode())
    return path


def rewritten(source: Path, target: Path, change: Callable[[dict[str, bytes]], None]) -> Path:
    with zipfile.ZipFile(source) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    change(parts)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as package:
        for name, body in parts.items():
            package.writestr(name, body)
    return target


@pytest.fixture
def good(tmp_path: Path) -> Path:
    return good_workbook(tmp_path / "good.xlsx")


def _refusal(path: Path) -> GuideError:
    with pytest.raises(GuideError) as refused:
        read_workbook(path)
    return refused.value


def test_a_zip_bomb_is_refused_by_its_packing_ratio_before_it_is_unpacked(good: Path, tmp_path: Path) -> None:
    row = b'<row><c t="inlineStr"><is><t>' + b"A" * 60 + b"</t></is></c></row>"
    body = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    body += row * (16 * 1024 * 1024 // len(row)) + b"</sheetData></worksheet>"

    def bomb(parts: dict[str, bytes]) -> None:
        parts[SHEET] = body

    path = rewritten(good, tmp_path / "bomb.xlsx", bomb)
    assert path.stat().st_size < 200_000  # 16 MiB of XML packed a few hundred times
    refusal = _refusal(path)
    assert refusal.code == ErrorCode.import_suspicious
    assert f"its part {SHEET} is packed" in refusal.message


def test_a_workbook_that_would_unpack_beyond_the_limit_is_refused(
    good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # 640 MiB of real parts takes minutes to build; the limit is the same comparison at any size.
    monkeypatch.setattr("guide_app.xlsx.workbook.MAX_UNPACKED_BYTES", 1000)
    refusal = _refusal(good)
    assert refusal.code == ErrorCode.import_suspicious and "would unpack to" in refusal.message


def test_a_part_openpyxl_would_hold_whole_is_refused_beyond_its_own_limit(
    good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Styles and the workbook part are read whole into memory; a sheet, streamed, may be far larger.
    monkeypatch.setattr("guide_app.xlsx.workbook.MAX_OTHER_PART_BYTES", 100)
    refusal = _refusal(good)
    assert refusal.code == ErrorCode.import_suspicious
    assert "its part [Content_Types].xml unpacks to" in refusal.message


def _rich_runs(parts: dict[str, bytes]) -> None:
    """Each shared string as LibreOffice saves text that mixes scripts: runs with a font each,
    and a phonetic guide as Excel keeps for Japanese input."""
    run = '<r><rPr><sz val="11"/><rFont val="WenQuanYi Micro Hei"/><family val="2"/></rPr><t>{}</t></r>'
    table = parts["xl/sharedStrings.xml"].decode()
    phonetic = '<rPh sb="0" eb="1"><t>フリガナ</t></rPh>'  # a reading guide, not the cell's text
    for text in ("姓名", "手机", "备注", "王芳", "老客", "李雷"):
        table = table.replace(f"<t>{text}</t>", "".join(run.format(letter) for letter in text) + phonetic)
    parts["xl/sharedStrings.xml"] = table.encode()


def test_the_string_table_is_bounded_by_its_text_not_its_markup(
    good: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rich = rewritten(good, tmp_path / "rich.xlsx", _rich_runs)
    text = sum(map(len, ("姓名", "手机", "备注", "王芳", "老客", "李雷")))
    monkeypatch.setattr("guide_app.xlsx.workbook.MAX_SHARED_TEXT", text)
    plan = read_workbook(rich)  # ten times the markup of `good`, the same twelve characters
    assert [(row.fields.name, row.fields.notes) for row in plan.rows] == [("王芳", "老客"), ("李雷", "2")]

    monkeypatch.setattr("guide_app.xlsx.workbook.MAX_SHARED_TEXT", text - 1)
    refusal = _refusal(rich)
    assert refusal.code == ErrorCode.import_suspicious
    assert "its shared strings hold more than" in refusal.message


def test_a_string_table_of_more_texts_than_any_customer_list_is_refused(
    good: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("guide_app.xlsx.workbook.MAX_SHARED_STRINGS", 5)
    refusal = _refusal(good)
    assert refusal.code == ErrorCode.import_suspicious and "more than 6 texts" in refusal.message


def test_the_packed_string_table_gives_back_every_string_across_its_chunks() -> None:
    chunk = StringTable.CHUNK
    texts = [f"{'王' * (index % 7)}{index}" if index % 5 else "" for index in range(chunk * 2 + 3)]
    table = StringTable()
    for text in texts:
        table.append(text)
    table.done()
    assert len(table) == len(texts)
    assert [table[index] for index in range(len(texts))] == texts
    assert table[chunk - 1 : chunk + 2] == texts[chunk - 1 : chunk + 2]
    for outside in (-1, len(texts)):
        with pytest.raises(IndexError):
            table[outside]


def test_a_real_workbook_is_far_from_the_limits(good: Path) -> None:
    plan = read_workbook(good)
    assert [(row.fields.name, row.fields.phone, row.fields.notes) for row in plan.rows] == [
        ("王芳", "13800138000", "老客"),
        ("李雷", "13900139000", "2"),  # a formula's saved value
    ]


def test_a_workbook_whose_only_sheet_part_is_missing_says_it_has_no_readable_sheet(
    good: Path, tmp_path: Path
) -> None:
    refusal = _refusal(rewritten(good, tmp_path / "no-sheet.xlsx", lambda parts: parts.pop(SHEET)))
    assert refusal.code == ErrorCode.import_sheet_missing and "save it again" in refusal.message


def editing(part: str, old: bytes | None, new: bytes) -> Callable[[dict[str, bytes]], None]:
    """A change to one part: `old` replaced by `new` in it, or the whole part when old is None."""

    def change(parts: dict[str, bytes]) -> None:
        parts[part] = new if old is None else parts[part].replace(old, new, 1)

    return change


@pytest.mark.parametrize(
    ("name", "change"),
    [
        ("bad shared-string index", editing(SHEET, b"<v>3</v>", b"<v>9999</v>")),
        # a Python list would read -1 as the table's last string: 李雷 in 王芳's row
        ("negative shared-string index", editing(SHEET, b"<v>3</v>", b"<v>-1</v>")),
        ("sheet XML that is not XML", editing(SHEET, None, b"<worksheet><sheetData><row><c>")),
        ("letters in a number cell", editing(SHEET, b"<v>13800138000</v>", b"<v>abc</v>")),
        ("a cell reference that is no cell", editing(SHEET, b'r="B2"', b'r="2B"')),
        ("styles that are not XML", editing("xl/styles.xml", None, b"\x00\x01 not xml")),
        ("workbook part that is not XML", editing("xl/workbook.xml", None, b"<workbook")),
        ("missing workbook part", lambda parts: parts.pop("xl/workbook.xml")),
        ("shared strings that are not XML", editing("xl/sharedStrings.xml", None, b"<sst><si>")),
    ],
)
def test_a_damaged_workbook_is_refused_with_a_code_never_a_traceback(
    good: Path, tmp_path: Path, name: str, change: Callable[[dict[str, bytes]], None]
) -> None:
    refusal = _refusal(rewritten(good, tmp_path / "broken.xlsx", change))
    assert refusal.code in (ErrorCode.import_malformed, ErrorCode.import_not_xlsx), name
    assert "save it" in refusal.message


def test_every_part_removed_emptied_or_cut_in_half_gives_a_plan_or_a_plain_refusal(
    good: Path, tmp_path: Path
) -> None:
    with zipfile.ZipFile(good) as package:
        names = package.namelist()
    damages: list[Callable[[bytes], bytes | None]] = [
        lambda body: None,
        lambda body: b"",
        lambda body: body[: len(body) // 2],
    ]
    for name in names:
        for number, damage in enumerate(damages):

            def change(
                parts: dict[str, bytes], name: str = name, damage: Callable[[bytes], bytes | None] = damage
            ) -> None:
                body = damage(parts[name])
                if body is None:
                    del parts[name]
                else:
                    parts[name] = body

            path = rewritten(good, tmp_path / f"damaged-{number}.xlsx", change)
            try:
                read_workbook(path)
            except GuideError as refusal:
                assert refusal.code in (
                    ErrorCode.import_malformed,
                    ErrorCode.import_not_xlsx,
                    ErrorCode.import_no_header,
                    ErrorCode.import_sheet_missing,
                ), (name, number)


def test_a_truncated_or_bit_flipped_file_is_refused_plainly(good: Path, tmp_path: Path) -> None:
    body = good.read_bytes()
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(body[: len(body) // 2])
    assert _refusal(cut).code == ErrorCode.import_not_xlsx
    with zipfile.ZipFile(good) as package:
        sheet = package.getinfo(SHEET)
    start = sheet.header_offset + 30 + len(sheet.filename.encode()) + len(sheet.extra)
    flipped = bytearray(body)
    for offset in range(start + 10, start + min(sheet.compress_size, 60)):
        flipped[offset] ^= 0x5A
    damaged = tmp_path / "flipped.xlsx"
    damaged.write_bytes(bytes(flipped))
    assert _refusal(damaged).code == ErrorCode.import_malformed
