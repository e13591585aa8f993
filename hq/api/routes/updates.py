"""The signed client update repository, served without sign-in (the signatures are the trust)."""

from __future__ import annotations

from pathlib import Path as FilePath
from typing import Annotated

from fastapi import Path, Request
from fastapi.responses import FileResponse, Response

from hq.api.deps import SettingsDep
from hq.api.routing import api_router
from hq.services.assets import etag_matches
from hq.services.updates import UPDATE_FILE_NAME, UpdateArea, served_file

router = api_router(prefix="/client/updates", tags=["updates"])

FileName = Annotated[
    str, Path(pattern=UPDATE_FILE_NAME, description="a published file's name: letters, digits . _ -")
]
_FILE_ANSWERS: dict[int | str, dict[str, object]] = {
    200: {"content": {"application/octet-stream": {}}, "description": "the file"},
    206: {"description": "the requested byte range (archives)"},
    304: {"description": "not modified (If-None-Match)"},
    404: {"description": "not published (the reason says whether any repository is)"},
    416: {"description": "the range lies beyond the file"},
}


def _answer(request: Request, path: FilePath, etag: str, cache_control: str, media_type: str) -> Response:
    """The file with its validators; no database session is open while its bytes go out."""
    headers = {"ETag": etag, "Cache-Control": cache_control, "X-Content-Type-Options": "nosniff"}
    if etag_matches(request.headers.get("if-none-match", ""), etag):
        return Response(status_code=304, headers=headers)
    return FileResponse(path, media_type=media_type, headers=headers)


@router.get("/metadata/{name}", response_class=FileResponse, responses=_FILE_ANSWERS)
async def update_metadata(name: FileName, request: Request, settings: SettingsDep) -> Response:
    """A signed metadata file (1.root.json, timestamp.json, N.snapshot.json, N.targets.json).
    timestamp.json changes at each publish, so nothing may be cached without asking again."""
    path = served_file(settings.updates_dir, UpdateArea.metadata, name)
    stat = path.stat()
    return _answer(request, path, f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"', "no-cache", "application/json")


@router.head("/metadata/{name}", response_class=FileResponse, responses=_FILE_ANSWERS)
async def update_metadata_headers(name: FileName, request: Request, settings: SettingsDep) -> Response:
    """The metadata file's headers alone."""
    return await update_metadata(name, request, settings)


@router.get("/targets/{name}", response_class=FileResponse, responses=_FILE_ANSWERS)
async def update_archive(name: FileName, request: Request, settings: SettingsDep) -> Response:
    """An update archive, <sha256>.guide-desk-<version>-<platform>.zip. Its name holds its hash,
    so its bytes never change: cached for a year, resumable with Range."""
    path = served_file(settings.updates_dir, UpdateArea.targets, name)
    etag = f'"{name.split(".", 1)[0]}"'
    return _answer(request, path, etag, "public, max-age=31536000, immutable", "application/zip")


@router.head("/targets/{name}", response_class=FileResponse, responses=_FILE_ANSWERS)
async def update_archive_headers(name: FileName, request: Request, settings: SettingsDep) -> Response:
    """The archive's headers alone (size, ETag)."""
    return await update_archive(name, request, settings)
