"""Which column of a guide's sheet feeds which customer field, and which columns are left out (and why)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from openpyxl.utils import get_column_letter

from guide_app.errors import ErrorCode, InvalidInput


class ImportField(StrEnum):
    """A customer field a column can feed."""

    name = "name"
    phone = "phone"
    wecom_remark = "wecom_remark"
    birthday = "birthday"
    gender = "gender"
    tags = "tags"  # matched to HQ's tags by name, otherwise the guide's own
    personal_tags = "personal_tags"  # always the guide's own (WeCom's 个人标签)
    notes = "notes"  # free text
    source_channel = "source_channel"
    added_at = "added_at"


# Headers as guides' files write them (WeCom's own customer export, SCRM exports, hand-made lists),
# folded by _fold. Within a field, earlier headers win when two columns mean the same thing
# (姓名 over 昵称: a real name over a WeChat nickname).
HEADERS: dict[ImportField, tuple[str, ...]] = {
    ImportField.name: (
        "姓名", "客户姓名", "真实姓名", "客户名称", "客户名", "名称", "名字", "联系人", "客户",
        "name", "customername", "fullname", "微信昵称", "客户昵称", "昵称", "nickname",
    ),
    ImportField.phone: (
        "手机", "手机号", "手机号码", "客户手机号", "移动电话", "联系电话", "电话", "电话号码", "联系方式",
        "mobile", "mobilephone", "mobilenumber", "cellphone", "phone", "phonenumber", "tel", "telephone",
    ),
    ImportField.wecom_remark: (
        "企微备注", "企业微信备注", "备注名", "备注名称", "客户备注名", "微信备注", "wecomremark",
        "wecomremarkname", "remarkname", "remark",
    ),
    ImportField.birthday: (
        "生日", "出生日期", "出生年月日", "客户生日", "birthday", "dateofbirth", "birthdate", "dob",
    ),
    ImportField.gender: ("性别", "客户性别", "gender", "sex"),
    ImportField.tags: (
        "标签", "客户标签", "企业标签", "企微标签", "tags", "tag", "customertags", "labels", "label",
    ),
    ImportField.personal_tags: ("个人标签", "personaltags", "personaltag"),
    ImportField.notes: (
        "备注", "描述", "客户描述", "备注信息", "说明", "notes", "note", "description", "memo", "comments",
        "comment",
    ),
    ImportField.source_channel: (
        "来源", "来源渠道", "客户来源", "渠道", "添加渠道", "添加来源", "添加方式", "channel", "source",
        "sourcechannel",
    ),
    ImportField.added_at: (
        "添加时间", "添加日期", "添加好友时间", "加好友时间", "首次添加时间", "创建时间", "addedat",
        "addedon", "dateadded", "addtime", "createdat", "createtime",
    ),
}  # fmt: skip
# Several such columns all feed the field (WeCom writes 企业标签 and 个人标签; 备注 and 描述).
SHARED_FIELDS = frozenset({ImportField.tags, ImportField.personal_tags, ImportField.notes})
# Columns guides' exports carry that the book has no field for, with the reason shown in the preview.
KNOWN_OTHERS: dict[str, str] = {
    **dict.fromkeys(
        ("添加人", "添加人账号", "添加人所在部门", "所属员工", "负责人", "跟进人", "归属员工", "部门"),
        "who holds the customer at the company; this book is yours alone",
    ),
    **dict.fromkeys(
        ("企业", "客户企业", "客户企业名称", "公司", "公司名称", "单位", "company"),
        "the book has no company field",
    ),
    **dict.fromkeys(
        ("客户阶段", "累计消费", "最近购买", "消费金额", "购买次数"),
        "worked out by the book from recorded sales",
    ),
    **dict.fromkeys(("序号", "编号", "no", "#"), "a row number"),
}  # fmt: skip
NOT_A_FIELD = "no customer field for it"
_FIELD_OF_HEADER = {
    header: (field, rank) for field, headers in HEADERS.items() for rank, header in enumerate(headers)
}
_HEADER_NOISE = re.compile(r"[（(][^)）]*[)）]|[*＊:：\s_\-.·]")  # "手机号(必填)*" → "手机号"


def _fold(header: str) -> str:
    return _HEADER_NOISE.sub("", unicodedata.normalize("NFKC", header)).lower()


def header_field(value: object) -> tuple[ImportField, int] | None:
    """The field a header cell names, and its rank among that field's headers."""
    if not isinstance(value, str):
        return None
    return _FIELD_OF_HEADER.get(_fold(value))


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """One column of the header row as the import reads it: the mapping preview shows these."""

    letter: str  # "C", as the spreadsheet labels it
    index: int  # 0-based position in the row
    header: str  # the header as written
    field: ImportField | None  # None: not imported
    note: str = ""  # why not imported, or which column it shares its field with


