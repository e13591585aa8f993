"""Importing a guide's customer workbook (xlsx): read and check every row, then write in one go."""

from __future__ import annotations

import re
import unicodedata
import uuid
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, time
from enum import StrEnum
from itertools import chain, islice
from pathlib import Path
from typing import Any, TypeVar

from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.workbook.workbook import Workbook
from sqlalchemy import insert, select
from sqlalchemy.orm import Session
from sqlmodel import col

from guide_app.book.batching import batched
from guide_app.book.customers import CustomerFields, customer_row
from guide_app.book.models import Customer, CustomerTag, Tag, TagGroup
from guide_app.book.phones import normalize_phone
from guide_app.book.store import Book
from guide_app.book.tags import personal_tag
from guide_app.errors import ErrorCode, GuideError, InvalidInput
from guide_app.timeutil import utcnow
from guide_app.xlsx.dates import normalize_date

MAX_FILE_BYTES = 30 * 1024 * 1024
MAX_ROWS = 300_000
HEADER_SCAN_ROWS = 20  # title rows and merged banners sit above the header in guides' files
INSERT_CHUNK = 5_000
_IN_CHUNK = 500  # phones per IN (...) lookup, well under SQLite's bound-parameter limit
TAG_NAME_MAX = 40
T = TypeVar("T")
_CUSTOMER = Customer.__table__  # type: ignore[attr-defined]
_CUSTOMER_TAG = CustomerTag.__table__  # type: ignore[attr-defined]

HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "客户姓名", "客户名称", "name"),
    "phone": ("手机", "手机号", "手机号码", "联系电话", "电话", "phone", "mobile"),
    "wecom_remark": ("企微备注", "企业微信备注", "备注名", "wecom_remark", "remark"),
    "birthday": ("生日", "出生日期", "birthday"),
    "gender": ("性别", "gender"),
    "tags": ("标签", "tags"),
    "notes": ("备注", "notes"),
    "source_channel": ("来源", "来源渠道", "channel"),
    "added_at": ("添加时间", "添加日期", "added_at"),
}
_FIELD_OF_HEADER = {header.lower(): name for name, headers in HEADERS.items() for header in headers}
GENDERS = {"男": "male", "女": "female", "male": "male", "female": "female", "m": "male", "f": "female"}
_TAG_SEPARATORS = re.compile(r"[,，、;；/\s]+")
_HEADER_NOISE = re.compile(r"[（(][^)）]*[)）]|[*＊:：\s]")  # "手机号(必填)*" → "手机号"
# Which column a customer_row() refusal is about, by its error code.
_COLUMN_OF_CODE = {"name_missing": "name", "name_too_long": "name", "gender_invalid": "gender"}


class ImportMode(StrEnum):
    all_or_nothing = "all_or_nothing"  # any bad row: write nothing
    good_rows = "good_rows"  # write the good rows, report the bad ones


@dataclass(frozen=True, order=True)
class RowProblem:
    """Why a row was not imported; `row` is the row number Excel shows, `column` the header."""

    row: int
    column: str
    reason: str
    code: str = field(default="", compare=False)  # stable code for the UI's translation


@dataclass(frozen=True)
class ImportRow:
    """A good row: the customer table row (customer_row()) and tag names, channel included."""

    row: int
    customer: dict[str, Any]
    tags: tuple[str, ...]


@dataclass(frozen=True)
class ImportPlan:
    sheet: str
    header_row: int
    columns: dict[str, str]  # field name → the header as written in the file
    rows: list[ImportRow]
    problems: list[RowProblem]
    skipped: list[RowProblem] = field(default_factory=list)  # already in the book: not errors
    rows_read: int = 0  # non-empty data rows

    @property
    def problem_rows(self) -> int:
        return len({problem.row for problem in self.problems})

    def render(self) -> str:
        """A preview before anything is written."""
        lines = [
            f"Sheet {self.sheet!r}, header on row {self.header_row}: {self.rows_read} rows read, "
            f"{len(self.rows)} to import, {len(self.skipped)} already in the book, "
            f"{self.problem_rows} with problems."
        ]
        return "\n".join(lines + _listing("Problems:", self.problems) + _listing("Skipped:", self.skipped))


def _listing(title: str, problems: Sequence[RowProblem]) -> list[str]:
    if not problems:
        return []
    return [title, *(f"  row {p.row}, {p.column}: {p.reason}" for p in problems)]


