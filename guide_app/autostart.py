"""Starting Guide Desk with the system: the XDG autostart entry, the Windows Run key, a macOS LaunchAgent.

Each is the system's own per-user start-up list, so nothing needs administrator rights. The entry
starts the app as it runs now (the frozen build, the venv's `guide-app` script, or `python -m ui.app`),
with `--minimized` when the PC's settings ask to start in the tray.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import plistlib
import subprocess
import sys
from enum import Enum
from pathlib import Path
from types import ModuleType

from guide_app.update.layout import Installation

ENTRY_NAME = "guide-desk"  # the .desktop file's and the plist's stem
RUN_VALUE = "GuideDesk"  # the Windows Run key's value name
RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
LAUNCH_AGENT_LABEL = "com.guidedesk.guide-app"
MINIMIZED_FLAG = "--minimized"


class StartUpListError(OSError):
    """The system refused to change its start-up list (a locked registry, a read-only folder)."""


class System(Enum):
    linux = "linux"  # and the other XDG desktops
    windows = "windows"
    macos = "macos"


def this_system() -> System:
    if sys.platform == "win32":
        return System.windows
    if sys.platform == "darwin":
        return System.macos
    return System.linux


def launch_command(minimized: bool) -> list[str]:
    """How the system starts the app as it is installed now."""
    installed = Installation.find()
    if installed is not None and installed.launcher.is_file():
        # Not this version's own program: an update deletes its folder in time.
        command = [str(installed.launcher)]
    elif getattr(sys, "frozen", False):
        command = [sys.executable]
    else:
        script = Path(sys.executable).with_name("guide-app.exe" if os.name == "nt" else "guide-app")
        command = [str(script)] if script.exists() else [sys.executable, "-m", "ui.app"]
    return [*command, MINIMIZED_FLAG] if minimized else command


def set_start_with_system(enabled: bool, minimized: bool, system: System | None = None) -> None:
    """Add the app to this user's start-up list (replacing an older entry), or take it off.
    StartUpListError when the system refuses the change."""
    command = launch_command(minimized)
    try:
        match system or this_system():
            case System.linux:
                _write_or_remove(xdg_entry_path(), desktop_entry(command) if enabled else None)
            case System.macos:
                _write_or_remove(launch_agent_path(), launch_agent(command) if enabled else None)
            case System.windows:
                _set_run_key(subprocess.list2cmdline(command) if enabled else None)
    except OSError as error:
        raise StartUpListError(f"the start-up list could not be changed: {error}") from error


def starts_with_system(system: System | None = None) -> bool:
    """Whether this user's start-up list holds the app."""
    match system or this_system():
        case System.linux:
            return xdg_entry_path().exists()
        case System.macos:
            return launch_agent_path().exists()
        case System.windows:
            return _run_key_value() is not None


# ----------------------------------------------------------------------------------- Linux (XDG)


def xdg_entry_path() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(config) / "autostart" / f"{ENTRY_NAME}.desktop"


def desktop_entry(command: list[str]) -> bytes:
    lines = [
        "[Desktop Entry]",
        "Type=Application",
        "Name=Guide Desk",
        "Name[zh_CN]=导购工作台",
        "Comment=Store guide's desk: reminders of follow-ups and today's tasks",
        f"Exec={' '.join(_exec_argument(argument) for argument in command)}",
        "Terminal=false",
        "X-GNOME-Autostart-enabled=true",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _exec_argument(argument: str) -> str:
    """Quote one Exec argument as the Desktop Entry spec says: within double quotes, a backslash
    before ", `, $ and \\; and % doubled, since a lone % starts a field code."""
    argument = argument.replace("%", "%%")
    if not any(character in argument for character in " \t\n\"'\\><~|&;$*?#()`="):
        return argument
    escaped = "".join(f"\\{character}" if character in '"`$\\' else character for character in argument)
    return f'"{escaped}"'


# ----------------------------------------------------------------------------------- macOS


def launch_agent_path() -> Path:
    return Path.home() / "Library" / "LaunchAgents" / f"{LAUNCH_AGENT_LABEL}.plist"


def launch_agent(command: list[str]) -> bytes:
    return plistlib.dumps({"Label": LAUNCH_AGENT_LABEL, "ProgramArguments": command, "RunAtLoad": True})


def _write_or_remove(path: Path, content: bytes | None) -> None:
    if content is None:
        path.unlink(missing_ok=True)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(content)
    partial.replace(path)


# ----------------------------------------------------------------------------------- Windows


def _winreg() -> ModuleType:
    # Imported when used: the module exists only on Windows (tests put a fake in sys.modules).
    return importlib.import_module("winreg")


def _set_run_key(command_line: str | None) -> None:
    winreg = _winreg()
    with winreg.CreateKeyEx(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_SET_VALUE) as key:
        if command_line is not None:
            winreg.SetValueEx(key, RUN_VALUE, 0, winreg.REG_SZ, command_line)
        else:
            with contextlib.suppress(FileNotFoundError):  # already off
                winreg.DeleteValue(key, RUN_VALUE)


def _run_key_value() -> str | None:
    winreg = _winreg()
    try:
        with winreg.OpenKey(winreg.HKEY_CURRENT_USER, RUN_KEY, 0, winreg.KEY_READ) as key:
            value, _kind = winreg.QueryValueEx(key, RUN_VALUE)
    except FileNotFoundError:
        return None
    return str(value)
