"""Files only the PC account may read: the book holds customers' phones and store PCs are shared.

POSIX: folders 0700 and files 0600, set explicitly (a umask of 0 or 002 must not widen them)
and repaired on open, because older versions left files at the umask's 0644.
Windows: nothing is done here. The files live under the user's own AppData (platformdirs'
user data dir, %LOCALAPPDATA%), whose inherited ACL already grants only that user, SYSTEM and
Administrators; `os.chmod` there would only toggle the read-only flag.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600
_POSIX = os.name == "posix"


def owner_only_folder(folder: Path) -> Path:
    """Make `folder` (and missing parents) and keep it to the owner.

    A shared folder is never narrowed: one with the sticky bit (/tmp), the home folder or the
    root. A book placed there by hand (tests, IT staff) must not lock other users out of it."""
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    if not _shared(folder):
        _restrict(folder, FOLDER_MODE)
    return folder


def _shared(folder: Path) -> bool:
    resolved = folder.resolve()
    if resolved in (Path.home().resolve(), Path(resolved.anchor)):
        return True
    return bool(resolved.stat().st_mode & stat.S_ISVTX)


def owner_only_file(path: Path) -> Path:
    """Create `path` empty if missing; either way keep it to the owner."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE)
    os.close(descriptor)
    _restrict(path, FILE_MODE)
    return path


def write_whole(path: Path, text: str) -> None:
    """Write a small file beside itself, kept to the owner, and rename it over the old one, so a
    power cut leaves the old file or the new one, never half of one. OSError when it cannot."""
    partial = path.with_name(path.name + ".partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(owner_only_file(partial), "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise


def restrict_existing(*paths: Path) -> None:
    """Repair the mode of those of `paths` that exist (files an older version or a tool made)."""
    if not _POSIX:
        return
    for path in paths:
        try:
            mode = path.stat().st_mode
            wanted = FOLDER_MODE if stat.S_ISDIR(mode) else FILE_MODE
            if stat.S_IMODE(mode) != wanted:
                os.chmod(path, wanted)
        except FileNotFoundError:
            continue  # a -wal or -shm that SQLite removed as its last connection closed


def _restrict(path: Path, mode: int) -> None:
    if _POSIX and stat.S_IMODE(path.stat().st_mode) != mode:
        os.chmod(path, mode)
