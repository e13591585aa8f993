"""Checking a sheet's data rows: good customers, problems, totals lines, repeats merged, formulas read."""

from __future__ import annotations

import marshal
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, overload

from guide_app.book.customers import CustomerFields
from guide_app.book.phones import normalize_phone
from guide_app.errors import ErrorCode, GuideError, InvalidInput
from guide_app.xlsx.columns import ColumnMapping, ImportField
from guide_app.xlsx.dates import normalize_date
from guide_app.xlsx.workbook import Formula, SheetRow

TAG_NAME_MAX = 40
BIRTHDAY_SPAN_YEARS = 120  # a customer born earlier is not alive; a serial that old is a number
ADDED_EARLIEST = date(2000, 1, 1)  # before WeChat existed: a number in 添加时间 is not a day
_TAG_SEPARATORS = re.compile(r"[,，、;；/\s]+")
# Excel/WPS totals lines: a label in some cell, sums elsewhere.
_TOTAL_WORDS = frozenset(
    {"合计", "总计", "小计", "汇总", "共计", "总数", "total", "totals", "grandtotal", "sum"}
)
_TOTAL_PREFIXES = ("合计", "总计", "小计", "汇总", "共计")  # 合计：120人; no customer is named so
_AGGREGATE = re.compile(r"=\s*(SUM|SUBTOTAL|COUNTA?|AVERAGE|AGGREGATE)\s*\(", re.IGNORECASE)
_LITERAL = r'"((?:[^"]|"")*)"'
_HYPERLINK = re.compile(rf"=\s*HYPERLINK\s*\(\s*{_LITERAL}\s*(?:,\s*{_LITERAL}\s*)?\)\s*", re.IGNORECASE)
_TEXT_FORMULA = re.compile(rf"=\s*{_LITERAL}\s*")
GENDER_WORDS: dict[str, str] = {
    **dict.fromkeys(("男", "男性", "男士", "先生", "男生", "male", "m", "man", "1"), "male"),
    **dict.fromkeys(("女", "女性", "女士", "小姐", "女生", "female", "f", "woman", "2"), "female"),
    # WeCom writes 未知 when the WeChat profile hides it; 0 is its API's "unknown".
    **dict.fromkeys(("未知", "保密", "不详", "未填", "未设置", "-", "unknown", "0", "n/a"), ""),
}  # fmt: skip


@dataclass(frozen=True, order=True)
class RowProblem:
    """A row the guide should know about; `row` is the number Excel shows, `column` the header."""

    row: int
    column: str
    reason: str
    code: ErrorCode = field(default=ErrorCode.invalid_input, compare=False)  # for the UI's translation
    value: str = field(default="", compare=False)  # the cell as written, for a bad row


@dataclass(slots=True)
class ImportRow:
    """A good row of the sheet, checked, as the preview shows it and the import writes it."""

    row: int
    fields: CustomerFields  # checked (trimmed, phone normalised)
    tags: tuple[str, ...]  # matched to HQ's tags by name; the channel comes last
    personal_tags: tuple[str, ...]


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICROSECOND = timedelta(microseconds=1)


class PackedRows(Sequence[ImportRow]):
    """A plan's good rows, each kept as one marshalled bytes object until it is read back.

    Measured over a 50k-row import: as objects (ImportRow, CustomerFields, strings, a date) the
    plan grew the process by 35 MB, packed by 18 MB; at 200k rows that is the margin that keeps
    the import under 200 MiB (pypinyin's dictionaries alone are 65 MiB of it)."""

    def __init__(self, packed: Iterable[bytes] = ()) -> None:
        self._packed = list(packed)

    def __len__(self) -> int:
        return len(self._packed)

    @overload
    def __getitem__(self, index: int) -> ImportRow: ...
    @overload
    def __getitem__(self, index: slice) -> list[ImportRow]: ...
    def __getitem__(self, index: int | slice) -> ImportRow | list[ImportRow]:
        if isinstance(index, slice):
            return [_unpack(packed) for packed in self._packed[index]]
        return _unpack(self._packed[index])

    def __setitem__(self, index: int, row: ImportRow) -> None:
        self._packed[index] = _pack(row)

    def append(self, row: ImportRow) -> None:
        self._packed.append(_pack(row))

    def where(self, keep: Callable[[ImportRow], bool]) -> tuple[PackedRows, list[ImportRow]]:
        """The rows kept (still packed) and, unpacked, the rows left out."""
        kept: list[bytes] = []
        left: list[ImportRow] = []
        for packed in self._packed:
            row = _unpack(packed)
            if keep(row):
                kept.append(packed)
            else:
                left.append(row)
        return PackedRows(kept), left


