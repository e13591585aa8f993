"""Bar charts in the app's look (Qt Charts): periods along the bottom, the app's CJK font, no animation."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCharts import (
    QBarSeries,
    QBarSet,
    QCategoryAxis,
    QChart,
    QChartView,
    QStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QCursor, QFont, QFontMetrics, QPainter, QResizeEvent
from PySide6.QtWidgets import QApplication, QToolTip, QWidget


@dataclass(frozen=True, slots=True)
class Bars:
    """One series of bars: its name in the legend, a value per period, its colour."""

    name: str
    values: Sequence[float]
    color: str  # "#rrggbb"


TICKS = 5  # lines on the value axis, 0 included
VALUE_AXIS_ROOM = 60  # pixels left of the bars: the value axis' labels and the margins
LABEL_PADDING = 12  # Qt Charts keeps this much of a category's room free around its label


def axis_top(highest: float) -> float:
    """The value axis' top: four equal steps of 1, 2 or 5 times a power of ten (at least 1, so
    counts get whole-number lines), leaving room above the highest bar for its label."""
    wanted = max(highest * 1.12, 1.0) / (TICKS - 1)
    power = 10 ** max(0, math.floor(math.log10(wanted)))
    step = next(factor * power for factor in (1, 2, 5, 10) if factor * power >= wanted)
    return float(step * (TICKS - 1))


class BarChart(QChartView):
    """A titled bar chart over periods; `show_bars` replaces what it shows. The latest period is
    drawn in a lighter shade: it is still running."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setBackgroundRoundness(0)
        chart.setMargins(QMargins(4, 2, 4, 2))
        chart.layout().setContentsMargins(0, 0, 0, 0)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
        font = QApplication.font()
        title_font = QFont(font)
        title_font.setBold(True)
        chart.setTitleFont(title_font)
        chart.legend().setFont(font)
        chart.setTitle(title)
        self.setChart(chart)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMinimumSize(240, 180)
        self.setAccessibleName(title)
        self._font = font
        self._money = False
        self.categories: list[str] = []
        self.bars: list[Bars] = []
        self._spans: list[tuple[str, int]] = []
        self._by_span: bool | None = None  # None: the periods are not labelled yet
        # One pair of axes for the chart's life, changed in place: an axis taken off a chart
        # leaves its drawing behind until Qt's deferred deletes run (a grab before then shows both).
        self._periods = QCategoryAxis()
        self._periods.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionCenter)
        self._periods.setLabelsFont(font)
        self._values = QValueAxis()
        self._values.setTickCount(TICKS)
        self._values.setLabelFormat("%.0f")
        self._values.setLabelsFont(font)
        chart.addAxis(self._periods, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self._values, Qt.AlignmentFlag.AlignLeft)

    def show_bars(
        self,
        categories: list[str],
        bars: list[Bars],
        *,
        stacked: bool = False,
        money: bool = False,
        spans: list[tuple[str, int]] | None = None,
    ) -> None:
        """Draw `bars` over `categories`; `money` values are yuan. `spans` (a label and how many
        categories it covers, in order) label the axis instead where the categories' own labels
        do not fit under their bars (12 weeks in a third of the window: by month)."""
        self.categories, self.bars, self._money, self._spans = categories, bars, money, spans or []
        chart = self.chart()
        chart.removeAllSeries()
        series = QStackedBarSeries() if stacked else QBarSeries()
        for one in bars:
            series.append(self._bar_set(one))
        series.setLabelsVisible(not money and len(categories) <= 8)
        series.setLabelsPosition(
            QBarSeries.LabelsPosition.LabelsCenter if stacked else QBarSeries.LabelsPosition.LabelsOutsideEnd
        )
        chart.addSeries(series)
        series.attachAxis(self._periods)
        series.attachAxis(self._values)
        chart.legend().setVisible(len(bars) > 1)
        # Bars sit at 0, 1, 2…: each label is centred under its bar (or its span's bars).
        self._periods.setRange(-0.5, len(categories) - 0.5)
        self._periods.setStartValue(-0.5)
        self._values.setRange(0, axis_top(_highest(bars, stacked)))
        self._by_span = None
        self._fit_labels()
        self.setAccessibleDescription(self.described())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_labels()

    @property
    def labelled_by_span(self) -> bool:
        """Whether the axis shows the spans (the categories' labels would not fit)."""
        return bool(self._by_span)

    def axis_labels(self) -> list[str]:
        """The labels along the bottom, left to right."""
        return list(self._periods.categoriesLabels())

    def _fit_labels(self) -> None:
        """Label the periods one by one where they fit, else by span (Qt cuts a label wider than
        its bar's room to '1…'), with a line between spans."""
        if not self.categories:
            return
        widest = max(QFontMetrics(self._font).horizontalAdvance(label) for label in self.categories)
        room = (self.width() - VALUE_AXIS_ROOM) / len(self.categories)
        by_span = bool(self._spans) and widest + LABEL_PADDING > room
        if by_span is self._by_span:
            return
        self._by_span = by_span
        for label in self._periods.categoriesLabels():
            self._periods.remove(label)
        end = -0.5
        for label, count in self._spans if by_span else [(category, 1) for category in self.categories]:
            end += count
            self._periods.append(label, end)
        self._periods.setGridLineVisible(by_span)

    def described(self) -> str:
        """The values as text, for a screen reader and the tests: 'name: period value, …'."""
        parts = []
        for one in self.bars:
            values = ", ".join(
                f"{category} {_number(value, self._money)}"
                for category, value in zip(self.categories, one.values, strict=False)
            )
            parts.append(f"{one.name}: {values}")
        return "; ".join(parts)

    def _bar_set(self, one: Bars) -> QBarSet:
        bar_set = QBarSet(one.name)
        bar_set.append(list(one.values))
        color = QColor(one.color)
        bar_set.setColor(color)
        bar_set.setBorderColor(color)
        bar_set.setSelectedColor(color.lighter(145))
        bar_set.setLabelColor(QColor("#333333"))
        bar_set.setLabelFont(self._font)
        if one.values:
            bar_set.selectBar(len(one.values) - 1)
        bar_set.hovered.connect(lambda status, index, chosen=one: self._hovered(status, index, chosen))
        return bar_set

    def _hovered(self, status: bool, index: int, one: Bars) -> None:
        if not status or not 0 <= index < len(self.categories):
            QToolTip.hideText()
            return
        text = f"{self.categories[index]} · {one.name}: {_number(one.values[index], self._money)}"
        QToolTip.showText(QCursor.pos(), text, self)


def _number(value: float, money: bool) -> str:
    if money:
        return f"¥{value:,.2f}"
    return f"{value:g}"


def _highest(bars: list[Bars], stacked: bool) -> float:
    """The tallest bar, or stack of bars."""
    columns = [list(column) for column in zip(*(one.values for one in bars), strict=False)]
    return max((sum(column) if stacked else max(column) for column in columns), default=0.0)
