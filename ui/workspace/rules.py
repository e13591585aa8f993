"""Rules (规则): HQ's attribution window, lifecycle thresholds and RFM thresholds, explained and edited."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from guide_app.changes import Area
from guide_app.money import AmountRefused, fen_from_yuan_text
from guide_app.protocol import AttributionRule, HqSettings
from guide_app.timeutil import utcnow
from guide_app.workspace.rules import (
    ATTRIBUTION_DAYS,
    FREQUENCY,
    RECENCY_DAYS,
    STAGE_DAYS,
    RulesDraft,
    RulesField,
    RulesProblem,
    read_rules,
    save_rules,
)
from guide_app.workspace.session import Workspace
from ui.dialogs.customer_words import local_time
from ui.dialogs.sale_entry import amount_words, yuan_text
from ui.i18n import QT_TRANSLATE_NOOP
from ui.messages import describe_refusal
from ui.ops import Ops
from ui.views.freshness import ReadWhenShown
from ui.workspace.content_editor import PROBLEM_STYLE, hint_label, problem_label


def _spin(limits: tuple[int, int], suffix: str = "") -> QSpinBox:
    spin = QSpinBox()
    spin.setRange(*limits)
    spin.setSuffix(suffix)
    spin.setMinimumWidth(88)
    spin.setAlignment(Qt.AlignmentFlag.AlignRight)
    return spin


class RulesPage(QWidget):
    """HQ's rules as a manager reads them: each row says in a sentence what it changes in the
    guides' apps. Problems show under the row before anything is sent; Save (Ctrl+S) puts the
    rules to HQ, Restore reads them again."""

    def __init__(self, ops: Ops, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops, self.workspace = ops, workspace
        self.settings: HqSettings | None = None
        self.problems: dict[RulesField, QLabel] = {field: problem_label() for field in RulesField}
        self._build()
        self._build_actions()
        self.freshness = ReadWhenShown(self, ops, self.load, (Area.settings,))

    # ----------------------------------------------------------------------------------- layout

    def _build(self) -> None:
        heading = QLabel(self.tr("Rules every guide's app applies"))
        heading.setStyleSheet("font-size: 18px; font-weight: 600;")
        intro = hint_label(
            self.tr(
                "Guides' apps take these rules at their next sync. A change counts from then on: "
                "sales already credited keep their guide."
            )
        )
        form = QWidget()
        grid = QGridLayout(form)
        grid.setColumnStretch(2, 1)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        self._grid_row = 0
        self._add_attribution(grid)
        self._add_lifecycle(grid)
        self._add_rfm(grid)
        grid.setRowStretch(self._grid_row, 1)
        scroll = QScrollArea()
        scroll.setWidget(form)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.save_button = QPushButton(self.tr("&Save"))
        self.save_button.setToolTip(self.tr("Save the rules to HQ (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.restore_button = QPushButton(self.tr("&Restore"))
        self.restore_button.setToolTip(self.tr("Read HQ's rules again, dropping what was not saved"))
        self.restore_button.clicked.connect(self.load)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.restore_button)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addLayout(buttons)
        self.setFocusProxy(self.attribution_rule)

    def _section(self, grid: QGridLayout, title: str) -> None:
        label = QLabel(title)
        label.setStyleSheet("font-size: 15px; font-weight: 600; margin-top: 10px;")
        grid.addWidget(label, self._grid_row, 0, 1, 3)
        self._grid_row += 1

    def _row(
        self, grid: QGridLayout, caption: str, inputs: list[QWidget], hint: str, field: RulesField
    ) -> None:
        label = QLabel(caption)
        label.setBuddy(inputs[0])
        boxes = QHBoxLayout()
        boxes.setSpacing(6)
        for box in inputs:
            boxes.addWidget(box)
        boxes.addStretch(1)
        grid.addWidget(label, self._grid_row, 0, Qt.AlignmentFlag.AlignTop)
        grid.addLayout(boxes, self._grid_row, 1, Qt.AlignmentFlag.AlignTop)
        grid.addWidget(hint_label(hint), self._grid_row, 2)
        grid.addWidget(self.problems[field], self._grid_row + 1, 1, 1, 2)
        self._grid_row += 2

    def _add_attribution(self, grid: QGridLayout) -> None:
        self._section(grid, self.tr("Sales credit"))
        self.attribution_rule = QComboBox()
        for rule, words in (
            (AttributionRule.owner_or_last_touch, self.tr("Book owner, or a recent contact")),
            (AttributionRule.owner_only, self.tr("Book owner only")),
            (AttributionRule.last_touch_only, self.tr("Recent contact only")),
        ):
            self.attribution_rule.addItem(words, rule)
        self._row(
            grid,
            self.tr("Attribution &rule"),
            [self.attribution_rule],
            self.tr(
                "Book owner, or a recent contact: the guide whose book held the buyer at the sale, or "
                "who added them later but contacted them within the window. Book owner only: only "
                "buyers already in the book. Recent contact only: only buyers the guide contacted "
                "within the window, however long they have been in the book."
            ),
            RulesField.attribution_rule,
        )
        self.attribution_window = _spin(ATTRIBUTION_DAYS, self.tr(" days"))
        self._row(
            grid,
            self.tr("&Attribution window"),
            [self.attribution_window],
            self.tr(
                "A sale is credited to the guide whose customer book already held the buyer. A buyer "
                "added after the sale still counts for a guide who contacted them within this many "
                "days of it. 0: only customers already in the book count."
            ),
            RulesField.attribution_window,
        )

    def _add_lifecycle(self, grid: QGridLayout) -> None:
        self._section(grid, self.tr("Customer stages"))
        self.dormant_after = _spin(STAGE_DAYS, self.tr(" days"))
        self.lost_after = _spin(STAGE_DAYS, self.tr(" days"))
        dormant_words, lost_words = QLabel(self.tr("dormant after")), QLabel(self.tr("lost after"))
        self._row(
            grid,
            self.tr("&Quiet customers"),
            [dormant_words, self.dormant_after, lost_words, self.lost_after],
            self.tr(
                "A customer who has not bought, been contacted or been added for more than the first "
                "number of days is dormant (沉睡); past the second, lost (流失). Lost must come later "
                "than dormant."
            ),
            RulesField.lifecycle,
        )

    def _add_rfm(self, grid: QGridLayout) -> None:
        self._section(grid, self.tr("RFM segments (four thresholds each, smallest first)"))
        self.recency = [_spin(RECENCY_DAYS) for _ in range(4)]
        self.frequency = [_spin(FREQUENCY) for _ in range(4)]
        self.monetary = [QLineEdit() for _ in range(4)]
        for box in self.monetary:
            box.setMaximumWidth(110)
            box.setAlignment(Qt.AlignmentFlag.AlignRight)
        rows: list[tuple[str, list[QWidget], str, RulesField]] = [
            (
                self.tr("R&ecency (days)"),
                list(self.recency),
                self.tr(
                    "How recently they last bought: within the first number of days scores 5 points, "
                    "one point less past each following number."
                ),
                RulesField.recency,
            ),
            (
                self.tr("&Frequency (purchases)"),
                list(self.frequency),
                self.tr("How often they bought: each number of purchases reached adds a point."),
                RulesField.frequency,
            ),
            (
                self.tr("&Monetary (¥ spent)"),
                list(self.monetary),
                self.tr("How much they spent in all: each amount reached adds a point."),
                RulesField.monetary,
            ),
        ]
        for caption, inputs, hint, field in rows:
            self._row(grid, caption, inputs, hint, field)
        for spin in (
            self.attribution_window,
            self.dormant_after,
            self.lost_after,
            *self.recency,
            *self.frequency,
        ):
            spin.valueChanged.connect(self._recheck)
        for box in self.monetary:
            box.textEdited.connect(self._recheck)

    def _build_actions(self) -> None:
        save = QAction(self.tr("Save rules"), self)
        save.setShortcut(QKeySequence.StandardKey.Save)
        save.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.triggered.connect(self.save)
        self.addAction(save)

    # ----------------------------------------------------------------------------------- reading

    def load(self) -> None:
        self.status.setText(self.tr("Reading HQ's rules…"))
        self.ops.run_async(lambda: read_rules(self.workspace), self._show, failure=self._failed)

    def _show(self, settings: HqSettings) -> None:
        self.settings = settings
        spins_and_values: list[tuple[QSpinBox, int]] = [
            (self.attribution_window, settings.attribution_window_days),
            (self.dormant_after, settings.dormant_after_days),
            (self.lost_after, settings.lost_after_days),
            *zip(self.recency, settings.rfm_recency_days, strict=True),
            *zip(self.frequency, settings.rfm_frequency, strict=True),
        ]
        for spin, value in spins_and_values:
            spin.blockSignals(True)
            spin.setValue(value)
            spin.blockSignals(False)
        self.attribution_rule.setCurrentIndex(self.attribution_rule.findData(settings.attribution_rule))
        for box, fen in zip(self.monetary, settings.rfm_monetary_fen, strict=True):
            box.setText(yuan_text(fen))
        self._recheck()
        self.status.setText(self.tr("These are HQ's rules now."))

    def _failed(self, error: BaseException) -> None:
        self.status.setStyleSheet(PROBLEM_STYLE)
        self.status.setText(describe_refusal(error))

    # ----------------------------------------------------------------------------------- checking

    def _monetary_fen(self) -> tuple[list[int], str | None]:
        """The four amounts in fen, or the first amount's problem in the guide's words."""
        values: list[int] = []
        for box in self.monetary:
            try:
                values.append(fen_from_yuan_text(box.text()))
            except AmountRefused as refused:
                return [], amount_words(refused.problem)
        return values, None

    def draft(self) -> RulesDraft | None:
        """The page's values, or None when the amounts cannot be read (said under their row)."""
        fen, unreadable = self._monetary_fen()
        self._say(RulesField.monetary, unreadable)
        if unreadable is not None:
            return None
        first, second, third, fourth = fen
        return RulesDraft(
            self.attribution_window.value(),
            AttributionRule(self.attribution_rule.currentData()),
            self.dormant_after.value(),
            self.lost_after.value(),
            _values(self.recency),
            _values(self.frequency),
            (first, second, third, fourth),
        )

    def _recheck(self, *_args: object) -> bool:
        """Show each row's problem; True when the rules may be sent."""
        self.status.setStyleSheet("")
        draft = self.draft()
        if draft is None:
            return False
        problems = draft.problems()
        for field in RulesField:
            self._say(field, problem_words(problems[field]) if field in problems else None)
        return not problems

    def _say(self, field: RulesField, words: str | None) -> None:
        label = self.problems[field]
        label.setText(words or "")
        label.setVisible(bool(words))

    # ----------------------------------------------------------------------------------- saving

    def save(self) -> None:
        current = self.settings
        if current is None or not self._recheck():
            self.status.setText(self.tr("Nothing was sent: correct what is marked in red."))
            return
        draft = self.draft()
        assert draft is not None
        self.save_button.setEnabled(False)
        self.status.setText(self.tr("Saving…"))
        self.ops.remote_write(
            lambda: save_rules(self.workspace, draft, current), self._saved, failure=self._save_failed
        )

    def _saved(self, settings: HqSettings) -> None:
        self.save_button.setEnabled(True)
        self._show(settings)
        self.status.setText(self.tr("Saved at %1.").replace("%1", local_time(utcnow())))

    def _save_failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self._failed(error)


def _values(spins: list[QSpinBox]) -> tuple[int, int, int, int]:
    first, second, third, fourth = (spin.value() for spin in spins)
    return first, second, third, fourth


PROBLEM_WORDS: dict[RulesProblem, str] = {
    RulesProblem.out_of_range: QT_TRANSLATE_NOOP("RulesPage", "A value is outside what HQ accepts."),
    RulesProblem.not_ascending: QT_TRANSLATE_NOOP(
        "RulesPage", "Each of the four thresholds must be larger than the one before it."
    ),
    RulesProblem.lost_before_dormant: QT_TRANSLATE_NOOP(
        "RulesPage", "“Lost” must come later than “dormant”: make its number of days larger."
    ),
}


def problem_words(problem: RulesProblem) -> str:
    return QCoreApplication.translate("RulesPage", PROBLEM_WORDS[problem])
