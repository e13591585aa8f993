"""Publish files from disk to the content library: one item per file, its kind told by the file type."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from guide_app.protocol import FILE_CONTENT_KINDS, ContentCreate, ContentFields, ContentKind, Role
from hq.core.db import Database
from hq.core.errors import Invalid, NotFound, PayloadTooLarge
from hq.models import Account
from hq.services.assets import CHUNK, AssetStore, guess_mime, opened_asset_store, register_asset
from hq.services.content import create_content
from hq.services.visibility import load_viewer

# The kinds a file may be published as, the first being the default.
KINDS_BY_SUFFIX: dict[str, tuple[ContentKind, ...]] = {
    **dict.fromkeys((".jpg", ".jpeg", ".png", ".gif", ".webp"), (ContentKind.image, ContentKind.poster)),
    **dict.fromkeys((".mp4", ".mov"), (ContentKind.video,)),
    **dict.fromkeys((".txt", ".md"), (ContentKind.script,)),
}
POSTER_WORDS = ("海报", "poster")
# Left behind by Windows, macOS and Office; hidden on the machine that made them.
SYSTEM_FILES = frozenset({"thumbs.db", "desktop.ini"})


@dataclass
class ContentOptions:
    """What the command line says about the items: shared by every file published at once."""

    title: str | None
    kind: str | None
    body: str
    tags: list[str]
    campaign: str
    publisher: str | None


@dataclass(frozen=True)
class _PlannedItem:
    path: Path
    kind: ContentKind
    fields: ContentFields


def folder_files(folder: Path) -> list[Path]:
    """The folder's regular files, by name, without hidden and system files."""
    if not folder.is_dir():
        raise NotFound(f"no folder {folder}")
    files = sorted(path for path in folder.iterdir() if path.is_file() and not _is_hidden(path))
    if not files:
        raise Invalid(f"{folder} has no files to publish")
    return files


def _is_hidden(path: Path) -> bool:
    return path.name.startswith((".", "~$")) or path.name.lower() in SYSTEM_FILES


def content_kind(path: Path, requested: str | None) -> ContentKind:
    """The kind of item a file becomes: the requested one if the file can be it, else by its type."""
    allowed = KINDS_BY_SUFFIX.get(path.suffix.lower())
    if allowed is None:
        known = " ".join(sorted(KINDS_BY_SUFFIX))
        raise Invalid(f"{path.name}: unknown file type; publishable types are {known}")
    if requested is not None:
        if requested not in {kind.value for kind in allowed}:
            raise Invalid(
                f"{path.name} cannot be published as {requested!r}; "
                f"it can be {' or '.join(kind.value for kind in allowed)}"
            )
        return ContentKind(requested)
    if ContentKind.poster in allowed and any(word in path.name.lower() for word in POSTER_WORDS):
        return ContentKind.poster
    return allowed[0]


def _script_text(path: Path) -> str:
    try:
        # utf-8-sig: Windows Notepad may begin the file with a byte-order mark.
        text = path.read_text(encoding="utf-8-sig").strip()
    except UnicodeDecodeError as error:
        raise Invalid(f"{path.name} is not UTF-8 text; save it as UTF-8 and try again") from error
    if not text:
        raise Invalid(f"{path.name} is empty")
    return text


def _check_size(path: Path, max_bytes: int) -> None:
    if not path.is_file():
        raise NotFound(f"no file {path}")
    size = path.stat().st_size
    if size == 0:
        raise Invalid(f"{path.name} is empty")
    if size > max_bytes:
        raise PayloadTooLarge(f"{path.name} is larger than the {max_bytes // (1024 * 1024)} MB limit")


def _plan_item(path: Path, title: str, options: ContentOptions, max_bytes: int) -> _PlannedItem:
    _check_size(path, max_bytes)
    kind = content_kind(path, options.kind)
    body = _script_text(path) if kind is ContentKind.script else options.body
    try:
        fields = ContentFields(title=title, body=body, tags=options.tags, campaign=options.campaign)
    except ValidationError as error:
        reasons = "; ".join(f"{'.'.join(map(str, issue['loc']))}: {issue['msg']}" for issue in error.errors())
        raise Invalid(f"{path.name}: {reasons}") from error
    return _PlannedItem(path, kind, fields)


def _plan_items(files: list[Path], options: ContentOptions, max_bytes: int) -> list[_PlannedItem]:
    """Check every file and name its item; any refusal comes before anything is written."""
    if not files:
        raise Invalid("no files to publish")
    if options.title and len(files) > 1:
        titles = [f"{options.title} ({number})" for number in range(1, len(files) + 1)]
    else:
        titles = [options.title or path.stem for path in files]
    return [_plan_item(path, title, options, max_bytes) for path, title in zip(files, titles, strict=True)]


async def _publisher(session: AsyncSession, login: str | None) -> Account:
    """The hq_admin named, or else the oldest enabled hq_admin."""
    query = select(Account).where(col(Account.role) == Role.hq_admin.value, col(Account.disabled).is_(False))
    if login:
        account = (await session.execute(query.where(col(Account.login) == login))).scalar()
        if account is None:
            raise NotFound(f"no enabled hq_admin account with login {login!r}")
        return account
    account = (await session.execute(query.order_by(col(Account.id)).limit(1))).scalar()
    if account is None:
        raise NotFound(
            "no enabled hq_admin account to publish as; add one with "
            "`guide-hq user add LOGIN --role hq_admin`"
        )
    return account


async def _file_chunks(path: Path) -> AsyncIterator[bytes]:
    with path.open("rb") as handle:
        while chunk := await asyncio.to_thread(handle.read, CHUNK):
            yield chunk


async def _store_files(
    store: AssetStore, items: list[_PlannedItem], max_bytes: int
) -> dict[Path, tuple[str, int]]:
    stored: dict[Path, tuple[str, int]] = {}
    for item in items:
        if item.kind in FILE_CONTENT_KINDS:
            stored[item.path] = await store.put(_file_chunks(item.path), max_bytes)
    return stored


async def publish_files(database: Database, files: list[Path], options: ContentOptions) -> list[str]:
    """Publish one content item per file, for everyone; one line per item says what was published."""
    settings = database.settings
    items = _plan_items(files, options, settings.max_upload_bytes)
    async with database.reading() as session:
        await _publisher(session, options.publisher)  # fail before copying any bytes
    # Bytes are copied before the transaction: on SQLite a write transaction holds the one write
    # lock, and a folder of videos would keep the serving HQ from writing for minutes.
    async with opened_asset_store(settings) as store:
        stored = await _store_files(store, items, settings.max_upload_bytes)
    lines: list[str] = []
    async with database.writing() as session:
        viewer = await load_viewer(session, await _publisher(session, options.publisher))
        for item in items:
            sha256 = None
            if item.path in stored:
                sha256, size = stored[item.path]
                await register_asset(session, sha256, size, guess_mime(item.path.name, None), item.path.name)
            request = ContentCreate.model_validate(
                {**item.fields.model_dump(), "kind": item.kind, "asset_sha256": sha256}
            )
            published = await create_content(session, viewer, request)
            lines.append(f'published {item.kind.value} "{published.title}" ({str(published.id)[:8]}…)')
    return lines
