"""The content-addressed asset store: files named by their sha256, in a folder or an S3-compatible
object store, behind one interface that hands out bytes and never a path."""

from __future__ import annotations

import asyncio
import functools
import hashlib
import mimetypes
import os
import re
import tempfile
from collections.abc import AsyncIterable, AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hq.core.config import AssetStoreKind, Settings
from hq.core.db import dialect_insert
from hq.core.errors import HqError, Invalid, PayloadTooLarge
from hq.models import Asset

CHUNK = 1024 * 1024
# What one read hands the answer: small enough that a hundred slow store PCs hold little memory.
READ_CHUNK = 256 * 1024
# One ranged GET to an object store covers at most this much of a download.
S3_WINDOW = 8 * 1024 * 1024
T = TypeVar("T")
_BYTE_RANGE = re.compile(r"\s*([0-9]*)-([0-9]*)\s*")


class AssetStore(Protocol):
    """Where asset bytes live, named by their sha256. A file, once stored, never changes."""

    async def put(self, chunks: AsyncIterable[bytes], max_bytes: int) -> tuple[str, int]:
        """Store the bytes and return (sha256, size). Never half-there; the same bytes twice is
        harmless. PayloadTooLarge past max_bytes and Invalid when empty, leaving nothing behind."""
        ...

    async def stat(self, sha256: str) -> int | None:
        """The stored file's size, or None when this store does not hold it."""
        ...

    async def read(self, sha256: str, start: int, stop: int) -> AsyncIterator[bytes] | None:
        """Bytes [start, stop) as chunks, or None when the store does not hold the file. The file
        is opened before this returns, so a missing one is a 404 and not a broken answer."""
        ...

    async def close(self) -> None: ...


@dataclass(frozen=True)
class Spooled:
    """An upload written to a local temporary file and hashed on the way."""

    path: Path
    sha256: str
    size: int


@asynccontextmanager
async def spooled_upload(
    chunks: AsyncIterable[bytes], max_bytes: int, folder: Path
) -> AsyncIterator[Spooled]:
    """Write `chunks` to a temporary file in `folder` while hashing them; the file is gone when the
    block ends unless the block moved it."""
    digest = hashlib.sha256()
    size = 0
    folder.mkdir(parents=True, exist_ok=True)
    handle, temp_name = tempfile.mkstemp(dir=folder, prefix=".upload-")
    try:
        with os.fdopen(handle, "wb") as temp:
            async for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise PayloadTooLarge(f"file is larger than the {max_bytes // (1024 * 1024)} MB limit")
                digest.update(chunk)
                temp.write(chunk)
            temp.flush()
            await asyncio.to_thread(os.fsync, temp.fileno())
        if size == 0:
            raise Invalid("the file is empty")
        yield Spooled(Path(temp_name), digest.hexdigest(), size)
    finally:
        if os.path.exists(temp_name):
            os.unlink(temp_name)


