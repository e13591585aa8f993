"""Import regions, stores and accounts from an xlsx sheet: every row is checked, then all or nothing."""

from __future__ import annotations

import asyncio
import itertools
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from io import BytesIO
from pathlib import Path
from typing import Any, TypeVar

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel, col

from guide_app.protocol import AuditAction, OrgImportResult, OrgImportRow, Role
from hq.core.db import Database
from hq.core.errors import Invalid, NotFound, PayloadTooLarge
from hq.core.security import hash_password, password_problem
from hq.models import Account, Region, Store, table_of
from hq.services import audit, org
from hq.services.audit import AuditEntity

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
HEADER_SEARCH_ROWS = 20  # HQ templates often put a title, a date and notes above the header
LOOKUP_CHUNK = 500  # well below the bound-parameter limits of SQLite and PostgreSQL
NOTES_SHOWN = 50  # a re-import of a big sheet would otherwise print every row as "already exists"

Table = TypeVar("Table", bound=SQLModel)


class Column(StrEnum):
    region = "region"
    store_code = "store_code"
    store_name = "store_name"
    city = "city"
    login = "login"
    name = "name"
    role = "role"
    password = "password"


HEADER_NAMES: dict[Column, tuple[str, ...]] = {
    Column.region: ("区域", "区域名称", "大区", "region"),
    Column.store_code: ("门店编码", "门店代码", "店号", "store_code"),
    Column.store_name: ("门店名称", "门店", "store_name"),
    Column.city: ("城市", "city"),
    Column.login: ("账号", "登录名", "工号", "login"),
    Column.name: ("姓名", "name"),
    Column.role: ("角色", "role"),
    Column.password: ("初始密码", "密码", "password"),
}
ROLE_NAMES: dict[Role, tuple[str, ...]] = {
    Role.guide: ("导购", "guide"),
    Role.manager: ("区域经理", "督导", "manager"),
    Role.hq_admin: ("总部", "总部运营", "hq_admin", "hq"),
}
ROLE_HINT = "use 导购, 区域经理 or 总部"

# The sizes of the columns these values are stored in (hq.models); PostgreSQL refuses longer text.
# The ignores: SQLModel's column type (AutoString, a TypeDecorator) hands String's `length` through
# at run time, which its type hints cannot show.
MAX_LENGTHS: dict[Column, int] = {
    Column.region: table_of(Region).c.name.type.length,  # type: ignore[attr-defined]
    Column.store_code: table_of(Store).c.code.type.length,  # type: ignore[attr-defined]
    Column.store_name: table_of(Store).c.name.type.length,  # type: ignore[attr-defined]
    Column.city: table_of(Store).c.city.type.length,  # type: ignore[attr-defined]
    Column.login: table_of(Account).c.login.type.length,  # type: ignore[attr-defined]
    Column.name: table_of(Account).c.display_name.type.length,  # type: ignore[attr-defined]
}

# Template hints such as "角色（导购/区域经理/总部）" or "*门店编码" still name the column.
_NOISE = re.compile(r"[(（].*?[)）]|[\s*_\-]")


def _key(text: str) -> str:
    return _NOISE.sub("", text).lower()


_COLUMN_BY_KEY = {_key(name): column for column, names in HEADER_NAMES.items() for name in names}
_ROLE_BY_KEY = {_key(name): role for role, names in ROLE_NAMES.items() for name in names}


# --------------------------------------------------------------------------- report

_COUNTS = (
    "data_rows",
    "regions_created",
    "regions_skipped",
    "stores_created",
    "stores_updated",
    "stores_skipped",
    "accounts_created",
    "accounts_skipped",
)


@dataclass(frozen=True)
class RowProblem:
    row: int
    reason: str


@dataclass(frozen=True)
class RowNote:
    """Something worth telling about a good row, e.g. that its account already exists."""

    row: int
    text: str


