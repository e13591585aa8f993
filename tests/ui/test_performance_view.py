"""My performance: HQ's figures as charts by week and month, target, rank and their date; Refresh
from the keyboard; offline the last figures with their date; nothing cut at the store PC's size."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot

from guide_app.book.customers import CustomerFields
from guide_app.book.store import Book
from guide_app.calls.customers import add_customer
from guide_app.calls.performance import PeriodKind, fetch_my_performance
from guide_app.sync.client import HqClient, RetryPolicy
from tests.support.fake_hq import hq_transport
from tests.unit.guide_app.conftest import shanghai_clock  # noqa: F401  (a fixture: the PC is in China)
from tests.unit.guide_app.test_performance_cache import FETCHED, MONTH_SALES, WEEK_SALES, performance_answer
from ui.ops import Ops
from ui.views.performance import PerformanceView

pytestmark = pytest.mark.usefixtures("shanghai_clock")

WAIT = 5000
# The main window's page at 1366×768: beside the navigation, between the menu and status bars.
PAGE = (1366 - 128, 768 - 2 * 30)
Handler = Callable[[httpx.Request], httpx.Response]


def _tr(source: str) -> str:
    return QCoreApplication.translate("PerformanceView", source)


def _client(handle: Handler) -> Callable[[], HqClient]:
    def make() -> HqClient:
        transport = hq_transport(handle)
        return HqClient("http://hq.test", "token", transport=transport, retry=RetryPolicy(attempts=1))

    return make


def _answer(body: dict[str, Any]) -> Handler:
    return lambda _request: httpx.Response(200, json=body)


def _unreachable(_request: httpx.Request) -> httpx.Response:
    raise httpx.ConnectError("connection refused")


def _keep_figures(book: Book, body: dict[str, Any]) -> None:
    async def fetch() -> None:
        async with _client(_answer(body))() as client:
            await fetch_my_performance(book, client, now=FETCHED)

    asyncio.run(fetch())


@pytest.fixture
def open_view(qtbot: QtBot, ops: Ops) -> Iterator[Callable[[Handler], PerformanceView]]:
    opened: list[PerformanceView] = []

    def shown(handle: Handler) -> PerformanceView:
        view = PerformanceView(ops, _client(handle))
        qtbot.addWidget(view)
        view.resize(*PAGE)
        view.show()
        view.activateWindow()
        qtbot.waitUntil(view.isActiveWindow, timeout=WAIT)
        opened.append(view)
        return view

    yield shown
    for view in opened:
        view.close()


@pytest.fixture
def view(qtbot: QtBot, book: Book, open_view: Callable[[Handler], PerformanceView]) -> PerformanceView:
    _keep_figures(book, performance_answer())
    shown = open_view(_unreachable)
    qtbot.waitUntil(lambda: shown.figures is not None, timeout=WAIT)
    return shown


def test_the_view_shows_hqs_figures_with_target_rank_and_their_date(view: PerformanceView) -> None:
    assert "¥16,035.00" in view.month_label.text() and "¥18,000.00" in view.month_label.text()
    assert view.month_bar.value() == 89 and view.month_bar.format() == "89%"
    assert "¥61,382.00" in view.store_label.text() and view.store_bar.value() == 76
    assert view.rank_label.text() == _tr("Rank in store: No. %1 of %2").replace("%1", "2").replace("%2", "5")
    assert view.as_of_label.text() == _tr("Figures from HQ as of %1").replace("%1", "2026-11-30 18:30")
    assert view.sales_chart.categories[0] == "9/14" and view.sales_chart.categories[-1] == "11/30"
    assert list(view.sales_chart.bars[0].values) == [fen / 100 for fen in WEEK_SALES]
    counted, disputed = view.orders_chart.bars
    assert [a + b for a, b in zip(counted.values, disputed.values, strict=True)] == [
        p.orders
        for p in view.figures.hq.weeks  # type: ignore[union-attr]
    ]
    assert sum(disputed.values) > 0


def test_alt_m_and_alt_w_switch_every_chart_between_months_and_weeks(
    qtbot: QtBot, view: PerformanceView
) -> None:
    qtbot.keyClick(view, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: view.kind is PeriodKind.month, timeout=WAIT)  # a mnemonic clicks after 100 ms
    assert view.month_button.isChecked() and not view.week_button.isChecked()
    assert list(view.sales_chart.bars[0].values) == [fen / 100 for fen in MONTH_SALES]
    for chart in (view.sales_chart, view.orders_chart, view.customers_chart, view.tasks_chart):
        assert len(chart.categories) == 6 and not chart.labelled_by_span
    qtbot.keyClick(view, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: view.kind is PeriodKind.week, timeout=WAIT)
    assert len(view.content_chart.categories) == 12


def test_new_customers_come_from_the_book_and_follow_a_customer_added(
    qtbot: QtBot, ops: Ops, view: PerformanceView
) -> None:
    before = list(view.customers_chart.bars[0].values)
    ops.write(lambda book: add_customer(book, CustomerFields(name="王丽", wecom_remark="王姐-0512-羽绒服M")))
    qtbot.waitUntil(lambda: list(view.customers_chart.bars[0].values) != before, timeout=WAIT)
    assert list(view.customers_chart.bars[0].values) == [*before[:-1], before[-1] + 1]


def test_refresh_from_the_keyboard_fetches_hqs_new_figures(
    qtbot: QtBot, book: Book, open_view: Callable[[Handler], PerformanceView]
) -> None:
    _keep_figures(book, performance_answer())
    newer = performance_answer(month_sales=[*MONTH_SALES[:-1], 17_234_00])
    view = open_view(_answer(newer))
    qtbot.waitUntil(lambda: view.figures is not None, timeout=WAIT)

    qtbot.keyClick(view, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)

    qtbot.waitUntil(lambda: "¥17,234.00" in view.month_label.text(), timeout=WAIT)
    assert view.figures is not None and view.figures.fetched_at > FETCHED
    assert view.refresh_button.isEnabled() and not view.offline()


def test_offline_a_refresh_keeps_the_last_figures_and_says_when_they_were_fetched(
    qtbot: QtBot, view: PerformanceView
) -> None:
    view.refresh_button.setFocus()
    qtbot.keyClick(view.refresh_button, Qt.Key.Key_Space)

    offline = _tr("Last fetched %1 (offline)").replace("%1", "2026-11-30 18:30")
    qtbot.waitUntil(lambda: view.as_of_label.text() == offline, timeout=WAIT)
    assert "¥16,035.00" in view.month_label.text()
    assert list(view.sales_chart.bars[0].values) == [fen / 100 for fen in WEEK_SALES]
    assert view.refresh_button.isEnabled()


def test_before_any_fetch_the_view_says_where_figures_come_from(
    qtbot: QtBot, open_view: Callable[[Handler], PerformanceView]
) -> None:
    view = open_view(_unreachable)
    empty = _tr("No figures from HQ yet. They come with the next sync (F5), or press Refresh.")
    qtbot.waitUntil(lambda: view.empty_label.text() == empty, timeout=WAIT)
    assert view.pages.currentWidget() is view.empty_label


def test_nothing_is_cut_or_overlapping_on_the_store_pcs_page(qtbot: QtBot, view: PerformanceView) -> None:
    QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)  # the layout as it is painted
    assert view.minimumSizeHint().width() <= PAGE[0] and view.minimumSizeHint().height() <= PAGE[1]
    for widget in view.findChildren(QWidget):
        if not widget.isVisible() or not isinstance(widget, QLabel | QAbstractButton):
            continue
        place = QRect(widget.mapTo(view, QPoint(0, 0)), widget.size())
        assert view.rect().contains(place), widget.objectName() or widget.metaObject().className()
        if isinstance(widget, QAbstractButton) or not widget.wordWrap():
            assert widget.width() >= widget.sizeHint().width(), widget.text()
        else:
            assert widget.height() >= widget.heightForWidth(widget.width()), widget.text()
    # Twelve weeks' dates fit under the wide sales chart; the narrow ones name the months instead.
    assert view.sales_chart.axis_labels() == view.sales_chart.categories
    for narrow in (view.orders_chart, view.customers_chart, view.tasks_chart, view.content_chart):
        assert narrow.labelled_by_span and narrow.axis_labels() == ["9月", "10月", "11月"]
