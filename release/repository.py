"""The signed update repository on the release PC: TUF metadata over the bundles' archives."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from securesystemslib.signer import Signer
from tuf.api.exceptions import UnsignedMetadataError
from tuf.api.metadata import Metadata, MetaFile, Root, Snapshot, TargetFile, Targets, Timestamp
from tuf.api.serialization.json import JSONSerializer

from guide_app.update.fetch import UpdatePlatform, target_name
from guide_app.version import parse_version
from release.archive import pack_bundle
from release.keys import KeyRole, ReleaseError

SignerOf = Callable[[KeyRole], Signer]


@dataclass(frozen=True)
class Expiry:
    """How long each role's signature holds. Snapshot and timestamp are re-signed by `refresh`;
    a store PC offline for weeks must still find them valid when it comes back."""

    root_days: int = 365
    targets_days: int = 90
    snapshot_days: int = 30
    timestamp_days: int = 30

    def days(self, role: KeyRole) -> int:
        return int(getattr(self, f"{role.value}_days"))


@dataclass(frozen=True)
class Release:
    """One archive the repository offers."""

    name: str
    version: str
    platform: str
    length: int
    sha256: str


class ReleaseRepository:
    """`<folder>/metadata/` (N.root.json, N.targets.json, N.snapshot.json, timestamp.json) and
    `<folder>/targets/` (<sha256>.<name>: consistent snapshots, so a published file never changes)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.metadata_dir = folder / "metadata"
        self.targets_dir = folder / "targets"

    # ------------------------------------------------------------------ reading

    def exists(self) -> bool:
        return (self.metadata_dir / "1.root.json").is_file()

    def root(self) -> Metadata[Root]:
        versions = [int(path.name.split(".")[0]) for path in self.metadata_dir.glob("*.root.json")]
        if not versions:
            raise ReleaseError(f"{self.folder} is not an update repository: run `guide-release init`")
        return self._read(f"{max(versions)}.root.json", Root)

    def timestamp(self) -> Metadata[Timestamp]:
        return self._read("timestamp.json", Timestamp)

    def snapshot(self) -> Metadata[Snapshot]:
        return self._read(f"{self.timestamp().signed.snapshot_meta.version}.snapshot.json", Snapshot)

    def targets(self) -> Metadata[Targets]:
        version = self.snapshot().signed.meta["targets.json"].version
        return self._read(f"{version}.targets.json", Targets)

    def releases(self) -> list[Release]:
        """Every archive the current targets metadata signs, newest version first."""
        found = [_release(name, info) for name, info in self.targets().signed.targets.items()]
        return sorted(found, key=lambda item: parse_version(item.version) or (0, 0, 0), reverse=True)

    def _read(self, name: str, kind: type[Any]) -> Metadata[Any]:
        path = self.metadata_dir / name
        try:
            metadata: Metadata[Any] = Metadata.from_file(str(path))
        except FileNotFoundError:
            raise ReleaseError(f"{path} is missing: is {self.folder} an update repository?") from None
        if not isinstance(metadata.signed, kind):
            raise ReleaseError(f"{path} is not {kind.type} metadata")
        return metadata

    # ------------------------------------------------------------------ writing

    def write(self, metadata: Metadata[Any], signer: Signer) -> Path:
        """Sign and store one role's metadata; the root checks the signature first, so a key
        root does not trust never produces a file."""
        metadata.sign(signer)
        role = metadata.signed.type
        trusted = metadata.signed if role == Root.type else self.root().signed
        try:
            trusted.verify_delegate(role, metadata.signed_bytes, metadata.signatures)
        except UnsignedMetadataError:
            raise ReleaseError(f"the {role} key given is not the one the root trusts for {role}") from None
        name = "timestamp.json" if role == Timestamp.type else f"{metadata.signed.version}.{role}.json"
        path = self.metadata_dir / name
        _write_atomically(path, metadata.to_bytes(JSONSerializer(compact=False)))
        return path


def init_repository(
    repository: ReleaseRepository, keys_dir: Path, signer_of: SignerOf, expiry: Expiry
) -> None:
    """Version 1 of every role: the root names each role's public key; no archive yet."""
    from release.keys import public_key

    if repository.exists():
        raise ReleaseError(f"{repository.folder} already holds a repository; it is left as it is")
    repository.metadata_dir.mkdir(parents=True, exist_ok=True)
    repository.targets_dir.mkdir(parents=True, exist_ok=True)
    root = Root(expires=_expires(expiry, KeyRole.root), consistent_snapshot=True)
    for role in KeyRole:
        root.add_key(public_key(keys_dir, role), role.value)
    repository.write(Metadata(root), signer_of(KeyRole.root))
    targets = Targets(expires=_expires(expiry, KeyRole.targets))
    repository.write(Metadata(targets), signer_of(KeyRole.targets))
    snapshot = Snapshot(expires=_expires(expiry, KeyRole.snapshot), meta={"targets.json": MetaFile(1)})
    repository.write(Metadata(snapshot), signer_of(KeyRole.snapshot))
    timestamp = Timestamp(expires=_expires(expiry, KeyRole.timestamp), snapshot_meta=MetaFile(1))
    repository.write(Metadata(timestamp), signer_of(KeyRole.timestamp))


