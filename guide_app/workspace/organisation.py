"""HQ's organisation as the HQ workspace edits it: regions, stores, accounts, the sheet import and
the audit record of each change."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import quote

from guide_app.changes import Area, ChangeNotice, Outcome
from guide_app.errors import ErrorCode, GuideError
from guide_app.protocol import (
    AccountCreate,
    AccountPublic,
    AccountUpdate,
    AuditEntry,
    OrgImportResult,
    PasswordReset,
    RegionCreate,
    RegionPublic,
    RegionUpdate,
    Role,
    StoreCreate,
    StorePublic,
    StoreUpdate,
)
from guide_app.workspace.session import Workspace

# The protocol's bounds (guide_app.protocol Login, StoreCode, PlaceName, CityName, Password),
# checked here so the operator hears which field is wrong before anything is sent.
MAX_PLACE_NAME = 100
MAX_CITY = 60
MAX_LOGIN = 64
MIN_PASSWORD = 8
_LOGIN = re.compile(r"^[A-Za-z0-9_.@\-]{1,64}$")
_STORE_CODE = re.compile(r"^[A-Za-z0-9_.\-]{1,40}$")
#: HQ refuses bigger bodies; the sheet of a 20,000-account chain is a few MiB.
MAX_SHEET_BYTES = 20 * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AUDIT_PAGE = 100
CHANGED = ChangeNotice.of(Area.organisation)


class AuditSubject(StrEnum):
    """What the audit record is kept for, as HQ names it in `AuditEntry.entity`."""

    region = "region"
    store = "store"
    account = "account"


# --------------------------------------------------------------------------- checks


def checked_name(text: str, limit: int = MAX_PLACE_NAME) -> str:
    name = text.strip()
    if not name:
        raise GuideError("a name is needed", code=ErrorCode.name_missing)
    if len(name) > limit or any(ord(char) < 32 for char in name):
        raise GuideError(f"a name takes at most {limit} characters", code=ErrorCode.name_too_long)
    return name


def checked_city(text: str) -> str:
    city = text.strip()
    if len(city) > MAX_CITY:
        raise GuideError(f"a city takes at most {MAX_CITY} characters", code=ErrorCode.name_too_long)
    return city


def checked_login(text: str) -> str:
    login = text.strip()
    if not _LOGIN.match(login):
        raise GuideError("a login is 1 to 64 letters, digits and . _ - @", code=ErrorCode.login_invalid)
    return login


def checked_store_code(text: str) -> str:
    code = text.strip()
    if not _STORE_CODE.match(code):
        raise GuideError(
            "a store code is 1 to 40 letters, digits and . _ -", code=ErrorCode.store_code_invalid
        )
    return code


def checked_password(password: str, repeated: str) -> str:
    """A new password typed twice: the same both times, and long enough."""
    if password != repeated:
        raise GuideError("the two passwords differ", code=ErrorCode.passwords_differ)
    if len(password) < MIN_PASSWORD:
        raise GuideError(
            f"a password needs at least {MIN_PASSWORD} characters", code=ErrorCode.password_too_short
        )
    return password


# --------------------------------------------------------------------------- writes


async def _sent(workspace: Workspace, method: str, path: str, model: Any, body: Any) -> Any:
    async with workspace.client() as client:
        answer = await client.send(method, path, model, body)
    return answer


async def create_region(workspace: Workspace, name: str) -> Outcome[RegionPublic]:
    body = RegionCreate(name=checked_name(name))
    return Outcome(await _sent(workspace, "POST", "/regions", RegionPublic, body), CHANGED)


async def rename_region(workspace: Workspace, region_id: int, name: str) -> Outcome[RegionPublic]:
    body = RegionUpdate(name=checked_name(name))
    return Outcome(await _sent(workspace, "PATCH", f"/regions/{region_id}", RegionPublic, body), CHANGED)


async def create_store(
    workspace: Workspace, code: str, name: str, region_id: int, city: str
) -> Outcome[StorePublic]:
    body = StoreCreate(
        code=checked_store_code(code), name=checked_name(name), region_id=region_id, city=checked_city(city)
    )
    return Outcome(await _sent(workspace, "POST", "/stores", StorePublic, body), CHANGED)


async def update_store(workspace: Workspace, store_id: int, name: str, city: str) -> Outcome[StorePublic]:
    body = StoreUpdate(name=checked_name(name), city=checked_city(city))
    return Outcome(await _sent(workspace, "PATCH", f"/stores/{store_id}", StorePublic, body), CHANGED)


async def move_store(workspace: Workspace, store_id: int, region_id: int) -> Outcome[StorePublic]:
    """The store and its guides go to another region; its manager's views follow at HQ."""
    body = StoreUpdate(region_id=region_id)
    return Outcome(await _sent(workspace, "PATCH", f"/stores/{store_id}", StorePublic, body), CHANGED)