def map_columns(header_row: Sequence[object]) -> list[ColumnMapping]:
    """Every non-blank header cell, mapped; of two columns for one single-value field the
    better-ranked header (then the leftmost) is used and the other is named as ignored."""
    found: list[tuple[int, str, ImportField | None, int]] = []
    for index, value in enumerate(header_row):
        text = "" if value is None else str(value).strip()
        if text:
            known = header_field(text)
            found.append((index, text, *(known or (None, 0))))
    chosen: dict[ImportField, tuple[int, int]] = {}
    for index, _, field, rank in found:
        if field is not None and (field not in chosen or (rank, index) < chosen[field]):
            chosen[field] = (rank, index)
    first: dict[ImportField, int] = {}
    for index, _, field, _ in found:
        if field is not None:
            first.setdefault(field, index)
    return [_mapping(index, text, field, chosen, first, header_row) for index, text, field, _ in found]


def _mapping(
    index: int,
    text: str,
    field: ImportField | None,
    chosen: dict[ImportField, tuple[int, int]],
    first: dict[ImportField, int],
    header_row: Sequence[object],
) -> ColumnMapping:
    letter = get_column_letter(index + 1)
    if field is None:
        return ColumnMapping(letter, index, text, None, KNOWN_OTHERS.get(_fold(text), NOT_A_FIELD))
    if field in SHARED_FIELDS:
        lead = first[field]
        note = "" if lead == index else f"read together with column {_named(lead, header_row)}"
        return ColumnMapping(letter, index, text, field, note)
    used = chosen[field][1]
    if used == index:
        return ColumnMapping(letter, index, text, field)
    return ColumnMapping(
        letter, index, text, None, f"also means {field.value}; column {_named(used, header_row)} is used"
    )


def _named(index: int, header_row: Sequence[object]) -> str:
    return f"{get_column_letter(index + 1)} ({str(header_row[index]).strip()})"


def mapped_fields(columns: Sequence[ColumnMapping]) -> set[ImportField]:
    return {column.field for column in columns if column.field is not None}


def chosen_columns(
    columns: Sequence[ColumnMapping], chosen: Mapping[int, ImportField | None]
) -> list[ColumnMapping]:
    """The header's columns with the fields the guide chose (by column index) in place of the
    guesses; a column not named keeps its guess. The result must read a name, and each
    single-value field from one column only (RowReader reads the first of several)."""
    mapped = [
        column
        if column.index not in chosen or chosen[column.index] is column.field
        else replace(
            column, field=chosen[column.index], note="" if chosen[column.index] else "left out by you"
        )
        for column in columns
    ]
    if ImportField.name not in mapped_fields(mapped):
        raise InvalidInput("no column is read as the name", code=ErrorCode.name_missing)
    repeated = Counter(column.field for column in mapped if column.field not in SHARED_FIELDS | {None})
    twice = sorted(str(field) for field, count in repeated.items() if count > 1)
    if twice:
        raise InvalidInput(
            f"more than one column is read as {', '.join(twice)}", code=ErrorCode.invalid_input
        )
    return mapped
