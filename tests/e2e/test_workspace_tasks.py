"""A manager's Tasks page against a real HQ: hand out a task, watch the board fill, cancel it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QMessageBox, QTreeWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from guide_app.workspace.tasks import TaskField
from tests.e2e.conftest import Running, sign_in_workspace
from tests.e2e.desk import NETWORK_MS
from tests.support.events import task_progress_event
from tests.ui.modal_boxes import answer_next_modal, press
from ui.ops import Ops
from ui.workspace.task_dialog import TaskDialog
from ui.workspace.tasks import STATE_ROLE, BoardColumn, TasksPage, TaskState

# HQ's database is not what these test (tests/hq covers both backends).
pytestmark = pytest.mark.parametrize("backend", ["sqlite"])

REFRESH_MS = 200  # the board's own re-read, shortened from 45 s


@pytest.fixture
def ops() -> Iterator[Ops]:
    made = Ops(None)
    yield made
    made.shutdown()


class HqApi:
    """HQ's API as each test login uses it; one sign-in per login (hashing the password is slow)."""

    def __init__(self, running: Running) -> None:
        self.running = running
        self.tokens: dict[str, str] = {}

    def __call__(self, login: str, method: str, path: str, **kwargs: Any) -> httpx.Response:
        if login not in self.tokens:
            self.tokens[login] = self.running.token(login)
        headers = {"Authorization": f"Bearer {self.tokens[login]}"}
        url = f"{self.running.live.base_url}/api/v1{path}"
        return httpx.request(method, url, headers=headers, timeout=30, **kwargs)


@pytest.fixture
def api(running_hq: Running) -> HqApi:
    return HqApi(running_hq)


def _shown_page(qtbot: QtBot, ops: Ops, running: Running, login: str) -> TasksPage:
    page = TasksPage(ops, sign_in_workspace(running, login), refresh_ms=REFRESH_MS)
    qtbot.addWidget(page)
    page.resize(1238, 740)
    page.show()
    qtbot.waitUntil(lambda: page.reading is not None and page.reading.finished, timeout=NETWORK_MS)
    return page


def _board(page: TasksPage) -> dict[str, tuple[str, str, bool]]:
    """guide → (store, done / target, overdue) as the board shows it."""
    rows: dict[str, tuple[str, str, bool]] = {}
    for index in range(page.board.topLevelItemCount()):
        item = page.board.topLevelItem(index)
        assert isinstance(item, QTreeWidgetItem)
        rows[item.text(BoardColumn.guide)] = (
            item.text(BoardColumn.store),
            item.text(BoardColumn.done),
            bool(item.data(BoardColumn.overdue, STATE_ROLE)),
        )
    return rows


def _guide_pulls_and_reports(api: HqApi, login: str, task_id: str, done: int, target: int) -> None:
    """The guide's app: the task arrives with a pull, progress goes back with a push."""
    feed = api(login, "GET", "/sync/changes", params={"cursor": 0, "limit": 500})
    assert feed.status_code == 200, feed.text
    assert task_id in {change["id"] for change in feed.json()["changes"] if change["entity"] == "task"}
    pushed = api(login, "POST", "/sync/push", json={"events": [task_progress_event(task_id, done, target)]})
    assert pushed.status_code == 200 and pushed.json()["results"][0]["status"] == "accepted", pushed.text


def type_chinese(widget: QWidget, text: str) -> None:
    """Chinese arrives as a pinyin input method commits it (QTest's key clicks are ASCII only)."""
    widget.setFocus()
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def _fill_in_by_keyboard(qtbot: QtBot, dialog: TaskDialog) -> None:
    type_chinese(dialog.title, "冬季新品预览邀约")
    type_chinese(dialog.instructions, "邀请老顾客周六到店试穿羊毛大衣")
    dialog.target.setFocus()
    qtbot.keyClick(dialog.target, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.target, "10")
    dialog.candidates.setFocus()  # "Stores" is the default; E1 is the first store
    first = dialog.candidates.item(0)
    assert first is not None and first.text().startswith("E1")
    qtbot.keyClick(dialog.candidates, Qt.Key.Key_Space)


