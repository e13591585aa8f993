"""Migration 0003 on a database that already holds sales, a dispute and content, on both backends."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from fastapi.testclient import TestClient
from sqlmodel import SQLModel

from hq.core.config import Settings
from hq.core.db import UTCDateTime, alembic_config, migrate, run_with_database, sync_engine
from hq.main import create_app
from hq.models import JsonType
from tests.hq.test_sale_corrections import correction
from tests.support.events import customer_ref
from tests.support.org import PASSWORD, OrgFixture, seed_org
from tests.support.postgres import PostgresCluster

_numbers = itertools.count(1)
SOLD = datetime(2026, 11, 20, 6, 30, tzinfo=UTC)
ITEMS = [{"sku": "SKU-9", "name": "羊毛大衣", "qty": 1, "unit_price_fen": 159_900}]

SALE = sa.table(
    "sale",
    *(sa.column(name) for name in ("id", "order_no", "store_id", "guide_id", "customer_ref")),
    *(sa.column(name) for name in ("amount_fen", "attribution", "disputed")),
    sa.column("items", JsonType),
    sa.column("sold_at", UTCDateTime()),
    sa.column("received_at", UTCDateTime()),
)
CLAIM = sa.table(
    "sale_claim",
    *(sa.column(name) for name in ("event_id", "store_id", "order_no", "guide_id", "amount_fen")),
    sa.column("sold_at", UTCDateTime()),
    sa.column("received_at", UTCDateTime()),
)
CONTENT = sa.table(
    "content_item",
    *(sa.column(name) for name in ("id", "kind", "title", "body", "campaign", "created_by")),
    *(sa.column(name, JsonType) for name in ("tags", "audience")),
    *(sa.column(name, UTCDateTime()) for name in ("created_at", "updated_at")),
)
FIRST, SECOND = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"


@pytest.fixture
def settings_at_0002(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Settings]:
    if backend == "postgresql":
        cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
        url = cluster.create_database(f"m{next(_numbers)}")
        settings = Settings(data_dir=tmp_path / "hq", database_url=url, login_per_address_burst=1_000)
    else:
        settings = Settings(data_dir=tmp_path / "hq", login_per_address_burst=1_000)
        settings.data_dir.mkdir(parents=True)
    command.upgrade(alembic_config(settings), "0002")
    yield settings


def _fill_at_0002(settings: Settings, org: OrgFixture) -> None:
    """Order M-1 counted for guide.e1a and also claimed by guide.e1b; one script."""
    first, second = org.ids[org.guide_e1], org.ids[org.guide_e1_b]
    store = org.store_ids["E1"]
    engine = sync_engine(settings)
    with engine.begin() as connection:
        connection.execute(
            sa.insert(SALE),
            {
                "id": FIRST,
                "order_no": "M-1",
                "store_id": store,
                "guide_id": first,
                "customer_ref": customer_ref("M-1"),
                "amount_fen": 159_900,
                "attribution": "last_touch",
                "disputed": True,
                "items": ITEMS,
                "sold_at": SOLD,
                "received_at": SOLD,
            },
        )
        claims = [(FIRST, first, 159_900), (SECOND, second, 158_000)]
        connection.execute(
            sa.insert(CLAIM),
            [
                {
                    "event_id": event_id,
                    "store_id": store,
                    "order_no": "M-1",
                    "guide_id": guide,
                    "amount_fen": amount,
                    "sold_at": SOLD,
                    "received_at": SOLD.replace(minute=31 + number),
                }
                for number, (event_id, guide, amount) in enumerate(claims)
            ],
        )
        connection.execute(
            sa.insert(CONTENT),
            {
                "id": "33333333-3333-4333-8333-333333333333",
                "kind": "script",
                "title": "老话术",
                "body": "您好",
                "campaign": "",
                "created_by": org.ids[org.admin],
                "tags": [],
                "audience": {"kind": "everyone"},
                "created_at": SOLD,
                "updated_at": SOLD,
            },
        )
    engine.dispose()


def _rows(settings: Settings, query: str) -> list[Any]:
    engine = sync_engine(settings)
    with engine.connect() as connection:
        found = list(connection.execute(sa.text(query)))
    engine.dispose()
    return found


def test_upgrade_keeps_a_disputed_order_that_a_void_then_passes_on(settings_at_0002: Settings) -> None:
    settings = settings_at_0002
    org = run_with_database(settings, seed_org)
    _fill_at_0002(settings, org)
    migrate(settings)
    claims = _rows(settings, "SELECT event_id, customer_ref, attribution FROM sale_claim ORDER BY event_id")
    assert [tuple(row) for row in claims] == [
        (FIRST, customer_ref("M-1"), "last_touch"),
        (SECOND, "", "owner"),
    ]
    with TestClient(create_app(settings)) as client:

        def auth(login: str) -> dict[str, str]:
            answer = client.post("/api/v1/auth/login", json={"login": login, "password": PASSWORD})
            return {"Authorization": f"Bearer {answer.json()['token']}"}

        admin = auth(org.admin)
        assert client.get("/api/v1/content", headers=admin).json()[0]["stages"] == []
        [before] = client.get("/api/v1/sales", headers=admin).json()
        assert (before["items"], before["voided"], before["original_amount_fen"]) == (ITEMS, False, None)
        void = correction({"id": FIRST}, "void")
        pushed = client.post("/api/v1/sync/push", json={"events": [void]}, headers=auth(org.guide_e1))
        assert pushed.json()["results"][0]["status"] == "accepted", pushed.text
        [after] = client.get("/api/v1/sales", headers=admin).json()
        assert (after["id"], after["amount_fen"], after["disputed"]) == (SECOND, 158_000, False)
    # Down and up again: the voided sale goes with 0002's schema, the counted one stays.
    command.downgrade(alembic_config(settings), "0002")
    assert [row[0] for row in _rows(settings, "SELECT id FROM sale")] == [SECOND]
    migrate(settings)


def test_the_migrated_schema_is_the_models_schema(settings_at_0002: Settings) -> None:
    migrate(settings_at_0002)
    engine = sync_engine(settings_at_0002)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, SQLModel.metadata)
    engine.dispose()
    assert differences == []
