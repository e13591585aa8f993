"""A manager's Team, Targets and Performance sheet pages against a real HQ."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

import httpx
import openpyxl
import pytest
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from guide_app.protocol import TargetScope
from guide_app.timeutil import local
from guide_app.workspace.team import month_key
from tests.e2e.conftest import Running, sign_in_workspace
from tests.e2e.desk import NETWORK_MS
from tests.support.events import book_stats_event, sale_event, stats_cell
from ui.ops import Ops
from ui.workspace.sheet import DownloadState, SheetPage
from ui.workspace.targets import Column, RowState, TargetsPage
from ui.workspace.team import GUIDE_COLUMNS, SORT_ROLE, STORE_COLUMNS, TeamPage

# HQ's database is not what these test (tests/hq covers both backends).
pytestmark = pytest.mark.parametrize("backend", ["sqlite"])

PAGE_SIZE = (1238, 740)  # the window's page area at 1366×768


@pytest.fixture
def ops() -> Iterator[Ops]:
    made = Ops(None)
    yield made
    made.shutdown()


def _api(running: Running, login: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
    headers = {"Authorization": f"Bearer {running.token(login)}"}
    return httpx.request(
        method, f"{running.live.base_url}/api/v1{path}", headers=headers, timeout=30, **kwargs
    )


def _push(running: Running, login: str, events: list[dict[str, Any]]) -> None:
    pushed = _api(running, login, "POST", "/sync/push", json={"events": events})
    assert pushed.status_code == 200, pushed.text
    assert {result["status"] for result in pushed.json()["results"]} == {"accepted"}, pushed.text


def _seed_sales(running: Running) -> None:
    """Guides of both regions push this month's sales; one pushes book statistics."""
    just_now = datetime.now(UTC) - timedelta(minutes=1)
    org = running.org
    _push(
        running,
        org.guide_e1,
        [sale_event("E1A-1", 129950, sold_at=just_now), sale_event("E1A-2", 80000, sold_at=just_now)],
    )
    _push(running, org.guide_e1_b, [sale_event("E1B-1", 50000, sold_at=just_now)])
    _push(running, org.guide_e2, [sale_event("E2A-1", 300000, sold_at=just_now)])
    _push(running, org.guide_s1, [sale_event("S1A-1", 999900, sold_at=just_now)])
    today = local(datetime.now(UTC)).date()
    stats = book_stats_event([stats_cell("new", 5)], added_per_day={today: 3}, overdue_follow_ups=2)
    _push(running, org.guide_e1, [stats])


def _column(columns: list[Any], title: str) -> int:
    return next(number for number, column in enumerate(columns) if column.title == title)


def _shown(page: TeamPage, table: str, title: str) -> list[Any]:
    """A column's values as the page shows them, top to bottom."""
    view = page.stores_table if table == "stores" else page.guides_table
    columns = STORE_COLUMNS if table == "stores" else GUIDE_COLUMNS
    proxy = view.model()
    column = _column(columns, title)
    return [proxy.index(row, column).data(SORT_ROLE) for row in range(proxy.rowCount())]


P = TypeVar("P", TeamPage, TargetsPage, SheetPage)


def _shown_page(qtbot: QtBot, ops: Ops, running: Running, login: str, page_class: type[P]) -> P:
    """The page as the window shows it, once it has read what it shows from HQ."""
    page = page_class(ops, sign_in_workspace(running, login))
    qtbot.addWidget(page)
    page.resize(*PAGE_SIZE)
    page.show()
    qtbot.waitUntil(lambda: page.reading is not None and page.reading.finished, timeout=NETWORK_MS)
    return page


