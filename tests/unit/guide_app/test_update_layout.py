"""The install layout: finding the installation, staging, promotion, rollback, and power losses."""

from __future__ import annotations

import os
import sys
import time
import zipfile
from pathlib import Path

import pytest

from guide_app.update import layout
from guide_app.update.layout import (
    APP_EXECUTABLE,
    LAUNCHER_EXECUTABLE,
    ROOT_ENV,
    Installation,
    InstallState,
    Refusal,
    UpdateNotApplied,
    version_key,
)
from tests.support.update_bundles import add_file, add_link, bundle_zip, installed, state_on_disk

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes and links")


def folders(installation: Installation) -> set[str]:
    return {entry.name for entry in installation.app_dir.iterdir() if entry.is_dir()}


def hostile_zip(path: Path, name: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        add_file(archive, APP_EXECUTABLE, b"#!/bin/sh\n", 0o755)
        add_file(archive, name, b"owned")
    return path


# --------------------------------------------------------------------------------- finding it


def test_running_from_source_is_not_an_installation() -> None:
    assert Installation.find(executable="/usr/bin/python3", environ={}, frozen=False) is None


def test_installed_app_finds_its_root_from_its_executable(tmp_path: Path) -> None:
    executable = tmp_path / "GuideDesk" / "app" / "0.1.0" / APP_EXECUTABLE
    found = Installation.find(executable=str(executable), environ={}, frozen=True)
    assert found is not None and found.root == tmp_path / "GuideDesk"


def test_launcher_finds_the_root_it_sits_in(tmp_path: Path) -> None:
    (tmp_path / "app").mkdir()
    found = Installation.find(executable=str(tmp_path / LAUNCHER_EXECUTABLE), environ={}, frozen=True)
    assert found is not None and found.root == tmp_path


def test_bundle_unpacked_anywhere_else_is_not_an_installation(tmp_path: Path) -> None:
    executable = tmp_path / "dist" / "guide-app" / APP_EXECUTABLE
    assert Installation.find(executable=str(executable), environ={}, frozen=True) is None


def test_install_root_variable_overrides_the_executable(tmp_path: Path) -> None:
    found = Installation.find(executable="/usr/bin/python3", environ={ROOT_ENV: str(tmp_path)}, frozen=False)
    assert found is not None and found.root == tmp_path


def test_release_numbers_order_numerically_and_refuse_path_characters() -> None:
    assert version_key("0.10.0") > version_key("0.9.0")
    assert version_key("1.0.0") > version_key("0.99.99")
    for bad in ("../1.0.0", "1.0.0/..", "1.0.0-beta", "", "01.2.0", "1.2"):
        with pytest.raises(ValueError):
            version_key(bad)


# ---------------------------------------------------------------------------------- the state


def test_state_is_written_whole_and_read_back(tmp_path: Path) -> None:
    installation = Installation(tmp_path)
    state = InstallState(current="0.2.0", previous="0.1.0", staged="0.3.0", held=("0.2.5",))
    installation.write_state(state)
    assert installation.read_state() == state
    assert state_on_disk(installation) == {
        "current": "0.2.0",
        "previous": "0.1.0",
        "staged": "0.3.0",
        "held": ["0.2.5"],
    }
    assert [p.name for p in installation.app_dir.iterdir()] == ["state.json"]  # no temporary left


@pytest.mark.parametrize(
    "damage",
    [b"", b"{not json", b"[]", b'{"current": 7}', b'{"current": "../../etc"}', b'{"held": "0.3.0"}'],
)
def test_damaged_state_falls_back_to_the_newest_complete_versions(tmp_path: Path, damage: bytes) -> None:
    installation = installed(tmp_path, "0.1.0", "0.2.0", "0.10.0")
    installation.state_path.write_bytes(damage)
    assert installation.read_state() == InstallState(current="0.10.0", previous="0.2.0")


def test_missing_state_is_rebuilt_at_start_from_the_folders(tmp_path: Path) -> None:
    installation = installed(tmp_path, "0.1.0")
    installation.state_path.unlink()
    assert installation.promote() == InstallState(current="0.1.0")
    assert state_on_disk(installation)["current"] == "0.1.0"


def test_an_unpacking_cut_short_never_counts_as_a_version(tmp_path: Path) -> None:
    installation = installed(tmp_path, "0.1.0")
    (installation.app_dir / "0.2.0.partial" / APP_EXECUTABLE).parent.mkdir()
    (installation.app_dir / "0.2.0.partial" / APP_EXECUTABLE).write_text("half")
    (installation.app_dir / "0.3.0").mkdir()  # a deletion cut short after the executable went
    installation.state_path.unlink()
    assert installation.read_state() == InstallState(current="0.1.0")


# ---------------------------------------------------------------------------------- staging


@posix_only
def test_staged_version_is_unpacked_beside_the_current_one_with_its_executable_bits(tmp_path: Path) -> None:
    installation = installed(tmp_path / "root", "0.1.0")
    archive = bundle_zip(tmp_path / "u.zip", "0.2.0", extra={"_internal/lib/libQt6Core.so.6": b"elf"})
    state = installation.stage(archive, "0.2.0")
    assert state == InstallState(current="0.1.0", staged="0.2.0")
    assert installation.read_state() == state
    assert os.access(installation.executable("0.2.0"), os.X_OK)
    library = installation.version_dir("0.2.0") / "_internal" / "lib" / "libQt6Core.so.6"
    assert library.read_bytes() == b"elf" and not os.access(library, os.X_OK)
    assert folders(installation) == {"0.1.0", "0.2.0"}


@pytest.mark.parametrize(("version", "reason"), [("0.1.0", Refusal.not_newer), ("0.0.9", Refusal.not_newer)])
def test_the_updater_never_installs_the_same_or_an_older_version(
    tmp_path: Path, version: str, reason: Refusal
) -> None:
    installation = installed(tmp_path / "root", "0.1.0")
    with pytest.raises(UpdateNotApplied) as refused:
        installation.stage(bundle_zip(tmp_path / "u.zip", version), version)
    assert refused.value.reason is reason
    assert installation.read_state() == InstallState(current="0.1.0")


@pytest.mark.parametrize(
    "name", ["../evil", "/etc/evil", "a/../../evil", "C:/evil", "..\\evil", "sub\\..\\..\\evil"]
)
def test_an_archive_naming_a_path_outside_its_folder_is_refused_and_nothing_written(
    tmp_path: Path, name: str
) -> None:
    installation = installed(tmp_path / "root", "0.1.0")
    with pytest.raises(UpdateNotApplied) as refused:
        installation.stage(hostile_zip(tmp_path / "u.zip", name), "0.2.0")
    assert refused.value.reason is Refusal.unsafe_archive
    assert folders(installation) == {"0.1.0"}
    assert not list(tmp_path.rglob("*evil*"))
    assert installation.read_state() == InstallState(current="0.1.0")


@posix_only
@pytest.mark.parametrize(
    "links",
    [
        [("_internal/out", "../../../outside")],
        [("_internal/abs", "/etc")],
        # each link looks inside on its own; through the other one, `a` leaves the folder
        [("p/q/a", "b/../../.."), ("p/q/b", "../..")],
        [("a", "b/.."), ("b", ".")],
    ],
)
def test_a_link_pointing_out_of_the_folder_is_refused(tmp_path: Path, links: list[tuple[str, str]]) -> None:
    installation = installed(tmp_path / "root", "0.1.0")
    archive = bundle_zip(tmp_path / "u.zip", "0.2.0")
    with zipfile.ZipFile(archive, "a") as bundle:
        for name, target in links:
            add_link(bundle, name, target)
    with pytest.raises(UpdateNotApplied) as refused:
        installation.stage(archive, "0.2.0")
    assert refused.value.reason is Refusal.unsafe_archive
    assert folders(installation) == {"0.1.0"}


@posix_only
def test_a_link_inside_the_folder_is_kept(tmp_path: Path) -> None:
    installation = installed(tmp_path / "root", "0.1.0")
    archive = bundle_zip(tmp_path / "u.zip", "0.2.0", extra={"_internal/libz.so.1.3": b"z"})
    with zipfile.ZipFile(archive, "a") as bundle:
        add_link(bundle, "_internal/libz.so.1", "libz.so.1.3")
    installation.stage(archive, "0.2.0")
    assert (installation.version_dir("0.2.0") / "_internal" / "libz.so.1").read_bytes() == b"z"


def test_a_damaged_archive_is_refused(tmp_path: Path) -> None:
    installation = installed(tmp_path / "root", "0.1.0")
    archive = bundle_zip(tmp_path / "u.zip", "0.2.0", extra={"_internal/big.bin": b"x" * 50_000})
    raw = bytearray(archive.read_bytes())
    at = raw.index(b"big.bin") + 200  # inside the member's compressed data
    raw[at : at + 8] = b"\xff" * 8
    archive.write_bytes(bytes(raw))
    not_a_zip = tmp_path / "n.zip"
    not_a_zip.write_bytes(b"<html>proxy error</html>")
    for bad in (archive, not_a_zip):
        with pytest.raises(UpdateNotApplied) as refused:
            installation.stage(bad, "0.2.0")
        assert refused.value.reason is Refusal.damaged_archive
    assert folders(installation) == {"0.1.0"}


def test_an_archive_without_the_app_is_refused(tmp_path: Path) -> None:
    installation = installed(tmp_path / "root", "0.1.0")
    with zipfile.ZipFile(tmp_path / "u.zip", "w") as archive:
        add_file(archive, "guide-app-0.2.0/" + APP_EXECUTABLE, b"nested one level too deep", 0o755)
    with pytest.raises(UpdateNotApplied) as refused:
        installation.stage(tmp_path / "u.zip", "0.2.0")
    assert refused.value.reason is Refusal.no_executable
    assert folders(installation) == {"0.1.0"}


def test_staging_again_replaces_the_leftovers_of_an_interrupted_try(tmp_path: Path) -> None:
    installation = installed(tmp_path / "root", "0.1.0")
    (installation.app_dir / "0.2.0.partial").mkdir()
    (installation.app_dir / "0.2.0.partial" / "half").write_text("x")
    (installation.app_dir / "0.2.0").mkdir()  # renamed, but the state was never written
    (installation.app_dir / "0.2.0" / "stale").write_text("x")
    installation.stage(bundle_zip(tmp_path / "u.zip", "0.2.0"), "0.2.0")
    assert not (installation.version_dir("0.2.0") / "stale").exists()
    assert installation.read_state().staged == "0.2.0"
    assert folders(installation) == {"0.1.0", "0.2.0"}


# --------------------------------------------------------------------------------- power loss


class PowerLoss(BaseException):
    """Stands for the PC switching off: nothing after it runs (not even `except Exception`)."""


@pytest.mark.parametrize("cut", ["unpacking", "rename", "folder sync", "state write", "state replace"])
def test_power_lost_while_staging_leaves_the_old_state_or_the_new_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cut: str
) -> None:
    installation = installed(tmp_path / "root", "0.1.0")
    archive = bundle_zip(tmp_path / "u.zip", "0.2.0")
    old, new = InstallState(current="0.1.0"), InstallState(current="0.1.0", staged="0.2.0")
    real_replace, real_sync = os.replace, layout._sync_folder
    syncs = [0]

    def lose_power(*_args: object, **_options: object) -> None:
        raise PowerLoss(cut)

    def replace_then_lose(source: str, target: str) -> None:
        real_replace(source, target)
        raise PowerLoss(cut)

    def sync_once_then_lose(folder: Path) -> None:
        syncs[0] += 1
        if syncs[0] == 1:
            raise PowerLoss(cut)
        real_sync(folder)

    with monkeypatch.context() as patch:
        if cut == "unpacking":
            patch.setattr(layout.shutil, "copyfileobj", lose_power)
        elif cut == "rename":
            patch.setattr(layout.os, "rename", lose_power)
        elif cut == "folder sync":
            patch.setattr(layout, "_sync_folder", sync_once_then_lose)
        elif cut == "state write":
            patch.setattr(layout.json, "dump", lose_power)
        else:
            patch.setattr(layout.os, "replace", replace_then_lose)
        with pytest.raises(PowerLoss):
            installation.stage(archive, "0.2.0")
    assert installation.read_state() in (old, new)
    started = installation.promote()
    assert installation.is_complete(started.current)
    # The update can always be tried again, and then it goes through, leaving nothing behind.
    if started.current == "0.1.0":
        installation.stage(archive, "0.2.0")
        assert installation.promote().current == "0.2.0"
    assert folders(installation) == {"0.1.0", "0.2.0"}