def _pack(row: ImportRow) -> bytes:
    given = row.fields
    added = None if given.added_at is None else (given.added_at - _EPOCH) // _MICROSECOND
    birthday = None if given.birthday is None else given.birthday.toordinal()
    return marshal.dumps(
        (row.row, given.name, given.phone, given.wecom_remark, birthday, given.gender, given.source_channel,
         given.notes, given.consent, added, row.tags, row.personal_tags)
    )  # fmt: skip


def _unpack(packed: bytes) -> ImportRow:
    values = marshal.loads(packed)
    number, name, phone, remark, birthday, gender, channel, notes, consent, added, tags, personal = values
    given = CustomerFields(
        name=name,
        phone=phone,
        wecom_remark=remark,
        birthday=None if birthday is None else date.fromordinal(birthday),
        gender=gender,
        source_channel=channel,
        consent=consent,
        notes=notes,
        added_at=None if added is None else _EPOCH + added * _MICROSECOND,
    )
    return ImportRow(number, given, tags, personal)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone typed into a number cell comes back as 13800138000.0
    return str(value).strip()


def _fold(value: object) -> str:
    return re.sub(r"[\s:：]", "", unicodedata.normalize("NFKC", _text(value))).lower()


def _added_at(value: object) -> datetime | None:
    """A cell's moment in UTC; the file's times are the PC's local time, a bare date is midnight."""
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    day = normalize_date(value, earliest=ADDED_EARLIEST)
    return None if day is None else datetime.combine(day, time()).astimezone(UTC)


def _birthday(value: object) -> date | None:
    today = date.today()
    earliest = today.replace(year=today.year - BIRTHDAY_SPAN_YEARS, day=min(today.day, 28))
    day = normalize_date(value, earliest=earliest, latest=date.max)
    if day is not None and day > today:
        raise InvalidInput(f"birthday {day.isoformat()} is in the future", code=ErrorCode.date_invalid)
    return day


def _gender(value: object) -> str:
    text = _text(value)
    gender = GENDER_WORDS.get(unicodedata.normalize("NFKC", text).lower()) if text else ""
    if gender is None:
        raise InvalidInput(
            f"gender {text!r} is not one of 男/女 (男性, 先生, 女士, 小姐 …), male/female, M/F or 未知",
            code=ErrorCode.gender_invalid,
        )
    return gender


def _phone(value: object) -> str | None:
    return normalize_phone(_text(value))


_PARSERS: dict[ImportField, Callable[[object], Any]] = {
    ImportField.phone: _phone,
    ImportField.birthday: _birthday,
    ImportField.gender: _gender,
    ImportField.added_at: _added_at,
}


def _tag_names(values: Sequence[object], known: dict[str, str]) -> list[str]:
    """The tag names in the cells; `known` hands back one string object per distinct name."""
    names: list[str] = []
    for value in values:
        for name in _TAG_SEPARATORS.split(unicodedata.normalize("NFKC", _text(value))):
            if len(name) > TAG_NAME_MAX:
                raise InvalidInput(
                    f"tag {name!r} is longer than {TAG_NAME_MAX} characters", code=ErrorCode.tag_name_invalid
                )
            if name:  # a few hundred distinct tags over 200k rows: one string object each
                names.append(known.setdefault(name, name))
    return names


