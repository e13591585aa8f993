"""The release PC's tool: keys stay encrypted, bundles are packed and signed, versions only rise."""

from __future__ import annotations

import stat
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from tuf.api.exceptions import DownloadHTTPError
from tuf.api.metadata import Root, Snapshot, Targets, Timestamp
from tuf.ngclient import FetcherInterface, Updater

from hq.services.updates import check_repository
from release import keys
from release.archive import pack_bundle
from release.cli import main
from release.keys import KeyRole, ReleaseError
from release.repository import Expiry, ReleaseRepository, SignerOf, add_bundle, refresh
from tests.support.update_repository import (
    LINUX,
    PASSPHRASE,
    SignedRepository,
    signed_repository,
    synthetic_bundle,
)


def _signer_of(signed: SignedRepository, keys_dir: Path | None = None) -> SignerOf:
    return lambda role: keys.signer(keys_dir or signed.keys_dir, role, PASSPHRASE.encode())


def test_private_keys_are_encrypted_owner_only_and_never_overwritten(tmp_path: Path) -> None:
    keys.new_key(tmp_path, KeyRole.targets, PASSPHRASE.encode())
    private = keys.private_key_path(tmp_path, KeyRole.targets)
    assert private.read_bytes().startswith(b"-----BEGIN ENCRYPTED PRIVATE KEY-----")
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    before = private.read_bytes()
    with pytest.raises(ReleaseError, match="never overwritten"):
        keys.new_key(tmp_path, KeyRole.targets, PASSPHRASE.encode())
    assert private.read_bytes() == before
    with pytest.raises(ReleaseError, match="passphrase of the targets key is wrong"):
        keys.signer(tmp_path, KeyRole.targets, b"not the passphrase at all")
    with pytest.raises(ReleaseError, match="at least 12"):
        keys.new_key(tmp_path, KeyRole.root, b"short")


def test_a_bundle_packs_to_the_same_bytes_with_its_executable_kept(tmp_path: Path) -> None:
    bundle = synthetic_bundle(tmp_path / "bundle", "0.2.0")
    pack_bundle(bundle, tmp_path / "one.zip")
    (bundle / "guide-app").touch()  # a newer date changes nothing in the archive
    pack_bundle(bundle, tmp_path / "two.zip")
    assert (tmp_path / "one.zip").read_bytes() == (tmp_path / "two.zip").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.zip") as archive:
        entries = {entry.filename: entry for entry in archive.infolist()}
    assert "guide-app" in entries and "_internal/translations/guide_desk_zh_CN.qm" in entries
    assert not any(name.startswith("/") or ".." in name for name in entries)
    assert stat.S_IMODE(entries["guide-app"].external_attr >> 16) == 0o755
    assert stat.S_IMODE(entries["_internal/base_library.zip"].external_attr >> 16) == 0o644


def test_a_link_out_of_the_bundle_is_refused(tmp_path: Path) -> None:
    bundle = synthetic_bundle(tmp_path / "bundle", "0.2.0")
    (tmp_path / "secret.txt").write_text("not part of the app")
    (bundle / "leak.txt").symlink_to(tmp_path / "secret.txt")
    with pytest.raises(ReleaseError, match="outside the bundle"):
        pack_bundle(bundle, tmp_path / "out.zip")


def test_an_added_bundle_is_signed_into_targets_snapshot_and_timestamp(tmp_path: Path) -> None:
    signed = signed_repository(tmp_path, ("0.1.0", "0.2.0"))
    repository = signed.repository
    root = repository.root().signed
    for metadata in (repository.targets(), repository.snapshot(), repository.timestamp()):
        root.verify_delegate(metadata.signed.type, metadata.signed_bytes, metadata.signatures)
    assert repository.targets().signed.version == 3  # init, then one per bundle
    assert repository.timestamp().signed.snapshot_meta.version == repository.snapshot().signed.version
    newest = repository.releases()[0]
    assert (newest.version, newest.platform, newest.name) == (
        "0.2.0",
        "linux-x86_64",
        "guide-desk-0.2.0-linux-x86_64.zip",
    )
    archive = repository.targets_dir / f"{newest.sha256}.{newest.name}"
    assert archive.stat().st_size == newest.length
    assert not [path for path in repository.targets_dir.iterdir() if path.name.startswith(".")]


def test_a_version_not_newer_than_the_newest_is_refused(tmp_path: Path) -> None:
    signed = signed_repository(tmp_path, ("0.2.0",))
    bundle = synthetic_bundle(tmp_path / "again", "0.1.9")
    for version in ("0.2.0", "0.1.9"):
        with pytest.raises(ReleaseError, match=r"not newer than 0\.2\.0"):
            add_bundle(signed.repository, bundle, version, LINUX, _signer_of(signed), Expiry())
    with pytest.raises(ReleaseError, match=r"MAJOR\.MINOR\.PATCH"):
        add_bundle(signed.repository, bundle, "0.3", LINUX, _signer_of(signed), Expiry())
    assert [release.version for release in signed.repository.releases()] == ["0.2.0"]


def test_a_folder_without_the_app_is_not_signed(tmp_path: Path) -> None:
    signed = signed_repository(tmp_path, ())
    (tmp_path / "empty").mkdir()
    with pytest.raises(ReleaseError, match="has no guide-app"):
        add_bundle(signed.repository, tmp_path / "empty", "0.2.0", LINUX, _signer_of(signed), Expiry())


