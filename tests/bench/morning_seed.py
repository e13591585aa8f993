"""Seeding the national chain into PostgreSQL with COPY: the organisation, last month's
publications with their feed rows as HQ writes them, and one live token per account."""

from __future__ import annotations

import random
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson
import psycopg

from guide_app.protocol import (
    AccountPublic,
    ContentCreate,
    RegionPublic,
    Role,
    SopCreate,
    StorePublic,
    TaskCreate,
)
from hq.core.security import hash_password
from hq.models import ContentItem, ManagerTask, SopTemplate
from hq.services.changes import dump_json
from hq.services.content import content_public
from hq.services.sop import sop_public
from hq.services.tasks import task_public
from hq.services.visibility import ScopeKind
from tests.bench.morning_org import (
    ADMIN_ID,
    Chain,
    account_digest,
    bench_uuid,
    guide_login,
    manager_login,
    person_name,
    region_name,
    store_city,
    store_code,
    store_name,
)
from tests.support.publish import script_item, sop_template, task_request

PASSWORD = "morning-2026"
LAST_MONTH_DAYS = 30
CONTENT_PER_DAY = 20
SOP_TEMPLATES = 30
TASKS_PER_REGION = 4  # last month's campaigns: each to every guide of the region
COPY_CHUNK = 1 << 20
CAMPAIGNS = ("双11预热", "会员日", "秋冬上新", "羽绒服节", "周年庆", "双12")


@dataclass
class Seeded:
    """What the seeding left behind for the overnight and the guides."""

    cursor: int  # where every guide's sync stopped yesterday
    content_ids: list[str]
    sop_ids: list[str]
    seconds: float
    rows: dict[str, int]


def plain_url(sqlalchemy_url: str) -> str:
    """The libpq address of a `postgresql+psycopg://` URL."""
    return sqlalchemy_url.replace("postgresql+psycopg://", "postgresql://", 1)


