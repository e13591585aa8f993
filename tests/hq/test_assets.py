"""Asset files: content-addressed, cacheable by ETag, resumable by Range, bounded in size."""

from __future__ import annotations

import hashlib
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from hq.main import create_app
from hq.services import assets
from tests.hq.conftest import Hq
from tests.support.publish import post
from tests.support.s3 import S3Server, moto_s3

VIDEO = os.urandom(300_000)


def _publish_video(hq: Hq) -> str:
    admin = hq.auth(hq.org.admin)
    upload = hq.client.post(
        "/api/v1/assets", content=VIDEO, headers={**admin, "X-Filename": quote("新品走秀.mp4")}
    )
    assert upload.status_code == 201, upload.text
    asset = upload.json()
    assert asset == {"sha256": hashlib.sha256(VIDEO).hexdigest(), "size": len(VIDEO), "mime": "video/mp4"}
    post(
        hq.client,
        admin,
        "/content",
        {"kind": "video", "title": "冬季新品走秀", "asset_sha256": asset["sha256"]},
    )
    return str(asset["sha256"])


def test_download_is_verified_by_hash_and_cached_by_etag(hq: Hq) -> None:
    sha256 = _publish_video(hq)
    headers = hq.auth(hq.org.guide_s2)
    full = hq.client.get(f"/api/v1/assets/{sha256}", headers=headers)
    assert full.status_code == 200
    assert hashlib.sha256(full.content).hexdigest() == sha256
    assert full.headers["etag"] == f'"{sha256}"' and full.headers["accept-ranges"] == "bytes"
    # content-addressed: a store's proxy may keep it for a year and share it among the store's PCs
    assert full.headers["cache-control"] == "public, max-age=31536000, immutable"
    again = hq.client.get(f"/api/v1/assets/{sha256}", headers={**headers, "If-None-Match": f'"{sha256}"'})
    assert again.status_code == 304 and again.content == b""


def test_an_interrupted_download_resumes_with_range(hq: Hq) -> None:
    sha256 = _publish_video(hq)
    headers = hq.auth(hq.org.guide_e1)
    first = hq.client.get(f"/api/v1/assets/{sha256}", headers={**headers, "Range": "bytes=0-99999"})
    assert first.status_code == 206 and first.content == VIDEO[:100_000]
    rest = hq.client.get(f"/api/v1/assets/{sha256}", headers={**headers, "Range": "bytes=100000-"})
    assert rest.status_code == 206
    assert rest.headers["content-range"] == f"bytes 100000-{len(VIDEO) - 1}/{len(VIDEO)}"
    assert first.content + rest.content == VIDEO
    tail = hq.client.get(f"/api/v1/assets/{sha256}", headers={**headers, "Range": "bytes=-1000"})
    assert tail.status_code == 206 and tail.content == VIDEO[-1000:]


def test_a_range_the_file_cannot_satisfy_is_416_with_the_file_size(hq: Hq) -> None:
    sha256 = _publish_video(hq)
    headers = hq.auth(hq.org.guide_e1)
    for asked in (
        f"bytes={len(VIDEO)}-",
        f"bytes={len(VIDEO) + 5}-",
        "bytes=500-100",
        "bytes=x-1",
        "bytes=-0",
    ):
        answer = hq.client.get(f"/api/v1/assets/{sha256}", headers={**headers, "Range": asked})
        assert answer.status_code == 416, asked
        assert answer.headers["content-range"] == f"bytes */{len(VIDEO)}"
        assert answer.json()["code"] == "range_not_satisfiable"


def test_a_range_for_another_version_or_of_several_parts_gets_the_whole_file(hq: Hq) -> None:
    sha256 = _publish_video(hq)
    headers = hq.auth(hq.org.guide_e1)
    for extra in (
        {"Range": "bytes=0-99", "If-Range": '"0000"'},
        {"Range": "bytes=0-99,200-299"},
        {"Range": "pages=1-2"},
    ):
        answer = hq.client.get(f"/api/v1/assets/{sha256}", headers={**headers, **extra})
        assert answer.status_code == 200 and answer.content == VIDEO, extra
    same = hq.client.get(
        f"/api/v1/assets/{sha256}", headers={**headers, "Range": "bytes=0-99", "If-Range": f'"{sha256}"'}
    )
    assert same.status_code == 206 and same.content == VIDEO[:100]


