"""Help → About Guide Desk: the version, the HQ in use, the data folder and the licence notices."""

from __future__ import annotations

import html

from PySide6.QtCore import QCoreApplication, Qt, QUrl, qVersion
from PySide6.QtGui import QDesktopServices, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from guide_app.about import About, about
from guide_app.licenses import Notice, Role, bundled_notices
from ui.i18n import QT_TRANSLATE_NOOP
from ui.look import app_title
from ui.ops import Ops

ROLE_WORDS = {
    Role.library: QT_TRANSLATE_NOOP("AboutDialog", "A library Guide Desk is built with."),
    Role.qt: QT_TRANSLATE_NOOP(
        "AboutDialog",
        "The Qt libraries draw Guide Desk's windows. They are used unmodified under the GNU LGPL "
        "version 3: they are the Qt6 library files in the program folder, and a compatible build "
        "of them may replace those files. Qt's source code is at the address below.",
    ),
    Role.python: QT_TRANSLATE_NOOP("AboutDialog", "The Python runtime the program carries."),
    Role.part_of_python: QT_TRANSLATE_NOOP("AboutDialog", "A library built into the Python runtime."),
}


class AboutDialog(QDialog):
    """Opened from Help → About Guide Desk, before or after sign-in.

    `hq_url` is the signed-in guide's HQ (None: not signed in). The notices are read through
    `ops` (the window's, or the dialog's own when none is given), off the UI thread.
    """

    def __init__(self, hq_url: str | None, parent: QWidget | None = None, *, ops: Ops | None = None) -> None:
        super().__init__(parent)
        self._own_ops = ops is None
        self._ops = ops if ops is not None else Ops(None, self, workers=1)
        self.notices: list[Notice] = []
        self.setWindowTitle(self.tr("About Guide Desk"))
        facts = about(hq_url)
        layout = QVBoxLayout(self)
        self.heading = self._heading(facts)
        layout.addWidget(self.heading)
        layout.addLayout(self._facts_form(facts))
        layout.addWidget(self._notices_part(), 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(900, 620)
        self._loading = self._ops.run(
            lambda: bundled_notices(qVersion()), self._show_notices, name="licence notices"
        )

    def _heading(self, facts: About) -> QLabel:
        title = self.tr("%1 version %2").replace("%1", app_title()).replace("%2", facts.version)
        heading = QLabel(title, self)
        font = QFont(heading.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        heading.setFont(font)
        heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return heading

    def _facts_form(self, facts: About) -> QFormLayout:
        form = QFormLayout()
        protocol = self.tr("Level %1 (HQ checks it before every sync)").replace(
            "%1", str(facts.protocol_level)
        )
        self.protocol = QLabel(protocol, self)
        form.addRow(self.tr("Sync protocol:"), self.protocol)
        self.hq = QLineEdit(facts.hq_address or self.tr("Not signed in"), self)
        self.hq.setReadOnly(True)
        hq_label = QLabel(self.tr("&HQ address:"), self)
        hq_label.setBuddy(self.hq)
        form.addRow(hq_label, self.hq)
        self.data_folder = QLineEdit(str(facts.data_folder), self)
        self.data_folder.setReadOnly(True)
        self.data_folder.setCursorPosition(0)
        self.data_folder.setToolTip(self.tr("Books, backups and settings; uninstalling keeps them."))
        self.open_folder = QPushButton(self.tr("&Open folder"), self)
        self.open_folder.clicked.connect(self.open_data_folder)
        row = QHBoxLayout()
        row.addWidget(self.data_folder, 1)
        row.addWidget(self.open_folder)
        folder_label = QLabel(self.tr("&Data folder:"), self)
        folder_label.setBuddy(self.data_folder)
        form.addRow(folder_label, row)
        self._folder = facts.data_folder
        return form

    def _notices_part(self) -> QWidget:
        part = QWidget(self)
        layout = QVBoxLayout(part)
        layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(self.tr("&Components and their licences (select one to read its licence):"), part)
        layout.addWidget(heading)
        splitter = QSplitter(Qt.Orientation.Horizontal, part)
        self.components = QTableWidget(0, 3, splitter)
        self.components.setHorizontalHeaderLabels(
            [self.tr("Component"), self.tr("Version"), self.tr("Licence")]
        )
        self.components.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.components.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.components.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.components.setTabKeyNavigation(False)
        self.components.verticalHeader().hide()
        self.components.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.components.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.components.currentCellChanged.connect(lambda row, *_: self._show_licence(row))
        heading.setBuddy(self.components)
        detail = QWidget(splitter)
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel(self.tr("Reading the licence notices…"), detail)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.summary.setOpenExternalLinks(True)
        self.licence_text = QPlainTextEdit(detail)
        self.licence_text.setReadOnly(True)
        self.licence_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.licence_text.setTabChangesFocus(True)
        detail_layout.addWidget(self.summary)
        detail_layout.addWidget(self.licence_text, 1)
        splitter.setSizes([430, 450])
        layout.addWidget(splitter, 1)
        return part

    def open_data_folder(self) -> None:
        self._folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self._folder)))

    def _show_notices(self, notices: list[Notice]) -> None:
        self.notices = notices
        self.components.setRowCount(len(notices))
        for row, notice in enumerate(notices):
            licence = notice.licence or self.tr("not stated")
            for column, text in enumerate((notice.component, notice.version, licence)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.components.setItem(row, column, item)
        if notices:
            self.components.setCurrentCell(0, 0)
        self.components.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_licence(self, row: int) -> None:
        if not 0 <= row < len(self.notices):
            return
        notice = self.notices[row]
        self.summary.setText(self._summary(notice))
        if notice.texts:
            self.licence_text.setPlainText(
                "\n\n".join(f"==== {text.title} ====\n\n{text.text.strip()}" for text in notice.texts)
            )
        else:
            self.licence_text.setPlainText(
                self.tr("%1 ships no licence file. Its licence: %2.")
                .replace("%1", notice.component)
                .replace("%2", notice.licence or self.tr("not stated"))
            )
        self.licence_text.moveCursor(self.licence_text.textCursor().MoveOperation.Start)

    def _summary(self, notice: Notice) -> str:
        title = f"<b>{html.escape(notice.component)} {html.escape(notice.version)}</b>"
        words = QCoreApplication.translate("AboutDialog", ROLE_WORDS[notice.role])
        if notice.home_page.startswith(("https://", "http://")):
            link = f'<a href="{html.escape(notice.home_page)}">{html.escape(notice.home_page)}</a>'
            return f"{title}<br>{html.escape(words)}<br>{link}"
        return f"{title}<br>{html.escape(words)}"

    def done(self, result: int) -> None:
        self._loading.discard()  # a shared Ops must not answer a closed dialog
        if self._own_ops:
            self._ops.shutdown(wait=False)
        super().done(result)
