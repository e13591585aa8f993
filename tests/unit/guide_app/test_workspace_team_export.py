"""Files a manager takes from the workspace: the Team export (¥ and % formats, no name run as a formula)
and the performance sheet's download (cancelled at once, leaving no file)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from decimal import Decimal
from pathlib import Path

import httpx
import openpyxl
import pytest

from guide_app.errors import Cancelled, ErrorCode, GuideError
from guide_app.jobs import CancelToken, Step
from guide_app.protocol import SheetScope
from guide_app.sync.client import HqClient
from guide_app.workspace.sheets import download_performance_sheet, sheet_request
from guide_app.workspace.targets import target_fen_from_text
from guide_app.workspace.team import (
    MONEY_FORMAT,
    PERCENT_FORMAT,
    CellKind,
    SheetColumn,
    SheetTable,
    is_behind,
    month_share_elapsed,
    months_back,
    write_tables,
)
from tests.support.fake_hq import hq_transport
from tests.unit.guide_app.test_xlsx_export import shown_by_libreoffice

HOSTILE_NAME = "=cmd|' /C calc'!A0"
COLUMNS = [
    SheetColumn("导购", CellKind.text, 12),
    SheetColumn("销售额", CellKind.money, 14),
    SheetColumn("订单", CellKind.integer, 8),
    SheetColumn("新客", CellKind.integer, 8),
    SheetColumn("达成率", CellKind.percent, 9),
]


def _tables() -> list[SheetTable]:
    guides = SheetTable(
        "导购",
        COLUMNS,
        [
            [HOSTILE_NAME, 129950, 2, 3, 0.4],
            ["王丽娟", 1000000, 12, "暂无统计", None],
            ["+86 李娜", 0, 0, 0, 1.25],
        ],
    )
    stores = SheetTable("门店: E1/E2", COLUMNS[:3], [["E1店", 1129950, 14]])
    return [stores, guides]


def test_export_writes_each_table_with_frozen_header_autofilter_and_money_and_percent_formats(
    tmp_path: Path,
) -> None:
    path = write_tables(tmp_path / "团队.xlsx", _tables())
    workbook = openpyxl.load_workbook(path)
    stores, guides = workbook.worksheets
    assert stores.title == "门店  E1 E2"  # Excel refuses : and / in a sheet's name
    assert guides.freeze_panes == "A2" and guides.auto_filter.ref == "A1:E4"
    assert [cell.value for cell in guides[1]] == ["导购", "销售额", "订单", "新客", "达成率"]
    assert all(cell.font.b for cell in guides[1])
    hostile, wang, li = guides[2], guides[3], guides[4]
    assert hostile[0].value == HOSTILE_NAME and hostile[0].data_type == "s" and hostile[0].quotePrefix
    assert li[0].value == "+86 李娜" and li[0].data_type == "s"
    assert hostile[1].value == Decimal("1299.5") and hostile[1].number_format == MONEY_FORMAT
    assert wang[1].value == 10000 and wang[3].value == "暂无统计" and wang[4].value is None
    assert hostile[4].value == pytest.approx(0.4) and hostile[4].number_format == PERCENT_FORMAT
    assert guides.column_dimensions["B"].width == 14
    assert stores["B2"].value == Decimal("11299.5")
    workbook.close()


def test_libreoffice_shows_the_exported_yuan_and_percent_and_keeps_the_hostile_name_as_text(
    soffice: str, tmp_path: Path
) -> None:
    path = write_tables(tmp_path / "团队.xlsx", _tables()[1:])
    shown = shown_by_libreoffice(soffice, path, tmp_path)
    assert shown[HOSTILE_NAME][1:] == ["¥1,299.50", "2", "3", "40.0%"]
    assert shown["王丽娟"][1:] == ["¥10,000.00", "12", "暂无统计", ""]


def test_a_guide_below_the_months_pro_rata_target_is_behind() -> None:
    assert month_share_elapsed("2026-11", date(2026, 11, 15)) == pytest.approx(0.5)
    assert month_share_elapsed("2026-11", date(2026, 12, 3)) == 1.0
    assert month_share_elapsed("2026-12", date(2026, 11, 30)) == 0.0
    assert is_behind(40_000_00, 100_000_00, 0.5) and not is_behind(50_000_00, 100_000_00, 0.5)
    assert not is_behind(0, None, 0.9) and not is_behind(0, 0, 0.9)


def test_the_month_picker_offers_this_month_first_and_months_across_a_year_end() -> None:
    assert months_back(date(2026, 2, 10), 4) == ["2026-02", "2026-01", "2025-12", "2025-11"]
    assert months_back(date(2026, 11, 30), 2, ahead=2) == ["2027-01", "2026-12", "2026-11", "2026-10"]


@pytest.mark.parametrize(
    ("typed", "fen"),
    [("¥1,299.50", 129950), ("１２９９.５元", 129950), ("120000", 12000000), ("0", 0), (" 8.", 800)],
)
def test_a_target_typed_in_yuan_becomes_exact_fen(typed: str, fen: int) -> None:
    assert target_fen_from_text(typed) == fen


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("12.345", ErrorCode.target_amount_invalid),
        ("-5", ErrorCode.target_amount_invalid),
        ("1e5", ErrorCode.target_amount_invalid),
        ("", ErrorCode.target_amount_missing),
        ("10000001", ErrorCode.target_amount_too_large),
    ],
)
def test_a_target_that_is_no_amount_is_refused_with_its_reason(typed: str, code: ErrorCode) -> None:
    with pytest.raises(GuideError) as refused:
        target_fen_from_text(typed)
    assert refused.value.code is code


class _SilentHq:
    """A workspace whose HQ sends the sheet's first bytes and then goes silent."""

    def __init__(self) -> None:
        self.closed = asyncio.Event()

    async def _body(self) -> AsyncIterator[bytes]:
        yield b"PK\x03\x04" + b"\0" * 4096
        try:
            await asyncio.sleep(3600)
        finally:
            self.closed.set()  # the connection went away: HQ's side stops writing
        yield b""

    @asynccontextmanager
    async def client(self) -> AsyncIterator[HqClient]:
        transport = hq_transport(lambda request: httpx.Response(200, content=self._body()))
        async with HqClient("http://127.0.0.1:9", "token", transport=transport) as client:
            yield client