@dataclass
class OrgImportReport:
    """What an import did (or, when not applied, would do), and every row that stops it."""

    file_name: str
    header_row: int = 0
    data_rows: int = 0
    applied: bool = False
    regions_created: int = 0
    regions_skipped: int = 0
    stores_created: int = 0
    stores_updated: int = 0
    stores_skipped: int = 0
    accounts_created: int = 0
    accounts_skipped: int = 0
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[RowNote] = field(default_factory=list)  # accounts that already exist
    moves: list[RowNote] = field(default_factory=list)  # stores that change region

    @property
    def ok(self) -> bool:
        return not self.problems

    def counts(self) -> dict[str, int]:
        return {name: getattr(self, name) for name in _COUNTS}

    def result(self) -> OrgImportResult:
        """The report as POST /api/v1/org/import answers it."""
        return OrgImportResult(
            file_name=self.file_name,
            header_row=self.header_row,
            applied=self.applied,
            **self.counts(),
            problems=[OrgImportRow(row=problem.row, text=problem.reason) for problem in self.problems],
            notes=[OrgImportRow(row=note.row, text=note.text) for note in self.notes],
            moves=[OrgImportRow(row=move.row, text=move.text) for move in self.moves],
        )

    def render(self) -> str:
        created, updated = ("created", "updated") if self.applied else ("to create", "to update")
        lines = [
            f"import-org {self.file_name}: header on row {self.header_row}, {self.data_rows} data rows",
            f"  regions : {self.regions_created} {created}, {self.regions_skipped} already exist",
            f"  stores  : {self.stores_created} {created}, {self.stores_updated} {updated}, "
            f"{self.stores_skipped} already exist",
            f"  accounts: {self.accounts_created} {created}, {self.accounts_skipped} already exist",
        ]
        lines += [f"  row {move.row}: {move.text}" for move in self.moves]
        lines += [f"  row {note.row}: {note.text}" for note in self.notes[:NOTES_SHOWN]]
        if len(self.notes) > NOTES_SHOWN:
            lines.append(f"  … and {len(self.notes) - NOTES_SHOWN} more rows that already exist")
        if self.problems:
            lines.append(f"{len(self.problems)} problems; nothing was imported. Fix these rows and retry:")
            lines += [f"  row {problem.row}: {problem.reason}" for problem in self.problems]
        elif self.applied:
            lines.append("imported.")
        else:
            lines.append("dry run: every row is good; nothing was written.")
        return "\n".join(lines)


# --------------------------------------------------------------------------- reading the sheet


@dataclass(frozen=True)
class _Sheet:
    header_row: int
    rows: list[tuple[int, dict[Column, str]]]  # (spreadsheet row number, non-empty values)


def _cell_text(value: object) -> str:
    # Codes and passwords typed as numbers come back as int or float (1001.0).
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\u3000", " ").strip()


def _header_columns(values: Sequence[object]) -> dict[Column, list[int]]:
    columns: dict[Column, list[int]] = {}
    for index, value in enumerate(values):
        column = _COLUMN_BY_KEY.get(_key(_cell_text(value)))
        if column is not None:
            columns.setdefault(column, []).append(index)
    return columns


def _find_header(top: Sequence[Sequence[object]]) -> tuple[int, dict[Column, int]]:
    """The 1-based number of the row with the most recognised headers, and its column positions."""
    number, best = 0, dict[Column, list[int]]()
    for row_number, values in enumerate(top, 1):
        columns = _header_columns(values)
        if len(columns) > len(best):
            number, best = row_number, columns
    if len(best) < 2 or (Column.login not in best and Column.store_code not in best):
        raise Invalid(
            f"no header row in the first {HEADER_SEARCH_ROWS} rows; expected headers such as "
            "区域, 门店编码, 门店名称, 城市, 账号, 姓名, 角色, 初始密码"
        )
    for column, indexes in best.items():
        if len(indexes) > 1:
            names = ", ".join(_cell_text(top[number - 1][index]) for index in indexes)
            raise Invalid(f"header row {number} has several {column.value} columns: {names}")
    return number, {column: indexes[0] for column, indexes in best.items()}


def _row_values(values: Sequence[object], columns: dict[Column, int]) -> dict[Column, str]:
    found = {column: _cell_text(values[index]) for column, index in columns.items() if index < len(values)}
    return {column: text for column, text in found.items() if text}


@dataclass(frozen=True)
class SheetSource:
    """The workbook to read: a file (the command line) or the bytes of an upload (the API)."""

    name: str
    path: Path | None = None
    content: bytes | None = None

    @classmethod
    def of_file(cls, path: Path) -> SheetSource:
        return cls(name=path.name, path=path)

    @classmethod
    def of_bytes(cls, name: str, content: bytes) -> SheetSource:
        return cls(name=name, content=content)

    def check(self) -> None:
        if self.path is not None and not self.path.is_file():
            raise NotFound(f"no file {self.path}")
        size = self.path.stat().st_size if self.path is not None else len(self.content or b"")
        if size > MAX_FILE_BYTES:
            raise PayloadTooLarge(
                f"{self.name} is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB; split it"
            )
        if size == 0:
            raise Invalid(f"{self.name} is empty; send the organisation sheet as an .xlsx workbook")

    def open(self) -> Path | BytesIO:
        return self.path if self.path is not None else BytesIO(self.content or b"")