def test_power_lost_mid_state_write_keeps_the_old_state(tmp_path: Path) -> None:
    installation = installed(tmp_path, "0.1.0")
    (installation.app_dir / "state.json.tmp").write_text('{"current": "0.')
    assert installation.read_state() == InstallState(current="0.1.0")


# ------------------------------------------------------------------------- promotion, rollback


def test_start_puts_the_staged_version_in_place_and_keeps_one_previous(tmp_path: Path) -> None:
    installation = installed(
        tmp_path,
        "0.1.0",
        "0.2.0",
        "0.3.0",
        state=InstallState(current="0.2.0", previous="0.1.0", staged="0.3.0"),
    )
    left_by_a_power_loss = installation.app_dir / "0.4.0.partial"
    left_by_a_power_loss.mkdir()
    two_hours_ago = time.time() - 7200
    os.utime(left_by_a_power_loss, (two_hours_ago, two_hours_ago))
    assert installation.promote() == InstallState(current="0.3.0", previous="0.2.0")
    assert installation.read_state() == InstallState(current="0.3.0", previous="0.2.0")
    assert folders(installation) == {"0.2.0", "0.3.0"}


def test_start_leaves_an_update_another_window_is_unpacking_right_now(tmp_path: Path) -> None:
    installation = installed(tmp_path, "0.1.0")
    (installation.app_dir / "0.2.0.partial").mkdir()
    installation.promote()
    assert folders(installation) == {"0.1.0", "0.2.0.partial"}


