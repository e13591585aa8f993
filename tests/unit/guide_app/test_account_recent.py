"""This PC remembers the HQs and logins signed in here; a damaged file never blocks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from guide_app.account import recent

HQ = "http://192.168.1.10:8710"


@pytest.fixture(autouse=True)
def app_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("GUIDE_APP_DATA_DIR", str(tmp_path / "app"))
    return tmp_path / "app"


def test_the_last_login_comes_first_and_each_hq_keeps_its_own() -> None:
    recent.remember_sign_in(HQ, "wang.li")
    recent.remember_sign_in(HQ, "zhang.min")
    recent.remember_sign_in("http://10.0.0.2:8710", "chen.jing")
    recent.remember_sign_in(HQ, "wang.li")
    remembered = recent.load()
    assert remembered.hqs == (HQ, "http://10.0.0.2:8710")
    assert remembered.logins_for(HQ) == ("wang.li", "zhang.min")
    assert remembered.logins_for("192.168.1.10:8710/") == ("wang.li", "zhang.min")  # any spelling
    assert remembered.logins_for("http://10.0.0.2:8710") == ("chen.jing",)
    assert remembered.logins_for("not an address at all") == ()


def test_the_lists_are_bounded() -> None:
    for number in range(recent.MAX_LOGINS + 5):
        recent.remember_sign_in(HQ, f"guide.{number}")
    for number in range(recent.MAX_HQS + 3):
        recent.remember_sign_in(f"http://10.0.0.{number}:8710", "wang.li")
    remembered = recent.load()
    assert len(remembered.hqs) == recent.MAX_HQS
    assert remembered.hqs[0] == f"http://10.0.0.{recent.MAX_HQS + 2}:8710"
    assert HQ not in remembered.logins  # an HQ that fell off the list takes its logins with it


def test_no_password_is_ever_written(app_data: Path) -> None:
    recent.remember_sign_in(HQ, "wang.li")
    text = (app_data / recent.FILE_NAME).read_text(encoding="utf-8")
    assert set(json.loads(text)) == {"hqs", "logins"}


@pytest.mark.parametrize("damage", [b"{not json", b"\xff\xfe\x00", b"[1, 2]", b'{"hqs": 7, "logins": [1]}'])
def test_a_damaged_file_is_read_as_empty_and_the_next_sign_in_rewrites_it(
    app_data: Path, damage: bytes
) -> None:
    app_data.mkdir(parents=True)
    (app_data / recent.FILE_NAME).write_bytes(damage)
    assert recent.load() == recent.Remembered()
    recent.remember_sign_in(HQ, "wang.li")
    assert recent.load().logins_for(HQ) == ("wang.li",)


def test_an_unwritable_folder_does_not_stop_a_sign_in(app_data: Path) -> None:
    app_data.parent.mkdir(parents=True, exist_ok=True)
    app_data.write_text("a file where the folder should be")
    recent.remember_sign_in(HQ, "wang.li")  # logged, not raised
    assert recent.load() == recent.Remembered()


def test_an_older_versions_lock_time_survives_later_sign_ins(app_data: Path) -> None:
    app_data.mkdir(parents=True)
    (app_data / recent.FILE_NAME).write_text(json.dumps({"hqs": [HQ], "lock_after_minutes": 3}))
    recent.remember_sign_in(HQ, "wang.li")
    assert recent.load().lock_after_minutes == 3  # settings.py takes it over from here
    assert json.loads((app_data / recent.FILE_NAME).read_text())["lock_after_minutes"] == 3


def test_a_lock_time_out_of_range_in_the_file_is_not_taken_over(app_data: Path) -> None:
    app_data.mkdir(parents=True)
    (app_data / recent.FILE_NAME).write_text(json.dumps({"lock_after_minutes": -5}))
    assert recent.load().lock_after_minutes is None