# What openpyxl raises for bytes that are not a workbook it can read: a zip that is no xlsx, a
# missing or damaged part, XML it cannot parse (SyntaxError: ElementTree's and lxml's parse
# errors), a part of the wrong shape. An upload is anybody's bytes: each is a 422, never a 500.
_UNREADABLE = (
    InvalidFileException,
    zipfile.BadZipFile,
    LookupError,
    OSError,
    ValueError,
    TypeError,
    AttributeError,
    SyntaxError,
)


def _read_sheet(source: SheetSource) -> _Sheet:
    """The non-empty rows under the header of the workbook's active sheet."""
    source.check()
    try:
        workbook = load_workbook(source.open(), read_only=True, data_only=True)
    except _UNREADABLE as error:
        raise Invalid(f"cannot read {source.name} as an .xlsx workbook: {error}") from error
    try:
        return _sheet_rows(source.name, workbook)
    except _UNREADABLE as error:
        raise Invalid(f"cannot read {source.name} as an .xlsx workbook: {error}") from error
    finally:
        workbook.close()


def _sheet_rows(name: str, workbook: Workbook) -> _Sheet:
    sheet = workbook.active or workbook.worksheets[0]
    sheet.reset_dimensions()  # some exporters write a wrong <dimension>, which would cut rows off
    values = sheet.iter_rows(values_only=True)
    top = list(itertools.islice(values, HEADER_SEARCH_ROWS))
    header_row, columns = _find_header(top)
    rows: list[tuple[int, dict[Column, str]]] = []
    below_header = itertools.chain(top[header_row:], values)
    for row_number, row in enumerate(below_header, header_row + 1):
        texts = _row_values(row, columns)
        if not texts:
            continue
        if len(rows) >= MAX_ROWS:
            raise PayloadTooLarge(f"{name} has more than {MAX_ROWS} rows; split it")
        rows.append((row_number, texts))
    return _Sheet(header_row=header_row, rows=rows)


# --------------------------------------------------------------------------- checking rows


@dataclass(frozen=True)
class _StoreSpec:
    row: int
    code: str
    name: str  # empty when the row only refers to the store
    region: str
    city: str


@dataclass(frozen=True)
class _AccountSpec:
    row: int
    login: str
    display_name: str
    role: Role
    password: str
    store_code: str
    region: str


@dataclass
class _Plan:
    """What the sheet asks for, gathered from its rows, with the reasons rows are refused."""

    regions: dict[str, int] = field(default_factory=dict)  # name -> first row
    stores: dict[str, _StoreSpec] = field(default_factory=dict)  # code -> first row naming it
    references: list[_StoreSpec] = field(default_factory=list)  # store codes without a name
    accounts: dict[str, _AccountSpec] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)

    def refuse(self, row: int, reason: str) -> None:
        self.problems.append(RowProblem(row, reason))


def _length_problems(texts: dict[Column, str]) -> list[str]:
    return [
        f"{column.value} is longer than {limit} characters"
        for column, limit in MAX_LENGTHS.items()
        if len(texts.get(column, "")) > limit
    ]


def _store_part(row: int, texts: dict[Column, str]) -> tuple[_StoreSpec | None, list[str]]:
    code = texts.get(Column.store_code, "")
    name = texts.get(Column.store_name, "")
    region = texts.get(Column.region, "")
    if not code:
        if name or Column.city in texts:
            return None, ["store_name or city given without a store_code (门店编码)"]
        return None, []
    if name and not region:
        return None, [f"store {code!r} needs a region (区域)"]
    return _StoreSpec(row, code, name, region, texts.get(Column.city, "")), []


def _account_part(row: int, texts: dict[Column, str]) -> tuple[_AccountSpec | None, list[str]]:
    login = texts.get(Column.login, "")
    role_text, password = texts.get(Column.role, ""), texts.get(Column.password, "")
    if not login:
        if Column.name in texts or role_text or password:
            return None, ["name, role or password given without a login (账号)"]
        return None, []
    role = _ROLE_BY_KEY.get(_key(role_text))
    reasons: list[str] = []
    if not role_text:
        reasons.append(f"role is missing ({ROLE_HINT})")
    elif role is None:
        reasons.append(f"unknown role {role_text!r} ({ROLE_HINT})")
    elif role is Role.guide and Column.store_code not in texts:
        reasons.append("a guide needs a store_code (门店编码)")
    elif role is Role.manager and Column.region not in texts:
        reasons.append("a manager needs a region (区域)")
    problem = password_problem(password) if password else "password is missing (初始密码)"
    if problem:
        reasons.append(problem)
    if reasons or role is None:
        return None, reasons
    return _AccountSpec(
        row,
        login,
        texts.get(Column.name, login),
        role,
        password,
        texts.get(Column.store_code, ""),
        texts.get(Column.region, ""),
    ), []


