"""The window keeps answering while the content library opens 500 posters and previews a 50 MB video.

The same heartbeat and bound as the sync's (tests/e2e/test_window_sync_heartbeat.py): a 5 ms timer
on the UI thread, and no gap between its beats longer than LONGEST_GAP. Making the posters and the
video takes ~5 s of the test's time, before the heartbeat starts.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from guide_app.book.store import Book
from tests.e2e.test_sync_heartbeat import LONGEST_GAP
from tests.e2e.test_window_sync_heartbeat import UiHeartbeat, app_switch_interval  # noqa: F401
from tests.support.content_library import fill_library, put_video, runway_video
from ui.ops import Ops
from ui.views.content import ContentView

pytestmark = pytest.mark.serial  # measures latency: run alone (make test)

POSTERS = 500
VIDEO_MB = 50
WAIT_MS = 60_000


def _every_thumbnail_decoded(view: ContentView) -> bool:
    model = view.model
    images = [model.data(model.index(row), 1) for row in range(model.rowCount())]
    posters = [image for image, entry in zip(images, model.entries, strict=True) if entry.kind == "poster"]
    return len(posters) == POSTERS and all(
        isinstance(image, QImage) and not image.isNull() for image in posters
    )


@pytest.mark.usefixtures("app_switch_interval", "heap_frozen_as_in_the_app")
def test_the_library_of_500_posters_and_a_50_mb_video_never_holds_the_window(
    qtbot: QtBot, ops: Ops, book: Book, tmp_path: Path
) -> None:
    folder = tmp_path / "assets"
    fill_library(book, folder, POSTERS, others=False)
    video = put_video(book, folder, "冬季走秀全程", runway_video(VIDEO_MB))
    assert Path(video.local_path or "").stat().st_size >= VIDEO_MB * 1_000_000
    view = ContentView(ops)  # made with the window; opening it is what is measured
    qtbot.addWidget(view)
    view.resize(1366, 768)
    heartbeat = UiHeartbeat()
    heartbeat.timer.start()
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == POSTERS + 1, timeout=WAIT_MS)
    view.tiles.scrollToBottom()  # every tile drawn once: all 500 thumbnails decoded
    qtbot.waitUntil(lambda: _every_thumbnail_decoded(view), timeout=WAIT_MS)
    assert view.select(video.id)
    qtbot.waitUntil(lambda: view.preview.video_duration_ms is not None, timeout=WAIT_MS)
    heartbeat.timer.stop()
    view.loader.wait_idle()
    took = heartbeat.beats[-1] - heartbeat.beats[0]
    gap_ms, beats = heartbeat.longest_gap * 1000, len(heartbeat.beats)
    print(f"\nlongest UI-thread gap {gap_ms:.1f} ms over {beats} beats in {took:.2f} s")
    assert view.preview.video_duration_ms > 0 and not view.preview.picture.image.isNull()
    assert heartbeat.longest_gap <= LONGEST_GAP, (
        f"the UI thread was held {heartbeat.longest_gap * 1000:.0f} ms"
    )