@dataclass(frozen=True)
class NewAccount:
    """An account as the operator typed it; `place_id` is a guide's store or a manager's region."""

    login: str
    display_name: str
    role: Role
    place_id: int | None
    password: str
    repeated: str


async def create_account(workspace: Workspace, account: NewAccount) -> Outcome[AccountPublic]:
    body = AccountCreate(
        login=checked_login(account.login),
        display_name=checked_name(account.display_name),
        role=account.role,
        store_id=account.place_id if account.role is Role.guide else None,
        region_id=account.place_id if account.role is Role.manager else None,
        password=checked_password(account.password, account.repeated),
    )
    return Outcome(await _sent(workspace, "POST", "/accounts", AccountPublic, body), CHANGED)


async def update_account(
    workspace: Workspace, account: AccountPublic, display_name: str, place_id: int | None
) -> Outcome[AccountPublic]:
    """Rename, and move a guide to `place_id` (a store) or a manager to it (a region)."""
    fields: dict[str, Any] = {"display_name": checked_name(display_name)}
    if account.role is Role.guide and place_id is not None:
        fields["store_id"] = place_id
    elif account.role is Role.manager and place_id is not None:
        fields["region_id"] = place_id
    body = AccountUpdate(**fields)
    return Outcome(await _sent(workspace, "PATCH", f"/accounts/{account.id}", AccountPublic, body), CHANGED)


async def set_account_disabled(
    workspace: Workspace, account_id: int, disabled: bool
) -> Outcome[AccountPublic]:
    """Disabling signs the account out everywhere; enabling lets it sign in again."""
    body = AccountUpdate(disabled=disabled)
    return Outcome(await _sent(workspace, "PATCH", f"/accounts/{account_id}", AccountPublic, body), CHANGED)


async def reset_password(
    workspace: Workspace, account_id: int, password: str, repeated: str
) -> Outcome[None]:
    body = PasswordReset(password=checked_password(password, repeated))
    await _sent(workspace, "POST", f"/accounts/{account_id}/password", None, body)
    return Outcome(None, CHANGED)


# --------------------------------------------------------------------------- the sheet


def read_sheet_file(path: Path) -> bytes:
    """The sheet's bytes, refused here when HQ would refuse them for their size."""
    try:
        size = path.stat().st_size
        if size > MAX_SHEET_BYTES:
            raise GuideError(
                f"{path.name} is {size} bytes; HQ takes at most 20 MiB", code=ErrorCode.import_too_large
            )
        return path.read_bytes()
    except OSError as error:
        raise GuideError(f"{path.name} cannot be read: {error}", code=ErrorCode.import_unreadable) from error


async def _import(workspace: Workspace, path: Path, apply: bool) -> OrgImportResult:
    content = await asyncio.to_thread(read_sheet_file, path)
    async with workspace.client() as client:
        return await client.upload(
            "/org/import",
            content,
            XLSX_TYPE,
            OrgImportResult,
            {"apply": "true" if apply else "false"},
            headers={"X-Filename": quote(path.name)},
        )


async def check_sheet(workspace: Workspace, path: Path) -> OrgImportResult:
    """A dry run: HQ checks every row and reports, and writes nothing."""
    return await _import(workspace, path, apply=False)


async def import_sheet(workspace: Workspace, path: Path) -> Outcome[OrgImportResult]:
    """The sheet written at HQ: all of it, or (when a row has a problem) none of it."""
    result = await _import(workspace, path, apply=True)
    return Outcome(result, CHANGED if result.applied else ChangeNotice())


# --------------------------------------------------------------------------- the audit


async def audit_of(
    workspace: Workspace, subject: AuditSubject, entity_id: int, before_id: int | None = None
) -> list[AuditEntry]:
    """The changes of one region, store or account, newest first; `before_id` pages back."""
    params = {
        "entity": subject.value,
        "entity_id": str(entity_id),
        "limit": AUDIT_PAGE,
        "before_id": before_id,
    }
    async with workspace.client() as client:
        return await client.get_list("/audit", AuditEntry, params)


@dataclass(frozen=True)
class FieldChange:
    """One field an audit entry changed; None where the field was absent before or after."""

    name: str
    before: Any
    after: Any


def field_changes(entry: AuditEntry) -> list[FieldChange]:
    """The fields whose value differs between before and after (all of after for a creation)."""
    before, after = entry.before or {}, entry.after or {}
    names = [name for name in after if name != "id"] + [
        name for name in before if name not in after and name != "id"
    ]
    return [
        FieldChange(name, before.get(name), after.get(name))
        for name in names
        if before.get(name) != after.get(name)
    ]
