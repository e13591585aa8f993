"""Signed update repositories for tests: keys, a repository and synthetic bundles, made quickly."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from securesystemslib.signer import Signer

from guide_app.update.fetch import UpdatePlatform
from release import keys
from release.keys import KeyRole
from release.repository import Expiry, ReleaseRepository, add_bundle, init_repository
from tests.support.update_bundles import bundle_folder

PASSPHRASE = "test passphrase, not a real one"
LINUX = UpdatePlatform.linux_x86_64


@dataclass(frozen=True)
class SignedRepository:
    keys_dir: Path
    repository: ReleaseRepository

    @property
    def trusted_root(self) -> bytes:
        """What a copy of the app is built with: the repository's first root."""
        return (self.repository.metadata_dir / "1.root.json").read_bytes()


def synthetic_bundle(folder: Path, version: str, payload_bytes: int = 0) -> Path:
    """A bundle folder with an executable guide-app; `payload_bytes` of random (incompressible)
    bytes make an archive big enough to break in the middle."""
    bundle_folder(folder, version)
    if payload_bytes:
        (folder / "_internal" / "payload.bin").write_bytes(os.urandom(payload_bytes))
    return folder


def signed_repository(folder: Path, versions: tuple[str, ...], payload_bytes: int = 0) -> SignedRepository:
    """Keys, a repository, and one signed bundle per version, in process (no passphrase prompt)."""
    keys_dir = folder / "keys"
    for role in KeyRole:
        keys.new_key(keys_dir, role, PASSPHRASE.encode())

    @cache
    def signer_of(role: KeyRole) -> Signer:
        return keys.signer(keys_dir, role, PASSPHRASE.encode())

    repository = ReleaseRepository(folder / "repo")
    init_repository(repository, keys_dir, signer_of, Expiry())
    for version in versions:
        bundle = synthetic_bundle(folder / "bundles" / version, version, payload_bytes)
        add_bundle(repository, bundle, version, LINUX, signer_of, Expiry())
    return SignedRepository(keys_dir, repository)


def run_cli(module: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    """`python -m <module> …` as an operator runs it, with the release passphrase set."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("GUIDE_")}
    environment["GUIDE_RELEASE_PASSPHRASE"] = PASSPHRASE
    return subprocess.run(
        [sys.executable, "-m", module, *arguments],
        capture_output=True,
        text=True,
        env=environment,
        timeout=60,
        check=False,
    )