@dataclass(frozen=True)
class ImportResult:
    mode: ImportMode
    imported: int
    skipped_existing: int
    problems: list[RowProblem]
    skipped: list[RowProblem]

    @property
    def problem_rows(self) -> int:
        return len({problem.row for problem in self.problems})

    def render(self) -> str:
        """A plain report for the guide: counts first, then every bad and skipped row."""
        lines = [f"Imported {self.imported} customers, skipped {self.skipped_existing} already in the book."]
        if self.problems:
            outcome = "so nothing was imported" if self.mode is ImportMode.all_or_nothing else "left out"
            lines.append(f"{self.problem_rows} rows have problems, {outcome}.")
        return "\n".join(lines + _listing("Problems:", self.problems) + _listing("Skipped:", self.skipped))


# --------------------------------------------------------------------------- reading the file


def read_workbook(path: Path, sheet: str | None = None) -> ImportPlan:
    """Read and check every row of a workbook (the active sheet unless named); no database."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InvalidInput(
            f"cannot open {path.name}: {error.strerror}", code=ErrorCode.import_unreadable
        ) from error
    if size > MAX_FILE_BYTES:
        raise GuideError(
            f"{path.name} is {size // (1024 * 1024)} MB; an import takes at most 30 MB",
            code=ErrorCode.import_too_large,
        )
    workbook = _open_workbook(path)
    try:
        if sheet is not None and sheet not in workbook.sheetnames:
            raise InvalidInput(
                f"the workbook has no sheet named {sheet!r}", code=ErrorCode.import_sheet_missing
            )
        worksheet = workbook[sheet] if sheet is not None else workbook.active
        if worksheet is None:
            raise InvalidInput("the workbook has no sheet", code=ErrorCode.import_sheet_missing)
        return _plan_sheet(worksheet)
    finally:
        workbook.close()


def _open_workbook(path: Path) -> Workbook:
    # data_only: a formula gives the value Excel/WPS saved with it. A file written by a program
    # that never calculated it (openpyxl, some exporters) has no saved value: the cell reads blank.
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise InvalidInput(
            f"{path.name} is not an Excel workbook (.xlsx); save it as .xlsx and try again",
            code=ErrorCode.import_not_xlsx,
        ) from error


def _too_many_rows() -> GuideError:
    return GuideError(f"the sheet has more than {MAX_ROWS:,} rows; split it", code=ErrorCode.import_too_large)


def _plan_sheet(worksheet: Any) -> ImportPlan:
    if (worksheet.max_row or 0) > MAX_ROWS:
        raise _too_many_rows()
    # Some programs write a wrong size into the file; read what is there and count ourselves.
    worksheet.reset_dimensions()
    rows = worksheet.iter_rows(values_only=True)
    head = list(islice(rows, HEADER_SCAN_ROWS))
    header_at, index = _find_header(head)
    headers = {name: str(head[header_at][position]).strip() for name, position in index.items()}
    reader = _RowReader(index, headers)
    for number, values in enumerate(chain(head[header_at + 1 :], rows), start=header_at + 2):
        if number > MAX_ROWS:
            raise _too_many_rows()
        reader.read(number, values)
    return ImportPlan(
        sheet=worksheet.title,
        header_row=header_at + 1,
        columns=headers,
        rows=reader.good,
        problems=reader.problems,
        rows_read=reader.rows_read,
    )


def _header_field(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    folded = _HEADER_NOISE.sub("", unicodedata.normalize("NFKC", value)).lower()
    return _FIELD_OF_HEADER.get(folded)


def _find_header(head: Sequence[Sequence[object]]) -> tuple[int, dict[str, int]]:
    """The row (0-based) with the most known headers, and each field's column (the first one
    wins when two columns mean the same field, e.g. 手机 and 电话)."""
    best_at, best = -1, dict[str, int]()
    for at, values in enumerate(head):
        index: dict[str, int] = {}
        for position, value in enumerate(values):
            name = _header_field(value)
            if name is not None:
                index.setdefault(name, position)
        if "name" in index and len(index) > len(best):
            best_at, best = at, index
    if best_at < 0:
        raise InvalidInput(
            f"no header row with a name column (姓名 / 客户姓名 / name) in the first {HEADER_SCAN_ROWS} rows",
            code=ErrorCode.import_no_header,
        )
    return best_at, best


# --------------------------------------------------------------------------- checking rows


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone typed into a number cell comes back as 13800138000.0
    return str(value).strip()


def _added_at(value: object) -> datetime | None:
    """A cell's moment in UTC; the file's times are the PC's local time, a bare date is midnight."""
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    day = normalize_date(value)
    return None if day is None else datetime.combine(day, time()).astimezone(UTC)


