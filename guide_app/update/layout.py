"""The installed copy on a store PC: versions side by side, which one starts, staging and rollback.

    <root>/guide-desk[.exe]              the launcher: what the shortcuts start
    <root>/app/state.json                {"current", "previous", "staged", "held"}
    <root>/app/<version>/guide-app[.exe] one-folder bundles
    <root>/downloads/                    partial and verified archives

Stdlib only (and guide_app.version, itself stdlib only): the launcher, a tiny executable of its
own, imports this module and nothing else.
Every change is ordered so that a power loss at any point leaves the old state or the new one: a
version's folder is complete and on disk before its name enters state.json, state.json is replaced
whole, and a folder leaves the state (and is renamed aside) before it is deleted.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import sys
import time
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from guide_app.version import parse_version

#: Points at an installation's root instead of the running executable (tests, and IT staff).
ROOT_ENV = "GUIDE_DESK_INSTALL_ROOT"
#: Set by the app when it starts the launcher and quits: the launcher must not delete that version.
QUITTING_ENV = "GUIDE_DESK_QUITTING_VERSION"
WINDOWS = os.name == "nt"
APP_EXECUTABLE = "guide-app.exe" if WINDOWS else "guide-app"
LAUNCHER_EXECUTABLE = "guide-desk.exe" if WINDOWS else "guide-desk"
STATE_FILE = "state.json"
PARTIAL = ".partial"  # a version being unpacked
LEAVING = ".leaving"  # a version being deleted
# The bundle unpacks to ~250 MB; an archive claiming 16 times that is not ours.
MAX_UNPACKED_BYTES = 4 * 1024**3
# The slowest store PC unpacks the ~250 MB bundle in well under this.
UNPACKING_GRACE_SECONDS = 3600
# Without os.sync (Windows) each unpacked file is flushed to disk before the folder is renamed.
_FLUSH_EACH_FILE = not hasattr(os, "sync")
# Members that clash (a name twice, a file where a folder goes): a damaged archive, not a disk problem.
_CLASHES = (FileExistsError, NotADirectoryError, IsADirectoryError)


def is_version(text: str) -> bool:
    """A release number as the folders use it (MAJOR.MINOR.PATCH): no path characters."""
    return text == text.strip() and parse_version(text) is not None


def version_key(text: str) -> tuple[int, ...]:
    """Orders release numbers numerically (0.10.0 after 0.9.0)."""
    key = parse_version(text) if is_version(text) else None
    if key is None:
        raise ValueError(f"not a release number: {text!r}")
    return key


class Refusal(StrEnum):
    """Why a version was not staged or a rollback not done; nothing was changed."""

    invalid_version = "invalid_version"
    not_newer = "not_newer"  # the updater never installs an older or the same release
    held = "held"  # rolled back from on this PC: only a newer release replaces it
    unsafe_archive = "unsafe_archive"  # a path outside the folder, a link out of it, far too large
    damaged_archive = "damaged_archive"  # not a zip, or a member fails its checksum
    no_executable = "no_executable"  # the archive is not a Guide Desk bundle
    no_previous = "no_previous"  # nothing kept to roll back to


class UpdateNotApplied(Exception):
    """The layout refused a change; the installation is as it was."""

    def __init__(self, reason: Refusal, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class InstallState:
    """What state.json says: the version started, the one kept to roll back to, the one waiting
    for the next start, and the versions rolled back from (never installed again)."""

    current: str | None = None
    previous: str | None = None
    staged: str | None = None
    held: tuple[str, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {
            "current": self.current,
            "previous": self.previous,
            "staged": self.staged,
            "held": list(self.held),
        }

    @classmethod
    def from_json(cls, raw: object) -> InstallState:
        """Raises ValueError for anything but the shape `as_json` writes."""
        if not isinstance(raw, dict):
            raise ValueError("state is not an object")
        slots = [raw.get(name) for name in ("current", "previous", "staged")]
        if any(value is not None and not (isinstance(value, str) and is_version(value)) for value in slots):
            raise ValueError("state names a version that is not a release number")
        held = raw.get("held", [])
        if not isinstance(held, list) or not all(isinstance(v, str) and is_version(v) for v in held):
            raise ValueError("state's held list is not a list of release numbers")
        return cls(current=slots[0], previous=slots[1], staged=slots[2], held=tuple(held))


class Installation:
    """One installed copy, found from the running executable (or GUIDE_DESK_INSTALL_ROOT)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.app_dir = root / "app"
        self.downloads = root / "downloads"
        self.state_path = self.app_dir / STATE_FILE

    def __repr__(self) -> str:
        return f"Installation({self.root!s})"

    @classmethod
    def find(
        cls,
        executable: str | None = None,
        environ: Mapping[str, str] | None = None,
        frozen: bool | None = None,
    ) -> Installation | None:
        """The installation this program runs from, or None when it was not installed (run from
        source, or from a bundle folder unpacked anywhere else)."""
        environ = os.environ if environ is None else environ
        if environ.get(ROOT_ENV):
            return cls(Path(environ[ROOT_ENV]))
        if not (getattr(sys, "frozen", False) if frozen is None else frozen):
            return None
        program = Path(sys.executable if executable is None else executable).absolute()
        folder = program.parent
        if program.name == APP_EXECUTABLE and folder.parent.name == "app" and is_version(folder.name):
            return cls(folder.parent.parent)
        if program.name == LAUNCHER_EXECUTABLE and (folder / "app").is_dir():
            return cls(folder)
        return None

    # ------------------------------------------------------------------------------ version folders

    @property
    def launcher(self) -> Path:
        """What the shortcuts and the start-up list start: it picks the version to run."""
        return self.root / LAUNCHER_EXECUTABLE

    def version_dir(self, version: str) -> Path:
        if not is_version(version):
            raise ValueError(f"not a release number: {version!r}")
        return self.app_dir / version

    def executable(self, version: str) -> Path:
        return self.version_dir(version) / APP_EXECUTABLE

    def is_complete(self, version: str | None) -> bool:
        """A folder counts once its unpacking finished (it was renamed from .partial) and until
        its deletion starts (it is renamed to .leaving first); the executable is the sign."""
        return version is not None and self.executable(version).is_file()

    def complete_versions(self) -> list[str]:
        """Every complete version folder, newest first."""
        try:
            names = [entry.name for entry in self.app_dir.iterdir() if entry.is_dir()]
        except OSError:
            return []
        found = [name for name in names if is_version(name) and self.is_complete(name)]
        return sorted(found, key=version_key, reverse=True)

    # ---------------------------------------------------------------------------------- the state

    def read_state(self) -> InstallState:
        """state.json, or, when it is missing or damaged, the newest complete folder as current
        and the one before it as previous: the launcher always has something to start."""
        try:
            return InstallState.from_json(json.loads(self.state_path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return self.recovered_state()

    def recovered_state(self) -> InstallState:
        versions = self.complete_versions()
        return InstallState(
            current=versions[0] if versions else None,
            previous=versions[1] if len(versions) > 1 else None,
        )

    def state_is_sound(self) -> bool:
        try:
            InstallState.from_json(json.loads(self.state_path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return False
        return True

    def write_state(self, state: InstallState) -> None:
        """Replace state.json whole: a reader sees the old file or the new one, never half of one."""
        self.app_dir.mkdir(parents=True, exist_ok=True)
        temporary = self.state_path.with_name(STATE_FILE + ".tmp")
        with open(temporary, "w", encoding="utf-8") as out:
            json.dump(state.as_json(), out, indent=2)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, self.state_path)
        _sync_folder(self.app_dir)

    # ------------------------------------------------------------------------------ the changes

    def stage(self, archive: Path, version: str) -> InstallState:
        """Unpack a verified archive as `version`, to become current at the next start."""
        if not is_version(version):
            raise UpdateNotApplied(Refusal.invalid_version, f"{version!r} is not a release number")
        state = self.read_state()
        _check_stageable(state, version)
        if state.staged == version and self.is_complete(version):
            return state
        partial = self.app_dir / (version + PARTIAL)
        target = self.version_dir(version)
        # Leftovers of an interrupted earlier try; neither is named in the state.
        self._discard(partial)
        self._discard(target)
        try:
            unpack(archive, partial)
        except BaseException:
            self._discard(partial)
            raise
        if not WINDOWS:
            os.sync()
        os.rename(partial, target)
        _sync_folder(self.app_dir)
        staged = replace(state, staged=version)
        self.write_state(staged)
        return staged

    def promote(self, keep: str | None = None) -> InstallState:
        """At start, before the app runs: the staged version becomes current, the current one
        previous; every other version folder goes, except `keep` (the version still quitting)."""
        state = self.read_state()
        promoted = state
        staged = state.staged
        if staged is not None:
            promoted = replace(state, staged=None)
            if self.is_complete(staged) and staged not in state.held and _newer(staged, state.current):
                promoted = InstallState(
                    current=staged,
                    previous=state.current,
                    held=tuple(v for v in state.held if version_key(v) > version_key(staged)),
                )
        if promoted != state or not self.state_is_sound():
            self.write_state(promoted)
        self.prune(promoted, keep)
        return promoted

    def request_rollback(self) -> InstallState:
        """The previous version becomes current (it starts next time); the one rolled back from is
        held, so it is never offered or installed again here. A staged version is dropped too."""
        state = self.read_state()
        if state.previous is None or not self.is_complete(state.previous):
            raise UpdateNotApplied(Refusal.no_previous, "no previous version is kept to roll back to")
        held = set(state.held) | ({state.current} if state.current else set())
        rolled_back = InstallState(
            current=state.previous, previous=None, staged=None, held=tuple(sorted(held, key=version_key))
        )
        self.write_state(rolled_back)
        return rolled_back

    def prune(self, state: InstallState, keep: str | None = None) -> None:
        """Delete what the state no longer names: old versions, unfinished unpackings, deletions
        cut short. Best effort: a folder in use (Windows) stays until a later start."""
        wanted = {state.current, state.previous, state.staged, keep}
        try:
            entries = [entry for entry in self.app_dir.iterdir() if entry.is_dir()]
        except OSError:
            return
        for entry in entries:
            if entry.name not in wanted and not _unpacking_now(entry):
                self._discard(entry)

    def _discard(self, folder: Path) -> None:
        """Rename aside first, so a folder half deleted never looks like a complete version."""
        if not folder.exists():
            return
        leaving = folder if folder.name.endswith(LEAVING) else folder.with_name(folder.name + LEAVING)
        try:
            if leaving != folder:
                if leaving.exists():
                    shutil.rmtree(leaving, ignore_errors=True)
                os.rename(folder, leaving)
        except OSError:
            return  # in use: a later start tries again
        shutil.rmtree(leaving, ignore_errors=True)


def _unpacking_now(folder: Path) -> bool:
    """A .partial folder touched lately is another window's update being unpacked (a second
    start from the shortcut meanwhile); one left by a power loss is older, or replaced when
    that version is staged again."""
    if not folder.name.endswith(PARTIAL):
        return False
    try:
        return time.time() - folder.stat().st_mtime < UNPACKING_GRACE_SECONDS
    except OSError:
        return False


def _newer(version: str, than: str | None) -> bool:
    return than is None or version_key(version) > version_key(than)


def _check_stageable(state: InstallState, version: str) -> None:
    if version in state.held:
        raise UpdateNotApplied(Refusal.held, f"{version} was rolled back from on this PC")
    if not _newer(version, state.current):
        raise UpdateNotApplied(Refusal.not_newer, f"{version} is not newer than {state.current}")


def _sync_folder(folder: Path) -> None:
    """Make a rename inside `folder` durable (POSIX; NTFS journals its renames itself)."""
    if WINDOWS:
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


# --------------------------------------------------------------------------------------- unpacking


def unpack(archive: Path, destination: Path) -> None:
    """Extract a bundle archive into the new folder `destination`, refusing any member that would
    land outside it; executable bits are kept on POSIX."""
    try:
        bundle = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as error:
        raise UpdateNotApplied(Refusal.damaged_archive, f"not a readable zip: {error}") from None
    with bundle:
        members = bundle.infolist()
        if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
            raise UpdateNotApplied(Refusal.unsafe_archive, "the archive unpacks to far more than a bundle")
        planned = [(member, member_parts(member.filename)) for member in members]
        destination.mkdir(parents=True)
        links: list[tuple[Path, str]] = []
        try:
            for member, parts in planned:
                link = _extract_member(bundle, member, destination.joinpath(*parts)) if parts else None
                if link is not None:
                    links.append(link)
        except (zipfile.BadZipFile, EOFError, *_CLASHES) as error:
            raise UpdateNotApplied(Refusal.damaged_archive, f"the archive is damaged: {error}") from None
    # Links come last, once every file is written, so no file is ever written through one.
    _make_links(links, destination)
    executable = destination / APP_EXECUTABLE
    if not executable.is_file():
        raise UpdateNotApplied(Refusal.no_executable, f"the archive holds no {APP_EXECUTABLE}")
    if not WINDOWS:
        os.chmod(executable, 0o755)


def member_parts(name: str) -> tuple[str, ...]:
    """A member's path as folder names under the destination; refuses absolute paths, drive
    letters, backslashes and `..`."""
    parts = tuple(part for part in name.split("/") if part not in ("", "."))
    if name.startswith("/") or any(mark in name for mark in "\\:\0") or ".." in parts:
        raise UpdateNotApplied(Refusal.unsafe_archive, f"a path outside the bundle's folder: {name!r}")
    return parts


def _extract_member(bundle: zipfile.ZipFile, member: zipfile.ZipInfo, path: Path) -> tuple[Path, str] | None:
    """Write one file or folder; a symbolic link is returned, to be made after every file."""
    if member.is_dir():
        path.mkdir(parents=True, exist_ok=True)
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = member.external_attr >> 16 if member.create_system == 3 else 0
    if stat.S_ISLNK(mode):
        return path, bundle.read(member).decode("utf-8", errors="replace")
    with bundle.open(member) as source, open(path, "xb") as out:
        shutil.copyfileobj(source, out, 1024 * 1024)
        if _FLUSH_EACH_FILE:
            out.flush()
            os.fsync(out.fileno())
    if not WINDOWS:
        os.chmod(path, 0o755 if mode & 0o111 else 0o644)
    return None


def _make_links(links: list[tuple[Path, str]], destination: Path) -> None:
    """Symbolic links are kept only when, all made, each resolves inside the folder (links
    through links included); never on Windows."""
    if links and WINDOWS:
        raise UpdateNotApplied(Refusal.unsafe_archive, "the archive holds symbolic links")
    for path, target in links:
        try:
            os.symlink(target, path)
        except (FileExistsError, ValueError) as error:
            raise UpdateNotApplied(Refusal.damaged_archive, f"the archive is damaged: {error}") from None
    inside = os.path.realpath(destination)
    for path, target in links:
        resolved = os.path.realpath(path)
        if os.path.commonpath([inside, resolved]) != inside:
            raise UpdateNotApplied(Refusal.unsafe_archive, f"the archive links out of its folder: {target!r}")
