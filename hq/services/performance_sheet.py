"""The performance sheet (业绩表): a span's figures by region, store, guide and task, and every sale.

Read for Chinese managers, so sheet titles and headers are Chinese. The per-guide numbers come from
hq.services.figures (the team view reads the same ones); per store and region the counted sales are
grouped by the sale's own store, so every total equals the database's sum over the same rows.
The workbook streams (hq.services.sheet_stream): the small sheets first, the sales detail last, read
in keyset pages of SALES_PAGE rows, each page its own short read session.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from sqlalchemy import and_, case, func, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.cells import mask_phones_in, text_cell
from guide_app.protocol import (
    SHEET_FIRST_DAY,
    SHEET_LAST_DAY,
    SHEET_MAX_DAYS,
    AttributionReason,
    SheetProblem,
    SheetRequest,
    SheetScope,
    TargetScope,
    TaskSource,
)
from hq.core.db import Database, utcnow
from hq.core.errors import Invalid, NotFound
from hq.models import Account, ManagerTask, Region, Sale, SopTemplate, Store, TaskAssignee, TaskProgress
from hq.services.figures import GuideNumbers, Span, guide_numbers, guides_in, prorated_targets
from hq.services.sheet_stream import PipeSink, StreamedWorkbook, stream_from_thread
from hq.services.visibility import Viewer

SALES_PAGE = 5_000
HUGE_SHEET_ROWS = 1_000_000  # ~1 KiB of XML a row: from here a sheet may pass zip's 2 GiB
MONEY = '"¥"#,##0.00'
PERCENT = "0.0%"
LOCAL_TIME = "yyyy-mm-dd hh:mm"
YES = "是"
PRODUCER_THREAD = "performance-sheet"
ATTRIBUTION_LABELS = {
    AttributionReason.owner.value: "本人顾客",
    AttributionReason.last_touch.value: "最近跟进",
}
WHOLE_CHAIN = "全部"

Progress = Callable[[str, int, int], None]  # (sheet title, rows written, rows expected)


# --------------------------------------------------------------------------- what was asked


_PROBLEMS = {
    SheetProblem.outside_calendar: f"the days must lie between {SHEET_FIRST_DAY} and {SHEET_LAST_DAY}",
    SheetProblem.range_reversed: "'to' is before 'from'",
    SheetProblem.range_too_long: f"the range is longer than {SHEET_MAX_DAYS} days; export it in parts",
    SheetProblem.scope_missing: "scope=region needs region_id, and scope=store needs store_id",
}


def check(request: SheetRequest) -> None:
    """The request's own sense, before anything is read: a 422 with the reason."""
    problem = request.problem()
    if problem is not None:
        raise Invalid(_PROBLEMS[problem])


def span_of(request: SheetRequest) -> Span:
    return Span(request.first_day, request.last_day, timedelta(minutes=request.utc_offset_minutes))


def file_name(request: SheetRequest) -> str:
    return f"performance_{request.first_day.isoformat()}_{request.last_day.isoformat()}.xlsx"


@dataclass(frozen=True)
class Selection:
    """The stores a sheet covers, resolved and permitted: region_id/store_id None mean all."""

    region_id: int | None
    store_id: int | None
    label: str


async def select_scope(session: AsyncSession, viewer: Viewer | None, request: SheetRequest) -> Selection:
    """Resolve the scope for `viewer` (None: the shell, with HQ's reach). A manager's "all" is their
    region; another region, or a store outside it, is "not found" (its existence is not told)."""
    check(request)
    if request.scope is SheetScope.store:
        store = await session.get(Store, request.store_id)
        if store is None or (viewer is not None and not viewer.manages_region(store.region_id)):
            raise NotFound("no such store")
        return Selection(store.region_id, store.id, f"门店 {store.code} {store.name}")
    region_id = request.region_id if request.scope is SheetScope.region else None
    if viewer is not None and not viewer.is_admin:
        if region_id is not None and region_id != viewer.account.region_id:
            raise NotFound("no such region")
        region_id = viewer.account.region_id
        if region_id is None:
            raise NotFound("this account manages no region")
    if region_id is None:
        return Selection(None, None, WHOLE_CHAIN)
    region = await session.get(Region, region_id)
    if region is None:
        raise NotFound("no such region")
    return Selection(region.id, None, f"区域 {region.name}")


