"""HQ publishes the release PC's signed update repository and serves it to any PC, without sign-in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hq.cli import main as hq_main
from hq.core.errors import Invalid
from hq.services import updates
from tests.hq.conftest import Hq
from tests.support.update_repository import SignedRepository, signed_repository

UPDATES = "/api/v1/client/updates"


@pytest.fixture
def backend() -> str:
    """Update files are served from the data folder; no database is read, so one backend does."""
    return "sqlite"


@pytest.fixture
def signed(tmp_path: Path) -> SignedRepository:
    return signed_repository(tmp_path / "release-pc", ("0.1.0", "0.2.0"))


def _publish(hq: Hq, signed: SignedRepository) -> int:
    return hq_main(
        ["updates", "publish", str(signed.repository.folder), "--data-dir", str(hq.settings.data_dir)]
    )


def _archive_name(signed: SignedRepository) -> str:
    newest = signed.repository.releases()[0]
    return f"{newest.sha256}.{newest.name}"


def test_before_any_publish_hq_says_plainly_there_is_no_update_repository(hq: Hq) -> None:
    answer = hq.client.get(f"{UPDATES}/metadata/timestamp.json")
    assert answer.status_code == 404
    assert "guide-hq updates publish" in answer.json()["detail"]


def test_published_files_are_served_to_anyone_with_cache_rules(hq: Hq, signed: SignedRepository) -> None:
    assert _publish(hq, signed) == 0
    timestamp = hq.client.get(f"{UPDATES}/metadata/timestamp.json")
    assert timestamp.status_code == 200
    assert timestamp.headers["cache-control"] == "no-cache"
    assert json.loads(timestamp.content)["signed"]["_type"] == "timestamp"
    assert hq.client.get(f"{UPDATES}/metadata/1.root.json").status_code == 200

    name = _archive_name(signed)
    whole = (signed.repository.targets_dir / name).read_bytes()
    archive = hq.client.get(f"{UPDATES}/targets/{name}")
    assert archive.status_code == 200 and archive.content == whole
    assert archive.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert archive.headers["etag"] == f'"{name.split(".")[0]}"'
    again = hq.client.get(f"{UPDATES}/targets/{name}", headers={"If-None-Match": archive.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    head = hq.client.head(f"{UPDATES}/targets/{name}")
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["content-length"]) == len(whole)


def test_an_archive_resumes_from_a_byte_range(hq: Hq, signed: SignedRepository) -> None:
    assert _publish(hq, signed) == 0
    name = _archive_name(signed)
    whole = (signed.repository.targets_dir / name).read_bytes()
    rest = hq.client.get(f"{UPDATES}/targets/{name}", headers={"Range": "bytes=100-"})
    assert rest.status_code == 206
    assert rest.headers["content-range"] == f"bytes 100-{len(whole) - 1}/{len(whole)}"
    assert rest.content == whole[100:]
    beyond = hq.client.get(f"{UPDATES}/targets/{name}", headers={"Range": f"bytes={len(whole) + 5}-"})
    assert beyond.status_code == 416


@pytest.mark.parametrize(
    "path",
    [
        "/metadata/..",
        "/metadata/.timestamp.json-x1y2",
        "/metadata/..%2F..%2Fhq.sqlite3",
        "/targets/%2Fetc%2Fpasswd",
        "/targets/no-such-archive.zip",
        "/metadata/timestamp.json%00",
    ],
)
def test_a_name_outside_the_published_files_is_never_served(
    hq: Hq, signed: SignedRepository, path: str
) -> None:
    assert _publish(hq, signed) == 0
    (hq.settings.data_dir / "updates" / "metadata" / ".timestamp.json-x1y2").write_text("half copied")
    answer = hq.client.get(UPDATES + path)
    assert answer.status_code in (404, 422), answer.text
    assert b"half copied" not in answer.content and b"SQLite" not in answer.content


def test_publish_refuses_a_tampered_archive_and_copies_nothing(
    hq: Hq, signed: SignedRepository, capsys: pytest.CaptureFixture[str]
) -> None:
    archive = signed.repository.targets_dir / _archive_name(signed)
    damaged = bytearray(archive.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    archive.write_bytes(bytes(damaged))
    assert _publish(hq, signed) == 2
    assert "is not the file the targets metadata signs" in capsys.readouterr().err
    assert not (hq.settings.data_dir / "updates").exists()


def test_publish_refuses_metadata_changed_after_signing(
    hq: Hq, signed: SignedRepository, capsys: pytest.CaptureFixture[str]
) -> None:
    targets_file = signed.repository.metadata_dir / "3.targets.json"
    document = json.loads(targets_file.read_bytes())
    for target in document["signed"]["targets"].values():
        target["custom"]["version"] = "9.9.9"
    targets_file.write_text(json.dumps(document))
    assert _publish(hq, signed) == 2
    assert "is not signed by the targets key" in capsys.readouterr().err
    assert not (hq.settings.data_dir / "updates").exists()


def test_publish_refuses_a_missing_archive(hq: Hq, signed: SignedRepository) -> None:
    (signed.repository.targets_dir / _archive_name(signed)).unlink()
    with pytest.raises(Invalid, match="is missing"):
        updates.check_repository(signed.repository.folder)


def test_publish_copies_archives_first_and_the_timestamp_last(
    hq: Hq, signed: SignedRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    order: list[str] = []
    copy = updates._copy

    def recording_copy(source: Path, destination: Path) -> None:
        copy(source, destination)
        order.append(f"{destination.parent.name}/{destination.name}")

    monkeypatch.setattr(updates, "_copy", recording_copy)
    updates.publish(signed.repository.folder, hq.settings.updates_dir)
    assert [entry.split("/")[0] for entry in order[:2]] == ["targets", "targets"]
    assert order[-1] == "metadata/timestamp.json"
    assert order.index("metadata/3.targets.json") < order.index("metadata/3.snapshot.json")
    served = hq.client.get(f"{UPDATES}/metadata/3.snapshot.json")
    assert served.status_code == 200
