"""A store PC finds and downloads a signed update from a real HQ process, made and published with
the real `guide-release` and `guide-hq updates publish`; a break resumes, tampering is refused."""

from __future__ import annotations

import asyncio
import json
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from guide_app.errors import Cancelled
from guide_app.jobs import CancelToken
from guide_app.update import fetch
from guide_app.update.fetch import UpdateOffer, UpdateRefused, UpdatesNotSetUp, download_update, find_update
from hq.core.config import Settings
from hq.services import updates
from tests.support.fault_proxy import Fault, FaultProxy, RequestSeen
from tests.support.live_hq import serve
from tests.support.update_repository import run_cli, synthetic_bundle

PLATFORM = "linux-x86_64"
PAYLOAD = 300 * 1024  # random bytes in N+1, so its archive can break in the middle
TARGETS_PATH = "/api/v1/client/updates/targets/"


@dataclass(frozen=True)
class ReleasePc:
    repo: Path
    root: bytes


@dataclass(frozen=True)
class PublishedHq:
    base_url: str
    updates_dir: Path


@pytest.fixture(scope="module")
def release_pc(tmp_path_factory: pytest.TempPathFactory) -> ReleasePc:
    """Keys and a repository holding 0.1.0 and 0.2.0, made with the real command line."""
    folder = tmp_path_factory.mktemp("release-pc")
    keys, repo = str(folder / "keys"), str(folder / "repo")
    steps = [
        ["keys", "new", "--keys", keys],
        ["init", "--keys", keys, "--repo", repo],
    ]
    for version, payload in (("0.1.0", 0), ("0.2.0", PAYLOAD)):
        bundle = synthetic_bundle(folder / version, version, payload)
        steps.append(
            ["add", str(bundle), "--version", version, "--platform", PLATFORM, "--keys", keys, "--repo", repo]
        )
    for step in steps:
        done = run_cli("release.cli", *step)
        assert done.returncode == 0, done.stderr
    return ReleasePc(Path(repo), (Path(repo) / "metadata" / "1.root.json").read_bytes())


@pytest.fixture(scope="module")
def live_hq(tmp_path_factory: pytest.TempPathFactory, release_pc: ReleasePc) -> Iterator[PublishedHq]:
    """One `guide-hq serve` for the module (updates need no organisation), published to with the
    real `guide-hq updates publish` while it runs."""
    settings = Settings(data_dir=tmp_path_factory.mktemp("hq"))
    with serve(settings) as live:
        done = run_cli(
            "hq.cli", "updates", "publish", str(release_pc.repo), "--data-dir", str(settings.data_dir)
        )
        assert done.returncode == 0, done.stderr
        assert "0.2.0 (linux-x86_64)" in done.stdout
        yield PublishedHq(live.base_url, settings.updates_dir)
        assert "Traceback" not in live.log(), live.log()


@pytest.fixture
def published(live_hq: PublishedHq, release_pc: ReleasePc) -> PublishedHq:
    """The repository as published, whatever an earlier test tampered with (publishing again
    replaces a damaged archive and every metadata file)."""
    updates.publish(release_pc.repo, live_hq.updates_dir)
    return live_hq


@pytest.fixture
def trust_dir(tmp_path: Path, release_pc: ReleasePc) -> Path:
    """The store PC's trust folder, seeded with the root its copy of the app was built with."""
    folder = tmp_path / "trust"
    folder.mkdir()
    (folder / "root.json").write_bytes(release_pc.root)
    return folder


def _archive_on_hq(hq: PublishedHq) -> Path:
    (archive,) = (hq.updates_dir / "targets").glob("*.guide-desk-0.2.0-*.zip")
    return archive


def test_a_client_at_n_finds_n_plus_1_and_downloads_it_verified(
    published: PublishedHq, trust_dir: Path, tmp_path: Path
) -> None:
    url = published.base_url
    offer = asyncio.run(find_update(url, trust_dir, "0.1.0", PLATFORM))
    assert offer is not None
    assert offer == UpdateOffer(
        "0.2.0", PLATFORM, _archive_on_hq(published).stat().st_size, offer.target_name
    )
    assert offer.target_name == "guide-desk-0.2.0-linux-x86_64.zip"
    assert asyncio.run(find_update(url, trust_dir, "0.2.0", PLATFORM)) is None
    assert asyncio.run(find_update(url, trust_dir, "0.1.0", "windows-x86_64")) is None

    progress: list[tuple[int, int]] = []
    archive = asyncio.run(
        download_update(url, trust_dir, tmp_path / "downloads", offer, lambda *step: progress.append(step))
    )
    assert archive.read_bytes() == _archive_on_hq(published).read_bytes()
    assert progress[-1] == (offer.size, offer.size)
    with zipfile.ZipFile(archive) as unpacked:
        launcher = unpacked.getinfo("guide-app")
        assert b"0.2.0" in unpacked.read(launcher)
        assert (launcher.external_attr >> 16) & 0o111
    assert sorted(path.name for path in (tmp_path / "downloads").iterdir()) == [archive.name]


