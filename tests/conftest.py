"""Fixtures shared by every test: HQ settings on SQLite and on a throw-away PostgreSQL cluster."""

from __future__ import annotations

import itertools
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from hq.core.config import Settings
from hq.core.db import migrate
from tests.support.postgres import PostgresCluster, find_pg_bin, start_cluster

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BACKENDS = ["sqlite", "postgresql"]
_database_numbers = itertools.count(1)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PostgresCluster]:
    if find_pg_bin() is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have the PostgreSQL server binaries (initdb); run `make deps`")
        pytest.skip("no PostgreSQL server binaries (initdb) on this machine; `make deps` installs them")
    cluster = start_cluster()
    yield cluster
    cluster.stop()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


# Migrating a database from nothing took 0.6 s, before every one of some 400 tests: each test
# gets a copy of one database migrated once per test process instead (SQLite: the file through
# the backup API; PostgreSQL: CREATE DATABASE … TEMPLATE). The migrations have tests of their own.
SQLITE_FILE = "hq.sqlite3"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    settings = Settings(data_dir=tmp_path_factory.mktemp("hq-template"))
    migrate(settings)
    return settings.data_dir / SQLITE_FILE


@pytest.fixture(scope="session")
def pg_template(pg_cluster: PostgresCluster, tmp_path_factory: pytest.TempPathFactory) -> str:
    name = "hq_template"
    migrate(
        Settings(
            data_dir=tmp_path_factory.mktemp("pg-template"), database_url=pg_cluster.create_database(name)
        )
    )
    return name


def _copy_sqlite(template: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(target)) as copy:
        source.backup(copy)


@pytest.fixture
def hq_settings(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    """Fresh, migrated HQ settings on the parametrised backend."""
    data_dir = tmp_path / "hq"
    if backend == "postgresql":
        cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
        template: str = request.getfixturevalue("pg_template")
        url = cluster.create_database(f"t{next(_database_numbers)}", template=template)
        return Settings(data_dir=data_dir, database_url=url)
    _copy_sqlite(request.getfixturevalue("sqlite_template"), data_dir / SQLITE_FILE)
    return Settings(data_dir=data_dir)


@pytest.fixture
def soffice() -> str:
    """LibreOffice, to open an exported xlsx as a manager's Excel or WPS would."""
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have LibreOffice (soffice); `make deps` installs libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) is not installed; `make deps` installs it")
    return found
