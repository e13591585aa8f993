"""The update service's answers to the screens: standing, the guide's errors, the restart command."""

from __future__ import annotations

import asyncio
import sys
import zipfile
from pathlib import Path

import pytest

from guide_app.errors import ErrorCode, GuideError
from guide_app.jobs import CancelToken
from guide_app.update import fetch
from guide_app.update.fetch import UpdateOffer
from guide_app.update.layout import APP_EXECUTABLE, InstallState
from guide_app.update.service import Updates, UpdateStanding
from tests.support.update_bundles import add_file, installed

OFFER = UpdateOffer("0.2.0", "linux-x86_64", 10, "guide-desk-0.2.0-linux-x86_64.zip")


def test_standing_names_the_version_the_next_start_runs_and_the_one_kept(tmp_path: Path) -> None:
    state = InstallState(current="0.1.0", previous="0.0.9", staged="0.2.0", held=("0.1.5",))
    updates = Updates("http://127.0.0.1:9", installed(tmp_path, "0.0.9", "0.1.0", "0.2.0", state=state))
    assert updates.standing() == UpdateStanding("0.1.0", True, "0.2.0", "0.0.9", ("0.1.5",))
    assert Updates("http://127.0.0.1:9", None).standing().installed is False


def test_a_copy_not_installed_is_told_so_before_hq_is_asked() -> None:
    with pytest.raises(GuideError) as refused:
        asyncio.run(Updates("http://127.0.0.1:9", None).check())
    assert refused.value.code is ErrorCode.update_not_installed


def test_a_verified_archive_that_unpacks_outside_its_folder_is_refused_in_the_guides_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    installation = installed(tmp_path / "root", "0.1.0")

    async def download(*_arguments: object, **_options: object) -> Path:
        with zipfile.ZipFile(tmp_path / "signed.zip", "w") as archive:
            add_file(archive, APP_EXECUTABLE, b"#!/bin/sh\n", 0o755)
            add_file(archive, "../../evil", b"x")
        return tmp_path / "signed.zip"

    monkeypatch.setattr(fetch, "download_update", download)
    updates = Updates("http://127.0.0.1:9", installation, running="0.1.0")
    with pytest.raises(GuideError) as refused:
        asyncio.run(updates.download_and_stage(OFFER, lambda _step: None, CancelToken()))
    assert refused.value.code is ErrorCode.update_unusable
    assert installation.read_state() == InstallState(current="0.1.0")


def test_rollback_with_nothing_kept_is_refused_in_the_guides_words(tmp_path: Path) -> None:
    updates = Updates("http://127.0.0.1:9", installed(tmp_path, "0.1.0"))
    with pytest.raises(GuideError) as refused:
        updates.roll_back()
    assert refused.value.code is ErrorCode.rollback_unavailable


def test_an_installed_copy_without_its_launcher_cannot_restart_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    updates = Updates("http://127.0.0.1:9", installed(tmp_path, "0.1.0"))
    with pytest.raises(GuideError) as refused:
        updates.restart([])
    assert refused.value.code is ErrorCode.launcher_missing
