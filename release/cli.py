"""`guide-release`: make the signing keys and the signed update repository on the release PC."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from securesystemslib.signer import Signer
from tuf.api.metadata import Metadata

from guide_app.update.fetch import UpdatePlatform
from release import keys
from release.keys import KeyRole, ReleaseError
from release.repository import (
    Expiry,
    ReleaseRepository,
    SignerOf,
    add_bundle,
    init_repository,
    refresh,
    rotate_key,
)


def _signer_of(keys_dir: Path) -> SignerOf:
    @cache
    def signer_of(role: KeyRole) -> Signer:  # each passphrase is asked once per run
        return keys.signer(keys_dir, role)

    return signer_of


def _expiry(args: argparse.Namespace) -> Expiry:
    return Expiry(
        root_days=args.root_days,
        targets_days=args.targets_days,
        snapshot_days=args.snapshot_days,
        timestamp_days=args.timestamp_days,
    )


def cmd_keys_new(args: argparse.Namespace) -> int:
    keys_dir = Path(args.keys)
    roles = [KeyRole(role) for role in args.roles]
    for role in roles:  # refuse before asking any passphrase
        if keys.private_key_path(keys_dir, role).exists():
            raise ReleaseError(
                f"{keys.private_key_path(keys_dir, role)} already exists: keys are never overwritten"
            )
    for role in roles:
        made = keys.new_key(keys_dir, role, keys.passphrase_for(role, confirm=True))
        print(
            f"guide-release: {role.value} key {made.keyid[:16]}… in {keys.private_key_path(keys_dir, role)}"
        )
    print("guide-release: keep the root key offline (a USB stick in a safe) once `init` has run")
    return 0


def cmd_init(args: argparse.Namespace) -> int:
    repository = ReleaseRepository(Path(args.repo))
    init_repository(repository, Path(args.keys), _signer_of(Path(args.keys)), _expiry(args))
    print(f"guide-release: repository made in {repository.folder}")
    print(
        "guide-release: build the app with `packaging/build.py --update-root "
        f"{repository.metadata_dir / '1.root.json'}`: every copy checks its updates against it"
    )
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    repository = ReleaseRepository(Path(args.repo))
    release = add_bundle(
        repository,
        Path(args.bundle),
        args.version,
        UpdatePlatform(args.platform),
        _signer_of(Path(args.keys)),
        _expiry(args),
    )
    print(f"guide-release: signed {release.name} ({release.length} bytes, sha256 {release.sha256})")
    print(f"guide-release: publish it at HQ with `guide-hq updates publish {repository.folder}`")
    return 0


def cmd_refresh(args: argparse.Namespace) -> int:
    repository = ReleaseRepository(Path(args.repo))
    refresh(
        repository, _signer_of(Path(args.keys)), _expiry(args), with_targets=args.targets, with_root=args.root
    )
    print("guide-release: signed again; publish it at HQ before the old timestamp expires")
    return cmd_status(args)


def cmd_rotate(args: argparse.Namespace) -> int:
    role, keys_dir, new_keys = KeyRole(args.role), Path(args.keys), Path(args.new_keys)
    repository = ReleaseRepository(Path(args.repo))
    new_signer = keys.signer(new_keys, role, keys.passphrase_for(role, which="new"))
    version = rotate_key(repository, role, new_signer, _signer_of(keys_dir), _expiry(args))
    retired = keys.retire_key(keys_dir, role, new_keys)
    print(f"guide-release: root v{version} trusts the new {role.value} key; the old one is in {retired}")
    print(f"guide-release: publish it at HQ with `guide-hq updates publish {repository.folder}`")
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    repository = ReleaseRepository(Path(args.repo))
    now = datetime.now(UTC)
    roles: list[Metadata[Any]] = [
        repository.root(),
        repository.targets(),
        repository.snapshot(),
        repository.timestamp(),
    ]
    for metadata in roles:
        signed = metadata.signed
        days = (signed.expires - now).days
        warning = "  <- EXPIRED" if days < 0 else "  <- expires soon" if days < 10 else ""
        print(f"{signed.type:<10} v{signed.version:<4} expires {signed.expires:%Y-%m-%d %H:%M} UTC{warning}")
    for release in repository.releases():
        print(f"  {release.version:<10} {release.platform:<16} {release.length:>12} bytes  {release.name}")
    return 0


def _add_expiry_options(parser: argparse.ArgumentParser) -> None:
    defaults = Expiry()
    for role in KeyRole:
        parser.add_argument(
            f"--{role.value}-days",
            type=int,
            default=defaults.days(role),
            metavar="DAYS",
            help=f"days the {role.value} signature holds (default {defaults.days(role)})",
        )


def build_parser() -> argparse.ArgumentParser:
    keys_option = argparse.ArgumentParser(add_help=False)
    keys_option.add_argument("--keys", required=True, metavar="FOLDER", help="the folder of the signing keys")
    repo_option = argparse.ArgumentParser(add_help=False)
    repo_option.add_argument("--repo", required=True, metavar="FOLDER", help="the update repository's folder")
    signing = argparse.ArgumentParser(add_help=False, parents=[keys_option, repo_option])
    _add_expiry_options(signing)

    parser = argparse.ArgumentParser(
        prog="guide-release",
        description="Sign Guide Desk updates on the release PC (never on HQ). Private keys are "
        "PEM files encrypted with a passphrase: set GUIDE_RELEASE_PASSPHRASE (or "
        "GUIDE_RELEASE_<ROLE>_PASSPHRASE, e.g. GUIDE_RELEASE_ROOT_PASSPHRASE), or type it when asked.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    key_parser = commands.add_parser("keys", help="make signing keys", description="Signing keys.")
    key_commands = key_parser.add_subparsers(dest="keys_command", required=True, metavar="ACTION")
    new = key_commands.add_parser(
        "new",
        parents=[keys_option],
        help="make a key pair per role",
        description="Make an ed25519 key pair for each role (root, targets, snapshot, timestamp): "
        "<role>.key.pem (encrypted) and <role>.pub.pem. An existing key is never overwritten.",
    )
    new.add_argument(
        "--roles",
        nargs="+",
        default=[role.value for role in KeyRole],
        choices=[role.value for role in KeyRole],
    )
    new.set_defaults(handler=cmd_keys_new)

    init = commands.add_parser(
        "init",
        parents=[signing],
        help="make a new, empty repository",
        description="Make version 1 of every role's metadata, naming each role's public key.",
    )
    init.set_defaults(handler=cmd_init)

    add = commands.add_parser(
        "add",
        parents=[signing],
        help="sign a bundle folder into the repository",
        description="Zip the bundle folder's contents as guide-desk-VERSION-PLATFORM.zip and sign "
        "it into targets, snapshot and timestamp. The version must be newer than every one "
        "already there for that platform.",
    )
    add.add_argument("bundle", help="the one-folder bundle (what holds guide-app or guide-app.exe)")
    add.add_argument("--version", required=True, help="the bundle's version, MAJOR.MINOR.PATCH")
    add.add_argument("--platform", required=True, choices=[platform.value for platform in UpdatePlatform])
    add.set_defaults(handler=cmd_add)

    refresh_parser = commands.add_parser(
        "refresh",
        parents=[signing],
        help="sign snapshot and timestamp again before they expire",
        description="Give snapshot and timestamp new expiry dates (and targets with --targets; "
        "the root, as a new root version with the same keys, with --root). "
        "Run it well within --timestamp-days, then publish at HQ again.",
    )
    refresh_parser.add_argument("--targets", action="store_true", help="sign targets again too")
    refresh_parser.add_argument(
        "--root", action="store_true", help="sign a new root version too, with the same keys (the root key)"
    )
    refresh_parser.set_defaults(handler=cmd_refresh)

    rotate = commands.add_parser(
        "rotate",
        parents=[signing],
        help="replace one role's key",
        description="Make the repository trust a new key for ROLE: a new root version signed by "
        "the current root key (and, for root, by the new one too), then the role's metadata "
        "signed with the new key. Make the new key first with `keys new --roles ROLE --keys "
        "NEW_FOLDER`. Afterwards the old key is moved to <keys>/retired/ and the new one takes "
        "its place.",
    )
    rotate.add_argument("role", choices=[role.value for role in KeyRole])
    rotate.add_argument("--new-keys", required=True, metavar="FOLDER", help="where the new key was made")
    rotate.set_defaults(handler=cmd_rotate)

    status = commands.add_parser(
        "status",
        parents=[repo_option],
        help="show versions, expiry dates and archives",
        description="Show each role's version and expiry date, and the archives signed.",
    )
    status.set_defaults(handler=cmd_status)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.handler(args))
    except ReleaseError as error:
        print(f"guide-release: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