def test_team_page_shows_each_viewer_their_regions_pushed_sales_sorted_and_exported(
    qtbot: QtBot, ops: Ops, running_hq: Running, store_pc: Path, tmp_path: Path
) -> None:
    _seed_sales(running_hq)
    page = _shown_page(qtbot, ops, running_hq, running_hq.org.manager_east, TeamPage)
    assert page.figures is not None and page.figures.month == month_key(local(datetime.now(UTC)).date())

    stores = dict(zip(_shown(page, "stores", "Store"), _shown(page, "stores", "Sales"), strict=True))
    assert stores == {"E1店": 259950, "E2店": 300000}  # nothing of 南区
    guides = dict(zip(_shown(page, "guides", "Guide"), _shown(page, "guides", "Sales"), strict=True))
    assert guides == {"guide.e1a": 209950, "guide.e1b": 50000, "guide.e2a": 300000, "guide.e1.gone": 0}
    orders = dict(zip(_shown(page, "guides", "Guide"), _shown(page, "guides", "Orders"), strict=True))
    assert orders == {"guide.e1a": 2, "guide.e1b": 1, "guide.e2a": 1, "guide.e1.gone": 0}
    new = dict(zip(_shown(page, "guides", "Guide"), _shown(page, "guides", "New customers"), strict=True))
    assert new == {"guide.e1a": 3, "guide.e1b": None, "guide.e2a": None, "guide.e1.gone": None}

    sales = _column(GUIDE_COLUMNS, "Sales")
    header = page.guides_table.horizontalHeader()
    on_sales = QPoint(header.sectionViewportPosition(sales) + 10, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=on_sales)
    first = _shown(page, "guides", "Sales")
    assert first in ([300000, 209950, 50000, 0], [0, 50000, 209950, 300000])  # as numbers, not text
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=on_sales)
    assert _shown(page, "guides", "Sales") == first[::-1]
    new_column = _column(GUIDE_COLUMNS, "New customers")
    for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        page.guides_table.sortByColumn(new_column, order)
        assert _shown(page, "guides", "New customers") == [3, None, None, None]  # "no statistics yet" last
    assert page.guides_table.model().index(1, new_column).data() != ""

    page.store_filter.setCurrentIndex(page.store_filter.findData(running_hq.org.store_ids["E1"]))
    assert sorted(_shown(page, "guides", "Guide")) == ["guide.e1.gone", "guide.e1a", "guide.e1b"]

    target = tmp_path / "团队.xlsx"
    page.export_to(target)
    qtbot.waitUntil(lambda: page.exported == target, timeout=NETWORK_MS)
    workbook = openpyxl.load_workbook(target, read_only=True)
    store_sheet, guide_sheet = (list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets)
    workbook.close()
    store_sales = _column(STORE_COLUMNS, "Sales")
    assert [row[store_sales] for row in store_sheet[1:]] == [
        Decimal(fen).scaleb(-2) for fen in _shown(page, "stores", "Sales")
    ]
    assert [row[_column(GUIDE_COLUMNS, "Guide")] for row in guide_sheet[1:]] == _shown(
        page, "guides", "Guide"
    )
    assert [row[sales] for row in guide_sheet[1:]] == [
        Decimal(fen).scaleb(-2) for fen in _shown(page, "guides", "Sales")
    ]

    # The other region's manager sees their own stores and guides, none of 东区's.
    page = _shown_page(qtbot, ops, running_hq, running_hq.org.manager_south, TeamPage)
    assert sorted(_shown(page, "stores", "Store")) == ["S1店", "S2店"]
    assert sorted(_shown(page, "guides", "Guide")) == ["guide.s1a", "guide.s2a"]
    assert 999900 in _shown(page, "guides", "Sales")

    # HQ sees every region, and one when it picks it.
    page = _shown_page(qtbot, ops, running_hq, running_hq.org.admin, TeamPage)
    assert sorted(_shown(page, "stores", "Store")) == ["E1店", "E2店", "S1店", "S2店"]
    south = running_hq.org.region_ids["南区"]
    qtbot.waitUntil(lambda: page.region.findData(south) >= 0, timeout=NETWORK_MS)
    page.region.setCurrentIndex(page.region.findData(south))
    qtbot.waitUntil(lambda: page.reading is not None and page.reading.finished, timeout=NETWORK_MS)
    assert sorted(_shown(page, "stores", "Store")) == ["S1店", "S2店"]


def _type_target(qtbot: QtBot, page: TargetsPage, row: int, text: str) -> None:
    """Type into a row's target cell as a manager does: select it, type, Enter."""
    index = page.table.model().index(row, Column.target)
    page.table.setFocus()
    page.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    editor = page.table.indexWidget(index)
    assert isinstance(editor, QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.table.indexWidget(index) is None)  # the delegate commits queued


