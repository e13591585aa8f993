"""The HQ FastAPI application: routers, error answers, request limits, health."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from pydantic.json_schema import models_json_schema
from sqlalchemy import text
from sqlalchemy.orm import configure_mappers
from starlette.exceptions import HTTPException as StarletteHTTPException

from guide_app.protocol import API_PREFIX, PUSH_EVENT_SCHEMAS, ErrorBody
from hq.api.fastpaths import SyncFastPaths
from hq.api.middleware import BodySizeLimit, LoginGate, VersionGate, error_response, json_error
from hq.api.routes import (
    assets,
    audit,
    auth,
    client,
    content,
    exports,
    org,
    performance,
    playbook,
    sales,
    sop,
    sync,
    targets,
    tasks,
    team,
    updates,
)
from hq.core.config import Settings
from hq.core.db import Database
from hq.core.errors import HqError
from hq.services.assets import asset_store
from hq.services.client_versions import PolicyCache
from hq.services.throttle import LoginThrottle

log = logging.getLogger("hq")

ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in [
        (400, "the request body could not be read (not UTF-8 JSON)"),
        (401, "not signed in, or the sign-in expired"),
        (403, "the account's role may not do this"),
        (404, "no such object, or not visible to this account"),
        (409, "conflicts with existing data"),
        (413, "request too large"),
        (422, "the request is not valid"),
        (426, "this app's release is below HQ's minimum (client_too_old): see /client/versions"),
        (429, "the login is locked, or too many sign-ins: see Retry-After"),
    ]
}


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HqError)
    async def hq_error(_request: Request, error: HqError) -> JSONResponse:
        return error_response(error)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        problems = [
            {
                "loc": list(problem.get("loc", ())),
                "msg": problem.get("msg", ""),
                "type": problem.get("type", ""),
            }
            for problem in error.errors()[:20]
        ]
        return json_error(422, "invalid_request", problems)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        codes = {
            400: "malformed_body",
            404: "not_found",
            405: "method_not_allowed",
            401: "unauthorized",
            403: "forbidden",
        }
        return json_error(
            error.status_code,
            codes.get(error.status_code, "http_error"),
            error.detail,
            dict(error.headers or {}),
        )


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        await app.state.database.dispose()
        await app.state.asset_store.close()

    app = FastAPI(
        title="Guide Desk HQ",
        version="1.0",
        description="HQ service of Guide Desk (导购工作台): organisation, content library, SOP templates, "
        "manager tasks, the sync change feed and the sales outbox.",
        lifespan=lifespan,
        responses=ERROR_RESPONSES,
    )
    # The token check builds accounts with model_construct, which needs SQLAlchemy's mappers set
    # up; a fresh worker whose first request was /me answered 500 before this.
    configure_mappers()
    app.state.settings = settings
    app.state.database = Database(settings)
    app.state.asset_store = asset_store(settings)
    app.state.login_throttle = LoginThrottle(settings)
    app.state.client_versions = PolicyCache(app.state.database)
    _install_error_handlers(app)
    for module in (auth, sync, assets, content, sop, tasks, org, playbook, sales, targets, performance, team):
        app.include_router(module.router, prefix=API_PREFIX)
    app.include_router(exports.router, prefix=API_PREFIX)
    app.include_router(audit.router, prefix=API_PREFIX)
    app.include_router(client.router, prefix=API_PREFIX)
    app.include_router(updates.router, prefix=API_PREFIX)

    app.openapi = lambda: _openapi_with_event_bodies(app)  # type: ignore[method-assign]

    @app.get("/healthz", tags=["health"])
    async def healthz() -> dict[str, str]:
        """Alive and the database answers."""
        async with app.state.database.reading() as session:
            await session.execute(text("SELECT 1"))
        return {"status": "ok"}

    # Added first, so it runs last: every gate below stands before the sync's plain requests too.
    app.add_middleware(SyncFastPaths, state=app.state)
    app.add_middleware(
        BodySizeLimit,
        max_bytes=settings.max_request_bytes,
        upload_path=f"{API_PREFIX}/assets",
        max_upload_bytes=settings.max_upload_bytes,
    )
    app.add_middleware(
        LoginGate,
        path=f"{API_PREFIX}/auth/login",
        throttle=app.state.login_throttle,
        delay=settings.login_refusal_delay_seconds,
    )
    # Added last, so it runs first: the other gates' refusals say HQ's release too.
    app.add_middleware(VersionGate, policies=app.state.client_versions)
    return app


def _openapi_with_event_bodies(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, with PushEvent published as the union of its event kinds
    (discriminated by `kind`) instead of an open `body` object."""
    if app.openapi_schema:
        return app.openapi_schema
    document = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
    )
    schemas = document["components"]["schemas"]
    _, variants = models_json_schema(
        [(model, "validation") for model in PUSH_EVENT_SCHEMAS.values()],
        ref_template="#/components/schemas/{model}",
    )
    schemas.update(variants["$defs"])
    refs = {
        kind.value: f"#/components/schemas/{model.__name__}" for kind, model in PUSH_EVENT_SCHEMAS.items()
    }
    schemas["PushEvent"] = {
        "title": "PushEvent",
        "description": "One outbox entry: a sale, a sale's correction, task progress or content "
        "usage. The body is checked per event: one that does not match its kind is answered "
        "`rejected` with the reason, and the rest of the batch is applied.",
        "oneOf": [{"$ref": ref} for ref in refs.values()],
        "discriminator": {"propertyName": "kind", "mapping": refs},
    }
    app.openapi_schema = document
    return document


def create_app_from_environment() -> FastAPI:
    """uvicorn's factory for `guide-hq serve --workers N`: each worker reads GUIDE_HQ_* itself."""
    return create_app(Settings())