def _birthday(value: object) -> date | None:
    day = normalize_date(value)
    if day is not None and day > date.today():
        raise InvalidInput(f"birthday {day.isoformat()} is in the future", code=ErrorCode.date_invalid)
    return day


def _gender(value: object) -> str:
    text = _text(value)
    if not text:
        return ""
    gender = GENDERS.get(unicodedata.normalize("NFKC", text).lower())
    if gender is None:
        raise InvalidInput(
            f"gender {text!r} is not one of 男, 女, male, female, M, F", code=ErrorCode.gender_invalid
        )
    return gender


def _tags(value: object) -> list[str]:
    names = [name for name in _TAG_SEPARATORS.split(unicodedata.normalize("NFKC", _text(value))) if name]
    for name in names:
        if len(name) > TAG_NAME_MAX:
            raise InvalidInput(
                f"tag {name!r} is longer than {TAG_NAME_MAX} characters", code=ErrorCode.tag_name_invalid
            )
    return names


def _phone(value: object) -> str | None:
    return normalize_phone(_text(value))


_PARSERS: dict[str, Callable[[object], Any]] = {
    "phone": _phone,
    "birthday": _birthday,
    "gender": _gender,
    "tags": _tags,
    "added_at": _added_at,
}


class _RowReader:
    """Turns data rows into good rows and problems, remembering phones to spot duplicates."""

    def __init__(self, index: dict[str, int], headers: dict[str, str]) -> None:
        self.index, self.headers = index, headers
        self.good: list[ImportRow] = []
        self.problems: list[RowProblem] = []
        self.first_row_of_phone: dict[str, int] = {}
        self.rows_read = 0
        self.now = utcnow()

    def read(self, number: int, values: Sequence[object]) -> None:
        cells = {name: values[at] if at < len(values) else None for name, at in self.index.items()}
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in cells.values()):
            # Blank rows between blocks of customers are common: passed over, not reported. Text in
            # columns we do not read, or formulas without a saved value, count as blank too.
            return
        self.rows_read += 1
        parsed, problems = self._parse(number, cells)
        fields = CustomerFields(
            name=_text(cells.get("name")),
            phone=parsed.get("phone"),
            wecom_remark=_text(cells.get("wecom_remark")),
            birthday=parsed.get("birthday"),
            gender=parsed.get("gender", ""),
            source_channel=_text(cells.get("source_channel")),
            notes=_text(cells.get("notes")),
            added_at=parsed.get("added_at"),
        )
        try:
            customer = customer_row(fields, now=self.now)
        except InvalidInput as error:
            problems.insert(0, self._problem(number, _COLUMN_OF_CODE.get(error.code, "name"), error))
        if not problems:  # a row that will not be imported claims no phone from later rows
            problems = self._duplicate(number, fields.phone)
        if problems:
            self.problems.extend(problems)
            return
        channel = [customer["source_channel"]] if customer["source_channel"] else []
        tags = tuple(dict.fromkeys([*parsed.get("tags", []), *channel]))
        self.good.append(ImportRow(number, customer, tags))

    def _parse(self, number: int, cells: dict[str, object]) -> tuple[dict[str, Any], list[RowProblem]]:
        parsed: dict[str, Any] = {}
        problems: list[RowProblem] = []
        for name, parse in _PARSERS.items():
            if name not in cells:
                continue
            try:
                parsed[name] = parse(cells[name])
            except InvalidInput as error:
                problems.append(self._problem(number, name, error))
        return parsed, problems

    def _duplicate(self, number: int, phone: str | None) -> list[RowProblem]:
        if phone is None:
            return []
        first = self.first_row_of_phone.setdefault(phone, number)
        if first == number:
            return []
        return [RowProblem(number, self.headers["phone"], f"duplicate of row {first}", "duplicate_in_file")]

    def _problem(self, number: int, name: str, error: GuideError) -> RowProblem:
        return RowProblem(number, self.headers.get(name, name), error.message, error.code)


# --------------------------------------------------------------------------- against the book


