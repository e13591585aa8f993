"""The tag tree of the filter panel and the bulk tag dialog: HQ's groups first, then the guide's own tags."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from guide_app.book.tags import TagSource, TagView

TAG_ID_ROLE = Qt.ItemDataRole.UserRole


def group_title(tag: TagView) -> str:
    """A group's title: HQ's name (企业标签) marked as HQ's and as one-per-customer where it is."""
    if tag.source != TagSource.hq.value:
        return QCoreApplication.translate("TagTree", "My tags")
    title = QCoreApplication.translate("TagTree", "%1 (HQ)").replace("%1", tag.group_name)
    if tag.single_choice:
        title = QCoreApplication.translate("TagTree", "%1, one per customer").replace("%1", title)
    return title


def fill_tag_tree(tree: QTreeWidget, tags: list[TagView], checkable: bool) -> None:
    """Replace the tree's items with `tags` under their groups (tags come grouped from all_tags)."""
    tree.clear()
    groups: dict[str, QTreeWidgetItem] = {}
    for tag in tags:
        group = groups.get(tag.group_id)
        if group is None:
            group = groups[tag.group_id] = QTreeWidgetItem(tree, [group_title(tag)])
            group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item = QTreeWidgetItem(group, [tag.name])
        item.setData(0, TAG_ID_ROLE, tag.id)
        if checkable:
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(0, Qt.CheckState.Unchecked)
    tree.expandAll()


def tag_items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    """The tags' items (not the groups'), in the tree's order."""
    items = []
    for number in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(number)
        if group is not None:
            items += [
                child for index in range(group.childCount()) if (child := group.child(index)) is not None
            ]
    return items