def test_a_sheet_download_cancelled_while_hq_is_silent_stops_at_once_and_leaves_no_file(
    tmp_path: Path,
) -> None:
    target = tmp_path / "业绩表.xlsx"
    hq, cancel, steps = _SilentHq(), CancelToken(), []
    request = sheet_request(date(2026, 11, 1), date(2026, 11, 30), SheetScope.all)

    def progress(step: Step) -> None:
        steps.append(step)
        if step.done > 0:
            cancel.cancel()  # pressed once the first bytes showed

    async def scenario() -> None:
        with pytest.raises(Cancelled):
            await asyncio.wait_for(
                download_performance_sheet(hq, request, target, progress, cancel),  # type: ignore[arg-type]
                timeout=5,
            )
        await asyncio.wait_for(hq.closed.wait(), timeout=5)

    asyncio.run(scenario())
    assert steps[-1].done == 4100 and steps[-1].total is None
    assert not target.exists() and not target.with_suffix(".part").exists()


def test_a_sheet_request_hq_would_refuse_is_refused_before_anything_is_sent() -> None:
    cases = [
        ((date(2026, 11, 30), date(2026, 11, 1), SheetScope.all), ErrorCode.sheet_range_invalid),
        ((date(2026, 11, 1), date(2026, 11, 30), SheetScope.store), ErrorCode.sheet_scope_missing),
        ((date(2025, 1, 1), date(2026, 1, 2), SheetScope.all), ErrorCode.sheet_range_too_long),
        ((date(1999, 12, 31), date(2000, 1, 5), SheetScope.all), ErrorCode.sheet_days_outside),
    ]
    for arguments, code in cases:
        with pytest.raises(GuideError) as refused:
            sheet_request(*arguments)
        assert refused.value.code is code, arguments
    # 366 days is one sheet: a leap year whole
    assert sheet_request(date(2024, 1, 1), date(2024, 12, 31), SheetScope.all).problem() is None