async def region_by_name_or_id(session: AsyncSession, name_or_id: str) -> int:
    query = select(col(Region.id)).where(col(Region.name) == name_or_id)
    if name_or_id.isdigit():
        query = select(col(Region.id)).where(
            or_(col(Region.name) == name_or_id, col(Region.id) == int(name_or_id))
        )
    found = (await session.execute(query)).scalars().first()
    if found is None:
        raise NotFound(f"no region named {name_or_id!r}")
    return int(found)


async def store_by_code(session: AsyncSession, code: str) -> int:
    found = (await session.execute(select(col(Store.id)).where(col(Store.code) == code))).scalar()
    if found is None:
        raise NotFound(f"no store with code {code!r}")
    return int(found)


# --------------------------------------------------------------------------- what the sheet shows


@dataclass(frozen=True)
class StorePlace:
    id: int
    code: str
    name: str
    region_id: int


@dataclass(frozen=True)
class GuidePlace:
    id: int
    login: str
    name: str
    store_id: int | None
    disabled: bool


@dataclass(frozen=True)
class TaskLine:
    title: str
    kind: str
    due: datetime | None  # local, naive (a spreadsheet has no time zones); None: daily (SOP)
    guide_id: int
    done: int
    target: int
    overdue: bool


@dataclass
class Overview:
    """Everything but the sales detail: small enough to hold (20k guides are a few MiB)."""

    regions: dict[int, str]
    stores: list[StorePlace]
    guides: list[GuidePlace]
    numbers: dict[int, GuideNumbers]
    store_sales: dict[int, tuple[int, int, int]]  # store → (fen, orders, disputed orders)
    store_targets: dict[int, int]
    tasks: list[TaskLine]
    sales_rows: int
    made_at: datetime = field(default_factory=utcnow)


def _stores_query(selection: Selection) -> Any:
    query = select(col(Store.id), col(Store.code), col(Store.name), col(Store.region_id))
    if selection.store_id is not None:
        return query.where(col(Store.id) == selection.store_id)
    if selection.region_id is not None:
        return query.where(col(Store.region_id) == selection.region_id)
    return query


def _in_span(selection: Selection, span: Span) -> list[Any]:
    """The counted sales of the span in the selection (voided ones never count)."""
    start, end = span.utc_bounds()
    where = [col(Sale.voided_at).is_(None), col(Sale.sold_at) >= start, col(Sale.sold_at) < end]
    if selection.store_id is not None:
        where.append(col(Sale.store_id) == selection.store_id)
    elif selection.region_id is not None:
        where.append(col(Sale.store_id).in_(_stores_query(selection).with_only_columns(col(Store.id))))
    return where


async def load_overview(session: AsyncSession, selection: Selection, span: Span) -> Overview:
    stores = await _stores(session, selection)
    selected_guides = guides_in(selection.region_id, selection.store_id)
    store_sales = await _store_sales(session, selection, span)
    return Overview(
        regions=await _regions(session, {store.region_id for store in stores}),
        stores=stores,
        guides=await _guides(session, selected_guides),
        numbers=await guide_numbers(session, selected_guides, span),
        store_sales=store_sales,
        store_targets=await prorated_targets(
            session, TargetScope.store, [store.id for store in stores], span
        ),
        tasks=await _task_lines(session, selected_guides, span),
        sales_rows=sum(orders for _, orders, _ in store_sales.values()),
    )


async def _stores(session: AsyncSession, selection: Selection) -> list[StorePlace]:
    rows = await session.execute(_stores_query(selection).order_by(col(Store.code)))
    return [StorePlace(int(id_), code, name, int(region_id)) for id_, code, name, region_id in rows]


async def _regions(session: AsyncSession, region_ids: set[int]) -> dict[int, str]:
    rows = await session.execute(
        select(col(Region.id), col(Region.name))
        .where(col(Region.id).in_(region_ids))
        .order_by(col(Region.name))
    )
    # Region.id is typed Optional (unset before insert); a stored row has one.
    return {int(id_): name for id_, name in rows if id_ is not None}