def _field(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    text = str(value)
    if "\\" in text or "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


def copy_rows(
    cursor: psycopg.Cursor[Any], table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
) -> int:
    """COPY `rows` in text format, sent in ~1 MB chunks; returns how many went in."""
    count, parts, size = 0, [], 0
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            line = "\t".join(_field(value) for value in row) + "\n"
            parts.append(line)
            size += len(line)
            count += 1
            if size >= COPY_CHUNK:
                copy.write("".join(parts).encode())
                parts, size = [], 0
        if parts:
            copy.write("".join(parts).encode())
    return count


class _Feed:
    """Hands out feed sequence numbers and collects change_log / change_scope rows."""

    def __init__(self) -> None:
        self.seq = 0
        self.changes: list[tuple[Any, ...]] = []
        self.scopes: list[tuple[int, str, int]] = []

    def record(
        self,
        entity: str,
        entity_id: str | int,
        data: str,
        at: datetime,
        scopes: Iterable[tuple[ScopeKind, int]],
    ) -> None:
        self.seq += 1
        self.changes.append((self.seq, entity, str(entity_id), "upsert", data, at))
        self.scopes.extend((self.seq, kind.value, scope_id) for kind, scope_id in sorted(set(scopes)))


def _account_json(
    account_id: int, login: str, name: str, role: Role, store_id: int | None, region_id: int | None
) -> str:
    return orjson.dumps(
        {
            "id": account_id,
            "login": login,
            "display_name": name,
            "role": role.value,
            "store_id": store_id,
            "region_id": region_id,
            "disabled": False,
        }
    ).decode()


def check_account_json() -> None:
    """The hand-built account rows must be what HQ's AccountPublic would publish, byte for byte."""
    made = _account_json(7, "sh00001.wang0", "王丽娟", Role.guide, 1, 2)
    public = AccountPublic(
        id=7,
        login="sh00001.wang0",
        display_name="王丽娟",
        role=Role.guide,
        store_id=1,
        region_id=2,
        disabled=False,
    )
    assert made == dump_json(public.model_dump(mode="json")), (made, public)


def _organisation(
    cursor: psycopg.Cursor[Any], chain: Chain, feed: _Feed, at: datetime, password_hash: str
) -> dict[str, int]:
    rows: dict[str, int] = {}
    rows["region"] = copy_rows(
        cursor,
        "region",
        ("id", "name", "created_at"),
        ((r, region_name(r), at) for r in range(1, chain.regions + 1)),
    )
    for r in range(1, chain.regions + 1):
        feed.record(
            "region",
            r,
            dump_json(RegionPublic(id=r, name=region_name(r)).model_dump(mode="json")),
            at,
            [(ScopeKind.region, r)],
        )
    rows["store"] = copy_rows(
        cursor,
        "store",
        ("id", "code", "name", "region_id", "city", "created_at"),
        (
            (s, store_code(s), store_name(s), chain.region_of_store(s), store_city(s), at)
            for s in range(1, chain.stores + 1)
        ),
    )
    for s in range(1, chain.stores + 1):
        public = StorePublic(
            id=s,
            code=store_code(s),
            name=store_name(s),
            region_id=chain.region_of_store(s),
            city=store_city(s),
        )
        feed.record("store", s, dump_json(public.model_dump(mode="json")), at, [(ScopeKind.store, s)])
    accounts = list(_accounts(chain))
    rows["account"] = copy_rows(
        cursor,
        "account",
        (
            "id",
            "login",
            "display_name",
            "role",
            "store_id",
            "region_id",
            "password_hash",
            "disabled",
            "created_at",
            "updated_at",
        ),
        (
            (account, login, name, role.value, store, region, password_hash, False, at, at)
            for account, login, name, role, store, region in accounts
        ),
    )
    for account, login, name, role, store, region in accounts:
        scopes = [(ScopeKind.account, account)] + (
            [(ScopeKind.region_managers, region)] if role is Role.guide and region else []
        )
        feed.record("account", account, _account_json(account, login, name, role, store, region), at, scopes)
    expires = datetime.now(UTC) + timedelta(days=30)
    rows["auth_token"] = copy_rows(
        cursor,
        "auth_token",
        ("digest", "account_id", "device_name", "created_at", "expires_at"),
        ((account_digest(a), a, "门店收银台PC", at, expires) for a, *_rest in accounts),
    )
    return rows


def _accounts(chain: Chain) -> Iterator[tuple[int, str, str, Role, int | None, int | None]]:
    yield ADMIN_ID, "hq.yunying", "总部运营", Role.hq_admin, None, None
    for r in range(1, chain.regions + 1):
        yield (
            chain.manager_id(r),
            manager_login(r),
            person_name(chain.manager_id(r))[0],
            Role.manager,
            None,
            r,
        )
    for number in range(chain.guides):
        guide = chain.guide(number)
        yield (
            guide.id,
            guide_login(chain, number),
            person_name(guide.id)[0],
            Role.guide,
            guide.store_id,
            guide.region_id,
        )


def _publications(
    cursor: psycopg.Cursor[Any], chain: Chain, feed: _Feed, month_start: datetime
) -> tuple[dict[str, int], list[str], list[str]]:
    """Last month: content every day, the SOP templates, and each region's campaign tasks."""
    content_rows, content_ids = [], []
    for number in range(LAST_MONTH_DAYS * CONTENT_PER_DAY):
        at = month_start + timedelta(minutes=number * 70)
        request = ContentCreate.model_validate(
            script_item(f"{CAMPAIGNS[number % len(CAMPAIGNS)]}话术 第{number + 1}条")
        )
        fields = request.model_dump(mode="json", exclude={"kind", "valid_from", "valid_until"})
        item = ContentItem(
            id=bench_uuid("content", number),
            kind=request.kind.value,
            created_by=ADMIN_ID,
            created_at=at,
            updated_at=at,
            **fields,
        )
        content_ids.append(item.id)
        content_rows.append(item)
        feed.record(
            "content",
            item.id,
            dump_json(content_public(item, None).model_dump(mode="json")),
            at,
            [(ScopeKind.everyone, 0)],
        )
    templates = []
    for number in range(SOP_TEMPLATES):
        at = month_start + timedelta(hours=number * 20, minutes=7)
        fields = SopCreate.model_validate(sop_template(f"新客欢迎SOP {number + 1}")).model_dump(mode="json")
        template = SopTemplate(
            id=bench_uuid("sop", number), created_by=ADMIN_ID, created_at=at, updated_at=at, **fields
        )
        templates.append(template)
        feed.record(
            "sop_template",
            template.id,
            dump_json(sop_public(template).model_dump(mode="json")),
            at,
            [(ScopeKind.everyone, 0)],
        )
    tasks, assignees = _last_month_tasks(chain, feed, month_start)
    rows = {
        "content_item": _copy_models(cursor, "content_item", content_rows),
        "sop_template": _copy_models(cursor, "sop_template", templates),
        "manager_task": _copy_models(cursor, "manager_task", tasks),
        "task_assignee": copy_rows(cursor, "task_assignee", ("task_id", "guide_id"), assignees),
    }
    return rows, content_ids, [template.id for template in templates]


def _last_month_tasks(
    chain: Chain, feed: _Feed, month_start: datetime
) -> tuple[list[ManagerTask], list[tuple[str, int]]]:
    tasks: list[ManagerTask] = []
    assignees: list[tuple[str, int]] = []
    guides_by_region: dict[int, list[int]] = {}
    for number in range(chain.guides):
        guide = chain.guide(number)
        guides_by_region.setdefault(guide.region_id, []).append(guide.id)
    for week in range(TASKS_PER_REGION):
        for region_id, guide_ids in guides_by_region.items():
            at = month_start + timedelta(days=week * 7 + 1, seconds=region_id)
            request = TaskCreate.model_validate(
                task_request(f"{CAMPAIGNS[week % len(CAMPAIGNS)]}老客邀约", {"region_ids": [region_id]})
            )
            task = ManagerTask(
                id=bench_uuid("task", week * chain.regions + region_id),
                title=request.title,
                instructions=request.instructions,
                due_at=at + timedelta(days=3),
                content_ids=[],
                rule=None,
                target_count=request.target_count,
                region_id=region_id,
                created_by=chain.manager_id(region_id),
                created_at=at,
                updated_at=at,
            )
            tasks.append(task)
            assignees.extend((task.id, guide_id) for guide_id in guide_ids)
            data = task_public(task, guide_ids).model_copy(update={"guide_ids": []}).model_dump(mode="json")
            scopes = [(ScopeKind.account, guide_id) for guide_id in guide_ids]
            scopes += [(ScopeKind.region_managers, region_id), (ScopeKind.account, task.created_by)]
            feed.record("task", task.id, dump_json(data), at, scopes)
    return tasks, assignees


def _copy_models(cursor: psycopg.Cursor[Any], table: str, models: Sequence[Any]) -> int:
    """Table models as COPY rows; JSON columns as JSON text."""
    if not models:
        return 0
    columns = list(type(models[0]).model_fields)

    def value(model: Any, name: str) -> Any:
        found = getattr(model, name)
        return orjson.dumps(found).decode() if isinstance(found, (dict, list)) else found

    return copy_rows(cursor, table, columns, ([value(model, name) for name in columns] for model in models))


def seed(database_url: str, chain: Chain) -> Seeded:
    """Seed the chain in one transaction and return where yesterday's sync left every guide."""
    started = time.perf_counter()
    check_account_json()
    password_hash = hash_password(PASSWORD)
    now = datetime.now(UTC)
    month_start = now - timedelta(days=LAST_MONTH_DAYS + 1)
    feed = _Feed()
    with psycopg.connect(plain_url(database_url)) as connection, connection.cursor() as cursor:
        # The rows are consistent by construction; skipping per-row foreign-key triggers is
        # what makes 3 million rows a matter of minutes (the cluster's user is its superuser).
        cursor.execute("SET session_replication_role = replica")
        rows = _organisation(cursor, chain, feed, month_start, password_hash)
        more, content_ids, sop_ids = _publications(cursor, chain, feed, month_start)
        rows.update(more)
        rows["change_log"] = copy_rows(
            cursor, "change_log", ("seq", "entity", "entity_id", "op", "data", "created_at"), feed.changes
        )
        rows["change_scope"] = copy_rows(
            cursor, "change_scope", ("seq", "scope_kind", "scope_id"), feed.scopes
        )
        for table, column in (("region", "id"), ("store", "id"), ("account", "id"), ("change_log", "seq")):
            sequence = f"pg_get_serial_sequence('{table}', '{column}')"
            cursor.execute(f"SELECT setval({sequence}, (SELECT max({column}) FROM {table}))")
        cursor.execute("SET session_replication_role = DEFAULT")
    with psycopg.connect(plain_url(database_url), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")
    return Seeded(feed.seq, content_ids, sop_ids, time.perf_counter() - started, rows)


def sample_order(chain: Chain, seed_value: int) -> list[int]:
    """Every guide's number once, shuffled: the order guides open their PCs."""
    order = list(range(chain.guides))
    random.Random(seed_value).shuffle(order)
    return order