def add_bundle(
    repository: ReleaseRepository,
    bundle: Path,
    version: str,
    platform: UpdatePlatform,
    signer_of: SignerOf,
    expiry: Expiry,
) -> Release:
    """Pack `bundle` as guide-desk-V-P.zip and sign it into targets, snapshot and timestamp."""
    wanted = parse_version(version)
    if wanted is None:
        raise ReleaseError(f"{version!r} is not a version as MAJOR.MINOR.PATCH")
    newest = [release for release in repository.releases() if release.platform == platform.value]
    if newest and (parse_version(newest[0].version) or (0, 0, 0)) >= wanted:
        raise ReleaseError(
            f"{version} is not newer than {newest[0].version}, the newest for {platform.value}"
        )
    _check_bundle(bundle, platform)
    name = target_name(version, platform)
    target = _pack_target(repository, bundle, name)
    target.unrecognized_fields["custom"] = {"version": version, "platform": platform.value}
    targets = repository.targets()
    targets.signed.targets[name] = target
    _publish(repository, targets, signer_of, expiry)
    return _release(name, target)


def refresh(
    repository: ReleaseRepository,
    signer_of: SignerOf,
    expiry: Expiry,
    *,
    with_targets: bool = False,
    with_root: bool = False,
) -> None:
    """Sign snapshot and timestamp again with new expiry dates (and targets, and a new root
    version with the same keys, when asked), so clients keep accepting the repository."""
    if with_root:
        root = repository.root()
        _bump(root, expiry, KeyRole.root)
        repository.write(root, signer_of(KeyRole.root))
    if with_targets:
        _publish(repository, repository.targets(), signer_of, expiry)
        return
    _publish_snapshot(repository, repository.targets().signed.version, signer_of, expiry)


def rotate_key(
    repository: ReleaseRepository,
    role: KeyRole,
    new_signer: Signer,
    signer_of: SignerOf,
    expiry: Expiry,
) -> int:
    """Trust `new_signer` for `role` instead of its key now: a new root version, signed by the
    current root key (so PCs that trust the old root accept it) and, for the root itself, by the
    new one too. Then the role's metadata is signed again with the new key. Returns the new root's
    version."""
    root = repository.root()
    for keyid in list(root.signed.roles[role.value].keyids):
        root.signed.revoke_key(keyid, role.value)
    root.signed.add_key(new_signer.public_key, role.value)
    _bump(root, expiry, KeyRole.root)
    previous_root = repository.root().signed
    root.sign(signer_of(KeyRole.root))
    if role is KeyRole.root:
        root.sign(new_signer, append=True)
    for trusted in (previous_root, root.signed):
        try:
            trusted.verify_delegate(Root.type, root.signed_bytes, root.signatures)
        except UnsignedMetadataError:
            raise ReleaseError("the root key given is not the one the current root trusts") from None
    _write_atomically(
        repository.metadata_dir / f"{root.signed.version}.root.json",
        root.to_bytes(JSONSerializer(compact=False)),
    )

    def rotated(wanted: KeyRole) -> Signer:
        return new_signer if wanted is role else signer_of(wanted)

    if role in (KeyRole.root, KeyRole.targets):
        _publish(repository, repository.targets(), rotated, expiry)
    else:
        _publish_snapshot(repository, repository.targets().signed.version, rotated, expiry)
    return root.signed.version


def _publish(
    repository: ReleaseRepository, targets: Metadata[Targets], signer_of: SignerOf, expiry: Expiry
) -> None:
    _bump(targets, expiry, KeyRole.targets)
    repository.write(targets, signer_of(KeyRole.targets))
    _publish_snapshot(repository, targets.signed.version, signer_of, expiry)


def _publish_snapshot(
    repository: ReleaseRepository, targets_version: int, signer_of: SignerOf, expiry: Expiry
) -> None:
    """The new snapshot first, the timestamp naming it last: a client reading meanwhile sees the
    old set whole."""
    snapshot = repository.snapshot()
    snapshot.signed.meta["targets.json"] = MetaFile(targets_version)
    _bump(snapshot, expiry, KeyRole.snapshot)
    repository.write(snapshot, signer_of(KeyRole.snapshot))
    timestamp = repository.timestamp()
    timestamp.signed.snapshot_meta = MetaFile(snapshot.signed.version)
    _bump(timestamp, expiry, KeyRole.timestamp)
    repository.write(timestamp, signer_of(KeyRole.timestamp))


def _bump(metadata: Metadata[Any], expiry: Expiry, role: KeyRole) -> None:
    metadata.signed.version += 1
    metadata.signed.expires = _expires(expiry, role)


def _expires(expiry: Expiry, role: KeyRole) -> datetime:
    return datetime.now(UTC).replace(microsecond=0) + timedelta(days=expiry.days(role))


def _check_bundle(bundle: Path, platform: UpdatePlatform) -> None:
    launcher = "guide-app.exe" if platform is UpdatePlatform.windows_x86_64 else "guide-app"
    if not (bundle / launcher).is_file():
        raise ReleaseError(f"{bundle} is not a {platform.value} bundle: it has no {launcher} at its top")


def _pack_target(repository: ReleaseRepository, bundle: Path, name: str) -> TargetFile:
    """The archive under its content-addressed name; packed beside it first, so a half-written
    archive never carries a published name."""
    repository.targets_dir.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=repository.targets_dir, prefix=".packing-")
    os.close(handle)
    try:
        pack_bundle(bundle, Path(temporary))
        target = TargetFile.from_file(name, temporary, ["sha256"])
        os.replace(temporary, repository.targets_dir / f"{target.hashes['sha256']}.{name}")
    finally:
        Path(temporary).unlink(missing_ok=True)
    return target


def _release(name: str, target: TargetFile) -> Release:
    custom = target.custom if isinstance(target.custom, dict) else {}
    return Release(
        name=name,
        version=str(custom.get("version", "")),
        platform=str(custom.get("platform", "")),
        length=target.length,
        sha256=target.hashes.get("sha256", ""),
    )


def _write_atomically(path: Path, content: bytes) -> None:
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