async def _guides(session: AsyncSession, selected_guides: Any) -> list[GuidePlace]:
    rows = await session.execute(
        select(
            col(Account.id), col(Account.login), col(Account.display_name), col(Account.store_id),
            col(Account.disabled),
        )
        .where(col(Account.id).in_(selected_guides))
        .order_by(col(Account.store_id), col(Account.login))
    )  # fmt: skip
    return [
        GuidePlace(int(id_), login, name, store_id, bool(disabled))
        for id_, login, name, store_id, disabled in rows
        if id_ is not None
    ]


async def _store_sales(
    session: AsyncSession, selection: Selection, span: Span
) -> dict[int, tuple[int, int, int]]:
    """Per store: (fen, orders, open disputes) of the counted sales, grouped by the sale's store."""
    rows = await session.execute(
        select(
            col(Sale.store_id),
            func.coalesce(func.sum(col(Sale.amount_fen)), 0),
            func.count(),
            func.coalesce(func.sum(case((_open_dispute(), 1), else_=0)), 0),
        )
        .where(*_in_span(selection, span))
        .group_by(col(Sale.store_id))
    )
    return {int(store_id): (int(fen), int(orders), int(disputed)) for store_id, fen, orders, disputed in rows}


def _open_dispute() -> Any:
    """Claimed by two guides and not yet decided: how figures.py counts a disputed order."""
    return and_(col(Sale.disputed), col(Sale.decided).is_(False))


def _local(moment: datetime, span: Span) -> datetime:
    return (moment.astimezone(UTC) + span.utc_offset).replace(tzinfo=None)


async def _task_lines(session: AsyncSession, guide_ids: Any, span: Span) -> list[TaskLine]:
    """Per task per guide: manager tasks due in the span (not cancelled; a guide who reported
    nothing shows 0 of the task's target), and each SOP template summed over the span's days."""
    start, end = span.utc_bounds()
    now = utcnow()
    reported = and_(
        col(TaskProgress.source) == TaskSource.manager.value,
        col(TaskProgress.task_id) == col(TaskAssignee.task_id),
        col(TaskProgress.guide_id) == col(TaskAssignee.guide_id),
    )
    manager_rows = await session.execute(
        select(
            col(ManagerTask.title), col(ManagerTask.due_at), col(TaskAssignee.guide_id),
            col(TaskProgress.done), col(TaskProgress.target), col(ManagerTask.target_count),
        )
        .join(TaskAssignee, col(TaskAssignee.task_id) == col(ManagerTask.id))
        .outerjoin(TaskProgress, reported)
        .where(
            col(ManagerTask.cancelled).is_(False), col(ManagerTask.due_at) >= start,
            col(ManagerTask.due_at) < end, col(TaskAssignee.guide_id).in_(guide_ids),
        )
        .order_by(col(ManagerTask.due_at), col(ManagerTask.title), col(TaskAssignee.guide_id))
    )  # fmt: skip
    lines = []
    for title, due_at, guide_id, done, target, target_count in manager_rows:
        done, target = int(done or 0), int(target if target is not None else target_count)
        overdue = now > due_at and done < target
        lines.append(TaskLine(title, "经理任务", _local(due_at, span), int(guide_id), done, target, overdue))
    return lines + await _sop_lines(session, guide_ids, span)


async def _sop_lines(session: AsyncSession, guide_ids: Any, span: Span) -> list[TaskLine]:
    first, last = span.days()
    today = (utcnow() + span.utc_offset).date().isoformat()
    capped = case(
        (col(TaskProgress.done) > col(TaskProgress.target), col(TaskProgress.target)),
        else_=col(TaskProgress.done),
    )
    missed = case(
        (and_(col(TaskProgress.day) < today, col(TaskProgress.done) < col(TaskProgress.target)), 1), else_=0
    )
    rows = await session.execute(
        select(
            func.max(col(SopTemplate.title)), col(TaskProgress.guide_id),
            func.sum(capped), func.sum(col(TaskProgress.target)), func.sum(missed),
        )
        .select_from(TaskProgress)
        .outerjoin(SopTemplate, col(SopTemplate.id) == col(TaskProgress.task_id))
        .where(
            col(TaskProgress.source) == TaskSource.sop.value, col(TaskProgress.day) >= first,
            col(TaskProgress.day) <= last, col(TaskProgress.guide_id).in_(guide_ids),
        )
        .group_by(col(TaskProgress.task_id), col(TaskProgress.guide_id))
        .order_by(func.max(col(SopTemplate.title)), col(TaskProgress.guide_id))
    )  # fmt: skip
    return [
        TaskLine(title or "SOP", "SOP（按日）", None, int(guide_id), int(done), int(target), bool(missed))
        for title, guide_id, done, target, missed in rows
    ]


