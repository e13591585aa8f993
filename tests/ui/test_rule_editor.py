"""The audience-rule editor of the task dialog and the SOP editor: a rule round-trips, keys set tags."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from guide_app.protocol import AudienceRule, LifecycleStage, RfmSegment, TagGroupPublic
from ui.workspace.rule_editor import RuleEditor


def test_the_rule_editor_gives_back_its_rule_and_sets_tag_conditions_from_the_keyboard(qtbot: QtBot) -> None:
    editor = RuleEditor()
    qtbot.addWidget(editor)
    editor.set_tag_groups(
        [
            TagGroupPublic(
                id=uuid.uuid4(),
                name="会员",
                single_choice=False,
                tags=["VIP", "金卡", "银卡"],
                updated_at=datetime.now(UTC),
            )
        ]
    )
    rule = AudienceRule(
        tags_all=["VIP"],
        tags_none=["老客户"],  # a tag HQ no longer lists is kept, not dropped
        lifecycle_stages=[LifecycleStage.active],
        rfm_segments=[RfmSegment.at_risk],
        added_within_days=30,
    )
    editor.set_rule(rule)
    assert editor.rule() == rule

    with qtbot.waitSignal(editor.changed):
        [gold] = editor.tags.findItems("金卡", Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive, 0)
        editor.tags.setCurrentItem(gold)
        qtbot.keyClick(editor.tags, Qt.Key.Key_Y)
    qtbot.keyClick(editor.tags, Qt.Key.Key_Space)  # any of → must not have
    assert set(editor.rule().tags_none) == {"金卡", "老客户"} and editor.rule().tags_any == []
    editor.recent_box.setChecked(False)
    assert editor.rule().added_within_days is None
    editor.set_rule(None)
    assert editor.rule() == AudienceRule()
