"""The launcher: it puts a staged version in place, starts the right version, and rolls back."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from guide_app.update import launcher
from guide_app.update.layout import QUITTING_ENV, ROOT_ENV, Installation, InstallState
from tests.support.update_bundles import RECORD_ENV, bundle_zip, installed

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="the synthetic versions are shell scripts")


class Started:
    """Stands in for running the app: records what would have started."""

    def __init__(self) -> None:
        self.runs: list[tuple[Path, list[str]]] = []

    def __call__(self, executable: Path, arguments: list[str]) -> int:
        self.runs.append((executable, arguments))
        return 0


@pytest.fixture
def started() -> Started:
    return Started()


def test_current_version_starts_when_it_is_complete(tmp_path: Path) -> None:
    installation = installed(
        tmp_path, "0.1.0", "0.2.0", state=InstallState(current="0.2.0", previous="0.1.0")
    )
    assert launcher.choose_version(installation, installation.read_state()) == ("0.2.0", None)


def test_previous_version_starts_when_the_current_one_is_missing(tmp_path: Path) -> None:
    installation = installed(tmp_path, "0.1.0", state=InstallState(current="0.2.0", previous="0.1.0"))
    version, warning = launcher.choose_version(installation, installation.read_state())
    assert version == "0.1.0" and warning is not None and "0.2.0" in warning


def test_newest_folder_not_rolled_back_from_starts_when_both_are_missing(tmp_path: Path) -> None:
    state = InstallState(current="0.3.0", previous="0.2.0", held=("0.1.5",))
    installation = installed(tmp_path, "0.1.0", "0.1.5", state=state)
    assert launcher.choose_version(installation, state)[0] == "0.1.0"
    empty = installed(tmp_path / "empty", state=InstallState(current="0.3.0"))
    assert launcher.choose_version(empty, empty.read_state()) == (None, None)


def test_start_promotes_the_staged_version_and_passes_the_arguments_silently(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], started: Started
) -> None:
    installation = installed(tmp_path, "0.1.0", "0.2.0", state=InstallState(current="0.1.0", staged="0.2.0"))
    monkeypatch.setenv(ROOT_ENV, str(tmp_path))
    assert launcher.main(["--lang", "zh_CN", "--minimized"], start=started) == 0
    assert started.runs == [(installation.executable("0.2.0"), ["--lang", "zh_CN", "--minimized"])]
    assert installation.read_state() == InstallState(current="0.2.0", previous="0.1.0")
    assert capsys.readouterr() == ("", "")


def test_rollback_flag_goes_back_and_is_not_passed_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: Started
) -> None:
    installation = installed(
        tmp_path, "0.1.0", "0.2.0", state=InstallState(current="0.2.0", previous="0.1.0")
    )
    monkeypatch.setenv(ROOT_ENV, str(tmp_path))
    launcher.main(["--rollback", "--lang", "en"], start=started)
    assert started.runs == [(installation.executable("0.1.0"), ["--lang", "en"])]
    assert installation.read_state() == InstallState(current="0.1.0", held=("0.2.0",))


def test_rollback_with_nothing_to_go_back_to_says_so_and_starts_the_current_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], started: Started
) -> None:
    installation = installed(tmp_path, "0.1.0")
    monkeypatch.setenv(ROOT_ENV, str(tmp_path))
    launcher.main(["--rollback"], start=started)
    assert started.runs == [(installation.executable("0.1.0"), [])]
    assert "not rolled back" in capsys.readouterr().err


def test_version_still_quitting_is_kept_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: Started
) -> None:
    installation = installed(tmp_path, "0.1.0", "0.2.0", state=InstallState(current="0.1.0", held=("0.2.0",)))
    monkeypatch.setenv(ROOT_ENV, str(tmp_path))
    monkeypatch.setenv(QUITTING_ENV, "0.2.0")
    launcher.main([], start=started)
    assert installation.is_complete("0.2.0")
    assert QUITTING_ENV not in os.environ  # the started app does not inherit it


def test_unwritable_install_folder_still_starts_the_current_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], started: Started
) -> None:
    installation = installed(tmp_path, "0.1.0", "0.2.0", state=InstallState(current="0.1.0", staged="0.2.0"))
    monkeypatch.setenv(ROOT_ENV, str(tmp_path))

    def disk_full(_self: Installation, _state: InstallState) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Installation, "write_state", disk_full)
    launcher.main([], start=started)
    assert started.runs == [(installation.executable("0.1.0"), [])]
    assert "No space left" in capsys.readouterr().err


def test_launcher_outside_an_installation_says_so(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], started: Started
) -> None:
    monkeypatch.delenv(ROOT_ENV, raising=False)
    assert launcher.main([], start=started) == 2
    assert started.runs == [] and "not inside a Guide Desk installation" in capsys.readouterr().err


def test_launcher_imports_the_standard_library_the_layout_and_the_version_alone() -> None:
    probe = (
        "import sys; before = set(sys.modules); import guide_app.update.launcher; "
        "print(sorted(m for m in set(sys.modules) - before "
        "if m.split('.')[0] not in sys.stdlib_module_names))"
    )
    answer = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert answer.stdout.strip() == str(
        [
            "guide_app",
            "guide_app.update",
            "guide_app.update.launcher",
            "guide_app.update.layout",
            "guide_app.version",
        ]
    )


@posix_only
def test_real_launcher_starts_n_then_the_staged_n_plus_1_then_rolls_back_to_n(tmp_path: Path) -> None:
    root, record = tmp_path / "GuideDesk", tmp_path / "starts.txt"
    installation = installed(root, "0.1.0")
    environment = {**os.environ, ROOT_ENV: str(root), RECORD_ENV: str(record)}

    def start(*arguments: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "guide_app.update.launcher", *arguments]
        return subprocess.run(
            command, env=environment, capture_output=True, text=True, timeout=30, check=True
        )

    first = start("--lang", "zh_CN")
    installation.stage(bundle_zip(tmp_path / "u.zip", "0.2.0"), "0.2.0")
    second = start("--lang", "zh_CN")
    start("--rollback", "--minimized")
    start()
    assert record.read_text().splitlines() == [
        "0.1.0 --lang zh_CN",
        "0.2.0 --lang zh_CN",
        "0.1.0 --minimized",
        "0.1.0 ",
    ]
    assert (first.stdout, first.stderr, second.stdout, second.stderr) == ("", "", "", "")
    assert installation.read_state() == InstallState(current="0.1.0", held=("0.2.0",))
    assert sorted(p.name for p in installation.app_dir.iterdir()) == ["0.1.0", "state.json"]


def test_the_app_starts_without_the_launchers_own_runtime_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    ours = {
        "HOME": "/home/dy",
        "_PYI_ARCHIVE_FILE": "/opt/GuideDesk/guide-desk",
        "LD_LIBRARY_PATH": "/opt/GuideDesk/_launcher",
        "LD_LIBRARY_PATH_ORIG": "/usr/local/lib",
    }
    given = launcher.app_environment(ours)
    assert given == {
        "HOME": "/home/dy",
        "LD_LIBRARY_PATH": "/usr/local/lib",
        "PYINSTALLER_RESET_ENVIRONMENT": "1",
    }
    # No library path before the launcher: none for the app either.
    assert "LD_LIBRARY_PATH" not in launcher.app_environment({"LD_LIBRARY_PATH": "/opt/GuideDesk/_launcher"})
