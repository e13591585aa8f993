"""Start with the system: the XDG autostart entry, the Windows Run key and the macOS LaunchAgent
start `guide-app --minimized`, and switching the setting off removes them."""

from __future__ import annotations

import plistlib
import shlex
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from guide_app import autostart
from guide_app.autostart import System
from guide_app.update.layout import APP_EXECUTABLE, LAUNCHER_EXECUTABLE, ROOT_ENV


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    return tmp_path


def _exec_line(entry: Path) -> str:
    [line] = [line for line in entry.read_text(encoding="utf-8").splitlines() if line.startswith("Exec=")]
    return line.removeprefix("Exec=")


def test_the_linux_entry_starts_the_app_minimised_and_is_removed_when_switched_off(home: Path) -> None:
    autostart.set_start_with_system(True, minimized=True, system=System.linux)
    entry = home / "config" / "autostart" / "guide-desk.desktop"
    text = entry.read_text(encoding="utf-8")
    assert text.startswith("[Desktop Entry]\n") and "Type=Application" in text
    assert shlex.split(_exec_line(entry)) == autostart.launch_command(minimized=True)
    assert shlex.split(_exec_line(entry))[-1] == "--minimized"
    assert autostart.starts_with_system(System.linux)
    autostart.set_start_with_system(False, minimized=True, system=System.linux)
    assert not entry.exists() and not autostart.starts_with_system(System.linux)
    autostart.set_start_with_system(False, minimized=True, system=System.linux)  # already off: fine


def test_without_minimised_the_entry_opens_the_window(home: Path) -> None:
    autostart.set_start_with_system(True, minimized=False, system=System.linux)
    assert "--minimized" not in _exec_line(home / "config" / "autostart" / "guide-desk.desktop")


def test_a_path_with_spaces_and_specials_is_quoted_as_the_desktop_spec_says() -> None:
    entry = autostart.desktop_entry(["/opt/Guide Desk/guide-app", "--minimized", "50%", 'a"$b'])
    [line] = [line for line in entry.decode().splitlines() if line.startswith("Exec=")]
    assert line == 'Exec="/opt/Guide Desk/guide-app" --minimized 50%% "a\\"\\$b"'


def test_the_command_is_the_venvs_guide_app_script_when_there_is_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    script = tmp_path / "venv" / "bin" / "guide-app"
    script.parent.mkdir(parents=True)
    script.write_text("#!/bin/sh\n")
    monkeypatch.setattr(sys, "executable", str(script.with_name("python")))
    assert autostart.launch_command(minimized=True) == [str(script), "--minimized"]
    script.unlink()
    assert autostart.launch_command(minimized=False) == [str(script.with_name("python")), "-m", "ui.app"]


def test_an_installed_copy_starts_through_its_launcher_which_outlives_every_update(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    root = tmp_path / "GuideDesk"
    program = root / "app" / "0.1.0" / APP_EXECUTABLE
    program.parent.mkdir(parents=True)
    program.write_text("")
    (root / LAUNCHER_EXECUTABLE).write_text("")
    monkeypatch.delenv(ROOT_ENV, raising=False)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program))
    assert autostart.launch_command(minimized=True) == [str(root / LAUNCHER_EXECUTABLE), "--minimized"]
    (root / LAUNCHER_EXECUTABLE).unlink()  # an unpacked bundle without its launcher: itself
    assert autostart.launch_command(minimized=False) == [str(program)]


class FakeWinreg(ModuleType):
    """The few winreg calls autostart makes, over a dict (one hive, one key)."""

    HKEY_CURRENT_USER = 0x80000001
    KEY_SET_VALUE, KEY_READ, REG_SZ = 2, 0x20019, 1

    def __init__(self) -> None:
        super().__init__("winreg")
        self.values: dict[tuple[int, str, str], tuple[int, Any]] = {}

    def CreateKeyEx(self, hive: int, path: str, _reserved: int, _access: int) -> Any:
        return _Handle(hive, path)

    def OpenKey(self, hive: int, path: str, _reserved: int, _access: int) -> Any:
        return _Handle(hive, path)

    def SetValueEx(self, key: Any, name: str, _reserved: int, kind: int, value: Any) -> None:
        self.values[(key.hive, key.path, name)] = (kind, value)

    def DeleteValue(self, key: Any, name: str) -> None:
        if (key.hive, key.path, name) not in self.values:
            raise FileNotFoundError(name)
        del self.values[(key.hive, key.path, name)]

    def QueryValueEx(self, key: Any, name: str) -> tuple[Any, int]:
        if (key.hive, key.path, name) not in self.values:
            raise FileNotFoundError(name)
        kind, value = self.values[(key.hive, key.path, name)]
        return value, kind


class _Handle:
    def __init__(self, hive: int, path: str) -> None:
        self.hive, self.path = hive, path

    def __enter__(self) -> _Handle:
        return self

    def __exit__(self, *_: object) -> None:
        return None


def test_the_windows_run_key_holds_the_command_line_and_is_deleted_when_switched_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = FakeWinreg()
    monkeypatch.setitem(sys.modules, "winreg", fake)
    installed = r"C:\Program Files\Guide Desk\guide-app.exe"
    monkeypatch.setattr(
        autostart,
        "launch_command",
        lambda minimized: [installed, "--minimized"] if minimized else [installed],
    )
    assert not autostart.starts_with_system(System.windows)
    autostart.set_start_with_system(True, minimized=True, system=System.windows)
    key = (fake.HKEY_CURRENT_USER, autostart.RUN_KEY, autostart.RUN_VALUE)
    assert fake.values[key] == (fake.REG_SZ, '"C:\\Program Files\\Guide Desk\\guide-app.exe" --minimized')
    assert autostart.starts_with_system(System.windows)
    autostart.set_start_with_system(False, minimized=True, system=System.windows)
    assert key not in fake.values and not autostart.starts_with_system(System.windows)
    autostart.set_start_with_system(False, minimized=True, system=System.windows)  # already off: fine


def test_the_macos_launch_agent_runs_the_app_at_login(home: Path) -> None:
    autostart.set_start_with_system(True, minimized=True, system=System.macos)
    agent = home / "Library" / "LaunchAgents" / f"{autostart.LAUNCH_AGENT_LABEL}.plist"
    loaded = plistlib.loads(agent.read_bytes())
    assert loaded["RunAtLoad"] is True
    assert loaded["ProgramArguments"] == autostart.launch_command(minimized=True)
    autostart.set_start_with_system(False, minimized=True, system=System.macos)
    assert not agent.exists()
