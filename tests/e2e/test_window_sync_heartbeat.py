"""The window never freezes while a big sync runs: the UI thread's heartbeat keeps beating."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from pytestqt.qtbot import QtBot

from guide_app.account.accounts import GuideAccount
from guide_app.changes import Area, ChangeNotice
from guide_app.jobs import Phase, Step
from guide_app.sync.client import HqClient
from tests.e2e.conftest import Running
from tests.e2e.test_sync_heartbeat import (
    FILE_BYTES,
    FILES,
    LONGEST_GAP,
    _book_of_50k_customers,
    _publish_videos,
    _seed_sop_templates,
)
from ui.look import GIL_SWITCH_SECONDS
from ui.ops import Ops
from ui.sync_runner import SyncResult, SyncRunner

pytestmark = pytest.mark.serial  # measures latency: run alone (make test)


class UiHeartbeat:
    """A 5 ms QTimer on the UI thread, recording when each beat ran."""

    def __init__(self) -> None:
        self.beats: list[float] = []
        self.timer = QTimer()
        self.timer.setInterval(5)
        self.timer.timeout.connect(lambda: self.beats.append(time.perf_counter()))

    @property
    def longest_gap(self) -> float:
        return max(later - earlier for earlier, later in zip(self.beats, self.beats[1:], strict=False))


@pytest.fixture
def app_switch_interval() -> Iterator[None]:
    """The GIL hand-over time guide-app sets (ui/look.py), for this test only."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(GIL_SWITCH_SECONDS)
    yield
    sys.setswitchinterval(previous)


@pytest.mark.usefixtures("app_switch_interval")
@pytest.mark.parametrize("backend", ["sqlite"])  # HQ's database is not what this measures
def test_the_window_keeps_answering_while_a_sync_pulls_5000_tasks_and_200_mb_of_files(
    qtbot: QtBot,
    running_hq: Running,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    monkeypatch.setenv("GUIDE_APP_DATA_DIR", str(tmp_path / "app-data"))
    today = datetime.now().astimezone().date()
    _seed_sop_templates(running_hq.settings, running_hq.org.ids[running_hq.org.admin], today)
    _publish_videos(running_hq)
    book = _book_of_50k_customers(tmp_path / "book.sqlite3")
    # The app freezes what lives once its window is up, book open, before its first sync; unfrozen,
    # a full collection between the sync's jobs walked this whole test process (116 ms, in a suite run).
    request.getfixturevalue("heap_frozen_as_in_the_app")
    login = running_hq.org.guide_e1
    token = running_hq.token(login)
    url = running_hq.live.base_url
    ops = Ops(book)
    runner = SyncRunner(ops, GuideAccount(url, login), client=lambda: HqClient(url, token))
    steps: list[Step] = []
    notices: list[ChangeNotice] = []
    runner.progressed.connect(steps.append)
    ops.changed.connect(notices.append)
    heartbeat = UiHeartbeat()
    try:
        heartbeat.timer.start()
        with qtbot.waitSignal(runner.finished, timeout=240_000) as finished:
            runner.sync_now()
        heartbeat.timer.stop()
    finally:
        ops.shutdown(wait=True)
        book.close()
    result: SyncResult = finished.args[0]
    assert result.error is None and result.outcome is not None, result.error
    print(f"\nlongest UI-thread gap {heartbeat.longest_gap * 1000:.1f} ms over {len(heartbeat.beats)} beats")
    assert result.outcome.report.files.bytes_downloaded == FILES * FILE_BYTES
    assert {step.phase for step in steps} >= {Phase.pulling, Phase.tasks, Phase.files}
    assert any(notice.touches(Area.tasks) and notice.touches(Area.content) for notice in notices)
    assert heartbeat.longest_gap <= LONGEST_GAP, (
        f"the UI thread was held {heartbeat.longest_gap * 1000:.0f} ms"
    )
