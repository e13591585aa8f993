"""Importing a guide's customer workbook (xlsx): read and check every row, then write in one go.

Memory stays flat whatever the file's size: rows stream from the sheet XML, each good one kept packed
(PackedRows, ~130 bytes), the shared strings packed too (xlsx.workbook.StringTable), and the table
rows, with their pinyin, are built only while a chunk of them is written. The core itself starts
at 85 MiB (pypinyin's 45 MiB phrase list is not loaded: book/name_words.py). Measured on 200k
rows: a 12-column WeCom export saved by LibreOffice (624k shared strings, most of them rich-text
runs) peaks at 206 MiB; the former list of row dicts peaked at 420-520 MiB.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from enum import StrEnum
from itertools import chain
from pathlib import Path
from typing import Any

from openpyxl.workbook.workbook import Workbook
from sqlalchemy import insert, select
from sqlalchemy.orm import Session
from sqlmodel import col

from guide_app.book.batching import batched
from guide_app.book.customers import customer_row
from guide_app.book.models import Customer, CustomerTag, Tag, TagGroup
from guide_app.book.store import Book
from guide_app.book.tags import PersonalTags
from guide_app.errors import ErrorCode, GuideError, InvalidInput
from guide_app.ids import new_ids
from guide_app.jobs import CancelToken, JobControl, Phase, ProgressSink, control
from guide_app.timeutil import utcnow
from guide_app.xlsx import workbook as sheets
from guide_app.xlsx.columns import ColumnMapping, ImportField, chosen_columns, map_columns, mapped_fields
from guide_app.xlsx.rows import ImportRow, PackedRows, RowProblem, RowReader
from guide_app.xlsx.workbook import Formula, SheetRow

__all__ = [
    "ColumnMapping",
    "ImportField",
    "ImportMode",
    "ImportPlan",
    "ImportResult",
    "ImportRow",
    "RowProblem",
]

HEADER_SCAN_ROWS = 20  # title rows and merged banners sit above the header in guides' files
SAMPLE_ROWS = 3  # data rows the mapping preview shows under each header
PROGRESS_EVERY = 2_000  # rows between progress reports (and cancel checks)
INSERT_CHUNK = 250  # rows per executemany (~10 ms): the job paces itself between them (jobs.pace)
_IN_CHUNK = 500  # phones per IN (...) lookup, well under SQLite's bound-parameter limit
_CUSTOMER = Customer.__table__  # type: ignore[attr-defined]
_CUSTOMER_TAG = CustomerTag.__table__  # type: ignore[attr-defined]


class ImportMode(StrEnum):
    all_or_nothing = "all_or_nothing"  # any bad row: write nothing
    good_rows = "good_rows"  # write the good rows, report the bad ones


@dataclass(frozen=True)
class ImportPlan:
    """What an import would do, before anything is written: the mapping preview and every row note."""

    sheet: str
    sheet_note: str  # why this sheet was read
    header_row: int
    columns: list[ColumnMapping]  # every header cell: its field, or None and why not
    rows: PackedRows  # a Sequence[ImportRow], packed: a 200k-row plan stays small
    problems: list[RowProblem]  # bad rows: in all_or_nothing mode nothing is written
    # not written, and no error: totals lines, customers already in the book
    skipped: list[RowProblem] = field(default_factory=list)
    merged: list[RowProblem] = field(default_factory=list)  # repeats folded into an earlier row
    notes: list[RowProblem] = field(default_factory=list)  # written, with something to know
    rows_read: int = 0  # non-empty data rows
    sheets: tuple[str, ...] = ()  # every sheet of the workbook, so a screen can offer the others
    samples: list[list[str]] = field(default_factory=list)  # the first data rows' cells, as shown

    def samples_of(self, column: ColumnMapping) -> list[str]:
        return [row[column.index] for row in self.samples if column.index < len(row)]

    def header_of(self, name: ImportField) -> str:
        return next((column.header for column in self.columns if column.field is name), name.value)

    @property
    def problem_rows(self) -> int:
        return len({problem.row for problem in self.problems})

    @property
    def ignored(self) -> list[ColumnMapping]:
        return [column for column in self.columns if column.field is None]

    def render(self) -> str:
        """A preview before anything is written: the columns, then counts and every noted row."""
        lines = [f"Sheet {self.sheet!r} ({self.sheet_note}), header on row {self.header_row}.", "Columns:"]
        for column in self.columns:
            target = column.field.value if column.field is not None else "not imported"
            lines.append(
                f"  {column.letter} {column.header} → {target}" + (f" ({column.note})" if column.note else "")
            )
        lines.append(
            f"{self.rows_read} rows read, {len(self.rows)} to import, {len(self.merged)} merged into an "
            f"earlier row, {len(self.skipped)} skipped, {self.problem_rows} with problems."
        )
        return "\n".join(lines + _report_lists(self.problems, self.skipped, self.merged, self.notes))


def _report_lists(*lists: Sequence[RowProblem]) -> list[str]:
    lines: list[str] = []
    for title, problems in zip(("Problems:", "Skipped:", "Merged:", "Notes:"), lists, strict=True):
        if problems:
            lines += [title, *(f"  row {p.row}, {p.column}: {p.reason}" for p in problems)]
    return lines


@dataclass(frozen=True)
class ImportResult:
    mode: ImportMode
    imported: int
    skipped_existing: int
    problems: list[RowProblem]
    skipped: list[RowProblem]
    merged: list[RowProblem] = field(default_factory=list)
    notes: list[RowProblem] = field(default_factory=list)

    @property
    def problem_rows(self) -> int:
        return len({problem.row for problem in self.problems})

    def render(self) -> str:
        """A plain report for the guide: counts first, then every bad, skipped and merged row."""
        customers = "1 customer" if self.imported == 1 else f"{self.imported} customers"
        lines = [f"Imported {customers}, skipped {self.skipped_existing} already in the book."]
        if self.problems:
            outcome = "so nothing was imported" if self.mode is ImportMode.all_or_nothing else "left out"
            lines.append(f"{self.problem_rows} rows have problems, {outcome}.")
        return "\n".join(lines + _report_lists(self.problems, self.skipped, self.merged, self.notes))


# --------------------------------------------------------------------------- reading the file


def read_workbook(
    path: Path,
    sheet: str | None = None,
    *,
    chosen: Mapping[int, ImportField | None] | None = None,
    progress: ProgressSink | None = None,
    cancel: CancelToken | None = None,
) -> ImportPlan:
    """Read and check every row of a workbook; no database. Without `sheet`, the first sheet
    that has a header row with a name column is read (the plan says which, and why). `chosen`
    replaces the guessed field of the columns it names (by index; None leaves one out)."""
    job = control(progress, cancel)
    with sheets.opened(path) as workbook:
        title, note, head, rows = _choose_sheet(workbook, sheet)
        total = _row_count(workbook, title)
        if (total or 0) > sheets.MAX_ROWS:
            raise _too_many_rows()
        job.report(Phase.reading_file, 0, total)
        plan = _plan_sheet(title, note, head, rows, job, total, chosen or {})
        return replace(plan, sheets=tuple(workbook.sheetnames))


def _row_count(workbook: Workbook, title: str) -> int | None:
    """The sheet's size as its file states it, for progress: None when it does not say (openpyxl's
    streaming writer), and only a hint when it does (some programs write a wrong one)."""
    return workbook[title].max_row or None


def _choose_sheet(
    workbook: Workbook, wanted: str | None
) -> tuple[str, str, list[SheetRow], Generator[SheetRow, None, None]]:
    if wanted is not None:
        if wanted not in workbook.sheetnames:
            raise InvalidInput(
                f"the workbook has no sheet named {wanted!r}", code=ErrorCode.import_sheet_missing
            )
        rows = sheets.sheet_rows(workbook, wanted)
        return wanted, "the sheet asked for", _head(rows), rows
    passed: list[str] = []
    for title in (worksheet.title for worksheet in workbook.worksheets):
        rows = sheets.sheet_rows(workbook, title)
        head = _head(rows)
        if _find_header(head) is not None:
            note = (
                "the first sheet" if not passed else f"the first with a header; {', '.join(passed)} have none"
            )
            return title, note, head, rows
        rows.close()
        passed.append(repr(title))
    if not passed:
        raise InvalidInput(
            "the workbook has no sheet that can be read; open it in Excel or WPS and save it again",
            code=ErrorCode.import_sheet_missing,
        )
    raise _no_header()


def _head(rows: Iterator[SheetRow]) -> list[SheetRow]:
    """The rows that may hold the header; the first row below them stays in the list."""
    head: list[SheetRow] = []
    for row in rows:
        head.append(row)
        if row.number > HEADER_SCAN_ROWS:
            break
    return head


def _no_header() -> InvalidInput:
    return InvalidInput(
        f"no header row with a name column (姓名 / 客户名称 / name) in the first {HEADER_SCAN_ROWS} rows",
        code=ErrorCode.import_no_header,
    )


def _too_many_rows() -> GuideError:
    return GuideError(
        f"the sheet has more than {sheets.MAX_ROWS:,} rows; split it", code=ErrorCode.import_too_large
    )


def _find_header(head: Sequence[SheetRow]) -> tuple[int, list[ColumnMapping]] | None:
    """The position in `head` of the row with a name column and the most fields, and its mapping."""
    best: tuple[int, list[ColumnMapping]] | None = None
    best_count = 0
    for at, row in enumerate(head):
        if row.number > HEADER_SCAN_ROWS:
            break
        columns = map_columns(row.values)
        found = mapped_fields(columns)
        if ImportField.name in found and len(found) > best_count:
            best, best_count = (at, columns), len(found)
    return best


def _plan_sheet(
    title: str,
    note: str,
    head: list[SheetRow],
    rows: Iterator[SheetRow],
    job: JobControl,
    total: int | None,
    chosen: Mapping[int, ImportField | None],
) -> ImportPlan:
    found = _find_header(head)
    if found is None:
        raise _no_header()
    header_at, columns = found
    columns = chosen_columns(columns, chosen) if chosen else columns
    reader = RowReader(columns)
    samples: list[list[str]] = []
    last = head[header_at].number
    for count, row in enumerate(chain(head[header_at + 1 :], rows), start=1):
        if row.number > sheets.MAX_ROWS:
            raise _too_many_rows()
        if len(samples) < SAMPLE_ROWS and any(value is not None for value in row.values):
            samples.append([_shown(value) for value in row.values])
        reader.read(row)
        job.pace()
        last = row.number
        if count % PROGRESS_EVERY == 0:
            job.report(Phase.reading_file, last, total and max(total, last))
    job.report(Phase.reading_file, last, last)
    return ImportPlan(
        sheet=title,
        sheet_note=note,
        header_row=head[header_at].number,
        columns=columns,
        rows=reader.good,
        problems=reader.problems,
        skipped=reader.skipped,
        merged=reader.merged,
        notes=reader.notes,
        rows_read=reader.rows_read,
        samples=samples,
    )


def _shown(value: object) -> str:
    """A cell as the guide's spreadsheet shows it, for the mapping preview."""
    if value is None:
        return ""
    if isinstance(value, Formula):
        return value.text
    if isinstance(value, datetime):
        return (
            value.strftime("%Y-%m-%d %H:%M")
            if value.time() != datetime.min.time()
            else value.date().isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --------------------------------------------------------------------------- against the book


def _live_names_by_phone(session: Session, phones: Iterable[str]) -> dict[str, str]:
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
    existing = _live_names_by_phone(session, (row.fields.phone for row in plan.rows if row.fields.phone))
    if not existing:
        return plan
    rows, known = plan.rows.where(lambda row: (row.fields.phone or "") not in existing)
    phone_header = plan.header_of(ImportField.phone)
    skipped = [
        RowProblem(
            row.row,
            phone_header,
            f"already in the book as {existing[row.fields.phone or '']}",
            ErrorCode.import_already_in_book,
        )
        for row in known
    ]
    return replace(plan, rows=rows, skipped=sorted([*plan.skipped, *skipped]))


# --------------------------------------------------------------------------- writing


def apply_import(
    book: Book,
    plan: ImportPlan,
    mode: ImportMode,
    *,
    progress: ProgressSink | None = None,
    cancel: CancelToken | None = None,
) -> ImportResult:
    """Write the plan's good rows and their tags in one transaction (or, in all_or_nothing mode
    with any bad row, nothing). Rows already in the book are checked again inside the transaction,
    so a customer synced in since the preview is skipped rather than doubled. A cancel at any
    report rolls the whole transaction back: the book is as it was."""
    job = control(progress, cancel)
    if mode is ImportMode.all_or_nothing and plan.problems:
        return ImportResult(mode, 0, _already(plan), plan.problems, plan.skipped, plan.merged, plan.notes)
    with book.writing() as session, job.pacing_statements(session):
        checked = plan_against_book(session, plan)
        total = len(checked.rows)
        job.report(Phase.writing_book, 0, total)
        tags = _TagResolver(session)
        now = utcnow()
        for done, chunk in enumerate(batched(checked.rows, INSERT_CHUNK), start=1):
            _insert_chunk(session, chunk, tags, now)
            job.pace()
            if done % (PROGRESS_EVERY // INSERT_CHUNK) == 0 or done * INSERT_CHUNK >= total:
                job.report(Phase.writing_book, min(done * INSERT_CHUNK, total), total)
    return ImportResult(
        mode, total, _already(checked), checked.problems, checked.skipped, checked.merged, checked.notes
    )


def _already(plan: ImportPlan) -> int:
    return sum(problem.code is ErrorCode.import_already_in_book for problem in plan.skipped)


def _insert_chunk(session: Session, rows: Sequence[ImportRow], tags: _TagResolver, now: Any) -> None:
    # Core executemany on the table: ORM add_all is 60x slower at 250k rows. Fresh ids here keep a
    # plan reusable (e.g. all_or_nothing refused, then good_rows); a row without 添加时间 keeps the
    # time the file was written in as its added_at.
    ids = new_ids(len(rows))
    records = [customer_row(row.fields, now, customer_id) for row, customer_id in zip(rows, ids, strict=True)]
    session.execute(insert(_CUSTOMER), records)
    links: list[dict[str, Any]] = []
    for row, record in zip(rows, records, strict=True):
        # In a single-choice group (客户等级) a later tag replaces an earlier one, as tag_customer does.
        chosen: dict[str, str] = {}
        for tag_id, single_group in chain(
            map(tags.hq_or_personal, row.tags), map(tags.personal, row.personal_tags)
        ):
            chosen[single_group or tag_id] = tag_id
        links.extend(
            {"customer_id": record["id"], "tag_id": tag_id, "created_at": now}
            for tag_id in dict.fromkeys(chosen.values())
        )
    tags.write_pending()
    if links:
        session.execute(insert(_CUSTOMER_TAG), links)


class _TagResolver:
    """Tag ids by name, looked up once per import. A name matches an HQ tag when exactly one live
    HQ tag has it; otherwise it is the guide's personal tag (made if new)."""

    def __init__(self, session: Session) -> None:
        self._personal_tags = PersonalTags(session)
        self.hq: dict[str, list[tuple[str, str | None]]] = {}
        for tag_id, name, group_id, single_choice in session.execute(
            select(col(Tag.id), col(Tag.name), col(Tag.group_id), col(TagGroup.single_choice))
            .join(TagGroup, col(TagGroup.id) == col(Tag.group_id))
            .where(
                col(TagGroup.source) == "hq",
                col(Tag.deleted_at).is_(None),
                col(TagGroup.deleted_at).is_(None),
            )
        ):
            self.hq.setdefault(name, []).append((tag_id, group_id if single_choice else None))
        self._resolved: dict[str, tuple[str, str | None]] = {}
        self._personal: dict[str, tuple[str, str | None]] = {}

    def hq_or_personal(self, name: str) -> tuple[str, str | None]:
        if name not in self._resolved:
            matches = self.hq.get(name, [])
            self._resolved[name] = matches[0] if len(matches) == 1 else self.personal(name)
        return self._resolved[name]

    def personal(self, name: str) -> tuple[str, str | None]:
        if name not in self._personal:
            self._personal[name] = (self._personal_tags.id_of(name), None)
        return self._personal[name]

    def write_pending(self) -> None:
        self._personal_tags.write_pending()
