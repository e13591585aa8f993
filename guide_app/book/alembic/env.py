"""Alembic environment for a guide's local book (SQLite)."""

from alembic import context
from sqlalchemy import Connection, create_engine, pool

from guide_app.book.models import BOOK_METADATA

target_metadata = BOOK_METADATA


def run_migrations() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        url = context.config.get_main_option("sqlalchemy.url")
        assert url, "sqlalchemy.url or a connection must be given"
        engine = create_engine(url, poolclass=pool.NullPool)
        with engine.connect() as own_connection:
            _run(own_connection)
        engine.dispose()
    else:
        _run(connection)


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection, target_metadata=target_metadata, render_as_batch=True, compare_type=True
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations()