def test_a_key_the_root_does_not_trust_signs_nothing(tmp_path: Path) -> None:
    signed = signed_repository(tmp_path, ())
    stranger = tmp_path / "stranger"
    for role in KeyRole:
        keys.new_key(stranger, role, PASSPHRASE.encode())
    bundle = synthetic_bundle(tmp_path / "bundle", "0.2.0")
    with pytest.raises(ReleaseError, match="not the one the root trusts"):
        add_bundle(signed.repository, bundle, "0.2.0", LINUX, _signer_of(signed, stranger), Expiry())
    assert signed.repository.targets().signed.version == 1


def test_refresh_gives_snapshot_and_timestamp_new_expiry_dates(tmp_path: Path) -> None:
    signed = signed_repository(tmp_path, ("0.2.0",))
    repository = signed.repository
    targets_before = repository.targets().signed
    refresh(repository, _signer_of(signed), Expiry(snapshot_days=60, timestamp_days=7))
    snapshot, timestamp = repository.snapshot().signed, repository.timestamp().signed
    assert isinstance(snapshot, Snapshot) and isinstance(timestamp, Timestamp)
    assert abs(snapshot.expires - (datetime.now(UTC) + timedelta(days=60))) < timedelta(minutes=5)
    assert abs(timestamp.expires - (datetime.now(UTC) + timedelta(days=7))) < timedelta(minutes=5)
    assert repository.targets().signed == targets_before  # the archives' signatures are untouched
    refresh(repository, _signer_of(signed), Expiry(), with_targets=True)
    assert isinstance(repository.targets().signed, Targets)
    assert repository.targets().signed.version == targets_before.version + 1
    refresh(repository, _signer_of(signed), Expiry(root_days=400), with_root=True)
    assert repository.root().signed.version == 2
    assert repository.root().signed.expires - datetime.now(UTC) > timedelta(days=399)
    assert check_repository(repository.folder).root_version == 2


def test_the_command_line_makes_keys_and_a_repository_with_the_passphrase_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GUIDE_RELEASE_PASSPHRASE", PASSPHRASE)
    keys_dir, repo = str(tmp_path / "keys"), str(tmp_path / "repo")
    assert main(["keys", "new", "--keys", keys_dir]) == 0
    assert main(["keys", "new", "--keys", keys_dir]) == 2
    assert "never overwritten" in capsys.readouterr().err
    assert main(["init", "--keys", keys_dir, "--repo", repo]) == 0
    assert main(["init", "--keys", keys_dir, "--repo", repo]) == 2
    bundle = synthetic_bundle(tmp_path / "bundle", "0.2.0")
    arguments = ["--version", "0.2.0", "--platform", "linux-x86_64", "--keys", keys_dir, "--repo", repo]
    assert main(["add", str(bundle), *arguments]) == 0
    assert main(["status", "--repo", repo]) == 0
    assert "guide-desk-0.2.0-linux-x86_64.zip" in capsys.readouterr().out
    root = ReleaseRepository(Path(repo)).root().signed
    assert isinstance(root, Root) and root.consistent_snapshot
    assert root.expires - datetime.now(UTC) > timedelta(days=360)


class _FolderFetcher(FetcherInterface):
    """tuf's network replaced by the repository folder, as HQ would serve it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _fetch(self, url: str) -> Iterator[bytes]:
        path = self.folder / url.removeprefix("http://hq.invalid/")
        if not path.is_file():
            raise DownloadHTTPError("not found", 404)
        return iter([path.read_bytes()])


def _newest_as_a_pc_sees_it(repository: ReleaseRepository, trust_dir: Path, first_root: bytes) -> str:
    updater = Updater(
        str(trust_dir),
        "http://hq.invalid/metadata/",
        fetcher=_FolderFetcher(repository.folder),
        bootstrap=first_root,
    )
    updater.refresh()
    info = updater.get_targetinfo("guide-desk-0.3.0-linux-x86_64.zip")
    assert info is not None
    return str(info.custom["version"])


@pytest.mark.parametrize("role", list(KeyRole))
def test_a_pc_that_trusts_the_first_root_accepts_releases_signed_after_a_key_rotation(
    tmp_path: Path, role: KeyRole, monkeypatch: pytest.MonkeyPatch
) -> None:
    signed = signed_repository(tmp_path, ("0.2.0",))
    first_root = signed.trusted_root
    monkeypatch.setenv("GUIDE_RELEASE_PASSPHRASE", PASSPHRASE)
    new_keys = tmp_path / "new-keys"
    keys_dir, repo = str(signed.keys_dir), str(signed.repository.folder)
    assert main(["keys", "new", "--keys", str(new_keys), "--roles", role.value]) == 0
    assert main(["rotate", role.value, "--keys", keys_dir, "--new-keys", str(new_keys), "--repo", repo]) == 0
    assert list((signed.keys_dir / "retired").glob(f"{role.value}-*.key.pem"))
    bundle = synthetic_bundle(tmp_path / "bundle", "0.3.0")
    arguments = ["--version", "0.3.0", "--platform", "linux-x86_64", "--keys", keys_dir, "--repo", repo]
    assert main(["add", str(bundle), *arguments]) == 0  # signed with the keys folder's new key

    assert signed.repository.root().signed.version == 2
    assert _newest_as_a_pc_sees_it(signed.repository, tmp_path / "pc", first_root) == "0.3.0"
    assert check_repository(signed.repository.folder).root_version == 2