# --------------------------------------------------------------------------- cells


def shown_text(text: str | None) -> str:
    """User text as a cell shows it: any mobile number in it masked."""
    return mask_phones_in(text)


class Cells:
    """Cells of one sheet: text that stays text, money from fen, ratios as percent."""

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet
        self._styles: dict[str, Any] = {}

    def text(self, value: str | None) -> Any:
        # No text is no cell at all: an empty string would still be written (a fifth more cells
        # in the sales detail, whose flags are mostly blank).
        return text_cell(self.sheet, shown_text(value)) if value else None

    def styled(self, value: Any, number_format: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.sheet, value=value)
        style = self._styles.get(number_format)
        if style is None:
            cell.number_format = number_format
            self._styles[number_format] = cell._style
        else:
            # One style array per format, shared: a write_only cell is written out at once and never
            # changed, and openpyxl's setter looked the format up again for every cell (a fifth of
            # the sales detail's own cost).
            cell._style = style
        return cell

    def local_time(self, moment: datetime) -> WriteOnlyCell:
        return self.styled(moment, LOCAL_TIME)

    def money(self, fen: int | None) -> Any:
        # Decimal keeps 129900 fen as exactly 1299.00, so a column's sum in the sheet is exact too.
        return None if fen is None else self.styled(Decimal(fen).scaleb(-2), MONEY)

    def percent(self, part: int, whole: int | None) -> Any:
        return None if not whole else self.styled(part / whole, PERCENT)

    def header(self, values: list[str]) -> list[WriteOnlyCell]:
        bold = Font(bold=True)
        cells = []
        for value in values:
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.font = bold
            cells.append(cell)
        return cells


def _average(fen: int, orders: int) -> int | None:
    return None if not orders else round(fen / orders)


def _sum_known(values: list[int | None]) -> int | None:
    known = [value for value in values if value is not None]
    return sum(known) if known else None


# --------------------------------------------------------------------------- sheets


@dataclass(frozen=True)
class Column:
    header: str
    width: int


def _columns(*pairs: tuple[str, int]) -> list[Column]:
    return [Column(header, width) for header, width in pairs]


SUMMARY = _columns(
    ("区域", 14), ("门店数", 8), ("导购人数", 10), ("销售额", 16), ("订单数", 10),
    ("客单价", 12), ("目标", 16), ("达成率", 10), ("任务完成率", 12),
)  # fmt: skip
STORES = _columns(
    ("区域", 12), ("门店编码", 10), ("门店", 18), ("导购人数", 10), ("销售额", 16),
    ("订单数", 10), ("未裁定争议", 12), ("客单价", 12), ("目标", 16), ("达成率", 10),
    ("新增顾客", 10), ("任务完成率", 12), ("逾期跟进", 10),
)  # fmt: skip
GUIDES = _columns(
    ("区域", 12), ("门店编码", 10), ("门店", 18), ("导购", 12), ("登录名", 16),
    ("状态", 8), ("销售额", 16), ("订单数", 10), ("未裁定争议", 12), ("归属顾客", 10),
    ("新增顾客", 10), ("客单价", 12), ("目标", 16), ("达成率", 10), ("任务完成率", 12),
    ("逾期跟进", 10), ("发送素材", 10),
)  # fmt: skip
TASKS = _columns(
    ("任务", 28), ("类型", 12), ("截止", 18), ("导购", 12), ("门店", 18),
    ("完成", 8), ("目标", 8), ("完成率", 10), ("逾期", 8),
)  # fmt: skip
SALES = _columns(
    ("订单号", 20), ("销售时间", 18), ("门店编码", 10), ("门店", 18), ("导购", 12),
    ("顾客编号", 26), ("金额", 14), ("归属依据", 10), ("争议", 6), ("已裁定", 8),
)  # fmt: skip
SHEETS = ["汇总", "门店", "导购", "任务", "销售明细"]
HEADER_ROW = 2  # row 1 is the title line: range, scope, when made


