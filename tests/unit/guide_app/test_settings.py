"""This PC's settings: declared defaults, bounds refused, quiet hours across midnight, and a damaged
file read as the defaults with nothing lost silently."""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from datetime import datetime, time
from pathlib import Path

import pytest

from guide_app import settings
from guide_app.account import recent
from guide_app.errors import InvalidInput
from guide_app.settings import Kind, Language, QuietHours, Settings


@pytest.fixture(autouse=True)
def app_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GUIDE_APP_DATA_DIR", str(tmp_path / "app"))
    return tmp_path / "app"


def test_a_new_pc_gets_the_declared_defaults() -> None:
    loaded = settings.load()
    assert loaded == Settings()
    assert loaded.language is Language.zh_CN
    assert (loaded.sync_every_minutes, loaded.lock_after_minutes) == (10, 10)
    assert loaded.quiet_hours == QuietHours(on=True, start=time(21, 0), end=time(9, 0))
    assert loaded.reminders and not loaded.start_with_system


def test_every_setting_declares_its_kind_in_the_order_shown() -> None:
    assert [(name, spec.kind) for name, spec in settings.fields()] == [
        ("language", Kind.choice),
        ("sync_every_minutes", Kind.minutes),
        ("lock_after_minutes", Kind.minutes),
        ("quiet_hours", Kind.daily_span),
        ("reminders", Kind.flag),
        ("start_with_system", Kind.flag),
        ("start_minimized", Kind.flag),
    ]


def test_saved_settings_are_read_back(app_data: Path) -> None:
    chosen = Settings(
        language=Language.en,
        sync_every_minutes=30,
        lock_after_minutes=0,
        quiet_hours=QuietHours(on=False, start=time(22, 30), end=time(8, 0)),
        reminders=False,
        start_with_system=True,
        start_minimized=False,
    )
    settings.save(chosen)
    assert settings.load() == chosen
    stored = json.loads((app_data / settings.FILE_NAME).read_text())
    assert stored["quiet_hours"] == {"on": False, "start": "22:30", "end": "08:00"}


@pytest.mark.parametrize(
    "bad",
    [
        {"sync_every_minutes": 4},
        {"sync_every_minutes": 241},
        {"lock_after_minutes": -1},
        {"lock_after_minutes": recent.MAX_LOCK_MINUTES + 1},
        {"language": "fr"},
    ],
)
def test_a_value_out_of_bounds_is_refused_and_nothing_is_written(app_data: Path, bad: dict) -> None:
    with pytest.raises(InvalidInput):
        settings.save(replace(Settings(), **bad))
    assert not (app_data / settings.FILE_NAME).exists()


@pytest.mark.parametrize("damage", [b"{not json", b"\xff\xfe\x00", b"[1, 2]"])
def test_a_damaged_file_gives_the_defaults_and_is_kept_aside_with_a_log_line(
    app_data: Path, damage: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    app_data.mkdir(parents=True)
    (app_data / settings.FILE_NAME).write_bytes(damage)
    with caplog.at_level(logging.WARNING, "guide_app.settings"):
        assert settings.load() == Settings()
    assert (app_data / (settings.FILE_NAME + settings.DAMAGED_SUFFIX)).read_bytes() == damage
    assert "damaged" in caplog.text and "kept as" in caplog.text


def test_one_bad_value_falls_back_alone_and_is_named_in_the_log(
    app_data: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app_data.mkdir(parents=True)
    raw = {
        "language": "en",
        "sync_every_minutes": "often",
        "lock_after_minutes": True,
        "quiet_hours": {"on": True, "start": "25:00", "end": "09:00"},
    }
    (app_data / settings.FILE_NAME).write_text(json.dumps(raw))
    with caplog.at_level(logging.WARNING, "guide_app.settings"):
        loaded = settings.load()
    assert loaded == Settings(language=Language.en)
    for name in ("sync_every_minutes", "lock_after_minutes", "quiet_hours"):
        assert f"setting {name}" in caplog.text


def test_the_lock_time_an_older_version_kept_is_taken_over(app_data: Path) -> None:
    app_data.mkdir(parents=True)
    (app_data / recent.FILE_NAME).write_text(json.dumps({"hqs": [], "lock_after_minutes": 0}))
    assert settings.load().lock_after_minutes == 0
    settings.save(replace(settings.load(), sync_every_minutes=20))
    (app_data / recent.FILE_NAME).write_text(json.dumps({"lock_after_minutes": 30}))
    assert settings.load().lock_after_minutes == 0  # once saved, settings.json decides


@pytest.mark.parametrize(
    ("clock", "quiet"),
    [
        ("20:59", False),
        ("21:00", True),
        ("23:59", True),
        ("00:00", True),
        ("08:59", True),
        ("09:00", False),
        ("13:00", False),
    ],
)
def test_quiet_hours_that_wrap_midnight(clock: str, quiet: bool) -> None:
    assert QuietHours(on=True, start=time(21), end=time(9)).covers(time.fromisoformat(clock)) is quiet


@pytest.mark.parametrize(
    ("clock", "quiet"), [("11:59", False), ("12:00", True), ("13:59", True), ("14:00", False)]
)
def test_quiet_hours_within_one_day(clock: str, quiet: bool) -> None:
    assert QuietHours(on=True, start=time(12), end=time(14)).covers(time.fromisoformat(clock)) is quiet


def test_quiet_hours_switched_off_or_empty_never_hold_a_reminder() -> None:
    assert not QuietHours(on=False).covers(time(23))
    assert not QuietHours(on=True, start=time(9), end=time(9)).covers(time(9))


def test_quiet_hours_end_the_next_morning_when_they_wrap() -> None:
    evening = datetime.fromisoformat("2026-03-04T22:15:00").astimezone()
    ends = QuietHours(on=True, start=time(21), end=time(9)).ends_after(evening)
    assert ends is not None and (ends.date().day, ends.hour, ends.minute) == (5, 9, 0)
    early = datetime.fromisoformat("2026-03-05T07:00:00").astimezone()
    ends = QuietHours(on=True, start=time(21), end=time(9)).ends_after(early)
    assert ends is not None and (ends.date().day, ends.hour) == (5, 9)
    assert QuietHours().ends_after(datetime.fromisoformat("2026-03-05T12:00:00").astimezone()) is None
