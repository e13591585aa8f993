"""The two databases HQ runs on, each fresh and migrated: a SQLite file, a throw-away PostgreSQL cluster."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hq.core.config import Settings
from hq.core.db import migrate
from tests.support.postgres import find_pg_bin, start_cluster

BACKENDS = ("sqlite", "postgresql")


def available(backend: str) -> bool:
    return backend != "postgresql" or find_pg_bin() is not None


@contextmanager
def fresh_settings(backend: str, root: Path) -> Iterator[Settings]:
    """Migrated HQ settings on `backend`; a PostgreSQL cluster is stopped and removed afterwards."""
    data_dir = root / backend
    if backend == "sqlite":
        settings = Settings(data_dir=data_dir)
        migrate(settings)
        yield settings
        return
    cluster = start_cluster()
    try:
        settings = Settings(data_dir=data_dir, database_url=cluster.create_database("bench"))
        migrate(settings)
        yield settings
    finally:
        cluster.stop()