def test_a_broken_download_resumes_from_its_partial_with_a_range(
    published: PublishedHq, trust_dir: Path, tmp_path: Path
) -> None:
    offer = asyncio.run(find_update(published.base_url, trust_dir, "0.1.0", PLATFORM))
    assert offer is not None and offer.size > PAYLOAD

    def cut_the_first_archive_request(request: RequestSeen) -> Fault:
        first = request.path.startswith(TARGETS_PATH) and request.nth == 1
        return Fault.truncate if first else Fault.none

    async def through_a_breaking_line() -> tuple[Path, FaultProxy]:
        async with FaultProxy(published.base_url, choose=cut_the_first_archive_request) as proxy:
            archive = await download_update(proxy.base_url, trust_dir, tmp_path / "cut", offer)
            return archive, proxy

    archive, proxy = asyncio.run(through_a_breaking_line())
    cut, resumed = [item for item in proxy.exchanges if item.request.path.startswith(TARGETS_PATH)]
    assert cut.fault is Fault.truncate and "range" not in cut.headers
    assert 0 < cut.body_bytes_forwarded < offer.size
    assert resumed.headers["range"] == f"bytes={cut.body_bytes_forwarded}-"
    assert resumed.body_bytes_forwarded == offer.size - cut.body_bytes_forwarded
    assert archive.read_bytes() == _archive_on_hq(published).read_bytes()


def test_a_cancelled_download_goes_on_from_where_it_stopped(
    published: PublishedHq, trust_dir: Path, tmp_path: Path
) -> None:
    offer = asyncio.run(find_update(published.base_url, trust_dir, "0.1.0", PLATFORM))
    assert offer is not None
    cancel = CancelToken()

    def stop_after_some_bytes(done: int, _total: int) -> None:
        if done > 0:
            cancel.cancel()

    downloads = tmp_path / "downloads"
    with pytest.raises(Cancelled):
        asyncio.run(
            download_update(published.base_url, trust_dir, downloads, offer, stop_after_some_bytes, cancel)
        )
    (partial,) = downloads.glob("*.part")
    kept = partial.stat().st_size
    assert 0 < kept < offer.size

    async def resumed() -> tuple[Path, FaultProxy, list[tuple[int, int]]]:
        progress: list[tuple[int, int]] = []
        async with FaultProxy(published.base_url) as proxy:
            archive = await download_update(
                proxy.base_url, trust_dir, downloads, offer, lambda *s: progress.append(s)
            )
            return archive, proxy, progress

    archive, proxy, progress = asyncio.run(resumed())
    (request,) = [item for item in proxy.exchanges if item.request.path.startswith(TARGETS_PATH)]
    assert request.headers["range"] == f"bytes={kept}-"
    assert progress[0] == (kept, offer.size) and progress[-1] == (offer.size, offer.size)
    assert archive.read_bytes() == _archive_on_hq(published).read_bytes()
    assert not list(downloads.glob("*.part"))


def test_a_tampered_archive_is_refused_and_nothing_is_left(
    published: PublishedHq, trust_dir: Path, tmp_path: Path
) -> None:
    offer = asyncio.run(find_update(published.base_url, trust_dir, "0.1.0", PLATFORM))
    assert offer is not None
    on_hq = _archive_on_hq(published)
    tampered = bytearray(on_hq.read_bytes())
    tampered[len(tampered) // 3] ^= 0x01  # one bit, same length
    on_hq.write_bytes(bytes(tampered))

    downloads = tmp_path / "downloads"
    with pytest.raises(UpdateRefused, match="nothing was changed and the running version goes on"):
        asyncio.run(download_update(published.base_url, trust_dir, downloads, offer))
    assert list(downloads.iterdir()) == []


def test_tampered_metadata_is_refused_before_any_download(
    published: PublishedHq, trust_dir: Path, tmp_path: Path
) -> None:
    targets_file = published.updates_dir / "metadata" / "3.targets.json"
    document = json.loads(targets_file.read_bytes())
    for target in document["signed"]["targets"].values():
        target["length"] += 1  # the signature no longer covers what it says
    targets_file.write_text(json.dumps(document))

    with pytest.raises(UpdateRefused, match="signature does not match") as refused:
        asyncio.run(find_update(published.base_url, trust_dir, "0.1.0", PLATFORM))
    assert "nothing was changed" in refused.value.message
    assert not (trust_dir / "targets.json").exists()  # the tampered file was never kept
    offer = UpdateOffer("0.2.0", PLATFORM, 1, "guide-desk-0.2.0-linux-x86_64.zip")
    with pytest.raises(UpdateRefused):
        asyncio.run(download_update(published.base_url, trust_dir, tmp_path / "downloads", offer))
    assert not (tmp_path / "downloads").exists()


def test_a_copy_without_a_trusted_root_says_updates_are_not_set_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fetch, "TRUSTED_ROOT_RESOURCE", "no-such-root.json")
    with pytest.raises(UpdatesNotSetUp, match="updates are not set up for this copy"):
        asyncio.run(find_update("http://127.0.0.1:9", tmp_path / "trust", "0.1.0", PLATFORM))