def _month_targets(running: Running, login: str, month: str) -> list[dict[str, Any]]:
    answer = _api(running, login, "GET", "/targets", params={"month": month})
    assert answer.status_code == 200, answer.text
    return list(answer.json())


def test_target_typed_in_yuan_is_saved_in_fen_and_a_bad_amount_is_refused_with_nothing_sent(
    qtbot: QtBot, ops: Ops, running_hq: Running, store_pc: Path
) -> None:
    org = running_hq.org
    page = _shown_page(qtbot, ops, running_hq, org.manager_east, TargetsPage)
    names = [row.name for row in page.rows]
    assert "guide.s1a" not in names and "E1" in [row.store for row in page.rows]
    guide_row = next(n for n, row in enumerate(page.rows) if row.subject_id == org.ids[org.guide_e1])
    store_row = next(
        n for n, row in enumerate(page.rows) if row.scope is TargetScope.store and row.store == "E2"
    )
    month = page.month_shown

    _type_target(qtbot, page, guide_row, "12.345")
    assert page.rows[guide_row].state is RowState.refused
    assert page.problem.isVisible() and page.problem.text()
    assert (
        page.problem.geometry().top()
        >= page.table.visualRect(page.table.model().index(guide_row, Column.target)).bottom()
    )  # under the field
    page.save()
    assert page.saving is None and page.status.text()
    assert _month_targets(running_hq, org.manager_east, month) == []

    _type_target(qtbot, page, guide_row, "¥1,299.50")
    _type_target(qtbot, page, store_row, "120000")
    assert not page.problem.isVisible()
    page.save()
    qtbot.waitUntil(lambda: page.saving is not None and page.saving.finished, timeout=NETWORK_MS)
    qtbot.waitUntil(lambda: page.rows[guide_row].saved is not None, timeout=NETWORK_MS)
    saved = {
        (one["scope"], one["subject_id"]): one for one in _month_targets(running_hq, org.manager_east, month)
    }
    assert saved[("guide", org.ids[org.guide_e1])]["amount_fen"] == 129950
    assert saved[("store", org.store_ids["E2"])]["amount_fen"] == 12000000
    assert saved[("guide", org.ids[org.guide_e1])]["set_by"] == org.ids[org.manager_east]
    qtbot.waitUntil(
        lambda: page.table.item(guide_row, Column.set_by).text() == org.manager_east, timeout=NETWORK_MS
    )
    assert page.table.item(guide_row, Column.target).text() == "1,299.50"
    assert page.rows[guide_row].state is RowState.saved


def test_performance_sheet_downloads_to_a_file_openpyxl_opens_and_a_cancelled_one_leaves_none(
    qtbot: QtBot, ops: Ops, running_hq: Running, store_pc: Path, tmp_path: Path
) -> None:
    _seed_sales(running_hq)
    page = _shown_page(qtbot, ops, running_hq, running_hq.org.manager_east, SheetPage)
    assert [page.store.itemData(i) for i in range(page.store.count())] == [
        running_hq.org.store_ids["E1"],
        running_hq.org.store_ids["E2"],
    ]
    target = tmp_path / "业绩表.xlsx"
    running = page.start_download(target)
    assert running is not None
    qtbot.waitUntil(lambda: page.state is not DownloadState.downloading, timeout=NETWORK_MS)
    assert page.state is DownloadState.done, page.message.text()
    assert page.saved == target and not target.with_suffix(".part").exists()
    workbook = openpyxl.load_workbook(target, read_only=True)
    assert len(workbook.sheetnames) >= 3
    workbook.close()
    assert page.open_folder.isVisible() and str(target) in page.path_label.text()

    cancelled = tmp_path / "cancelled.xlsx"
    running = page.start_download(cancelled)
    assert running is not None
    page.cancel()
    assert page.state is DownloadState.cancelled
    qtbot.waitUntil(lambda: running.finished, timeout=NETWORK_MS)
    assert not cancelled.exists() and not cancelled.with_suffix(".part").exists()