def _add_store(plan: _Plan, store: _StoreSpec) -> None:
    if not store.name:
        plan.references.append(store)
        return
    first = plan.stores.setdefault(store.code, store)
    if (first.name, first.region) != (store.name, store.region):
        plan.refuse(
            store.row,
            f"store {store.code!r} is {first.name!r} in region {first.region!r} on row "
            f"{first.row}, but {store.name!r} in region {store.region!r} here",
        )
    elif store.city and not first.city:
        plan.stores[store.code] = replace(first, city=store.city)


def _add_account(plan: _Plan, account: _AccountSpec) -> None:
    first = plan.accounts.setdefault(account.login, account)
    if first is not account:
        plan.refuse(account.row, f"login {account.login!r} is repeated (first on row {first.row})")


def _plan_rows(rows: Iterable[tuple[int, dict[Column, str]]]) -> _Plan:
    """Check each row on its own and against the rows above it."""
    plan = _Plan()
    for row, texts in rows:
        too_long = _length_problems(texts)
        for reason in too_long:
            plan.refuse(row, reason)
        if too_long:
            continue
        store, store_reasons = _store_part(row, texts)
        account, account_reasons = _account_part(row, texts)
        for reason in store_reasons + account_reasons:
            plan.refuse(row, reason)
        if Column.region in texts:
            plan.regions.setdefault(texts[Column.region], row)
        if store is not None:
            _add_store(plan, store)
        if account is not None:
            _add_account(plan, account)
    return plan


# --------------------------------------------------------------------------- checking against HQ


@dataclass
class _Existing:
    """The regions, stores and accounts of the database that the sheet names."""

    regions: dict[str, Region]
    stores: dict[str, Store]
    accounts: dict[str, Account]
    region_names: dict[int, str]  # region id -> name, for the stores above


async def _find(session: AsyncSession, table: type[Table], column: Any, values: Iterable[Any]) -> list[Table]:
    found: list[Table] = []
    ordered = sorted(set(values))
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        query = select(table).where(col(column).in_(ordered[start : start + LOOKUP_CHUNK]))
        found.extend((await session.execute(query)).scalars())
    return found


async def _load_existing(session: AsyncSession, plan: _Plan) -> _Existing:
    codes = set(plan.stores) | {store.code for store in plan.references}
    stores = {store.code: store for store in await _find(session, Store, Store.code, codes)}
    region_ids = {store.region_id for store in stores.values()}
    return _Existing(
        regions={region.name: region for region in await _find(session, Region, Region.name, plan.regions)},
        stores=stores,
        accounts={
            account.login: account for account in await _find(session, Account, Account.login, plan.accounts)
        },
        region_names={
            region.id: region.name
            for region in await _find(session, Region, Region.id, region_ids)
            if region.id is not None
        },
    )


def _store_region(plan: _Plan, existing: _Existing, code: str) -> str | None:
    """The region a store will be in after the import, or None when nobody knows the store."""
    if code in plan.stores:
        return plan.stores[code].region
    if code in existing.stores:
        return existing.region_names[existing.stores[code].region_id]
    return None


def _check_stores(plan: _Plan, existing: _Existing, report: OrgImportReport) -> None:
    for store in plan.stores.values():
        current = existing.stores.get(store.code)
        if current is not None and existing.region_names[current.region_id] != store.region:
            # A chain redraws its regions: the store moves, and its guides with it (their
            # sales, tasks and feed follow the new region's manager from now on).
            report.moves.append(
                RowNote(
                    store.row,
                    f"store {store.code!r} moves from region "
                    f"{existing.region_names[current.region_id]!r} to {store.region!r}, with its guides",
                )
            )
    for reference in plan.references:
        region = _store_region(plan, existing, reference.code)
        if region is None:
            plan.refuse(
                reference.row,
                f"no store {reference.code!r} in this file or at HQ; give its "
                "store_name (门店名称) and region to create it",
            )
        elif reference.region and reference.region != region:
            plan.refuse(
                reference.row, f"store {reference.code!r} is in region {region!r}, not {reference.region!r}"
            )


async def _placement_text(session: AsyncSession, account: Account) -> str:
    if account.store_id is not None:
        store = await session.get(Store, account.store_id)
        return f"{account.role} of store {store.code if store else account.store_id!r}"
    if account.region_id is not None:
        region = await session.get(Region, account.region_id)
        return f"{account.role} of region {region.name if region else account.region_id!r}"
    return account.role


