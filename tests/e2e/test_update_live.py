"""Update on loopback, end to end: a real HQ serves version N+1 signed with the real `guide-release`;
a store PC at N finds, verifies, stages and applies it through the real launcher, then rolls back
to N. A tampered archive or tampered metadata is refused, and N goes on running."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from guide_app.jobs import CancelToken, Step
from guide_app.update.fetch import UpdateRefused
from guide_app.update.layout import ROOT_ENV, Installation, InstallState
from guide_app.update.service import Availability, Updates
from hq.core.config import Settings
from tests.support.live_hq import serve
from tests.support.update_bundles import RECORD_ENV, installed
from tests.support.update_repository import run_cli, synthetic_bundle

N, N_PLUS_1 = "0.1.0", "0.2.0"
PLATFORM = "linux-x86_64"

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the synthetic versions are shell scripts")


@pytest.fixture
def backend() -> str:
    """Updates are files in HQ's data folder; the database plays no part, so one backend does."""
    return "sqlite"


@pytest.fixture(scope="module")
def release_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The release PC's repository holding N+1, made with the real command line."""
    folder = tmp_path_factory.mktemp("release-pc")
    keys, repo = str(folder / "keys"), str(folder / "repo")
    bundle = synthetic_bundle(folder / N_PLUS_1, N_PLUS_1, payload_bytes=64 * 1024)
    for step in (
        ["keys", "new", "--keys", keys],
        ["init", "--keys", keys, "--repo", repo],
        ["add", str(bundle), "--version", N_PLUS_1, "--platform", PLATFORM, "--keys", keys, "--repo", repo],
    ):
        done = run_cli("release.cli", *step)
        assert done.returncode == 0, done.stderr
    return Path(repo)


@pytest.fixture
def hq_url(hq_settings: Settings, release_repo: Path) -> Iterator[str]:
    """HQ's operator publishes the repository (HQ holds no key); a real HQ process serves it.
    Updates need no sign-in, so HQ's organisation is not seeded."""
    data_dir = str(hq_settings.data_dir)
    done = run_cli("hq.cli", "updates", "publish", str(release_repo), "--data-dir", data_dir)
    assert done.returncode == 0, done.stderr
    with serve(hq_settings) as live:
        yield live.base_url
        assert "Traceback" not in live.log(), live.log()


@pytest.fixture
def store_pc(tmp_path: Path, release_repo: Path, monkeypatch: pytest.MonkeyPatch) -> Installation:
    """An installation at N whose copy trusts the release PC's first root; each start of a
    version appends "<version> <arguments>" to starts.txt."""
    installation = installed(tmp_path / "GuideDesk", N)
    trust = installation.root / "trust"
    trust.mkdir()
    (trust / "root.json").write_bytes((release_repo / "metadata" / "1.root.json").read_bytes())
    monkeypatch.setenv(ROOT_ENV, str(installation.root))
    monkeypatch.setenv(RECORD_ENV, str(tmp_path / "starts.txt"))
    return installation


def starts(installation: Installation) -> list[str]:
    record = Path(os.environ[RECORD_ENV])
    return record.read_text().splitlines() if record.exists() else []


def wait_for_start(installation: Installation, count: int) -> list[str]:
    """The detached launcher runs on its own; wait (bounded) for the version it started."""
    deadline = time.monotonic() + 20
    while len(starts(installation)) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return starts(installation)


def start_from_shortcut(*arguments: str) -> None:
    command = [sys.executable, "-m", "guide_app.update.launcher", *arguments]
    done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    assert (done.returncode, done.stderr) == (0, ""), done.stderr


def folders(installation: Installation) -> list[str]:
    return sorted(entry.name for entry in installation.app_dir.iterdir() if entry.is_dir())


def test_store_pc_at_n_updates_to_n_plus_1_from_hq_restarts_into_it_and_rolls_back(
    hq_url: str, store_pc: Installation
) -> None:
    at_n = Updates(hq_url, store_pc, running=N, platform=PLATFORM)
    found = asyncio.run(at_n.check())
    assert (found.availability, found.newest) == (Availability.available, N_PLUS_1)
    assert found.offer is not None
    steps: list[Step] = []
    assert asyncio.run(at_n.download_and_stage(found.offer, steps.append, CancelToken())) == N_PLUS_1
    assert steps[-1].done == steps[-1].total == found.offer.size
    assert store_pc.read_state() == InstallState(current=N, staged=N_PLUS_1)
    assert asyncio.run(at_n.check()).availability is Availability.staged

    at_n.restart(["--lang", "zh_CN"])  # "Restart to update": the launcher puts N+1 in place
    assert wait_for_start(store_pc, 1) == [f"{N_PLUS_1} --lang zh_CN"]
    assert store_pc.read_state() == InstallState(current=N_PLUS_1, previous=N)

    at_n_plus_1 = Updates(hq_url, store_pc, running=N_PLUS_1, platform=PLATFORM)
    assert asyncio.run(at_n_plus_1.check()).availability is Availability.up_to_date
    assert at_n_plus_1.roll_back() == N
    at_n_plus_1.restart([])
    assert wait_for_start(store_pc, 2)[1] == f"{N} "
    assert store_pc.read_state() == InstallState(current=N, held=(N_PLUS_1,))
    assert folders(store_pc) == [N, N_PLUS_1]  # N+1 was still quitting: it goes at a later start
    start_from_shortcut()
    assert folders(store_pc) == [N]
    # N+1 is not offered again on this PC (a newer version will be).
    assert asyncio.run(at_n.check()).availability is Availability.held


def test_tampered_archive_or_metadata_is_refused_and_n_goes_on_running(
    hq_url: str, hq_settings: Settings, store_pc: Installation
) -> None:
    updates = Updates(hq_url, store_pc, running=N, platform=PLATFORM)
    found = asyncio.run(updates.check())
    assert found.offer is not None
    served = hq_settings.data_dir / "updates"
    (archive,) = (served / "targets").glob(f"*.guide-desk-{N_PLUS_1}-*.zip")
    tampered = bytearray(archive.read_bytes())
    tampered[len(tampered) // 2] ^= 0x01  # one bit, same length
    archive.write_bytes(bytes(tampered))

    with pytest.raises(UpdateRefused):
        asyncio.run(updates.download_and_stage(found.offer, lambda _step: None, CancelToken()))
    assert store_pc.read_state() == InstallState(current=N)
    assert folders(store_pc) == [N]
    assert list(store_pc.downloads.iterdir()) == []  # not even a partial to resume from

    timestamp = served / "metadata" / "timestamp.json"
    document = json.loads(timestamp.read_bytes())
    document["signed"]["version"] += 1  # no longer what the timestamp key signed
    timestamp.write_text(json.dumps(document))
    with pytest.raises(UpdateRefused):
        asyncio.run(updates.check())

    start_from_shortcut("--minimized")
    assert starts(store_pc) == [f"{N} --minimized"]
    assert store_pc.read_state() == InstallState(current=N)
