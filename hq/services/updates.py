"""Client updates at HQ: checking and publishing the release PC's signed repository, and finding
its files to serve. HQ holds no signing key: it copies what was signed elsewhere and checks it."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hq.core.errors import Invalid, NotFound

if TYPE_CHECKING:
    # tuf is imported by the functions that check a repository (`guide-hq updates publish`): the
    # served app only sends the files, and tuf with securesystemslib (which imports boto3) would
    # add about a second to the start of every served process.
    from tuf.api.metadata import Metadata, Root

#: A served file's name: letters, digits, dot, dash, underscore; never a leading dot (no `..`,
#: no half-copied temporary file).
UPDATE_FILE_NAME = r"^[A-Za-z0-9_-][A-Za-z0-9._-]{0,254}$"
_NAME = re.compile(UPDATE_FILE_NAME)
_NOT_PUBLISHED = (
    "no update repository has been published on this HQ: the operator runs `guide-hq updates publish`"
)


class UpdateArea(StrEnum):
    """The two folders of a published repository."""

    metadata = "metadata"  # signed JSON; timestamp.json changes at every publish
    targets = "targets"  # archives named <sha256>.<name>: a name's bytes never change


def served_file(updates_dir: Path, area: UpdateArea, name: str) -> Path:
    """The published file to send, or NotFound with the reason."""
    if not _NAME.fullmatch(name):
        raise NotFound("no such update file")
    if not (updates_dir / UpdateArea.metadata / "timestamp.json").is_file():
        raise NotFound(_NOT_PUBLISHED)
    path = updates_dir / area / name
    if not path.is_file():
        raise NotFound(f"no update file {name} is published")
    return path


@dataclass
class CheckedRepository:
    """A repository whose metadata verified against its own root, in the order to copy it."""

    root_version: int
    targets_version: int
    archives: list[Path] = field(default_factory=list)
    metadata: list[Path] = field(default_factory=list)  # roots, targets, snapshot; timestamp last
    versions: list[str] = field(default_factory=list)  # "0.2.0 (linux-x86_64)", for the operator


def check_repository(folder: Path) -> CheckedRepository:
    """Every role signed by the keys its root names, the chain of roots unbroken, nothing expired,
    and each signed archive present with its signed length and sha256. Invalid says what is not."""
    from tuf.api.metadata import Snapshot, Targets, Timestamp

    metadata_dir = folder / UpdateArea.metadata
    roots = _root_chain(metadata_dir)
    root = roots[-1][1].signed
    timestamp_path = metadata_dir / "timestamp.json"
    timestamp = _load(timestamp_path, Timestamp, root)
    snapshot_path = metadata_dir / f"{timestamp.signed.snapshot_meta.version}.snapshot.json"
    snapshot = _load(snapshot_path, Snapshot, root)
    targets_meta = snapshot.signed.meta.get("targets.json")
    if targets_meta is None:
        raise Invalid(f"{snapshot_path} does not name the targets metadata")
    targets_path = metadata_dir / f"{targets_meta.version}.targets.json"
    targets = _load(targets_path, Targets, root)
    if targets.signed.version != targets_meta.version or snapshot.signed.version != (
        timestamp.signed.snapshot_meta.version
    ):
        raise Invalid("the versions named by timestamp and snapshot do not match their files")
    checked = CheckedRepository(root.version, targets.signed.version)
    for name, info in sorted(targets.signed.targets.items()):
        archive = folder / UpdateArea.targets / f"{info.hashes.get('sha256', '')}.{name}"
        _check_archive(archive, info)
        checked.archives.append(archive)
        custom = info.custom if isinstance(info.custom, dict) else {}
        checked.versions.append(f"{custom.get('version', '?')} ({custom.get('platform', '?')})")
    checked.metadata = [path for path, _ in roots] + [targets_path, snapshot_path, timestamp_path]
    return checked


def _root_chain(metadata_dir: Path) -> list[tuple[Path, Metadata[Root]]]:
    """1.root.json … N.root.json, each signed by its own keys and by the keys of the one before."""
    from tuf.api.metadata import Root

    found = sorted(
        (int(path.name.split(".")[0]), path)
        for path in metadata_dir.glob("*.root.json")
        if path.name.split(".")[0].isdigit()
    )
    if not found or [number for number, _ in found] != list(range(1, len(found) + 1)):
        raise Invalid(f"{metadata_dir} does not hold the roots 1.root.json … N.root.json of a repository")
    chain: list[tuple[Path, Metadata[Root]]] = []
    for number, path in found:
        root = _parse(path, Root)
        trusted = [root.signed] + ([chain[-1][1].signed] if chain else [])
        for signer_root in trusted:
            _verify(signer_root, Root.type, root, path)
        if root.signed.version != number:
            raise Invalid(f"{path} says it is version {root.signed.version}")
        chain.append((path, root))
    if chain[-1][1].signed.is_expired():
        raise Invalid(f"the root expired on {chain[-1][1].signed.expires:%Y-%m-%d}: sign a new root")
    return chain


def _load(path: Path, kind: type[Any], root: Root) -> Metadata[Any]:
    metadata = _parse(path, kind)
    _verify(root, kind.type, metadata, path)
    if metadata.signed.is_expired():
        raise Invalid(
            f"{path.name} expired on {metadata.signed.expires:%Y-%m-%d %H:%M} UTC: "
            "run `guide-release refresh` on the release PC, then publish again"
        )
    return metadata


def _parse(path: Path, kind: type[Any]) -> Metadata[Any]:
    from tuf.api.exceptions import RepositoryError
    from tuf.api.metadata import Metadata

    try:
        metadata: Metadata[Any] = Metadata.from_bytes(path.read_bytes())
    except FileNotFoundError:
        raise Invalid(f"{path} is missing") from None
    except (RepositoryError, ValueError, KeyError, TypeError) as error:
        raise Invalid(f"{path} is not TUF metadata: {error}") from None
    if not isinstance(metadata.signed, kind):
        raise Invalid(f"{path} is not {kind.type} metadata")
    return metadata


def _verify(root: Root, role: str, metadata: Metadata[Any], path: Path) -> None:
    from tuf.api.exceptions import RepositoryError

    try:
        root.verify_delegate(role, metadata.signed_bytes, metadata.signatures)
    except RepositoryError as error:
        raise Invalid(f"{path.name} is not signed by the {role} key the root names: {error}") from None


def _check_archive(archive: Path, info: Any) -> None:
    from tuf.api.exceptions import RepositoryError

    if not _NAME.fullmatch(archive.name):
        raise Invalid(f"the target name {archive.name!r} cannot be served (letters, digits . _ - only)")
    try:
        with open(archive, "rb") as file:
            info.verify_length_and_hashes(file)
    except FileNotFoundError:
        raise Invalid(f"{archive} is missing: the targets metadata signs it") from None
    except RepositoryError as error:
        raise Invalid(f"{archive.name} is not the file the targets metadata signs: {error}") from None


def publish(folder: Path, updates_dir: Path) -> CheckedRepository:
    """Check `folder`, then copy it into `updates_dir`: archives first, then roots, targets and
    snapshot, timestamp.json last, each through a temporary file and a rename. A client reading
    meanwhile sees the old timestamp, whose files all stay, or the new one, whose files are all
    there already. Nothing is deleted: a client mid-download of an older archive finishes."""
    checked = check_repository(folder)
    for archive in checked.archives:
        destination = updates_dir / UpdateArea.targets / archive.name
        if not _holds(destination, archive.name.split(".", 1)[0]):  # a damaged copy is replaced
            _copy(archive, destination)
    for path in checked.metadata:
        _copy(path, updates_dir / UpdateArea.metadata / path.name)
    return checked


def _holds(path: Path, sha256: str) -> bool:
    try:
        with open(path, "rb") as file:
            return hashlib.file_digest(file, "sha256").hexdigest() == sha256
    except FileNotFoundError:
        return False


def _copy(source: Path, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=destination.parent, prefix=f".{destination.name}-")
    try:
        with os.fdopen(handle, "wb") as target, open(source, "rb") as origin:
            shutil.copyfileobj(origin, target, 1024 * 1024)
            target.flush()
            os.fsync(target.fileno())
        os.replace(temporary, destination)
    finally:
        Path(temporary).unlink(missing_ok=True)