def test_a_file_lost_from_the_store_is_a_404_not_a_broken_download(hq: Hq) -> None:
    sha256 = _publish_video(hq)
    (hq.settings.asset_dir / sha256[:2] / sha256).unlink()
    headers = hq.auth(hq.org.guide_e1)
    for method in ("GET", "HEAD"):
        answer = hq.client.request(method, f"/api/v1/assets/{sha256}", headers=headers)
        assert answer.status_code == 404, method


def test_the_same_bytes_uploaded_twice_are_stored_once(hq: Hq) -> None:
    admin = hq.auth(hq.org.admin)
    first = hq.client.post("/api/v1/assets", content=b"poster bytes", headers=admin).json()
    second = hq.client.post("/api/v1/assets", content=b"poster bytes", headers=admin).json()
    assert first == second
    stored = [path for path in hq.settings.asset_dir.rglob("*") if path.is_file()]
    assert [path.name for path in stored] == [first["sha256"]]


def test_an_upload_streamed_past_the_limit_is_refused_and_leaves_nothing(hq: Hq) -> None:
    small = hq.settings.model_copy(update={"max_upload_bytes": 4096})
    with TestClient(create_app(small)) as client:
        headers = {"Authorization": f"Bearer {hq.token(hq.org.admin)}"}

        def chunks():  # type: ignore[no-untyped-def]  # no Content-Length: the server must count
            for _ in range(10):
                yield b"x" * 1024

        answer = client.post("/api/v1/assets", content=chunks(), headers=headers)
        assert answer.status_code == 413, answer.text
        assert "limit" in answer.json()["detail"] or "larger" in answer.json()["detail"]
    assert [path for path in small.asset_dir.rglob("*") if path.is_file()] == []


def test_an_empty_upload_is_refused(hq: Hq) -> None:
    answer = hq.client.post("/api/v1/assets", content=b"", headers=hq.auth(hq.org.admin))
    assert answer.status_code == 422 and "empty" in answer.json()["detail"]


def test_a_file_of_a_deleted_item_is_no_longer_served_to_guides(hq: Hq) -> None:
    sha256 = _publish_video(hq)
    admin = hq.auth(hq.org.admin)
    [item] = hq.client.get("/api/v1/content", headers=admin).json()
    assert hq.client.delete(f"/api/v1/content/{item['id']}", headers=admin).status_code == 204
    assert hq.client.get(f"/api/v1/assets/{sha256}", headers=hq.auth(hq.org.guide_e1)).status_code == 404


def test_downloads_are_attachments_never_sniffed_and_answer_head(hq: Hq) -> None:
    admin = hq.auth(hq.org.admin)
    page = b"<html><script>alert(1)</script></html>"
    upload = hq.client.post(
        "/api/v1/assets",
        content=page,
        headers={**admin, "X-Filename": quote("活动页.html"), "Content-Type": "text/html"},
    )
    sha256 = upload.json()["sha256"]
    post(hq.client, admin, "/content", {"kind": "image", "title": "活动页", "asset_sha256": sha256})
    guide = hq.auth(hq.org.guide_e1)
    answer = hq.client.get(f"/api/v1/assets/{sha256}", headers=guide)
    assert answer.status_code == 200 and answer.content == page
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["content-disposition"].startswith("attachment;")
    head = hq.client.head(f"/api/v1/assets/{sha256}", headers=guide)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == f'"{sha256}"' and head.headers["content-length"] == str(len(page))


def test_a_weak_or_star_if_none_match_is_a_304(hq: Hq) -> None:
    sha256 = _publish_video(hq)
    guide = hq.auth(hq.org.guide_e1)
    for tag in (f'W/"{sha256}"', "*", f'"other", W/"{sha256}"'):
        answer = hq.client.get(f"/api/v1/assets/{sha256}", headers={**guide, "If-None-Match": tag})
        assert answer.status_code == 304, tag
    other = hq.client.get(f"/api/v1/assets/{sha256}", headers={**guide, "If-None-Match": '"other"'})
    assert other.status_code == 200