def _live_names_by_phone(session: Session, phones: Sequence[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for chunk in batched(phones, _IN_CHUNK):
        rows = session.execute(
            select(col(Customer.phone), col(Customer.name))
            .where(col(Customer.phone).in_(chunk), col(Customer.deleted_at).is_(None))
            .order_by(col(Customer.added_at))
        )
        for phone, name in rows:
            found.setdefault(str(phone), name)
    return found


def plan_against_book(session: Session, plan: ImportPlan) -> ImportPlan:
    """The plan without rows whose phone a live customer already has; those become `skipped`."""
    phones = [row.customer["phone"] for row in plan.rows if row.customer["phone"]]
    existing = _live_names_by_phone(session, phones)
    if not existing:
        return plan
    rows, skipped = [], list(plan.skipped)
    for row in plan.rows:
        name = existing.get(row.customer["phone"] or "")
        if name is None:
            rows.append(row)
        else:
            reason = f"already in the book as {name}"
            skipped.append(RowProblem(row.row, plan.columns["phone"], reason, "already_in_book"))
    return replace(plan, rows=rows, skipped=sorted(skipped))


# --------------------------------------------------------------------------- writing


def apply_import(book: Book, plan: ImportPlan, mode: ImportMode) -> ImportResult:
    """Write the plan's good rows and their tags in one transaction (or, in all_or_nothing mode
    with any bad row, nothing). Rows already in the book are checked again inside the transaction,
    so a customer synced in since the preview is skipped rather than doubled."""
    if mode is ImportMode.all_or_nothing and plan.problems:
        return ImportResult(mode, 0, len(plan.skipped), plan.problems, plan.skipped)
    with book.writing() as session:
        checked = plan_against_book(session, plan)
        customer_ids = _insert_customers(session, checked.rows)
        _insert_tags(session, checked.rows, customer_ids)
    return ImportResult(mode, len(checked.rows), len(checked.skipped), checked.problems, checked.skipped)


def _insert_customers(session: Session, rows: Sequence[ImportRow]) -> list[str]:
    # Core executemany on the table: ORM add_all is 60x slower at 250k rows, and the ORM's bulk
    # insert(Customer) still sorts every row's columns in Python first. Fresh ids here keep a plan
    # reusable (e.g. all_or_nothing refused, then good_rows); a row without 添加时间 keeps the
    # time the file was read as its added_at.
    now = utcnow()
    customer_ids = [str(uuid.uuid4()) for _ in rows]
    records = (
        {**row.customer, "id": customer_id, "created_at": now, "updated_at": now}
        for row, customer_id in zip(rows, customer_ids, strict=True)
    )
    for chunk in batched(records, INSERT_CHUNK):
        session.execute(insert(_CUSTOMER), chunk)
    return customer_ids


def _tag_ids(session: Session, names: Iterable[str]) -> dict[str, tuple[str, str | None]]:
    """Tag id per name, with its group when that group is single-choice. A name matches an HQ tag
    when exactly one live HQ tag has it; otherwise it is the guide's personal tag (made if new)."""
    hq: dict[str, list[tuple[str, str | None]]] = {}
    for tag_id, name, group_id, single_choice in session.execute(
        select(col(Tag.id), col(Tag.name), col(Tag.group_id), col(TagGroup.single_choice))
        .join(TagGroup, col(TagGroup.id) == col(Tag.group_id))
        .where(
            col(TagGroup.source) == "hq", col(Tag.deleted_at).is_(None), col(TagGroup.deleted_at).is_(None)
        )
    ):
        hq.setdefault(name, []).append((tag_id, group_id if single_choice else None))
    resolved: dict[str, tuple[str, str | None]] = {}
    for name in names:
        matches = hq.get(name, [])
        resolved[name] = matches[0] if len(matches) == 1 else (personal_tag(session, name), None)
    return resolved


def _insert_tags(session: Session, rows: Sequence[ImportRow], customer_ids: Sequence[str]) -> None:
    names = dict.fromkeys(name for row in rows for name in row.tags)
    if not names:
        return
    resolved = _tag_ids(session, names)
    now = utcnow()
    links: list[dict[str, Any]] = []
    for row, customer_id in zip(rows, customer_ids, strict=True):
        # In a single-choice group (客户等级) a later tag replaces an earlier one, as tag_customer does.
        chosen: dict[str, str] = {}
        for name in row.tags:
            tag_id, single_group = resolved[name]
            chosen[single_group or tag_id] = tag_id
        links.extend(
            {"customer_id": customer_id, "tag_id": tag_id, "created_at": now}
            for tag_id in dict.fromkeys(chosen.values())
        )
    for chunk in batched(links, INSERT_CHUNK):
        session.execute(insert(_CUSTOMER_TAG), chunk)
