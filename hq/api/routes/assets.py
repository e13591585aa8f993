"""Asset files: upload (HQ) and content-addressed download with ETag and Range."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote, unquote

from fastapi import Path, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy.ext.asyncio import AsyncSession

from guide_app.protocol import SHA256_PATTERN, AssetPublic
from hq.api.deps import AdminViewer, AssetStoreDep, CurrentViewer, ReadSession, SettingsDep, WriteSession
from hq.api.routing import api_router
from hq.core.errors import NotFound, PayloadTooLarge
from hq.models import Asset
from hq.services import assets, content
from hq.services.assets import AssetStore, ByteSpan
from hq.services.visibility import Viewer

router = api_router(prefix="/assets", tags=["assets"])

Sha256 = Annotated[str, Path(pattern=SHA256_PATTERN, description="lower-case hex sha256 of the file")]

# The address is the sha256 of the bytes: a file never changes under its name, so any cache may
# keep it for a year. `public` lets a shared cache (a store's proxy in front of its PCs) keep an
# answer to a request that carried Authorization (RFC 9111 §3.5), so the store's second PC gets
# the 200 MB video from the proxy rather than over the store's line. The name is a 256-bit value
# that HQ gives only to accounts whose feed carries the item, and HQ still checks who may see the
# file on every request that reaches it; a proxy serves its copy only inside the store it sits in.
CACHE_CONTROL = "public, max-age=31536000, immutable"


@router.post(
    "",
    response_model=AssetPublic,
    status_code=201,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
async def upload_asset(
    request: Request, viewer: AdminViewer, session: WriteSession, store: AssetStoreDep, settings: SettingsDep
) -> AssetPublic:
    """Upload one file as the raw request body. Name it with the X-Filename header, percent-encoded
    (UTF-8), e.g. `%E6%B5%B7%E6%8A%A5.png`. The same bytes always give the same sha256."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > settings.max_upload_bytes:
        raise PayloadTooLarge(
            f"file is larger than the {settings.max_upload_bytes // (1024 * 1024)} MB limit"
        )
    filename = assets.safe_filename(unquote(request.headers.get("x-filename", "")))
    sha256, size = await store.put(request.stream(), settings.max_upload_bytes)
    mime = assets.guess_mime(filename, request.headers.get("content-type"))
    asset = await assets.register_asset(session, sha256, size, mime, filename)
    return AssetPublic(sha256=asset.sha256, size=asset.size, mime=asset.mime)


@router.get(
    "/{sha256}",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"application/octet-stream": {}}, "description": "the file"},
        206: {"description": "the requested byte range (one range: `Range: bytes=first-last`)"},
        304: {"description": "not modified (If-None-Match)"},
        416: {"description": "the range starts past the end of the file, or is malformed"},
    },
)
async def download_asset(
    sha256: Sha256, request: Request, viewer: CurrentViewer, session: ReadSession, store: AssetStoreDep
) -> Response:
    """The file, if a content item this account may see uses it. ETag is the quoted sha256; HEAD
    gives the headers alone. Always an attachment, never rendered by a browser."""
    return await _answer(sha256, request, viewer, session, store, with_body=True)


@router.head("/{sha256}", response_class=Response, responses={304: {"description": "not modified"}})
async def asset_headers(
    sha256: Sha256, request: Request, viewer: CurrentViewer, session: ReadSession, store: AssetStoreDep
) -> Response:
    """The download's headers alone (size, ETag), to check a cached copy."""
    return await _answer(sha256, request, viewer, session, store, with_body=False)


async def _answer(
    sha256: str,
    request: Request,
    viewer: Viewer,
    session: AsyncSession,
    store: AssetStore,
    *,
    with_body: bool,
) -> Response:
    record = await session.get(Asset, sha256)
    if record is None or not await content.asset_visible(session, viewer, sha256):
        raise NotFound("no such file")
    # The store may answer over the network (S3): the database connection goes back first.
    await session.close()
    etag = f'"{sha256}"'
    headers = {
        "ETag": etag,
        "Cache-Control": CACHE_CONTROL,
        "X-Content-Type-Options": "nosniff",  # an uploaded .html is never run as a page
    }
    if assets.etag_matches(request.headers.get("if-none-match", ""), etag):
        # The record is written only after the store holds the bytes, and stored bytes are never
        # removed: a 304 needs no trip to the store.
        return Response(status_code=304, headers=headers)
    span = assets.requested_span(
        request.headers.get("range"), request.headers.get("if-range"), etag, record.size
    )
    headers |= _entity_headers(record, span)
    status = 200 if span.is_whole else 206
    if not with_body:
        if await store.stat(sha256) is None:
            raise NotFound("no such file")
        return Response(status_code=status, headers=headers)
    body = await store.read(sha256, span.start, span.stop)
    if body is None:
        raise NotFound("no such file")
    return StreamingResponse(body, status_code=status, headers=headers)


def _entity_headers(record: Asset, span: ByteSpan) -> dict[str, str]:
    """What the body is: its type, length and range, and the name to save it under."""
    headers = {
        "Content-Type": record.mime,
        "Content-Length": str(span.stop - span.start),
        "Accept-Ranges": "bytes",
        "Content-Disposition": _attachment(record.original_name or record.sha256),
    }
    if not span.is_whole:
        headers["Content-Range"] = span.content_range
    return headers


def _attachment(filename: str) -> str:
    """RFC 6266: a plain ASCII name as filename="…", anything else percent-encoded as filename*."""
    encoded = quote(filename)
    if encoded != filename:
        return f"attachment; filename*=utf-8''{encoded}"
    return f'attachment; filename="{filename}"'
