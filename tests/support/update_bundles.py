"""Synthetic Guide Desk versions for update tests: a tiny bundle whose guide-app records its start."""

from __future__ import annotations

import json
import os
import stat
import zipfile
from pathlib import Path

from guide_app.update.layout import APP_EXECUTABLE, Installation, InstallState

#: Each synthetic guide-app appends "<version> <arguments>" to the file this variable names.
RECORD_ENV = "GUIDE_TEST_START_RECORD"


def app_script(version: str) -> str:
    return f'#!/bin/sh\nprintf "%s %s\\n" "{version}" "$*" >> "${RECORD_ENV}"\n'


def bundle_folder(folder: Path, version: str) -> Path:
    """A one-folder bundle as PyInstaller lays it out: the executable and an _internal folder."""
    executable = folder / APP_EXECUTABLE
    (folder / "_internal" / "translations").mkdir(parents=True)
    executable.write_text(app_script(version))
    executable.chmod(0o755)
    (folder / "_internal" / "translations" / "guide_desk_zh_CN.qm").write_bytes(b"qm " + version.encode())
    (folder / "_internal" / "base_library.zip").write_bytes(os.urandom(2048))
    return folder


def bundle_zip(path: Path, version: str, extra: dict[str, bytes] | None = None) -> Path:
    """The update archive of a synthetic version, as release/archive.py packs one."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        add_file(archive, APP_EXECUTABLE, app_script(version).encode(), 0o755)
        add_file(archive, "_internal/translations/guide_desk_zh_CN.qm", b"qm " + version.encode())
        for name, content in (extra or {}).items():
            add_file(archive, name, content)
    return path


def add_file(archive: zipfile.ZipFile, name: str, content: bytes, mode: int = 0o644) -> None:
    entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    entry.create_system = 3
    entry.external_attr = (stat.S_IFREG | mode) << 16
    archive.writestr(entry, content)


def add_link(archive: zipfile.ZipFile, name: str, target: str) -> None:
    entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    entry.create_system = 3
    entry.external_attr = (stat.S_IFLNK | 0o777) << 16
    archive.writestr(entry, target)


def installed(root: Path, *versions: str, state: InstallState | None = None) -> Installation:
    """An installation with these versions unpacked and `state` (default: the last one current)."""
    installation = Installation(root)
    for version in versions:
        bundle_folder(installation.version_dir(version), version)
    chosen = state if state is not None else InstallState(current=versions[-1] if versions else None)
    installation.write_state(chosen)
    return installation


def state_on_disk(installation: Installation) -> dict[str, object]:
    return dict(json.loads(installation.state_path.read_text(encoding="utf-8")))