@dataclass
class Aggregate:
    """Figures summed over some stores and their guides."""

    stores: int = 0
    guides: int = 0
    sales_fen: int = 0
    orders: int = 0
    target_fen: int | None = None
    tasks_done: int = 0
    tasks_target: int = 0

    def add_store(self, fen: int, orders: int, target: int | None) -> None:
        self.stores += 1
        self.sales_fen += fen
        self.orders += orders
        if target is not None:
            self.target_fen = (self.target_fen or 0) + target

    def merge(self, other: Aggregate) -> None:
        self.stores += other.stores
        self.guides += other.guides
        self.sales_fen += other.sales_fen
        self.orders += other.orders
        if other.target_fen is not None:
            self.target_fen = (self.target_fen or 0) + other.target_fen
        self.tasks_done += other.tasks_done
        self.tasks_target += other.tasks_target

    def add_guide(self, numbers: GuideNumbers | None, active: bool) -> None:
        self.guides += int(active)
        if numbers is not None:
            self.tasks_done += numbers.tasks_done
            self.tasks_target += numbers.tasks_target


class SheetWriter:
    """Writes the five sheets of one overview into a streamed workbook."""

    def __init__(self, book: StreamedWorkbook, overview: Overview, request: SheetRequest, label: str):
        self.book = book
        self.overview = overview
        self.request = request
        self.label = label
        self.store_of = {store.id: store for store in overview.stores}
        self.guide_of = {guide.id: guide for guide in overview.guides}

    def title_line(self) -> str:
        offset = self.request.utc_offset_minutes
        sign, hours, minutes = "+" if offset >= 0 else "-", abs(offset) // 60, abs(offset) % 60
        made = _local(self.overview.made_at, span_of(self.request))
        return (
            f"业绩表 {self.request.first_day.isoformat()} 至 {self.request.last_day.isoformat()} "
            f"(UTC{sign}{hours:02d}:{minutes:02d}) · 范围：{self.label} · 生成于 {made:%Y-%m-%d %H:%M}"
        )

    def write_table(
        self,
        sheet: Any,
        columns: list[Column],
        rows: Iterator[list[Any]],
        expected_rows: int = 0,
        chart: Callable[[Any, int], BarChart] | None = None,
    ) -> int:
        """Title line, frozen and filtered header row, then `rows`; returns the rows written.
        `chart` makes a chart of the rows written (but the last, a total), placed beside them."""
        for number, column in enumerate(columns, 1):
            sheet.column_dimensions[get_column_letter(number)].width = column.width
        sheet.freeze_panes = f"A{HEADER_ROW + 1}"
        count = 0
        with self.book.writing(sheet, huge=expected_rows > HUGE_SHEET_ROWS) as open_sheet:
            cells = Cells(open_sheet)
            open_sheet.append([cells.text(self.title_line())])
            open_sheet.append(cells.header([column.header for column in columns]))
            for row in rows:
                open_sheet.append(row)
                count += 1
            last = get_column_letter(len(columns))
            open_sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + max(count, 1)}"
            if chart is not None and count > 1:
                open_sheet.add_chart(chart(open_sheet, count - 1), f"{get_column_letter(len(columns) + 2)}2")
        return count

    def region_chart(self, sheet: Any, regions: int) -> BarChart:
        chart = BarChart()
        chart.title = "各区域销售额（元）"
        chart.legend = None
        first, last = HEADER_ROW + 1, HEADER_ROW + regions
        chart.add_data(Reference(sheet, min_col=4, min_row=HEADER_ROW, max_row=last), titles_from_data=True)
        chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
        chart.width, chart.height = 18, 9
        return chart

    def region_rows(self, sheet: Any) -> Iterator[list[Any]]:
        cells, overview = Cells(sheet), self.overview
        per_region = {region_id: Aggregate() for region_id in overview.regions}
        for store in overview.stores:
            fen, orders, _ = overview.store_sales.get(store.id, (0, 0, 0))
            per_region[store.region_id].add_store(fen, orders, overview.store_targets.get(store.id))
        for guide in overview.guides:
            if guide.store_id in self.store_of:
                region = per_region[self.store_of[guide.store_id].region_id]
                region.add_guide(overview.numbers.get(guide.id), not guide.disabled)
        total = Aggregate()
        for region_id, name in overview.regions.items():
            figures = per_region[region_id]
            yield self.aggregate_row(cells, name, figures)
            total.merge(figures)
        yield self.aggregate_row(cells, "合计", total)

    def aggregate_row(self, cells: Cells, name: str, figures: Aggregate) -> list[Any]:
        return [
            cells.text(name),
            figures.stores,
            figures.guides,
            cells.money(figures.sales_fen),
            figures.orders,
            cells.money(_average(figures.sales_fen, figures.orders)),
            cells.money(figures.target_fen),
            cells.percent(figures.sales_fen, figures.target_fen),
            cells.percent(figures.tasks_done, figures.tasks_target),
        ]

    def store_rows(self, sheet: Any) -> Iterator[list[Any]]:
        cells, overview = Cells(sheet), self.overview
        guides_of: dict[int, list[GuidePlace]] = {store.id: [] for store in overview.stores}
        for guide in overview.guides:
            if guide.store_id in guides_of:
                guides_of[guide.store_id].append(guide)
        for store in overview.stores:
            fen, orders, disputed = overview.store_sales.get(store.id, (0, 0, 0))
            target = overview.store_targets.get(store.id)
            numbers = [
                overview.numbers[guide.id] for guide in guides_of[store.id] if guide.id in overview.numbers
            ]
            done = sum(number.tasks_done for number in numbers)
            yield [
                cells.text(overview.regions.get(store.region_id, "")), cells.text(store.code),
                cells.text(store.name), sum(1 for guide in guides_of[store.id] if not guide.disabled),
                cells.money(fen), orders, disputed, cells.money(_average(fen, orders)), cells.money(target),
                cells.percent(fen, target), _sum_known([number.new_customers for number in numbers]),
                cells.percent(done, sum(number.tasks_target for number in numbers)),
                _sum_known([number.overdue_follow_ups for number in numbers]),
            ]  # fmt: skip

    def guide_rows(self, sheet: Any) -> Iterator[list[Any]]:
        cells, overview = Cells(sheet), self.overview
        for guide in overview.guides:
            number = overview.numbers.get(guide.id)
            if number is None:
                continue
            store = self.store_of.get(guide.store_id) if guide.store_id is not None else None
            region = overview.regions.get(store.region_id, "") if store else ""
            yield [
                cells.text(region), cells.text(store.code if store else ""),
                cells.text(store.name if store else ""), cells.text(guide.name), cells.text(guide.login),
                "停用" if guide.disabled else "在职", cells.money(number.sales_fen), number.orders,
                number.disputed_orders, number.customers_attributed, number.new_customers,
                cells.money(_average(number.sales_fen, number.orders)), cells.money(number.target_fen),
                cells.percent(number.sales_fen, number.target_fen),
                cells.percent(number.tasks_done, number.tasks_target), number.overdue_follow_ups,
                number.content_sent,
            ]  # fmt: skip

    def task_rows(self, sheet: Any) -> Iterator[list[Any]]:
        cells = Cells(sheet)
        for line in self.overview.tasks:
            guide = self.guide_of.get(line.guide_id)
            store = self.store_of.get(guide.store_id) if guide and guide.store_id is not None else None
            yield [
                cells.text(line.title), line.kind,
                cells.local_time(line.due) if line.due else "每日",
                cells.text(guide.name if guide else ""), cells.text(store.name if store else ""),
                line.done, line.target, cells.percent(line.done, line.target), YES if line.overdue else None,
            ]  # fmt: skip