class FolderAssetStore:
    """Files under root/ab/abcdef…; written to a temporary file and renamed, so never half-there."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)

    def _final_path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    async def put(self, chunks: AsyncIterable[bytes], max_bytes: int) -> tuple[str, int]:
        async with spooled_upload(chunks, max_bytes, self.root) as upload:
            final = self._final_path(upload.sha256)
            final.parent.mkdir(exist_ok=True)
            os.replace(upload.path, final)
            return upload.sha256, upload.size

    async def stat(self, sha256: str) -> int | None:
        try:
            return (await asyncio.to_thread(self._final_path(sha256).stat)).st_size
        except FileNotFoundError:
            return None

    async def read(self, sha256: str, start: int, stop: int) -> AsyncIterator[bytes] | None:
        try:
            handle = await asyncio.to_thread(self._final_path(sha256).open, "rb")
        except FileNotFoundError:
            return None
        return _file_chunks(handle, start, stop)

    async def close(self) -> None:
        """Nothing is held between calls: each read opens and closes its own file."""


async def _file_chunks(handle: IO[bytes], start: int, stop: int) -> AsyncIterator[bytes]:
    try:
        await asyncio.to_thread(handle.seek, start)
        remaining = stop - start
        while remaining > 0:
            chunk = await asyncio.to_thread(handle.read, min(READ_CHUNK, remaining))
            if not chunk:
                raise OSError(f"asset file {Path(handle.name).name} is shorter than its record")
            remaining -= len(chunk)
            yield chunk
    finally:
        handle.close()


class S3AssetStore:
    """Objects <prefix>/<ab>/<sha256> in one bucket of an S3-compatible object store, shared by
    several HQ boxes. boto3 blocks, so every call runs on this store's own threads: a slow store
    never holds the event loop, nor the default executor that others use."""

    def __init__(
        self,
        client: Any,
        bucket: str,
        prefix: str,
        spool_dir: Path,
        *,
        threads: int = 16,
        multipart_threshold: int = 64 * 1024 * 1024,
        part_size: int = 16 * 1024 * 1024,
        window: int = S3_WINDOW,
    ) -> None:
        from boto3.s3.transfer import TransferConfig

        self._client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.spool_dir = spool_dir
        self.window = window
        self._threads = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="s3-assets")
        # Above the threshold boto3 uploads in parts; the object appears only when the last part
        # is in, so a reader never sees half a file.
        self._transfer = TransferConfig(
            multipart_threshold=multipart_threshold,
            multipart_chunksize=part_size,
            max_concurrency=4,
            preferred_transfer_client="classic",
        )

    def key(self, sha256: str) -> str:
        name = f"{sha256[:2]}/{sha256}"
        return f"{self.prefix}/{name}" if self.prefix else name

    async def _call(self, call: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._threads, functools.partial(call, *args, **kwargs))

    async def put(self, chunks: AsyncIterable[bytes], max_bytes: int) -> tuple[str, int]:
        async with spooled_upload(chunks, max_bytes, self.spool_dir) as upload:
            if await self.stat(upload.sha256) is None:
                await self._call(
                    self._client.upload_file,
                    str(upload.path),
                    self.bucket,
                    self.key(upload.sha256),
                    ExtraArgs={"ContentType": "application/octet-stream"},
                    Config=self._transfer,
                )
            return upload.sha256, upload.size

    async def stat(self, sha256: str) -> int | None:
        try:
            answer = await self._call(self._client.head_object, Bucket=self.bucket, Key=self.key(sha256))
        except self._client.exceptions.ClientError as error:
            if _is_missing(error):
                return None
            raise
        return int(answer["ContentLength"])

    async def read(self, sha256: str, start: int, stop: int) -> AsyncIterator[bytes] | None:
        first = await self._get(sha256, start, min(stop, start + self.window))
        if first is None:
            return None
        return self._windows(sha256, first, start, stop)

    async def _get(self, sha256: str, start: int, stop: int) -> Any | None:
        """The body of one ranged GET, or None when the object is not there."""
        try:
            answer = await self._call(
                self._client.get_object,
                Bucket=self.bucket,
                Key=self.key(sha256),
                Range=f"bytes={start}-{stop - 1}",
            )
        except self._client.exceptions.ClientError as error:
            if _is_missing(error):
                return None
            raise
        return answer["Body"]

    async def _windows(self, sha256: str, body: Any, start: int, stop: int) -> AsyncIterator[bytes]:
        """The span as one ranged GET per window, each read as the store PC takes the bytes: a
        200 MB video on a slow store line is many short GETs rather than one the object store
        would time out."""
        while True:
            try:
                while chunk := await self._call(body.read, READ_CHUNK):
                    yield chunk
            finally:
                body.close()
            start = min(stop, start + self.window)
            if start == stop:
                return
            body = await self._get(sha256, start, min(stop, start + self.window))
            if body is None:
                raise OSError(f"asset {sha256} left the object store while it was being sent")

    async def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)
        self._client.close()


def _is_missing(error: Any) -> bool:
    """botocore's ClientError for an object that is not there (HEAD says 404, GET NoSuchKey)."""
    return error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}


@functools.lru_cache(maxsize=1)
def _boto3_session() -> Any:
    """One boto3 session per process: it loads S3's service description once (0.3-1 s), and each
    client made from it after that takes 40 ms. Clients are made at start, never two at once."""
    import boto3

    return boto3.session.Session()


