"""Giving one tag to every customer selected in the list: an existing tag, or a new tag of the guide's own."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from guide_app.book.tags import TagView
from guide_app.calls.tags import add_personal_tag, all_tags, tag_customers
from ui.messages import describe
from ui.ops import Ops
from ui.views.tag_tree import TAG_ID_ROLE, fill_tag_tree, tag_items


class BulkTagDialog(QDialog):
    """One tag for all the chosen customers, all or none. A tag of an HQ single-choice group
    (客户等级) replaces each customer's other tag of that group, and the dialog says so.
    After `accept()`, `tagged` is how many customers got the tag."""

    def __init__(self, ops: Ops, customer_ids: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ops = ops
        self.customer_ids = list(customer_ids)
        self.tagged = 0
        self.setWindowTitle(self.tr("Tag customers"))
        self.resize(420, 480)
        heading = QLabel(self.tr("Give a tag to %n selected customer(s)", "", len(self.customer_ids)), self)
        self.tree = QTreeWidget(self)
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName(self.tr("Tags"))
        self.tree.currentItemChanged.connect(self._chosen)
        self.tree.itemActivated.connect(lambda _item, _column: self._save())
        self.new_tag = QLineEdit(self)
        self.new_tag.setPlaceholderText(self.tr("…or type a new tag of your own"))
        self.new_tag.setAccessibleName(self.tr("New tag"))
        self.new_tag.textChanged.connect(self._chosen)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b00020;")
        self.message.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Tag"))
        self.ok_button.setEnabled(False)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (heading, self.tree, self.new_tag, self.hint, self.message, self.buttons):
            layout.addWidget(widget, 1 if widget is self.tree else 0)
        self._tags: dict[str, TagView] = {}
        ops.query(all_tags, self._show_tags, failure=self._refused, name="bulk tag")
        self.tree.setFocus()

    def _show_tags(self, tags: list[TagView]) -> None:
        self._tags = {tag.id: tag for tag in tags}
        fill_tag_tree(self.tree, tags, checkable=False)

    def choose(self, tag_id: str) -> None:
        """Make `tag_id` the chosen tag (keyboard pickers and tests)."""
        for item in tag_items(self.tree):
            if item.data(0, TAG_ID_ROLE) == tag_id:
                self.tree.setCurrentItem(item)

    def _chosen_tag(self) -> TagView | None:
        item = self.tree.currentItem()
        return self._tags.get(item.data(0, TAG_ID_ROLE)) if item is not None else None

    def _chosen(self) -> None:
        tag = None if self.new_tag.text().strip() else self._chosen_tag()
        self.ok_button.setEnabled(bool(self.new_tag.text().strip()) or tag is not None)
        if tag is not None and tag.single_choice:
            self.hint.setText(
                self.tr("Customers keep one tag of “%1”: this one replaces the one they have.").replace(
                    "%1", tag.group_name
                )
            )
        else:
            self.hint.clear()

    def _save(self) -> None:
        self.message.hide()
        name = self.new_tag.text().strip()
        tag = self._chosen_tag()
        if not name and tag is None:
            return
        self.ok_button.setEnabled(False)
        if name:
            self.ops.write(lambda book: add_personal_tag(book, name), self._tag, failure=self._refused)
        elif tag is not None:
            self._tag(tag.id)

    def _tag(self, tag_id: str) -> None:
        chosen = self.customer_ids
        self.ops.write(lambda book: tag_customers(book, chosen, tag_id), self._tagged, failure=self._refused)

    def _tagged(self, count: int) -> None:
        self.tagged = count
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.ok_button.setEnabled(True)
        self.message.setText(describe(error))
        self.message.show()
