"""HQ's Rules page against a real HQ: the chain's rules changed from the keyboard, checked before saving."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit
from pytestqt.qtbot import QtBot

from guide_app.workspace.rules import RulesField
from tests.e2e.conftest import Running, sign_in_workspace
from ui.ops import Ops
from ui.workspace.rules import RulesPage

# HQ's database is not what these test (tests/hq covers both backends).
pytestmark = pytest.mark.parametrize("backend", ["sqlite"])

WAIT_MS = 15_000


def _settings(running: Running) -> dict[str, Any]:
    answer = httpx.get(
        f"{running.live.base_url}/api/v1/settings",
        headers={"Authorization": f"Bearer {running.token(running.org.guide_e1)}"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


@pytest.fixture
def page(qtbot: QtBot, running_hq: Running, store_pc: Path) -> Iterator[RulesPage]:
    workspace = sign_in_workspace(running_hq, running_hq.org.admin)
    ops = Ops(None)
    made = RulesPage(ops, workspace)
    qtbot.addWidget(made)
    made.resize(1238, 700)
    made.show()
    made.activateWindow()
    qtbot.waitUntil(lambda: made.settings is not None, timeout=WAIT_MS)
    yield made
    ops.shutdown()


def _retype(qtbot: QtBot, field: QAbstractSpinBox | QLineEdit, text: str) -> None:
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, text)


def _save(qtbot: QtBot, page: RulesPage) -> None:
    qtbot.keyClick(page.attribution_window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_changed_attribution_window_and_rfm_threshold_are_saved_and_read_back(
    qtbot: QtBot, page: RulesPage, running_hq: Running
) -> None:
    before = _settings(running_hq)
    assert page.attribution_window.value() == before["attribution_window_days"]
    _retype(qtbot, page.attribution_window, "14")
    _retype(qtbot, page.recency[0], "21")
    _retype(qtbot, page.monetary[3], "9,000")  # yuan on screen, fen at HQ
    page.attribution_rule.setFocus()
    qtbot.keyClick(page.attribution_rule, Qt.Key.Key_Down)  # book owner only
    with qtbot.waitSignal(page.ops.changed, timeout=WAIT_MS):
        _save(qtbot, page)
    qtbot.waitUntil(lambda: page.save_button.isEnabled(), timeout=WAIT_MS)
    after = _settings(running_hq)
    assert after["attribution_window_days"] == 14
    assert after["attribution_rule"] == "owner_only"
    assert after["rfm_recency_days"] == [21, *before["rfm_recency_days"][1:]]
    assert after["rfm_monetary_fen"] == [*before["rfm_monetary_fen"][:3], 900_000]

    page.attribution_window.setValue(30)  # not saved: Restore drops it
    qtbot.keyClick(page.restore_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: page.attribution_window.value() == 14, timeout=WAIT_MS)
    assert page.monetary[3].text() == "9,000.00"


def test_descending_rfm_thresholds_are_refused_under_their_row_and_nothing_is_sent(
    qtbot: QtBot, page: RulesPage, running_hq: Running
) -> None:
    before = _settings(running_hq)
    _retype(qtbot, page.frequency[2], "1")  # 2, 3, 1, 8
    assert page.problems[RulesField.frequency].isVisible()
    assert not page.problems[RulesField.recency].isVisible()
    _retype(qtbot, page.lost_after, "30")  # before dormant's 90 days
    assert page.problems[RulesField.lifecycle].isVisible()
    _retype(qtbot, page.attribution_window, "3")
    _save(qtbot, page)
    assert page.problems[RulesField.frequency].text()
    assert _settings(running_hq) == before

    _retype(qtbot, page.frequency[2], "5")
    _retype(qtbot, page.lost_after, "400")
    assert not page.problems[RulesField.frequency].isVisible()
    assert not page.problems[RulesField.lifecycle].isVisible()
    with qtbot.waitSignal(page.ops.changed, timeout=WAIT_MS):
        _save(qtbot, page)
    qtbot.waitUntil(lambda: _settings(running_hq)["lost_after_days"] == 400, timeout=WAIT_MS)
    assert _settings(running_hq)["attribution_window_days"] == 3
