"""Migration 0004 (dispute decisions, audit, book statistics) up and down over a database with sales."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from hq.core.config import Settings
from hq.core.db import alembic_config, run_with_database, sync_engine
from tests.support.org import seed_org
from tests.support.postgres import PostgresCluster

NEW_TABLES = {"dispute_decision", "audit_record", "book_stats", "guide_day_added"}


@pytest.fixture
def settings_at_0003(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    if backend == "postgresql":
        cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
        settings = Settings(data_dir=tmp_path / "hq", database_url=cluster.create_database("mig0004"))
    else:
        settings = Settings(data_dir=tmp_path / "hq")
        settings.data_dir.mkdir(parents=True)
    command.upgrade(alembic_config(settings), "0003")
    return settings


def _tables(settings: Settings) -> set[str]:
    return set(sa.inspect(sync_engine(settings)).get_table_names())


def test_0004_adds_its_tables_and_an_undecided_flag_to_existing_sales_and_goes_back_cleanly(
    settings_at_0003: Settings,
) -> None:
    org = run_with_database(settings_at_0003, seed_org)
    engine = sync_engine(settings_at_0003)
    with engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO sale (id, order_no, store_id, guide_id, customer_ref, amount_fen, items, "
                "sold_at, attribution, disputed, received_at) VALUES ('s-1', 'M-1', :store, :guide, "
                "'ref-aaaaaaaaaaaaaaaa', 129900, '[]', '2026-11-20 06:30:00+00:00', 'owner', false, "
                "'2026-11-20 06:30:00+00:00')"
            ),
            {"store": org.store_ids["E1"], "guide": org.ids[org.guide_e1]},
        )
    command.upgrade(alembic_config(settings_at_0003), "0004")
    assert _tables(settings_at_0003) >= NEW_TABLES
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT decided FROM sale")).scalar_one() in (False, 0)
    command.downgrade(alembic_config(settings_at_0003), "0003")
    assert not NEW_TABLES & _tables(settings_at_0003)
    with engine.connect() as connection:
        assert connection.execute(sa.text("SELECT amount_fen FROM sale")).scalar_one() == 129900
    command.upgrade(alembic_config(settings_at_0003), "head")
    assert _tables(settings_at_0003) >= NEW_TABLES