def s3_client(settings: Settings, pool_size: int = 16) -> Any:
    """A boto3 S3 client for settings' endpoint. Keys left empty fall back to boto3's own chain
    (AWS_ACCESS_KEY_ID…, ~/.aws/credentials, an instance role)."""
    from botocore.config import Config

    config = Config(
        region_name=settings.s3_region,
        signature_version="s3v4",
        s3={"addressing_style": settings.s3_addressing_style.value},
        # boto3 >= 1.36 adds CRC checksums (trailing, on a streamed upload) to every request by
        # default, which many S3-compatible servers refuse: send only what S3 itself requires.
        request_checksum_calculation="when_required",
        response_checksum_validation="when_required",
        max_pool_connections=pool_size,
        retries={"mode": "standard", "max_attempts": 3},
        connect_timeout=5,
        read_timeout=60,
    )
    secret = settings.s3_secret_access_key
    return _boto3_session().client(
        "s3",
        endpoint_url=settings.s3_endpoint_url,
        aws_access_key_id=settings.s3_access_key_id,
        aws_secret_access_key=secret.get_secret_value() if secret else None,
        config=config,
    )


def asset_store(settings: Settings) -> AssetStore:
    """The store the settings name. Close it when done."""
    if settings.asset_store is AssetStoreKind.s3:
        assert settings.s3_bucket  # Settings refuses s3 without a bucket
        threads = 16
        return S3AssetStore(
            s3_client(settings, pool_size=threads),
            settings.s3_bucket,
            settings.s3_prefix,
            settings.data_dir / "upload-spool",
            threads=threads,
        )
    return FolderAssetStore(settings.asset_dir)


@asynccontextmanager
async def opened_asset_store(settings: Settings) -> AsyncIterator[AssetStore]:
    """The settings' store for one job (a command, the demo seed), closed after it."""
    store = asset_store(settings)
    try:
        yield store
    finally:
        await store.close()


class RangeNotSatisfiable(HqError):
    status_code = 416
    code = "range_not_satisfiable"


@dataclass(frozen=True)
class ByteSpan:
    """Bytes [start, stop) of a file of `size` bytes."""

    start: int
    stop: int
    size: int

    @property
    def is_whole(self) -> bool:
        return self.start == 0 and self.stop == self.size

    @property
    def content_range(self) -> str:
        return f"bytes {self.start}-{self.stop - 1}/{self.size}"


def requested_span(range_header: str | None, if_range: str | None, etag: str, size: int) -> ByteSpan:
    """The one byte range a request asks for (RFC 9110 §14), else the whole file. Another unit,
    several ranges or an If-Range for another version get the whole file, as the RFC allows;
    a `bytes=` range that is malformed or starts past the end is RangeNotSatisfiable."""
    whole = ByteSpan(0, size, size)
    if not range_header or (if_range is not None and if_range.strip() != etag):
        return whole
    unit, _, ranges = range_header.partition("=")
    if unit.strip().lower() != "bytes" or "," in ranges:
        return whole
    refusal = RangeNotSatisfiable(
        f"the file has {size} bytes; cannot send {range_header!r}",
        headers={"Content-Range": f"bytes */{size}"},
    )
    match = _BYTE_RANGE.fullmatch(ranges)
    if match is None or match.group(1) == match.group(2) == "":
        raise refusal
    first, last = match.groups()
    if not first:  # bytes=-N: the last N bytes
        if int(last) == 0:
            raise refusal
        return ByteSpan(max(size - int(last), 0), size, size)
    start = int(first)
    stop = min(int(last) + 1, size) if last else size
    if start >= size or stop <= start:
        raise refusal
    return ByteSpan(start, stop, size)


def safe_filename(name: str) -> str:
    """The name an upload gave itself, as shown back: no path, no control characters (a NUL
    failed the insert on PostgreSQL), at most 255 characters."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(character for character in name if character.isprintable())[:255].strip()


def etag_matches(if_none_match: str, etag: str) -> bool:
    """If-None-Match as RFC 9110 reads it: `*` matches any file, and tags compare weakly (W/"x"
    matches "x")."""
    for tag in if_none_match.split(","):
        tag = tag.strip()
        if tag == "*" or tag.removeprefix("W/") == etag:
            return True
    return False


def guess_mime(filename: str, declared: str | None) -> str:
    guessed, _ = mimetypes.guess_type(filename)
    return guessed or declared or "application/octet-stream"


async def register_asset(
    session: AsyncSession, sha256: str, size: int, mime: str, original_name: str
) -> Asset:
    """Record an uploaded file once; uploading the same bytes again is harmless."""
    values = {"sha256": sha256, "size": size, "mime": mime, "original_name": original_name[:255]}
    statement = dialect_insert(session, Asset).values(**values)
    await session.execute(statement.on_conflict_do_nothing(index_elements=["sha256"]))
    asset = (await session.execute(select(Asset).where(col(Asset.sha256) == sha256))).scalar_one()
    return asset
