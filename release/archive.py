"""A bundle folder packed as one update archive: the same files always give the same bytes."""

from __future__ import annotations

import os
import stat
import zipfile
from pathlib import Path

from release.keys import ReleaseError

# Zip cannot store dates before 1980; a fixed date keeps the archive's hash the files' alone.
_FIXED_DATE = (1980, 1, 1, 0, 0, 0)
_EXECUTABLE = 0o755
_PLAIN = 0o644


def pack_bundle(folder: Path, destination: Path) -> int:
    """Zip what is inside `folder` (not the folder itself) into `destination`; returns the number
    of files. Entries are relative, in sorted order, with fixed dates; a file keeps only whether it
    is executable (0o755 or 0o644). A link is stored as the file it points to, and refused when
    it points outside the bundle."""
    if not folder.is_dir():
        raise ReleaseError(f"{folder} is not a folder")
    top = folder.resolve()
    count = 0
    with zipfile.ZipFile(destination, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(folder.rglob("*"), key=lambda item: item.relative_to(folder).as_posix()):
            name = path.relative_to(folder).as_posix()
            real = path.resolve()
            if real != top and top not in real.parents:
                raise ReleaseError(f"{name} points outside the bundle folder ({real})")
            if real.is_dir():
                archive.writestr(_entry(name + "/", stat.S_IFDIR | _EXECUTABLE), b"")
                continue
            mode = _EXECUTABLE if os.access(real, os.X_OK) else _PLAIN
            with open(real, "rb") as source, archive.open(_entry(name, stat.S_IFREG | mode), "w") as target:
                while chunk := source.read(1024 * 1024):
                    target.write(chunk)
            count += 1
    return count


def _entry(name: str, mode: int) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=_FIXED_DATE)
    entry.external_attr = mode << 16
    entry.create_system = 3  # Unix, so an unpacker reads the mode bits
    if not name.endswith("/"):
        entry.compress_type = zipfile.ZIP_DEFLATED
    return entry