def test_start_never_deletes_the_version_still_quitting(tmp_path: Path) -> None:
    installation = installed(tmp_path, "0.1.0", "0.2.0", "0.3.0", state=InstallState(current="0.1.0"))
    installation.promote(keep="0.3.0")
    assert folders(installation) == {"0.1.0", "0.3.0"}
    installation.promote()
    assert folders(installation) == {"0.1.0"}


def test_a_staged_version_whose_folder_went_missing_is_dropped(tmp_path: Path) -> None:
    installation = installed(tmp_path, "0.1.0", state=InstallState(current="0.1.0", staged="0.2.0"))
    assert installation.promote() == InstallState(current="0.1.0")


def test_rollback_makes_the_previous_version_current_and_holds_the_other(tmp_path: Path) -> None:
    installation = installed(
        tmp_path,
        "0.1.0",
        "0.2.0",
        "0.3.0",
        state=InstallState(current="0.2.0", previous="0.1.0", staged="0.3.0"),
    )
    assert installation.request_rollback() == InstallState(current="0.1.0", held=("0.2.0",))
    assert installation.promote() == InstallState(current="0.1.0", held=("0.2.0",))
    assert folders(installation) == {"0.1.0"}


def test_a_version_rolled_back_from_is_not_installed_again_but_a_newer_one_is(tmp_path: Path) -> None:
    installation = installed(tmp_path / "root", "0.1.0", state=InstallState(current="0.1.0", held=("0.2.0",)))
    with pytest.raises(UpdateNotApplied) as refused:
        installation.stage(bundle_zip(tmp_path / "a.zip", "0.2.0"), "0.2.0")
    assert refused.value.reason is Refusal.held
    installation.stage(bundle_zip(tmp_path / "b.zip", "0.2.1"), "0.2.1")
    assert installation.promote() == InstallState(current="0.2.1", previous="0.1.0")


def test_rollback_without_a_previous_version_changes_nothing(tmp_path: Path) -> None:
    installation = installed(tmp_path, "0.2.0", state=InstallState(current="0.2.0", previous="0.1.0"))
    with pytest.raises(UpdateNotApplied) as refused:
        installation.request_rollback()
    assert refused.value.reason is Refusal.no_previous
    assert installation.read_state() == InstallState(current="0.2.0", previous="0.1.0")
