"""The content-addressed asset store: files named by their sha256, behind one small interface."""

from __future__ import annotations

import hashlib
import mimetypes
import os
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from hq.core.db import dialect_insert
from hq.core.errors import Invalid, PayloadTooLarge
from hq.models import Asset

CHUNK = 1024 * 1024


class AssetStore(Protocol):
    """Where asset bytes live. A folder by default; an S3-compatible store can take its place."""

    def path_of(self, sha256: str) -> Path | None: ...

    async def put(self, chunks: AsyncIterator[bytes], max_bytes: int) -> tuple[str, int]: ...


class FolderAssetStore:
    """Files under root/ab/abcdef…; written to a temporary file and renamed, so never half-there."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)

    def _final_path(self, sha256: str) -> Path:
        return self.root / sha256[:2] / sha256

    def path_of(self, sha256: str) -> Path | None:
        path = self._final_path(sha256)
        return path if path.is_file() else None

    async def put(self, chunks: AsyncIterator[bytes], max_bytes: int) -> tuple[str, int]:
        digest = hashlib.sha256()
        size = 0
        handle, temp_name = tempfile.mkstemp(dir=self.root, prefix=".upload-")
        try:
            with os.fdopen(handle, "wb") as temp:
                async for chunk in chunks:
                    size += len(chunk)
                    if size > max_bytes:
                        raise PayloadTooLarge(
                            f"file is larger than the {max_bytes // (1024 * 1024)} MB limit"
                        )
                    digest.update(chunk)
                    temp.write(chunk)
                temp.flush()
                os.fsync(temp.fileno())
            if size == 0:
                raise Invalid("the file is empty")
            sha256 = digest.hexdigest()
            final = self._final_path(sha256)
            final.parent.mkdir(exist_ok=True)
            os.replace(temp_name, final)
            return sha256, size
        finally:
            if os.path.exists(temp_name):
                os.unlink(temp_name)


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
