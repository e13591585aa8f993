"""The asset store's promises, held by both stores alike through one set of tests: the folder, and
an S3-compatible store (moto's S3 server, spoken to over HTTP on 127.0.0.1)."""

from __future__ import annotations

import asyncio
import hashlib
import os
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import ValidationError

from hq import cli
from hq.core.config import Settings
from hq.core.errors import Invalid, PayloadTooLarge
from hq.services.assets import READ_CHUNK, AssetStore, FolderAssetStore, S3AssetStore, s3_client
from tests.support.s3 import S3Server, moto_s3

LIMIT = 2 * 1024 * 1024
# Longer than two read chunks, so whole reads and ranges cross chunk boundaries.
FILE = os.urandom(READ_CHUNK * 2 + 12_345)
FILE_SHA256 = hashlib.sha256(FILE).hexdigest()


@dataclass
class StoreUnderTest:
    store: AssetStore
    leftovers: Callable[[], list[str]]  # every file or object the store holds, temporary ones too


@pytest.fixture(scope="module")
def s3_server() -> Iterator[S3Server]:
    with moto_s3() as server:
        yield server


def _files_under(folder: Path) -> list[str]:
    if not folder.exists():
        return []
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file())


@pytest.fixture(params=["folder", "s3"])
def under_test(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreUnderTest]:
    if request.param == "folder":
        root = tmp_path / "assets"
        yield StoreUnderTest(FolderAssetStore(root), lambda: _files_under(root))
        return
    server: S3Server = request.getfixturevalue("s3_server")
    settings = server.settings(Settings(data_dir=tmp_path))
    # A window smaller than the file: reads are several ranged GETs, as a big video's are.
    store = S3AssetStore(
        s3_client(settings), settings.s3_bucket or "", "assets", tmp_path / "spool", window=200_000
    )
    yield StoreUnderTest(store, lambda: server.keys(settings.s3_bucket) + _files_under(store.spool_dir))
    asyncio.run(store.close())


async def _chunks(data: bytes, size: int = 64 * 1024) -> AsyncIterator[bytes]:
    """The bytes as an upload arrives: in pieces, handing the loop over between them."""
    for offset in range(0, len(data), size):
        await asyncio.sleep(0)
        yield data[offset : offset + size]


async def _read(store: AssetStore, sha256: str, start: int, stop: int) -> bytes | None:
    chunks = await store.read(sha256, start, stop)
    if chunks is None:
        return None
    return b"".join([chunk async for chunk in chunks])


def test_stored_bytes_come_back_whole_and_in_any_range(under_test: StoreUnderTest) -> None:
    store, size = under_test.store, len(FILE)

    async def work() -> None:
        assert await store.put(_chunks(FILE), LIMIT) == (FILE_SHA256, size)
        assert await store.stat(FILE_SHA256) == size
        assert await _read(store, FILE_SHA256, 0, size) == FILE
        for start, stop in [
            (0, 1),
            (size - 1, size),
            (100, 200),
            (READ_CHUNK - 1, READ_CHUNK + 1),
            (1, size),
        ]:
            assert await _read(store, FILE_SHA256, start, stop) == FILE[start:stop], (start, stop)

    asyncio.run(work())


def test_the_same_bytes_stored_twice_are_one_file(under_test: StoreUnderTest) -> None:
    async def work() -> list[tuple[str, int]]:
        return [await under_test.store.put(_chunks(FILE), LIMIT) for _ in range(2)]

    assert asyncio.run(work()) == [(FILE_SHA256, len(FILE))] * 2
    [stored] = under_test.leftovers()
    assert stored.endswith(f"{FILE_SHA256[:2]}/{FILE_SHA256}")


def test_uploads_of_the_same_bytes_at_once_all_succeed_into_one_file(under_test: StoreUnderTest) -> None:
    async def work() -> list[tuple[str, int]]:
        return await asyncio.gather(*(under_test.store.put(_chunks(FILE), LIMIT) for _ in range(4)))

    assert asyncio.run(work()) == [(FILE_SHA256, len(FILE))] * 4
    assert len(under_test.leftovers()) == 1
    assert asyncio.run(_read(under_test.store, FILE_SHA256, 0, len(FILE))) == FILE


def test_an_upload_over_the_limit_is_refused_and_leaves_nothing(under_test: StoreUnderTest) -> None:
    with pytest.raises(PayloadTooLarge, match="larger than"):
        asyncio.run(under_test.store.put(_chunks(FILE), len(FILE) - 1))
    assert under_test.leftovers() == []
    assert asyncio.run(under_test.store.stat(FILE_SHA256)) is None


def test_an_empty_upload_is_refused_and_leaves_nothing(under_test: StoreUnderTest) -> None:
    with pytest.raises(Invalid, match="empty"):
        asyncio.run(under_test.store.put(_chunks(b""), LIMIT))
    assert under_test.leftovers() == []


def test_an_upload_cut_off_midway_leaves_nothing(under_test: StoreUnderTest) -> None:
    async def cut_off() -> AsyncIterator[bytes]:
        yield FILE[:100_000]
        raise ConnectionResetError("the admin's PC went away")

    with pytest.raises(ConnectionResetError):
        asyncio.run(under_test.store.put(cut_off(), LIMIT))
    assert under_test.leftovers() == []


def test_a_file_the_store_does_not_hold_is_none(under_test: StoreUnderTest) -> None:
    async def work() -> tuple[int | None, bytes | None]:
        await under_test.store.put(_chunks(b"another file"), LIMIT)
        return await under_test.store.stat(FILE_SHA256), await _read(under_test.store, FILE_SHA256, 0, 10)

    assert asyncio.run(work()) == (None, None)


def test_a_big_file_goes_to_s3_in_parts_and_reads_back(s3_server: S3Server, tmp_path: Path) -> None:
    settings = s3_server.settings(Settings(data_dir=tmp_path))
    part = 5 * 1024 * 1024  # S3's smallest part
    client = s3_client(settings)
    store = S3AssetStore(
        client,
        settings.s3_bucket or "",
        "chain",
        tmp_path / "spool",
        multipart_threshold=part,
        part_size=part,
    )
    big = os.urandom(2 * part + 1000)
    sha256 = hashlib.sha256(big).hexdigest()

    async def work() -> bytes | None:
        try:
            await store.put(_chunks(big, 1024 * 1024), 3 * part)
            return await _read(store, sha256, part - 10, part + 10)
        finally:
            await store.close()

    assert asyncio.run(work()) == big[part - 10 : part + 10]
    [key] = s3_server.keys(settings.s3_bucket)
    assert key == f"chain/{sha256[:2]}/{sha256}"
    head = s3_server.client.head_object(Bucket=settings.s3_bucket, Key=key)
    assert head["ETag"].strip('"').endswith("-3")  # a multipart upload's ETag counts its parts


def test_an_s3_store_without_a_bucket_is_refused_at_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GUIDE_HQ_ASSET_STORE", "s3")
    assert cli.main(["serve", "--data-dir", str(tmp_path / "hq")]) == 2
    assert "GUIDE_HQ_S3_BUCKET must name the bucket" in capsys.readouterr().err
    assert not (tmp_path / "hq").exists()  # refused before migrating anything
    monkeypatch.setenv("GUIDE_HQ_S3_BUCKET", "guide-assets")
    with pytest.raises(ValidationError, match="or neither"):
        Settings(s3_access_key_id="only-the-key")
