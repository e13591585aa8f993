"""The launcher the shortcuts start: puts a staged update in place, then runs the current version.

Stdlib only (it is built into a tiny executable of its own): it imports nothing of guide_app but
the layout. It prints nothing on a normal start; on stderr it says why it started an older
version or nothing at all.

    guide-desk [ARGS…]             start the current version with ARGS
    guide-desk --rollback [ARGS…]  go back to the previous version for good, then start it
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from guide_app.update.layout import (
    QUITTING_ENV,
    Installation,
    InstallState,
    UpdateNotApplied,
    version_key,
)

ROLLBACK = "--rollback"
Start = Callable[[Path, list[str]], int]


def main(argv: Sequence[str] | None = None, start: Start | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    rollback = ROLLBACK in arguments
    arguments = [argument for argument in arguments if argument != ROLLBACK]
    installation = Installation.find()
    if installation is None:
        _say("guide-desk: this launcher is not inside a Guide Desk installation (no app folder beside it)")
        return 2
    # The app that started us may still be closing: its version folder must stay until a later start.
    quitting = os.environ.pop(QUITTING_ENV, None)
    if rollback:
        _roll_back(installation)
    state = _promoted(installation, quitting)
    version, warning = choose_version(installation, state)
    if warning:
        _say(f"guide-desk: {warning}")
    if version is None:
        _say(f"guide-desk: no complete Guide Desk version under {installation.app_dir}; reinstall Guide Desk")
        return 1
    return (start or run_app)(installation.executable(version), arguments)


def choose_version(installation: Installation, state: InstallState) -> tuple[str | None, str | None]:
    """The version to start and, when it is not the current one, why: current, else previous,
    else the newest complete folder not rolled back from."""
    if installation.is_complete(state.current):
        return state.current, None
    if installation.is_complete(state.previous):
        return state.previous, f"version {state.current} is missing or damaged; starting {state.previous}"
    others = [v for v in installation.complete_versions() if v not in state.held]
    if others:
        newest = max(others, key=version_key)
        return newest, f"versions {state.current} and {state.previous} are missing; starting {newest}"
    return None, None


def _roll_back(installation: Installation) -> None:
    try:
        installation.request_rollback()
    except UpdateNotApplied as refused:
        _say(f"guide-desk: not rolled back: {refused.message}")
    except OSError as error:
        _say(f"guide-desk: not rolled back, the install folder cannot be written: {error}")


def _promoted(installation: Installation, quitting: str | None) -> InstallState:
    """Promote the staged version; a disk that cannot be written still starts what is there."""
    try:
        return installation.promote(keep=quitting)
    except OSError as error:
        _say(f"guide-desk: the staged update was not put in place ({error}); starting the current version")
        return installation.read_state()


def run_app(executable: Path, arguments: list[str]) -> int:
    """POSIX: become the app (same process, same arguments). Windows: run it without a console
    window and exit with its code (a process there cannot replace itself)."""
    command = [str(executable), *arguments]
    environment = app_environment(os.environ)
    if sys.platform == "win32":
        return subprocess.run(
            command, env=environment, creationflags=subprocess.CREATE_NO_WINDOW, check=False
        ).returncode
    os.execve(command[0], command, environment)


def app_environment(ours: Mapping[str, str]) -> dict[str, str]:
    """The environment the app starts in: the PC's, without what the frozen launcher's own
    bootloader set for itself (its library path, its private variables), so the app's bootloader
    sets up its own runtime as it would from a shortcut."""
    environment = {name: value for name, value in ours.items() if not name.startswith("_PYI_")}
    environment["PYINSTALLER_RESET_ENVIRONMENT"] = "1"
    for name in ("LD_LIBRARY_PATH", "DYLD_LIBRARY_PATH"):
        original = environment.pop(name + "_ORIG", None)
        if original is not None:
            environment[name] = original
        elif getattr(sys, "frozen", False):
            environment.pop(name, None)
    return environment


def _say(line: str) -> None:
    # A windowed launcher on Windows has no stderr at all.
    if sys.stderr is not None:
        print(line, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
