"""The release PC's signing keys: ed25519, one per TUF role, private halves PEM-encrypted."""

from __future__ import annotations

import getpass
import os
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    BestAvailableEncryption,
    Encoding,
    PrivateFormat,
    PublicFormat,
    load_pem_private_key,
    load_pem_public_key,
)
from securesystemslib.signer import CryptoSigner, SSlibKey

PASSPHRASE_VARIABLE = "GUIDE_RELEASE_PASSPHRASE"
MIN_PASSPHRASE = 12  # an encrypted key that leaks is only as strong as its passphrase


class ReleaseError(Exception):
    """A release step that cannot go on; the message says what to do."""


class KeyRole(StrEnum):
    """TUF's four top-level roles, each signed by its own key."""

    root = "root"
    targets = "targets"
    snapshot = "snapshot"
    timestamp = "timestamp"


def private_key_path(keys_dir: Path, role: KeyRole) -> Path:
    return keys_dir / f"{role.value}.key.pem"


def public_key_path(keys_dir: Path, role: KeyRole) -> Path:
    return keys_dir / f"{role.value}.pub.pem"


def passphrase_for(role: KeyRole, *, confirm: bool = False, which: str = "") -> bytes:
    """GUIDE_RELEASE_<ROLE>_PASSPHRASE, else GUIDE_RELEASE_PASSPHRASE, else asked at the terminal
    (twice for a new key, so a typo does not lock the key away). `which` names the key in the
    prompt ("new") when two keys of one role are in play."""
    named = f"GUIDE_RELEASE_{role.value.upper()}_PASSPHRASE"
    from_environment = os.environ.get(named) or os.environ.get(PASSPHRASE_VARIABLE)
    if from_environment:
        return from_environment.encode()
    typed = getpass.getpass(f"passphrase of the {which + ' ' if which else ''}{role.value} key: ")
    if confirm and getpass.getpass("again: ") != typed:
        raise ReleaseError("the two passphrases differ")
    return typed.encode()


def new_key(keys_dir: Path, role: KeyRole, passphrase: bytes) -> SSlibKey:
    """Write a fresh key pair; never replaces an existing key (a lost key cannot sign again)."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise ReleaseError(f"the passphrase must have at least {MIN_PASSPHRASE} characters")
    keys_dir.mkdir(parents=True, exist_ok=True)
    private_path, public_path = private_key_path(keys_dir, role), public_key_path(keys_dir, role)
    if private_path.exists() or public_path.exists():
        raise ReleaseError(f"{private_path} already exists: keys are never overwritten")
    private_key = Ed25519PrivateKey.generate()
    private_pem = private_key.private_bytes(
        Encoding.PEM, PrivateFormat.PKCS8, BestAvailableEncryption(passphrase)
    )
    public_pem = private_key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    # O_EXCL: a key made meanwhile by another run is not overwritten either; 0o600: owner only.
    descriptor = os.open(private_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as file:
        file.write(private_pem)
    with open(public_path, "xb") as file:
        file.write(public_pem)
    return SSlibKey.from_crypto(private_key.public_key(), scheme="ed25519")


def public_key(keys_dir: Path, role: KeyRole) -> SSlibKey:
    path = public_key_path(keys_dir, role)
    try:
        loaded = load_pem_public_key(path.read_bytes())
    except FileNotFoundError:
        raise ReleaseError(f"no {role.value} key at {path}: run `guide-release keys new` first") from None
    if not isinstance(loaded, Ed25519PublicKey):
        raise ReleaseError(f"{path} is not an ed25519 public key")
    return SSlibKey.from_crypto(loaded, scheme="ed25519")


def signer(keys_dir: Path, role: KeyRole, passphrase: bytes | None = None) -> CryptoSigner:
    """The role's private key, decrypted for this run only; it is never written in plain form."""
    path = private_key_path(keys_dir, role)
    try:
        encrypted = path.read_bytes()
    except FileNotFoundError:
        raise ReleaseError(f"no {role.value} private key at {path}") from None
    secret = passphrase if passphrase is not None else passphrase_for(role)
    try:
        private_key = load_pem_private_key(encrypted, secret)
    except (ValueError, TypeError):
        raise ReleaseError(f"the passphrase of the {role.value} key is wrong") from None
    if not isinstance(private_key, Ed25519PrivateKey):
        raise ReleaseError(f"{path} is not an ed25519 private key")
    return CryptoSigner(private_key, public_key(keys_dir, role))


def retire_key(keys_dir: Path, role: KeyRole, replacement_dir: Path) -> Path:
    """Move the role's key into keys_dir/retired/ and the replacement's into its place; returns
    where the old private key went. Nothing is overwritten: a retired key stays readable."""
    retired = keys_dir / "retired"
    retired.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    moves = [
        (private_key_path(keys_dir, role), retired / f"{role.value}-{stamp}.key.pem"),
        (public_key_path(keys_dir, role), retired / f"{role.value}-{stamp}.pub.pem"),
        (private_key_path(replacement_dir, role), private_key_path(keys_dir, role)),
        (public_key_path(replacement_dir, role), public_key_path(keys_dir, role)),
    ]
    for source, destination in moves:
        if destination.exists():
            raise ReleaseError(f"{destination} already exists; move it away and run the command again")
        os.replace(source, destination)
    return moves[0][1]