def test_control_characters_in_a_file_name_are_dropped_on_every_database(hq: Hq) -> None:
    admin = hq.auth(hq.org.admin)
    upload = hq.client.post(
        "/api/v1/assets",
        content=b"poster bytes",
        headers={**admin, "X-Filename": "%E6%B5%B7%E6%8A%A5%00%0A..%2F..%2Fposter.png"},
    )
    assert upload.status_code == 201, upload.text
    sha256 = upload.json()["sha256"]
    post(hq.client, admin, "/content", {"kind": "poster", "title": "海报", "asset_sha256": sha256})
    answer = hq.client.get(f"/api/v1/assets/{sha256}", headers=hq.auth(hq.org.guide_e1))
    assert "poster.png" in answer.headers["content-disposition"]
    assert "%00" not in answer.headers["content-disposition"]


def test_sends_of_withdrawn_content_count_until_the_day_it_was_withdrawn(hq: Hq) -> None:
    admin = hq.auth(hq.org.admin)
    item = post(hq.client, admin, "/content", {"kind": "script", "title": "话术", "body": "您好"})
    assert hq.client.delete(f"/api/v1/content/{item['id']}", headers=admin).status_code == 204
    today = datetime.now(UTC).date()

    def usage(day: date) -> dict[str, Any]:
        body = {"content_id": item["id"], "action": "sent", "count": 2, "day": day.isoformat()}
        return {"id": str(uuid.uuid4()), "kind": "content_usage", "body": body}

    answer = hq.client.post(
        "/api/v1/sync/push",
        json={"events": [usage(today - timedelta(days=3)), usage(today + timedelta(days=1))]},
        headers=hq.auth(hq.org.guide_e1),
    )
    before, after = answer.json()["results"]
    assert before["status"] == "accepted"
    assert after["status"] == "rejected" and "withdrawn" in after["reason"]


@pytest.mark.parametrize(
    ("asked", "if_range", "span"),
    [
        (None, None, (0, 1000)),
        ("bytes=0-99", None, (0, 100)),
        ("bytes=990-", None, (990, 1000)),
        ("bytes=990-5000", None, (990, 1000)),  # an end past the file is the file's end
        ("bytes=-10", None, (990, 1000)),
        ("bytes=-5000", None, (0, 1000)),
        (" bytes = 5-9 ", None, (5, 10)),
        ("bytes=0-99", '"other"', (0, 1000)),
        ("bytes=0-99", 'W/"abc"', (0, 1000)),  # If-Range compares strongly
        ("bytes=0-99", '"abc"', (0, 100)),
    ],
)
def test_the_range_asked_for_is_the_bytes_sent(
    asked: str | None, if_range: str | None, span: tuple[int, int]
) -> None:
    chosen = assets.requested_span(asked, if_range, '"abc"', 1000)
    assert (chosen.start, chosen.stop) == span


@pytest.fixture(scope="module")
def s3_server() -> Iterator[S3Server]:
    with moto_s3() as server:
        yield server


def test_files_go_up_and_come_down_through_hq_on_an_s3_store(hq: Hq, s3_server: S3Server) -> None:
    settings = s3_server.settings(hq.settings)
    with TestClient(create_app(settings)) as client:
        admin = {"Authorization": f"Bearer {hq.token(hq.org.admin)}"}
        upload = client.post(
            "/api/v1/assets", content=VIDEO, headers={**admin, "X-Filename": quote("走秀.mp4")}
        )
        assert upload.status_code == 201, upload.text
        sha256 = upload.json()["sha256"]
        post(client, admin, "/content", {"kind": "video", "title": "走秀", "asset_sha256": sha256})
        guide = {"Authorization": f"Bearer {hq.token(hq.org.guide_e1)}"}
        url = f"/api/v1/assets/{sha256}"
        full = client.get(url, headers=guide)
        assert full.status_code == 200 and hashlib.sha256(full.content).hexdigest() == sha256
        assert full.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert full.headers["content-disposition"] == "attachment; filename*=utf-8''%E8%B5%B0%E7%A7%80.mp4"
        part = client.get(url, headers={**guide, "Range": "bytes=1000-1999"})
        assert part.status_code == 206 and part.content == VIDEO[1000:2000]
        assert part.headers["content-range"] == f"bytes 1000-1999/{len(VIDEO)}"
        assert client.get(url, headers={**guide, "If-None-Match": f'"{sha256}"'}).status_code == 304
        head = client.head(url, headers=guide)
        assert head.status_code == 200 and head.headers["content-length"] == str(len(VIDEO))
    assert s3_server.keys(settings.s3_bucket) == [f"assets/{sha256[:2]}/{sha256}"]
    assert not any(path.is_file() for path in settings.asset_dir.rglob("*"))  # nothing in the folder
