"""My performance (我的业绩): HQ's figures for the guide as charts by week or month, with target and rank.

The figures are HQ's, kept in the book by the last sync or Refresh, so they show offline with
their date. New customers are the book's own (HQ never sees customers). The view reads through
`ops.query`, fetches through `ops.async_job` with the HQ client it is given, and refreshes from
`ops.changed` when a sync, a new customer or a recorded sale may have changed what it shows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from guide_app.book.store import Book
from guide_app.calls.performance import PerformanceFigures, PeriodKind, fetch_my_performance, my_performance
from guide_app.changes import Area, Outcome
from guide_app.errors import ErrorCode, GuideError
from guide_app.jobs import CancelToken, ProgressSink
from guide_app.sync.client import HqClient
from guide_app.timeutil import utcnow
from ui.charts import BarChart, Bars
from ui.dialogs.customer_words import local_time, yuan
from ui.messages import describe
from ui.ops import Ops, Running
from ui.views.freshness import ReadWhenShown

# A sync ends with fresh figures (sync_status); customers and sales change the book's own parts.
WATCHED = (Area.sync_status, Area.customers, Area.sales, Area.outbox)
OFFLINE_CODES = (ErrorCode.offline, ErrorCode.hq_timeout)
SALES, ORDERS, DISPUTED, CUSTOMERS, DONE, TARGET, CONTENT = (
    "#2f6fdf",
    "#2a9d8f",
    "#e8833a",
    "#3a9d5d",
    "#7b5cc4",
    "#c9c9d6",
    "#c2577a",
)


class PerformanceView(QWidget):
    """The guide's own figures. `client` makes an HQ client for a Refresh (the account's sign-in)."""

    def __init__(self, ops: Ops, client: Callable[[], HqClient], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self._client = client
        self.figures: PerformanceFigures | None = None
        self.kind = PeriodKind.week
        self._offline_at: datetime | None = None  # when this view's own Refresh found HQ unreachable
        self._loading: Running[PerformanceFigures | None] | None = None
        self._fetching: Running[Outcome[PerformanceFigures]] | None = None
        self._build()
        # A sync's pages come as a burst of notices: the figures are read once for them.
        self.freshness = ReadWhenShown(self, ops, self._read, WATCHED, burst_ms=200)

    # ----------------------------------------------------------------------------------- layout

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 10, 16, 8)
        layout.setSpacing(6)
        layout.addLayout(self._title_row())
        layout.addWidget(self._summary_row())
        self.notes_label = QLabel(self)
        self.notes_label.setWordWrap(True)
        self.notes_label.setStyleSheet("color: #8a5a00;")
        layout.addWidget(self.notes_label)
        layout.addLayout(self._toggle_row())
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._charts())
        self.empty_label = QLabel(self)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.pages.addWidget(self.empty_label)
        layout.addWidget(self.pages, 1)
        self._show_empty(self.tr("Reading your figures…"))
        self.setTabOrder(self.refresh_button, self.week_button)
        self.setTabOrder(self.week_button, self.month_button)

    def _title_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        title = QLabel(self.tr("My performance"), self)
        title.setStyleSheet("font-size: 18px; font-weight: bold;")
        row.addWidget(title)
        row.addStretch(1)
        self.as_of_label = QLabel(self)
        self.as_of_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        row.addWidget(self.as_of_label)
        self.refresh_button = QPushButton(self.tr("&Refresh"), self)
        self.refresh_button.setToolTip(self.tr("Fetch your figures from HQ now (a sync also does)"))
        self.refresh_button.clicked.connect(self.refresh)
        row.addWidget(self.refresh_button)
        return row

    def _summary_row(self) -> QFrame:
        frame = QFrame(self)
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(frame)
        row.setContentsMargins(12, 8, 12, 8)
        row.setSpacing(24)
        self.month_label, self.month_bar = self._figure(row, 3)
        self.store_label, self.store_bar = self._figure(row, 3)
        self.rank_label = QLabel(frame)
        self.rank_label.setStyleSheet("font-size: 16px; font-weight: bold;")
        self.week_label = QLabel(frame)
        self.week_label.setWordWrap(True)
        for label in (self.rank_label, self.week_label):
            row.addWidget(label, 2)
        return frame

    def _figure(self, row: QHBoxLayout, stretch: int) -> tuple[QLabel, QProgressBar]:
        column = QVBoxLayout()
        label = QLabel(self)
        label.setWordWrap(True)
        bar = QProgressBar(self)
        bar.setRange(0, 100)
        bar.setMaximumHeight(16)
        column.addWidget(label)
        column.addWidget(bar)
        row.addLayout(column, stretch)
        return label, bar

    def _toggle_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.week_button = QPushButton(self.tr("By &week"), self)
        self.month_button = QPushButton(self.tr("By &month"), self)
        self.period_buttons = QButtonGroup(self)
        for button in (self.week_button, self.month_button):
            button.setCheckable(True)
            button.setAutoDefault(False)
            self.period_buttons.addButton(button)
            row.addWidget(button)
        self.week_button.setChecked(True)
        self.period_buttons.buttonToggled.connect(self._period_toggled)
        self.period_note = QLabel(self)
        self.period_note.setStyleSheet("color: palette(mid);")
        row.addWidget(self.period_note)
        row.addStretch(1)
        return row

    def _charts(self) -> QWidget:
        charts = QWidget(self)
        grid = QGridLayout(charts)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(6)
        self.sales_chart = BarChart(self.tr("Sales (¥)"), charts)
        self.orders_chart = BarChart(self.tr("Orders"), charts)
        self.customers_chart = BarChart(self.tr("New customers"), charts)
        self.tasks_chart = BarChart(self.tr("Task completion"), charts)
        self.content_chart = BarChart(self.tr("Content sent"), charts)
        grid.addWidget(self.sales_chart, 0, 0, 1, 2)
        grid.addWidget(self.orders_chart, 0, 2)
        grid.addWidget(self.customers_chart, 1, 0)
        grid.addWidget(self.tasks_chart, 1, 1)
        grid.addWidget(self.content_chart, 1, 2)
        for column in range(3):
            grid.setColumnStretch(column, 1)
        return charts

    # ----------------------------------------------------------------------------------- loading

    def reload(self) -> None:
        """Read the kept figures again (hidden: when shown again)."""
        self.freshness.request()

    def _read(self) -> None:
        if self._loading is not None:
            self._loading.discard()
        self._loading = self.ops.query(my_performance, self._show, name="my performance")

    def refresh(self) -> None:
        """Fetch the figures from HQ now; the view shows them when they come."""
        if self._fetching is not None:
            return
        self.refresh_button.setEnabled(False)
        self.as_of_label.setText(self.tr("Fetching your figures from HQ…"))
        make_client = self._client

        async def fetch(
            book: Book, _progress: ProgressSink, _cancel: CancelToken
        ) -> Outcome[PerformanceFigures]:
            async with make_client() as client:
                return await fetch_my_performance(book, client)

        self._fetching = self.ops.async_job(
            fetch, self._fetched, failure=self._fetch_failed, name="fetch my performance"
        )

    def _fetched(self, outcome: Outcome[PerformanceFigures]) -> None:
        self._fetching = None
        self._offline_at = None
        self.refresh_button.setEnabled(True)
        self._show(outcome.value)

    def _fetch_failed(self, error: BaseException) -> None:
        self._fetching = None
        self.refresh_button.setEnabled(True)
        offline = isinstance(error, GuideError) and error.code in OFFLINE_CODES
        self._offline_at = utcnow() if offline else None
        self._show_as_of()
        if not offline:
            self._show_notes(describe(error))

    # ----------------------------------------------------------------------------------- showing

    def show_kind(self, kind: PeriodKind) -> None:
        """Charts by week or by month (the toggle; Alt+W / Alt+M)."""
        self.kind = kind
        (self.week_button if kind is PeriodKind.week else self.month_button).setChecked(True)
        self._show_charts()

    def _period_toggled(self, button: QAbstractButton, checked: bool) -> None:
        if checked:
            self.show_kind(PeriodKind.week if button is self.week_button else PeriodKind.month)

    def _show(self, figures: PerformanceFigures | None) -> None:
        self.figures = figures
        self._show_as_of()
        if figures is None:
            self._show_summary(None)
            self._show_notes("")
            self._show_empty(
                self.tr("No figures from HQ yet. They come with the next sync (F5), or press Refresh.")
            )
            return
        self._show_summary(figures)
        self._show_notes(self._notes(figures))
        self.pages.setCurrentIndex(0)
        self._show_charts()

    def _show_notes(self, text: str) -> None:
        self.notes_label.setText(text)
        self.notes_label.setVisible(bool(text))

    def _show_empty(self, text: str) -> None:
        self.empty_label.setText(text)
        self.pages.setCurrentIndex(1)

    def offline(self) -> bool:
        """Whether HQ was unreachable after the shown figures were fetched (by a sync or Refresh)."""
        figures = self.figures
        if figures is None:
            return self._offline_at is not None
        return figures.offline or (self._offline_at is not None and self._offline_at > figures.fetched_at)

    def _show_as_of(self) -> None:
        figures, offline = self.figures, self.offline()
        if figures is None:
            self.as_of_label.setText(self.tr("Offline: no figures fetched yet") if offline else "")
        elif offline:
            self.as_of_label.setText(
                self.tr("Last fetched %1 (offline)").replace("%1", local_time(figures.fetched_at))
            )
        else:
            self.as_of_label.setText(
                self.tr("Figures from HQ as of %1").replace("%1", local_time(figures.fetched_at))
            )
        self.as_of_label.setStyleSheet("color: #b03a2e;" if offline else "")

    def _show_summary(self, figures: PerformanceFigures | None) -> None:
        month = figures.this_month if figures else None
        hq = figures.hq if figures else None
        sales = month.sales_fen if month else 0
        self._show_progress(
            self.month_label, self.month_bar, self.tr("This month: %1"), sales, hq.target_fen if hq else None
        )
        self._show_progress(
            self.store_label,
            self.store_bar,
            self.tr("Store this month: %1"),
            hq.store_sales_fen if hq else 0,
            hq.store_target_fen if hq else None,
        )
        rank = hq.rank if hq else None
        self.rank_label.setText(
            self.tr("Rank in store: No. %1 of %2")
            .replace("%1", str(rank.position))
            .replace("%2", str(rank.of))
            if rank
            else self.tr("Rank in store: —")
        )
        week = figures.hq.weeks[-1] if figures and figures.hq.weeks else None
        self.week_label.setText(
            self.tr("This week: %1 · %n order(s)", "", week.orders).replace("%1", yuan(week.sales_fen))
            if week
            else ""
        )

    def _show_progress(
        self, label: QLabel, bar: QProgressBar, words: str, sales_fen: int, target_fen: int | None
    ) -> None:
        amount = words.replace("%1", yuan(sales_fen))
        policy = bar.sizePolicy()
        policy.setRetainSizeWhenHidden(True)  # the header keeps its height with or without a bar
        bar.setSizePolicy(policy)
        bar.setVisible(bool(target_fen))  # an empty bar under "No target set" reads as 0%
        if not target_fen:
            label.setText(amount + "\n" + self.tr("No target set"))
            return
        percent = sales_fen * 100 // target_fen
        label.setText(amount + "\n" + self.tr("Target %1").replace("%1", yuan(target_fen)))
        bar.setValue(min(100, percent))
        bar.setFormat(f"{percent}%")

    def _notes(self, figures: PerformanceFigures) -> str:
        notes = []
        if figures.waiting_sales:
            notes.append(
                self.tr(
                    "%n sale(s) recorded here are not uploaded yet: HQ counts them after the next sync.",
                    "",
                    figures.waiting_sales,
                )
            )
        month = figures.this_month
        if month is not None and month.disputed_orders:
            notes.append(
                self.tr(
                    "%n order(s) this month also claimed by another guide: counted for you until settled.",
                    "",
                    month.disputed_orders,
                )
            )
        return " ".join(notes)

    def _show_charts(self) -> None:
        figures = self.figures
        if figures is None:
            return
        periods = figures.periods(self.kind)
        labels = [self._label(period.start) for period in periods]
        # Twelve weeks' dates do not fit under a third of the window: the narrow charts say the month.
        spans = _month_spans([p.start for p in periods]) if self.kind is PeriodKind.week else None
        self.period_note.setText(
            self.tr("Last %n week(s), Monday first", "", len(periods))
            if self.kind is PeriodKind.week
            else self.tr("Last %n month(s)", "", len(periods))
        )
        sales = [Bars(self.tr("Sales"), [p.sales_fen / 100 for p in periods], SALES)]
        self.sales_chart.show_bars(labels, sales, money=True, spans=spans)
        orders = [
            Bars(self.tr("Counted"), [p.orders - p.disputed_orders for p in periods], ORDERS),
            Bars(self.tr("Disputed"), [p.disputed_orders for p in periods], DISPUTED),
        ]
        self.orders_chart.show_bars(labels, orders, stacked=True, spans=spans)
        customers = [Bars(self.tr("New customers"), figures.new_customers(self.kind), CUSTOMERS)]
        self.customers_chart.show_bars(labels, customers, spans=spans)
        tasks = [
            Bars(self.tr("Done"), [p.tasks_done for p in periods], DONE),
            Bars(self.tr("Target"), [p.tasks_target for p in periods], TARGET),
        ]
        self.tasks_chart.show_bars(labels, tasks, spans=spans)
        content = [Bars(self.tr("Sent"), [p.content_sent for p in periods], CONTENT)]
        self.content_chart.show_bars(labels, content, spans=spans)

    def _label(self, start: date) -> str:
        """A week by its Monday (11/23), a month by its short name (11月 / Nov)."""
        if self.kind is PeriodKind.week:
            return f"{start.month}/{start.day}"
        return QLocale().standaloneMonthName(start.month, QLocale.FormatType.ShortFormat)


def _month_spans(starts: list[date]) -> list[tuple[str, int]]:
    """Consecutive periods grouped by the month they start in: ('11月', 4) for four weeks."""
    spans: list[tuple[str, int]] = []
    for start in starts:
        name = QLocale().standaloneMonthName(start.month, QLocale.FormatType.ShortFormat)
        if spans and spans[-1][0] == name:
            spans[-1] = (name, spans[-1][1] + 1)
        else:
            spans.append((name, 1))
    return spans