# --------------------------------------------------------------------------- sales detail


SaleRow = tuple[Any, ...]  # store_id, sold_at, id (the page key), then the cells' columns


async def sales_page(
    database: Database, selection: Selection, span: Span, after: tuple[Any, ...] | None
) -> list[SaleRow]:
    """One keyset page of the detail, by store then time: a short read session of its own."""
    key = (col(Sale.store_id), col(Sale.sold_at), col(Sale.id))
    query = (
        select(
            *key, col(Sale.order_no), col(Sale.guide_id), col(Sale.customer_ref), col(Sale.amount_fen),
            col(Sale.attribution), col(Sale.disputed), col(Sale.decided),
        )
        .where(*_in_span(selection, span))
        .order_by(*key)
        .limit(SALES_PAGE)
    )  # fmt: skip
    if after is not None:
        query = query.where(tuple_(*key) > tuple_(*after))
    async with database.reading() as session:
        return [tuple(row) for row in await session.execute(query)]


class SalesDetail:
    """The sales detail's rows, page by page: the next page is read while this one is written."""

    def __init__(self, writer: SheetWriter, start_page: Callable[[tuple[Any, ...] | None], Future[Any]]):
        self.writer = writer
        self.start_page = start_page

    def pages(self, wait: Callable[[Future[Any]], Any]) -> Iterator[list[SaleRow]]:
        page: list[SaleRow] = wait(self.start_page(None))
        while page:
            following = self.start_page(page[-1][:3])
            yield page
            page = wait(following)

    def rows(self, sheet: Any, wait: Callable[[Future[Any]], Any], progress: Progress) -> Iterator[list[Any]]:
        cells, offset = Cells(sheet), span_of(self.writer.request).utc_offset
        overview = self.writer.overview
        stores = {store.id: (cells.text(store.code), cells.text(store.name)) for store in overview.stores}
        guides = {guide.id: cells.text(guide.name) for guide in overview.guides}
        written = 0
        for page in self.pages(wait):
            for store_id, sold_at, _, order_no, guide_id, ref, fen, attribution, disputed, decided in page:
                code, name = stores.get(store_id, (None, None))
                yield [
                    cells.text(order_no), cells.local_time((sold_at + offset).replace(tzinfo=None)), code,
                    name, guides.get(guide_id), cells.text(ref), cells.money(fen),
                    ATTRIBUTION_LABELS.get(attribution, attribution), YES if disputed else None,
                    YES if decided else None,
                ]  # fmt: skip
            written += len(page)
            progress(SHEETS[4], written, overview.sales_rows)


