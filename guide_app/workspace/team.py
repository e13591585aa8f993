"""A month of a manager's or HQ's stores and guides: figures, who is behind, the xlsx export."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from guide_app.calls.performance import local_offset_minutes
from guide_app.cells import text_cell
from guide_app.protocol import TeamFigures
from guide_app.timeutil import utcnow
from guide_app.workspace.session import Workspace

MONEY_FORMAT = '"¥"#,##0.00'
PERCENT_FORMAT = "0.0%"
COUNT_FORMAT = "#,##0"


# --------------------------------------------------------------------------------------- months


def month_key(day: date) -> str:
    """2026-11 for any day of November 2026: the month as HQ's API names it."""
    return f"{day.year:04d}-{day.month:02d}"


def month_start(key: str) -> date:
    year, month = key.split("-")
    return date(int(year), int(month), 1)


def months_back(today: date, count: int, ahead: int = 0) -> list[str]:
    """`ahead` months after this one, this month, and `count - 1` before it, newest first."""
    keys = []
    for step in range(-ahead, count):
        index = today.year * 12 + today.month - 1 - step
        keys.append(f"{index // 12:04d}-{index % 12 + 1:02d}")
    return keys


def month_days(key: str) -> int:
    start = month_start(key)
    index = start.year * 12 + start.month  # the next month's index
    return (date(index // 12, index % 12 + 1, 1) - start).days


def month_share_elapsed(key: str, today: date) -> float:
    """How much of the month is behind us by the end of `today`: 0 before it, 1 after it.
    A guide is on pace when their sales reach this share of their target."""
    start = month_start(key)
    days = month_days(key)
    if today < start:
        return 0.0
    return min(1.0, ((today - start).days + 1) / days)


# --------------------------------------------------------------------------------------- figures


def reached(sales_fen: int, target_fen: int | None) -> float | None:
    """Sales as a share of the target (1.0 = reached); None without a target (or a target of 0)."""
    if not target_fen:
        return None
    return sales_fen / target_fen


def is_behind(sales_fen: int, target_fen: int | None, share_elapsed: float) -> bool:
    """Below the month's pro-rata target so far (with no target, nobody is behind)."""
    share = reached(sales_fen, target_fen)
    return share is not None and share < share_elapsed


def completion(done: int, target: int) -> float | None:
    """Tasks done as a share of their target; None when no task asked for anything."""
    return done / target if target > 0 else None


async def team_figures(
    workspace: Workspace, month: str, region_id: int | None = None, *, now: datetime | None = None
) -> TeamFigures:
    """The month's figures of every store and guide the viewer manages, in the PC's time zone
    (HQ: all regions, or `region_id`; a manager always gets their own region)."""
    params = {
        "month": month,
        "utc_offset_minutes": local_offset_minutes(now or utcnow()),
        "region_id": region_id if workspace.is_hq else None,
    }
    async with workspace.client() as client:
        return await client.get("/team", TeamFigures, params)


# --------------------------------------------------------------------------------------- export


class CellKind(StrEnum):
    """How a column's values go into the sheet."""

    text = "text"
    integer = "integer"
    money = "money"  # integer fen, written as yuan with the ¥ format
    percent = "percent"  # a share (0.5 = 50%)


@dataclass(frozen=True)
class SheetColumn:
    header: str
    kind: CellKind
    width: int  # characters


@dataclass(frozen=True)
class SheetTable:
    """One table as the page shows it: its title, its columns and its rows in the shown order.
    A cell holds the column's value, or a text (e.g. "no statistics yet") where it has none."""

    title: str
    columns: Sequence[SheetColumn]
    rows: Sequence[Sequence[Any]] = field(default_factory=list)


def write_tables(path: Path, tables: Sequence[SheetTable]) -> Path:
    """One sheet per table: a bold frozen header with an autofilter, column widths, ¥ and %
    formats; every text cell (names come from HQ's users) is kept as text, never a formula.
    Written beside `path` and moved in place, so a failure never leaves half a file there."""
    workbook = Workbook(write_only=True)
    for table in tables:
        _write_table(workbook, table)
    partial = path.with_name(path.name + ".partial")
    try:
        workbook.save(partial)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def _write_table(workbook: Workbook, table: SheetTable) -> None:
    sheet = workbook.create_sheet(_sheet_title(table.title))
    for position, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = column.width
    sheet.freeze_panes = "A2"
    last = get_column_letter(max(1, len(table.columns)))
    sheet.auto_filter.ref = f"A1:{last}{len(table.rows) + 1}"
    bold = Font(bold=True)
    sheet.append([_styled(sheet, column.header, font=bold) for column in table.columns])
    for row in table.rows:
        sheet.append([_cell(sheet, column, value) for column, value in zip(table.columns, row, strict=True)])


_TITLE_FORBIDDEN = str.maketrans({character: " " for character in "[]:*?/\\"})


def _sheet_title(title: str) -> str:
    """Excel refuses these characters and more than 31 in a sheet's name."""
    return title.translate(_TITLE_FORBIDDEN).strip()[:31] or "Sheet"


def _styled(sheet: Any, value: Any, **style: Any) -> Any:
    escaped = text_cell(sheet, value)  # the value itself, or a cell holding a formula-like text
    cell = WriteOnlyCell(sheet, value=value) if escaped is value else escaped
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _cell(sheet: Any, column: SheetColumn, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str):
        if column.kind is CellKind.text:
            return text_cell(sheet, value)
        # A number column's note ("no statistics yet") sits where the numbers do.
        return _styled(sheet, value, alignment=Alignment(horizontal="right"))
    if column.kind is CellKind.money:
        # Decimal keeps 129950 fen as exactly 1299.50 (a float would not).
        return _styled(sheet, Decimal(int(value)).scaleb(-2), number_format=MONEY_FORMAT)
    if column.kind is CellKind.percent:
        return _styled(sheet, float(value), number_format=PERCENT_FORMAT)
    if column.kind is CellKind.integer:
        return _styled(sheet, int(value), number_format=COUNT_FORMAT)
    return text_cell(sheet, str(value))