def _same_place(account: Account, spec: _AccountSpec, existing: _Existing) -> bool:
    if account.role != spec.role.value:
        return False
    if spec.role is Role.guide:
        store = existing.stores.get(spec.store_code)
        return store is not None and account.store_id == store.id
    if spec.role is Role.manager:
        region = existing.regions.get(spec.region)
        return region is not None and account.region_id == region.id
    return True


async def _check_accounts(
    session: AsyncSession, plan: _Plan, existing: _Existing, report: OrgImportReport
) -> None:
    for spec in plan.accounts.values():
        account = existing.accounts.get(spec.login)
        if account is None:
            continue
        if _same_place(account, spec, existing):
            state = " (disabled)" if account.disabled else ""
            report.notes.append(RowNote(spec.row, f"login {spec.login!r} already exists{state}; skipped"))
        else:
            plan.refuse(
                spec.row, f"login {spec.login!r} already exists as {await _placement_text(session, account)}"
            )


def _store_as_is(store: Store, existing: _Existing) -> tuple[str, str, str]:
    return store.name, store.city, existing.region_names[store.region_id]


def _count(plan: _Plan, existing: _Existing, report: OrgImportReport) -> None:
    report.regions_skipped = sum(name in existing.regions for name in plan.regions)
    report.regions_created = len(plan.regions) - report.regions_skipped
    current = [(store, existing.stores.get(store.code)) for store in plan.stores.values()]
    report.stores_created = sum(old is None for _, old in current)
    report.stores_updated = sum(
        old is not None and _store_as_is(old, existing) != (new.name, new.city or old.city, new.region)
        for new, old in current
    )
    report.stores_skipped = len(current) - report.stores_created - report.stores_updated
    report.accounts_skipped = len(report.notes)
    report.accounts_created = len(plan.accounts) - report.accounts_skipped


# --------------------------------------------------------------------------- writing


async def _hash_passwords(plan: _Plan) -> dict[str, str]:
    """Every new account's password hash, made before the write transaction opens: at ~30 ms
    each, 1,000 accounts hashed inside it held HQ's write lock for half a minute."""
    slots = asyncio.Semaphore(4)

    async def hashed(password: str) -> str:
        async with slots:
            return await asyncio.to_thread(hash_password, password)

    logins = list(plan.accounts)
    hashes = await asyncio.gather(*(hashed(plan.accounts[login].password) for login in logins))
    return dict(zip(logins, hashes, strict=True))


async def _apply(session: AsyncSession, plan: _Plan, existing: _Existing, hashes: dict[str, str]) -> None:
    regions = {name: await org.upsert_region(session, name) for name in plan.regions}
    for store in plan.stores.values():
        old = existing.stores.get(store.code)
        # An empty city cell keeps the city HQ already has rather than erasing it.
        city = store.city or (old.city if old else "")
        await org.upsert_store(session, store.code, store.name, regions[store.region], city=city)
    for account in plan.accounts.values():
        if account.login in existing.accounts:
            continue
        await org.add_account(
            session,
            account.login,
            account.display_name,
            account.role,
            account.password,
            store_code=account.store_code or None,
            region_name=account.region or None,
            password_hash=hashes[account.login],
        )


async def import_org(
    database: Database, source: Path | SheetSource, apply: bool, actor_id: int | None = None
) -> OrgImportReport:
    """Check every row of the sheet; write it all in one transaction only when apply and no row is
    bad. An import made by a signed-in account (`actor_id`, the API) is audited with its counts."""
    if isinstance(source, Path):
        source = SheetSource.of_file(source)
    sheet = await asyncio.to_thread(_read_sheet, source)
    plan = _plan_rows(sheet.rows)
    report = OrgImportReport(file_name=source.name, header_row=sheet.header_row, data_rows=len(sheet.rows))
    hashes = await _hash_passwords(plan) if apply else {}
    async with database.writing() as session:
        existing = await _load_existing(session, plan)
        _check_stores(plan, existing, report)
        await _check_accounts(session, plan, existing, report)
        _count(plan, existing, report)
        report.problems = sorted(plan.problems, key=lambda problem: problem.row)
        if apply and report.ok:
            await _apply(session, plan, existing, hashes)
            report.applied = True
            if actor_id is not None:
                await audit.record(
                    session,
                    actor_id,
                    AuditEntity.org_sheet,
                    source.name,
                    AuditAction.import_sheet,
                    None,
                    report.counts(),
                )
    return report
