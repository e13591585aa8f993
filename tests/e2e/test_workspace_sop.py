"""HQ's SOP templates page against a real HQ: a template saved with its rule, and the live reach
preview counting the guides' pushed book statistics by region and store."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from guide_app.protocol import AudienceKind, AudienceRule, LifecycleStage, ReachPreview, ScheduleKind
from tests.e2e.conftest import Running, sign_in_workspace
from tests.support.events import book_stats_event, stats_cell
from tests.ui.modal_boxes import answer_next_modal, press
from ui.ops import Ops
from ui.workspace.sop import SopPage
from ui.workspace.sop_editor import SopEditor

# HQ's database is not what these test (tests/hq covers both backends).
pytestmark = pytest.mark.parametrize("backend", ["sqlite"])

WAIT = 10_000
STATS_DAY = date(2026, 11, 29)


def _push_stats(running: Running, login: str, cells: list[dict[str, object]]) -> None:
    """The guide's app pushes its book in counts, as it does once a day."""
    event = book_stats_event(cells, day=STATS_DAY, as_of=datetime.now(UTC))
    answer = httpx.post(
        f"{running.live.base_url}/api/v1/sync/push",
        json={"events": [event]},
        headers={"Authorization": f"Bearer {running.token(login)}"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["results"][0]["status"] in ("accepted", "ok", "applied"), answer.text


@pytest.fixture
def page(qtbot: QtBot, running_hq: Running, store_pc: Path) -> Iterator[SopPage]:
    org = running_hq.org
    _push_stats(
        running_hq,
        org.guide_e1,
        [stats_cell("active", 40, "loyal", VIP=10), stats_cell("dormant", 30, "at_risk", VIP=5)],
    )
    _push_stats(
        running_hq, org.guide_s1, [stats_cell("active", 25, "champions", VIP=20), stats_cell("new", 15)]
    )
    ops = Ops(None)
    made = SopPage(ops, sign_in_workspace(running_hq, org.admin))
    qtbot.addWidget(made)
    made.resize(1366, 768)
    made.show()
    qtbot.waitUntil(lambda: made.choices_ready and made.new_action.isEnabled(), timeout=WAIT)
    yield made
    ops.shutdown()


def _editor(page: SopPage) -> SopEditor:
    [editor] = [editor for editor in page.findChildren(SopEditor) if editor.isVisible()]
    return editor


def _preview_settles(qtbot: QtBot, editor: SopEditor, total: int) -> ReachPreview:
    qtbot.waitUntil(
        lambda: editor.shown_preview is not None and editor.shown_preview.total == total, timeout=WAIT
    )
    assert editor.shown_preview is not None
    return editor.shown_preview


def _by_name(counts: list[object]) -> dict[str, int]:
    return {count.name: count.customers for count in counts}  # type: ignore[attr-defined]


def test_reach_preview_counts_guides_statistics_by_region_and_store_and_the_template_saves(
    qtbot: QtBot, page: SopPage, running_hq: Running
) -> None:
    page.new_action.trigger()
    editor = _editor(page)
    everyone = _preview_settles(qtbot, editor, 110)  # every customer of both books
    assert (everyone.guides_reporting, everyone.oldest_stats_day) == (2, STATS_DAY)
    assert editor.reach.total.text().replace(",", "").find("110") >= 0

    # Active customers only, ticked from the keyboard: 40 in E1 (东区) and 25 in S1 (南区).
    box = editor.rule_editor.stage_boxes[LifecycleStage.active]
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)
    active = _preview_settles(qtbot, editor, 65)
    assert active.exact
    assert _by_name(active.regions) == {"东区": 40, "南区": 25}
    stores = {count.id: count.customers for count in active.stores}
    assert stores[running_hq.org.store_ids["E1"]] == 40 and stores[running_hq.org.store_ids["S1"]] == 25
    assert stores[running_hq.org.store_ids["E2"]] == 0
    assert editor.reach.regions.rowCount() == 2 and editor.reach.stores.rowCount() == 4

    # Two quick edits: only the answer for the last one is shown (VIP among the active, in 南区).
    editor.rule_editor.set_rule(AudienceRule(lifecycle_stages=[LifecycleStage.active], tags_any=["VIP"]))
    editor.audience_kind.setCurrentIndex(editor.audience_kind.findData(AudienceKind.regions.value))
    south = editor.audience_list.findItems("南区", Qt.MatchFlag.MatchExactly)[0]
    south.setCheckState(Qt.CheckState.Checked)
    southern = _preview_settles(qtbot, editor, 20)
    assert _by_name(southern.regions) == {"南区": 20}

    editor.title.insert("高价值客户周末回访")
    editor.schedule.kind.setCurrentIndex(editor.schedule.kind.findData(ScheduleKind.weekdays.value))
    editor.schedule.weekdays[5].setChecked(True)  # Saturday
    with qtbot.waitSignal(page.ops.changed, timeout=WAIT):
        qtbot.keyClick(editor.title, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: [t.title for t in page.model.rows] == ["高价值客户周末回访"], timeout=WAIT)
    [saved] = page.model.rows
    assert saved.rule.tags_any == ["VIP"] and saved.rule.lifecycle_stages == [LifecycleStage.active]
    assert saved.schedule.weekdays == [6]
    assert saved.audience.region_ids == [running_hq.org.region_ids["南区"]]
    assert "南区" in page.model.index(0, 3).data()

    # Deleted after the confirmation.
    page.view.selectRow(0)
    answer_next_modal(press(QMessageBox.StandardButton.Yes))
    with qtbot.waitSignal(page.ops.changed, timeout=WAIT):
        page.delete_action.trigger()
    qtbot.waitUntil(lambda: page.model.rowCount() == 0, timeout=WAIT)
