"""The side panel (侧边栏助手): a narrow window kept on top beside the WeCom client.

The guide types a name, remark or pinyin initials, sees that customer at a glance, logs a contact or a
follow-up with one shortcut, and copies the scripts suited to the customer's stage. It reaches the book
through the same `Ops` as the main window and hears the same change notices, so a contact logged in
either shows in both; it never calls the main window. `open_in_window(customer_id)` asks for the full
card, which the app opens in the main window.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QHideEvent, QKeyEvent, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from guide_app.book.followups import MAX_OUTCOME, FollowUpKind
from guide_app.book.search import CustomerQuery, CustomerRow
from guide_app.book.timeline import InteractionKind
from guide_app.calls.customers import CustomerPage, find_customers
from guide_app.calls.followups import complete_follow_up, plan_follow_up
from guide_app.calls.panel import PanelCustomer, panel_customer
from guide_app.calls.timeline import log_interaction
from guide_app.changes import Area, ChangeNotice
from guide_app.errors import ErrorCode, GuideError
from guide_app.timeutil import utcnow
from ui.dialogs.customer_form import ERROR_STYLE
from ui.dialogs.customer_words import STAGE_WORDS, word
from ui.dialogs.follow_up import QUICK_HOUR, quick_due
from ui.look import app_title
from ui.messages import describe
from ui.ops import Ops, Running
from ui.panel.suited import NUMBERED, SuitedContentList
from ui.panel.summary import CustomerSummary, FactsScroll

PANEL_SIZE = (340, 700)  # beside the WeCom client on a 1366×768 screen
MIN_WIDTH = 300
DEBOUNCE_MS = 120  # one search per burst of keys
MATCHES_SHOWN = 8  # a guide beside WeCom picks among a few; more means typing one more letter
PLAIN = (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.KeypadModifier)  # Enter, not Ctrl+Enter
REFRESH_MS = 60_000  # "5 min ago" stays true without reading the book again
DONE_STYLE = "color: #0d652d;"
# What a notice must touch for the panel to read its customer again.
SHOWN_AREAS = (Area.customers, Area.tags, Area.follow_ups, Area.timeline, Area.content)


class Showing(Enum):
    """What the panel's body shows under the search field."""

    nothing = "nothing"  # no customer chosen yet: how to search
    choices = "choices"  # several customers match: pick one
    loading = "loading"  # a customer was picked and their read is on its way
    customer = "customer"
    gone = "gone"  # the shown customer was deleted or purged meanwhile


