"""Asset files: upload (HQ) and content-addressed download with ETag and Range."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import unquote

from fastapi import Path, Request
from fastapi.responses import FileResponse, Response

from guide_app.protocol import SHA256_PATTERN, AssetPublic
from hq.api.deps import AdminViewer, AssetStoreDep, CurrentViewer, ReadSession, SettingsDep, WriteSession
from hq.api.routing import api_router
from hq.core.errors import NotFound, PayloadTooLarge
from hq.models import Asset
from hq.services import assets, content

router = api_router(prefix="/assets", tags=["assets"])

Sha256 = Annotated[str, Path(pattern=SHA256_PATTERN, description="lower-case hex sha256 of the file")]


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
    response_class=FileResponse,
    responses={
        200: {"content": {"application/octet-stream": {}}, "description": "the file"},
        206: {"description": "the requested byte range"},
        304: {"description": "not modified (If-None-Match)"},
    },
)
async def download_asset(
    sha256: Sha256, request: Request, viewer: CurrentViewer, session: ReadSession, store: AssetStoreDep
) -> Response:
    """The file, if a content item this account may see uses it. ETag is the quoted sha256; HEAD
    gives the headers alone. Always an attachment, never rendered by a browser."""
    record = await session.get(Asset, sha256)
    path = store.path_of(sha256)
    if record is None or path is None or not await content.asset_visible(session, viewer, sha256):
        raise NotFound("no such file")
    etag = f'"{sha256}"'
    headers = {
        "ETag": etag,
        "Cache-Control": "private, max-age=31536000, immutable",
        "X-Content-Type-Options": "nosniff",  # an uploaded .html is never run as a page
    }
    if assets.etag_matches(request.headers.get("if-none-match", ""), etag):
        return Response(status_code=304, headers=headers)
    return FileResponse(
        path,
        media_type=record.mime,
        headers=headers,
        filename=record.original_name or sha256,
        content_disposition_type="attachment",
    )


@router.head("/{sha256}", response_class=FileResponse, responses={304: {"description": "not modified"}})
async def asset_headers(
    sha256: Sha256, request: Request, viewer: CurrentViewer, session: ReadSession, store: AssetStoreDep
) -> Response:
    """The download's headers alone (size, ETag), to check a cached copy."""
    return await download_asset(sha256, request, viewer, session, store)