def test_a_managers_task_for_a_store_fills_its_board_and_stays_in_the_region(
    qtbot: QtBot, ops: Ops, api: HqApi, running_hq: Running, store_pc: Path
) -> None:
    org = running_hq.org
    page = _shown_page(qtbot, ops, running_hq, org.manager_east)
    assert page.tasks.topLevelItemCount() == 0
    qtbot.keyClick(page.tasks, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = page.dialog
    qtbot.waitUntil(dialog.create_button.isEnabled, timeout=NETWORK_MS)
    # Only the manager's own region is offered.
    store_rows = [dialog.candidates.item(row).text() for row in range(dialog.candidates.count())]  # type: ignore[union-attr]
    assert [text.split()[0] for text in store_rows] == ["E1", "E2"]

    # Nothing goes to HQ until the form is valid: no title, and a due time already past.
    dialog.due.setDateTime(QDateTime.currentDateTime().addSecs(-3600))
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.errors[TaskField.title].isVisible() and dialog.errors[TaskField.due].isVisible()
    assert dialog.errors[TaskField.assignees].isVisible()
    assert api(org.manager_east, "GET", "/tasks").json() == []

    dialog.due.setDateTime(QDateTime.currentDateTime().addDays(2))
    _fill_in_by_keyboard(qtbot, dialog)
    qtbot.keyClick(dialog.title, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: dialog.created is not None, timeout=NETWORK_MS)
    created = dialog.created
    assert created is not None and created.target_count == 10
    task_id = str(created.id)
    e1_guides = sorted(org.ids[login] for login in (org.guide_e1, org.guide_e1_b, org.disabled_guide))
    assert created.guide_ids == e1_guides  # the store's guides, and only them

    # The page shows the new task's board: every guide of E1, nothing done yet.
    qtbot.waitUntil(lambda: page.chosen_id() == task_id and len(_board(page)) == 3, timeout=NETWORK_MS)
    assert _board(page) == {
        org.guide_e1: ("E1店", "0 / 10", False),
        org.guide_e1_b: ("E1店", "0 / 10", False),
        org.disabled_guide: ("E1店", "0 / 10", False),
    }
    [e1b_row] = page.board.findItems(org.guide_e1_b, Qt.MatchFlag.MatchExactly, BoardColumn.guide)
    page.board.setCurrentItem(e1b_row)

    _guide_pulls_and_reports(api, org.guide_e1, task_id, done=3, target=10)

    # The board reads HQ again on its own, keeping the chosen task and the chosen guide.
    qtbot.waitUntil(
        lambda: _board(page).get(org.guide_e1, ("", "", False))[1] == "3 / 10", timeout=NETWORK_MS
    )
    assert _board(page)[org.guide_e1_b] == ("E1店", "0 / 10", False)
    assert page.chosen_id() == task_id
    chosen_guide = page.board.currentItem()
    assert chosen_guide is not None and chosen_guide.text(BoardColumn.guide) == org.guide_e1_b
    task_row = page.tasks.currentItem()
    assert task_row is not None and task_row.text(3) == "3 / 30"

    # A manager of another region sees none of it.
    south = _shown_page(qtbot, ops, running_hq, org.manager_south)
    assert south.tasks.topLevelItemCount() == 0
    refused = api(org.manager_south, "GET", f"/tasks/{task_id}/progress")
    assert refused.status_code == 404


def test_an_overdue_guide_shows_on_the_board_and_a_cancelled_task_is_marked(
    qtbot: QtBot, ops: Ops, api: HqApi, running_hq: Running, store_pc: Path
) -> None:
    org = running_hq.org
    due = datetime.now(UTC) - timedelta(hours=1)
    body = {
        "title": "周末回访",
        "due_at": due.isoformat(),
        "target_count": 5,
        "assignees": {"store_ids": [org.store_ids["E1"]]},
    }
    made = api(org.manager_east, "POST", "/tasks", json=body)
    assert made.status_code == 201, made.text
    task_id = made.json()["id"]
    _guide_pulls_and_reports(api, org.guide_e1, task_id, done=5, target=5)

    page = _shown_page(qtbot, ops, running_hq, org.manager_east)
    qtbot.waitUntil(lambda: len(_board(page)) == 3, timeout=NETWORK_MS)
    assert _board(page) == {
        org.guide_e1: ("E1店", "5 / 5", False),  # past due but done: not overdue
        org.guide_e1_b: ("E1店", "0 / 5", True),
        org.disabled_guide: ("E1店", "0 / 5", True),
    }
    task_row = page.tasks.currentItem()
    assert task_row is not None and task_row.data(4, STATE_ROLE) == TaskState.overdue

    answer_next_modal(press(QMessageBox.StandardButton.Yes))
    qtbot.keyClick(page.tasks, Qt.Key.Key_Delete, Qt.KeyboardModifier.ControlModifier)

    def marked_cancelled() -> bool:
        row = page.tasks.currentItem()
        return row is not None and row.data(4, STATE_ROLE) == TaskState.cancelled

    qtbot.waitUntil(marked_cancelled, timeout=NETWORK_MS)
    assert not page.cancel_button.isEnabled()
    assert api(org.manager_east, "GET", f"/tasks/{task_id}").json()["cancelled"] is True