def formula_text(formula: Formula) -> str | None:
    """What a formula without saved value still shows for sure: a HYPERLINK's friendly name (or
    its address) or a quoted text; None when only calculating it would tell."""
    link = _HYPERLINK.fullmatch(formula.text)
    literal = link or _TEXT_FORMULA.fullmatch(formula.text)
    if literal is None:
        return None
    shown = literal.group(literal.lastindex or 1)
    return shown.replace('""', '"')


class RowReader:
    """Turns data rows into good rows and notes. A row repeating an earlier one (same phone, or
    every field the same when there is no phone) is merged into it rather than refused."""

    def __init__(self, columns: Sequence[ColumnMapping]) -> None:
        self.indexes: dict[ImportField, list[int]] = {}
        self.headers: dict[ImportField, str] = {}
        for column in columns:
            if column.field is not None:
                self.indexes.setdefault(column.field, []).append(column.index)
                self.headers.setdefault(column.field, column.header)
        self.good = PackedRows()
        self.problems: list[RowProblem] = []
        self.skipped: list[RowProblem] = []
        self.merged: list[RowProblem] = []
        self.notes: list[RowProblem] = []
        self.rows_read = 0
        self._first_of: dict[object, int] = {}  # phone as int (or the whole row) → index in good
        self._names: dict[str, str] = {}  # tag and channel names, one string object each

    def read(self, row: SheetRow) -> None:
        cells = {name: [_at(row.values, at) for at in ats] for name, ats in self.indexes.items()}
        if self._totals(row, cells.get(ImportField.name, [None])[0]):
            return
        if all(_blank(value) for values in cells.values() for value in values):
            return  # blank rows between blocks of customers are common: passed over in silence
        self.rows_read += 1
        problems: list[RowProblem] = []
        resolved = {
            name: [self._resolve(row.number, name, value, problems) for value in values]
            for name, values in cells.items()
        }
        good = self._checked(row.number, resolved, problems)
        if problems or good is None:
            self.problems.extend(self._with_values(problems, cells))
            return
        self._keep(good)

    def _totals(self, row: SheetRow, name: object) -> bool:
        """A totals line Excel or WPS users add under the list (合计 … sums): not a customer."""
        label = _fold(name)
        worded = any(
            _fold(value) in _TOTAL_WORDS
            for value in row.values
            if isinstance(value, str) and len(value) <= 16
        )
        summed = any(_AGGREGATE.match(formula) for formula in row.formulas.values())
        if label in _TOTAL_WORDS or label.startswith(_TOTAL_PREFIXES) or (not label and (worded or summed)):
            reason = "a totals line (合计/总计 or a SUM), not a customer"
            self.skipped.append(
                RowProblem(row.number, self._header(ImportField.name), reason, ErrorCode.import_totals_row)
            )
            return True
        return False

    def _resolve(self, number: int, name: ImportField, value: object, problems: list[RowProblem]) -> object:
        if not isinstance(value, Formula):
            return value
        shown = formula_text(value)
        header = self._header(name)
        if shown is not None:
            reason = f"formula {value.text} has no saved value; its text {shown!r} was kept"
            self.notes.append(RowProblem(number, header, reason, ErrorCode.import_formula_text_kept))
            return shown
        reason = (
            f"formula {value.text} has no saved value (the file was not saved by Excel or WPS); "
            "open and save it there, or type the value"
        )
        if name is ImportField.name:
            problems.append(RowProblem(number, header, reason, ErrorCode.import_formula_value_lost))
        else:
            self.notes.append(
                RowProblem(number, header, reason + "; left blank", ErrorCode.import_formula_value_lost)
            )
        return None

    def _checked(
        self, number: int, cells: dict[ImportField, list[object]], problems: list[RowProblem]
    ) -> ImportRow | None:
        parsed: dict[ImportField, Any] = {}
        for name, parse in _PARSERS.items():
            if name in cells:
                try:
                    parsed[name] = parse(cells[name][0])
                except InvalidInput as error:
                    problems.append(self._problem(number, name, error))
        tags: dict[ImportField, list[str]] = {}
        for name in (ImportField.tags, ImportField.personal_tags):
            try:
                tags[name] = _tag_names(cells.get(name, []), self._names)
            except InvalidInput as error:
                problems.append(self._problem(number, name, error))
        if any(problem.column == self._header(ImportField.name) for problem in problems):
            return None
        single = {name: _text(values[0]) for name, values in cells.items()}
        notes = "\n".join(text for text in map(_text, cells.get(ImportField.notes, [])) if text)
        try:
            checked = CustomerFields(
                name=single.get(ImportField.name, ""),
                phone=parsed.get(ImportField.phone),
                wecom_remark=single.get(ImportField.wecom_remark, ""),
                birthday=parsed.get(ImportField.birthday),
                gender=parsed.get(ImportField.gender, ""),
                source_channel=single.get(ImportField.source_channel, ""),
                notes=notes,
                added_at=parsed.get(ImportField.added_at),
            ).checked()
        except InvalidInput as error:
            problems.insert(0, self._problem(number, ImportField(error.details.get("field", "name")), error))
            return None
        channel = (
            [self._names.setdefault(checked.source_channel, checked.source_channel)]
            if checked.source_channel
            else []
        )
        return ImportRow(
            number,
            checked,
            tuple(dict.fromkeys([*tags.get(ImportField.tags, []), *channel])),
            tuple(dict.fromkeys(tags.get(ImportField.personal_tags, []))),
        )

    def _keep(self, row: ImportRow) -> None:
        given = row.fields
        # A phone is all digits once normalised (a mobile's 1 or a landline's 0 first, so no two
        # collide as ints); an int key costs half a string's memory over 200k rows.
        key: object = int(given.phone) if given.phone else _pack(replace(row, row=0))
        at = self._first_of.setdefault(key, len(self.good))
        if at == len(self.good):
            self.good.append(row)
            return
        first = self.good[at]
        kept = _merge(first, row)
        self.good[at] = first
        same = "same phone as" if given.phone else "the same as"
        reason = f"{same} row {first.row}: merged into it" + (
            f"; kept row {first.row}'s {', '.join(kept)}" if kept else ""
        )
        column = self._header(ImportField.phone if given.phone else ImportField.name)
        self.merged.append(RowProblem(row.row, column, reason, ErrorCode.import_rows_merged))

    def _header(self, name: ImportField) -> str:
        return self.headers.get(name, name.value)

    def _with_values(
        self, problems: list[RowProblem], cells: dict[ImportField, list[object]]
    ) -> list[RowProblem]:
        fields_by_header = {header: name for name, header in self.headers.items()}
        return [
            replace(problem, value=_text(cells[name][0]))
            if (name := fields_by_header.get(problem.column)) in cells
            and not isinstance(cells[name][0], Formula)
            else problem
            for problem in problems
        ]

    def _problem(self, number: int, name: ImportField, error: GuideError) -> RowProblem:
        return RowProblem(number, self._header(name), error.message, error.code)


_MERGED_FIELDS = tuple(item.name for item in fields(CustomerFields) if item.name not in ("phone", "consent"))


def _merge(first: ImportRow, repeat: ImportRow) -> list[str]:
    """Fill the first row's empty fields from the repeat and unite the tags; notes that differ are
    joined. Returns the repeat's differing values that were not taken, as 'name 张三 (not 周九)'."""
    kept: list[str] = []
    for name in _MERGED_FIELDS:
        mine, theirs = getattr(first.fields, name), getattr(repeat.fields, name)
        if not theirs or mine == theirs:
            continue
        if not mine:
            setattr(first.fields, name, theirs)
        elif name == "notes":
            setattr(first.fields, name, f"{mine}\n{theirs}")
        else:
            kept.append(f"{name} {mine} (not {theirs})")
    first.tags = tuple(dict.fromkeys([*first.tags, *repeat.tags]))
    first.personal_tags = tuple(dict.fromkeys([*first.personal_tags, *repeat.personal_tags]))
    return kept


def _at(values: list[Any], index: int) -> object:
    return values[index] if index < len(values) else None


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
