"""Alembic environment: migrates the HQ schema on SQLite and PostgreSQL alike."""

from alembic import context
from sqlalchemy import create_engine, pool, text
from sqlmodel import SQLModel

import hq.models  # noqa: F401  (registers the tables on SQLModel.metadata)

target_metadata = SQLModel.metadata

# Any constant works; it only has to be the same for every HQ process that migrates.
_MIGRATION_LOCK_KEY = 0x6775_6964_6501


def run_migrations() -> None:
    url = context.config.get_main_option("sqlalchemy.url")
    assert url, "sqlalchemy.url must be set by hq.core.db.alembic_config"
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
            compare_type=True,
        )
        with context.begin_transaction():
            if connection.dialect.name == "postgresql":
                # Every `guide-hq serve` migrates at start, and several HQ boxes may start at once
                # on one database: they migrate one at a time, and the later ones find the schema
                # up to date (without the lock the second failed on a new database, its tables
                # already made by the first). SQLite's writers are serial anyway.
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
            context.run_migrations()
    engine.dispose()


run_migrations()
