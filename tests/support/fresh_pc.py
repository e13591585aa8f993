"""The environment of a new store PC for a child process: an empty HOME, offscreen, no keyring.

Nothing of this checkout's or this machine's Guide Desk settings leaks in (GUIDE_*, XDG_*, QT_*).
"""

from __future__ import annotations

import os
from pathlib import Path


def fresh_pc_environment(home: Path) -> dict[str, str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GUIDE_APP_", "GUIDE_HQ_", "GUIDE_DESK_", "XDG_", "QT_"))
    }
    environment.update(
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_RUNTIME_DIR=str(home / "runtime"),
        # A sign-in's token must never reach this machine's keyring.
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    return environment