class SidePanel(QWidget):
    """A top-level tool window: on top of WeCom, off the taskbar. Every core call goes through `ops`."""

    open_in_window = Signal(str)  # a customer's id: show the full card in the main window

    def __init__(self, ops: Ops, parent: QWidget | None = None) -> None:
        flags = Qt.WindowType.Tool | Qt.WindowType.WindowStaysOnTopHint
        super().__init__(parent, flags)
        self.ops = ops
        self.customer_id: str | None = None
        self.shown: PanelCustomer | None = None
        self.showing = Showing.nothing
        self._matches: list[CustomerRow] = []
        self._searching: Running[CustomerPage] | None = None
        self._loading: Running[PanelCustomer] | None = None
        self._placed = False
        self._enter_pending = False  # Enter came before the search's answer: pick its first match
        self._stale = False  # a notice named the customer while the panel was hidden
        self.setWindowTitle(self.tr("%1 — side panel").replace("%1", app_title()))
        self.setMinimumWidth(MIN_WIDTH)
        self.resize(*PANEL_SIZE)
        self.debounce = QTimer(self)
        self.debounce.setSingleShot(True)
        self.debounce.setInterval(DEBOUNCE_MS)
        self.debounce.timeout.connect(self.search)
        self.clock = QTimer(self)
        self.clock.setInterval(REFRESH_MS)
        self.clock.timeout.connect(self._show_again)
        self._build()
        self._build_actions()
        self._set_showing(Showing.nothing)
        ops.changed.connect(self._heard)

    # ----------------------------------------------------------------------------------- layout

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 6)
        layout.setSpacing(6)
        layout.addLayout(self._build_search_row())
        self.matches_list = QListWidget(self)
        self.matches_list.setAccessibleName(self.tr("Matching customers"))
        self.matches_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.matches_list.itemActivated.connect(lambda item: self.pick_row(self.matches_list.row(item)))
        self.matches_list.itemClicked.connect(lambda item: self.pick_row(self.matches_list.row(item)))
        self.matches_list.installEventFilter(self)
        layout.addWidget(self.matches_list, 1)
        self.hint_label = QLabel(self)
        self.hint_label.setWordWrap(True)
        self.hint_label.setStyleSheet("color: palette(dark);")
        layout.addWidget(self.hint_label)
        self.body = self._build_body()
        layout.addWidget(self.body, 1)
        self.keys_label = QLabel(self._keys_text(), self)
        self.keys_label.setWordWrap(True)
        self.keys_label.setStyleSheet("color: palette(dark); font-size: 11px;")
        layout.addWidget(self.keys_label)
        layout.addStretch(0)

    def _build_search_row(self) -> QHBoxLayout:
        self.search_box = QLineEdit(self)
        self.search_box.setPlaceholderText(self.tr("Name, remark or pinyin (wl)"))
        self.search_box.setAccessibleName(self.tr("Find a customer"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.textEdited.connect(lambda _text: self.debounce.start())
        self.search_box.installEventFilter(self)
        self.card_button = QToolButton(self)
        self.card_button.setText(self.tr("Card"))
        self.card_button.setToolTip(self.tr("Open the full card in the main window (Ctrl+O)"))
        self.card_button.clicked.connect(self.open_card)
        row = QHBoxLayout()
        row.addWidget(self.search_box, 1)
        row.addWidget(self.card_button)
        return row

    def _build_body(self) -> QWidget:
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(6)
        self.summary = CustomerSummary(body)
        self.summary_scroll = FactsScroll(self.summary, body)
        column.addWidget(self.summary_scroll)
        self.note_box = QLineEdit(body)
        self.note_box.setMaxLength(MAX_OUTCOME)
        self.note_box.setPlaceholderText(self.tr("What was said (optional)"))
        self.note_box.setAccessibleName(self.tr("Note for the contact or follow-up"))
        self.note_box.returnPressed.connect(self.log_contact)
        column.addWidget(self.note_box)
        column.addLayout(self._build_buttons(body))
        self.status_label = QLabel(body)
        self.status_label.setWordWrap(True)
        column.addWidget(self.status_label)
        self.suited = SuitedContentList(self.ops, body)
        self.suited.copied.connect(self._copied)
        self.suited.problem.connect(self._warn)
        column.addWidget(self.suited, 1)
        return body

    def _build_buttons(self, body: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(4)
        self.contact_button = QPushButton(self.tr("Contacted"), body)
        self.contact_button.setToolTip(self.tr("Log a message to this customer now (Ctrl+Enter)"))
        self.contact_button.clicked.connect(self.log_contact)
        self.done_button = QPushButton(self.tr("Follow-up done"), body)
        self.done_button.setToolTip(
            self.tr("Close the soonest open follow-up; the note is its outcome (Ctrl+D)")
        )
        self.done_button.clicked.connect(self.follow_up_done)
        self.tomorrow_button = QPushButton(self.tr("Tomorrow"), body)
        self.tomorrow_button.setToolTip(
            self.tr("Plan a follow-up tomorrow at %1:00 (Ctrl+T)").replace("%1", str(QUICK_HOUR))
        )
        self.tomorrow_button.clicked.connect(self.follow_up_tomorrow)
        for button in (self.contact_button, self.done_button, self.tomorrow_button):
            button.setAutoDefault(False)
            row.addWidget(button)
        return row

    def _keys_text(self) -> str:
        return self.tr(
            "Ctrl+Enter contacted · Ctrl+D follow-up done · Ctrl+T tomorrow · "
            "Ctrl+1–9 copy · Ctrl+O card · Ctrl+F find"
        )

    def _action(self, text: str, keys: list[str], slot: object) -> QAction:
        action = QAction(text, self)
        action.setShortcuts([QKeySequence(key) for key in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.contact_action = self._action(
            self.tr("Contacted"), ["Ctrl+Return", "Ctrl+Enter", "F2"], self.log_contact
        )
        self.done_action = self._action(self.tr("Follow-up done"), ["Ctrl+D"], self.follow_up_done)
        self.tomorrow_action = self._action(
            self.tr("Follow up tomorrow"), ["Ctrl+T", "F3"], self.follow_up_tomorrow
        )
        self.card_action = self._action(self.tr("Open card"), ["Ctrl+O"], self.open_card)
        self.find_action = self._action(self.tr("Find a customer"), ["Ctrl+F"], self.focus_search)
        for number in range(1, NUMBERED + 1):
            self._action(
                self.tr("Copy item %1").replace("%1", str(number)),
                [f"Ctrl+{number}"],
                lambda _checked=False, row=number - 1: self.suited.copy(row),
            )

    def _set_showing(self, showing: Showing, hint: str = "") -> None:
        """Show one state; `hint` is a sentence above the body (no match), else the state's own."""
        self.showing = showing
        self.matches_list.setVisible(showing is Showing.choices)
        self.body.setVisible(showing is Showing.customer)
        has_customer = showing is Showing.customer
        for action in (self.contact_action, self.done_action, self.tomorrow_action, self.card_action):
            action.setEnabled(has_customer)
        self.card_button.setEnabled(has_customer)
        if not hint and showing is Showing.nothing:
            hint = self.tr("Type a name, a WeCom remark, or pinyin initials: wl finds Wang Li.")
        elif not hint and showing is Showing.gone:
            hint = self.tr("This customer is no longer in the book. Find another one.")
        self.hint_label.setText(hint)
        self.hint_label.setVisible(bool(hint))

    def _without_choices(self) -> Showing:
        """What the body shows once the list of matches goes."""
        return Showing.customer if self.shown is not None else Showing.nothing

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._placed:
            self._placed = True
            if not self.testAttribute(Qt.WidgetAttribute.WA_Moved):  # the app restored no position
                self.place_at_right_edge()
        if self._stale:
            self._stale = False
            self.load()
        self.clock.start()
        self.focus_search()

    def hideEvent(self, event: QHideEvent) -> None:
        self.clock.stop()
        super().hideEvent(event)

    def place_at_right_edge(self, available: QRect | None = None) -> None:
        """Stand full height at the right edge of the screen's work area (the WeCom client usually
        sits to its left)."""
        screen = self.screen()
        area = available if available is not None else screen.availableGeometry()
        frame_extra_width = self.frameGeometry().width() - self.width()
        frame_extra_height = self.frameGeometry().height() - self.height()
        self.resize(self.width(), area.height() - frame_extra_height)
        self.move(area.right() + 1 - self.width() - frame_extra_width, area.top())

    # ----------------------------------------------------------------------------------- finding

    def focus_search(self) -> None:
        self.activateWindow()
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def search(self) -> None:
        """Look up what the search field holds (the debounce's end)."""
        self.debounce.stop()
        if self._searching is not None and not self._searching.finished:
            self._searching.discard()  # overtaken by this keystroke
        text = self.search_box.text().strip()
        if not text:
            self._searching, self._enter_pending = None, False
            self._set_showing(self._without_choices())
            return
        query = CustomerQuery(text=text, limit=MATCHES_SHOWN)
        self._searching = self.ops.query(
            lambda book: find_customers(book, query, with_total=False),
            self._found,
            failure=self._search_failed,
            name="panel search",
        )

    def _found(self, page: CustomerPage) -> None:
        self._matches = page.rows
        enter_pending, self._enter_pending = self._enter_pending, False
        if len(page.rows) == 1 or (enter_pending and page.rows):
            # Picked on its own while the guide may still be typing: the text is not selected,
            # or the next letter would replace it.
            self.pick(page.rows[0].id, select_text=enter_pending)
            return
        if not page.rows:
            typed = self.search_box.text().strip()
            self._set_showing(
                self._without_choices(), self.tr("No customer matches “%1”.").replace("%1", typed)
            )
            return
        self.matches_list.clear()
        for row in page.rows:
            QListWidgetItem(self._match_text(row), self.matches_list)
        self.matches_list.setCurrentRow(0)  # Enter picks what the guide sees lit
        self._set_showing(Showing.choices)

    def _match_text(self, row: CustomerRow) -> str:
        parts = [row.name, word(STAGE_WORDS, row.lifecycle_stage)]
        if row.wecom_remark:
            parts.insert(1, row.wecom_remark)
        return "  ·  ".join(parts)

    def _search_failed(self, error: BaseException) -> None:
        self._enter_pending = False
        self._set_showing(self._without_choices(), describe(error))

    def pick_row(self, row: int) -> None:
        if 0 <= row < len(self._matches):
            self.pick(self._matches[row].id)

    def pick(self, customer_id: str, select_text: bool = True) -> None:
        """Show this customer; the search text stays, selected, so the next name replaces it."""
        if customer_id != self.customer_id:
            self.note_box.clear()
            self._say("")
        self.customer_id = customer_id
        showing_them = self.shown is not None and self.shown.customer.id == customer_id
        # The previous customer is hidden until this one is read: a shortcut pressed meanwhile
        # must never log against the one still on screen.
        self._set_showing(Showing.customer if showing_them else Showing.loading)
        self.load()
        if self.matches_list.hasFocus():
            self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)
        if select_text:
            self.search_box.selectAll()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if watched is self.search_box:
                return self._search_key(event)
            if (
                watched is self.matches_list
                and event.key() == Qt.Key.Key_Up
                and self.matches_list.currentRow() == 0
            ):
                self.search_box.setFocus(Qt.FocusReason.OtherFocusReason)
                return True
        return super().eventFilter(watched, event)

    def _search_key(self, event: QKeyEvent) -> bool:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and event.modifiers() in PLAIN:
            if self.debounce.isActive() or (self._searching is not None and not self._searching.finished):
                self._enter_pending = True  # the answer is on its way: its first match is picked
                if self.debounce.isActive():
                    self.search()
            elif self.showing is Showing.choices:
                self.pick_row(self.matches_list.currentRow())
            return True
        if key == Qt.Key.Key_Down and self.showing is Showing.choices:
            self.matches_list.setFocus(Qt.FocusReason.TabFocusReason)
            self.matches_list.setCurrentRow(min(1, self.matches_list.count() - 1))
            return True
        if key == Qt.Key.Key_Escape and self.showing is Showing.choices:
            self._set_showing(self._without_choices())
            return True
        return False

    # ----------------------------------------------------------------------------------- showing

    def load(self) -> None:
        """Read the chosen customer again (a pick, or a notice that names them)."""
        customer_id = self.customer_id
        if customer_id is None:
            return
        if self._loading is not None and not self._loading.finished:
            self._loading.discard()
        self._loading = self.ops.query(
            lambda book: panel_customer(book, customer_id),
            self._show,
            failure=self._load_failed,
            name="panel customer",
        )

    def _show(self, shown: PanelCustomer) -> None:
        if shown.customer.id != self.customer_id:
            return  # the guide picked someone else meanwhile
        self.shown = shown
        self.summary.show_customer(shown, utcnow())
        self.summary_scroll.updateGeometry()
        self.suited.show_pieces(shown.suited_content)
        if self.showing is not Showing.choices:
            self._set_showing(Showing.customer)

    def _show_again(self) -> None:
        if self.shown is not None:
            self.summary.show_customer(self.shown, utcnow())

    def _load_failed(self, error: BaseException) -> None:
        if isinstance(error, GuideError) and error.code is ErrorCode.customer_missing:
            self.customer_id, self.shown = None, None
            self._set_showing(Showing.gone)
            return
        self._warn(describe(error))

    def _heard(self, notice: ChangeNotice) -> None:
        customer_id = self.customer_id
        if customer_id is not None and notice.touches(*SHOWN_AREAS) and notice.touches_customer(customer_id):
            if self.isVisible():
                self.load()
            else:
                self._stale = True  # read once shown again, not at every sync while hidden
        if self.showing is Showing.choices and notice.touches(Area.customers):
            self.search()  # a name or remark in the list may have changed

    # ----------------------------------------------------------------------------------- logging

    def log_contact(self) -> None:
        """A message to this customer, now, with the note if one is typed: it counts as a touch."""
        customer_id = self.customer_id
        if customer_id is None or self.showing is not Showing.customer:
            return
        note = self.note_box.text().strip()
        self.ops.write(
            lambda book: log_interaction(book, customer_id, InteractionKind.message, note),
            self._contact_logged,
            failure=self._refused,
            name="panel log contact",
        )

    def follow_up_done(self) -> None:
        """Close the soonest open follow-up with the note as its outcome (the timeline keeps it)."""
        if self.shown is None or self.showing is not Showing.customer:
            return
        if not self.shown.open_follow_ups:
            self._warn(self.tr("No open follow-up. Ctrl+T plans one for tomorrow."))
            return
        outcome = self.note_box.text().strip()
        if not outcome:
            self._warn(self.tr("Write what came of it in the note first: it goes onto the timeline."))
            self.note_box.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        follow_up_id = self.shown.open_follow_ups[0].id
        self.ops.write(
            lambda book: complete_follow_up(book, follow_up_id, outcome),
            self._follow_up_closed,
            failure=self._refused,
            name="panel follow-up done",
        )

    def follow_up_tomorrow(self) -> None:
        customer_id = self.customer_id
        if customer_id is None or self.showing is not Showing.customer:
            return
        due = quick_due(datetime.now().date(), 1)
        self.ops.write(
            lambda book: plan_follow_up(book, customer_id, due, FollowUpKind.message),
            self._follow_up_planned,
            failure=self._refused,
            name="panel plan follow-up",
        )

    def _contact_logged(self, _entry_id: str) -> None:
        self.note_box.clear()
        self._say(self.tr("Contact logged at %1.").replace("%1", datetime.now().strftime("%H:%M")))

    def _follow_up_closed(self, _value: None) -> None:
        self.note_box.clear()
        self._say(self.tr("Follow-up done at %1.").replace("%1", datetime.now().strftime("%H:%M")))

    def _follow_up_planned(self, _follow_up_id: str) -> None:
        self._say(self.tr("Follow-up planned for tomorrow at %1:00.").replace("%1", str(QUICK_HOUR)))

    def _refused(self, error: BaseException) -> None:
        self._warn(describe(error))

    def _copied(self, title: str) -> None:
        self._say(self.tr("Copied “%1”: paste it in WeCom.").replace("%1", title))

    def _say(self, sentence: str) -> None:
        self.status_label.setStyleSheet(DONE_STYLE)
        self.status_label.setText(sentence)

    def _warn(self, sentence: str) -> None:
        self.status_label.setStyleSheet(ERROR_STYLE)
        self.status_label.setText(sentence)

    def open_card(self) -> None:
        if self.customer_id is not None and self.showing is Showing.customer:
            self.open_in_window.emit(self.customer_id)