# --------------------------------------------------------------------------- the producer


def write_sheet(
    sink: PipeSink,
    database: Database,
    request: SheetRequest,
    selection: Selection,
    progress: Progress,
) -> None:
    """Produce the whole workbook onto `sink`, on the calling (worker) thread; every database
    read runs on the event loop through the sink, each in a short session of its own."""
    book = StreamedWorkbook(sink)
    book.write_properties()
    sink.flush()  # the first bytes leave before any figure is read
    summary, stores, guides, tasks, sales = book.create_sheets(SHEETS)
    overview = sink.call(_overview(database, selection, span_of(request)))
    writer = SheetWriter(book, overview, request, selection.label)
    written = writer.write_table(summary, SUMMARY, writer.region_rows(summary), chart=writer.region_chart)
    progress(summary.title, written, 0)
    for sheet, columns, rows in (
        (stores, STORES, writer.store_rows),
        (guides, GUIDES, writer.guide_rows),
        (tasks, TASKS, writer.task_rows),
    ):
        progress(sheet.title, writer.write_table(sheet, columns, rows(sheet)), 0)
    detail = SalesDetail(
        writer, lambda after: sink.submit(sales_page(database, selection, span_of(request), after))
    )
    writer.write_table(sales, SALES, detail.rows(sales, sink.wait, progress), overview.sales_rows)
    book.finish()


async def _overview(database: Database, selection: Selection, span: Span) -> Overview:
    async with database.reading() as session:
        return await load_overview(session, selection, span)


def _no_progress(sheet: str, written: int, expected: int) -> None:
    return None


def stream_sheet(
    database: Database, request: SheetRequest, selection: Selection, progress: Progress = _no_progress
) -> AsyncIterator[bytes]:
    """The workbook's bytes as they are made, from a worker thread (see sheet_stream)."""

    def produce(sink: PipeSink) -> None:
        write_sheet(sink, database, request, selection, progress)

    return stream_from_thread(produce, name=PRODUCER_THREAD)
