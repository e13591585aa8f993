"""Fixtures shared by every test: HQ settings on SQLite and on a throw-away PostgreSQL cluster."""

from __future__ import annotations

import gc
import itertools
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import psycopg
import pytest
from psycopg import sql

from guide_app.book.search import load_name_keys
from hq.core.config import Settings
from hq.core.db import migrate
from tests.support.postgres import PostgresCluster, find_pg_bin, start_cluster

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


# Set by `make test`, which builds the bundle (1-2 min of one core) beside the parallel pass.
BUNDLE_BUILT_AHEAD = "GUIDE_DESK_TEST_BUNDLE_AHEAD"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """With the bundle built ahead, its tests go last, where they find it made instead of holding
    a worker idle on the build's lock; otherwise they keep their place, so a build starts early.
    (Decided by the environment, not by the lock: every xdist worker must collect one order.)"""
    if os.environ.get(BUNDLE_BUILT_AHEAD):
        items.sort(key=lambda item: item.nodeid.startswith("tests/e2e/test_bundle.py"))


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


@pytest.fixture(scope="session")
def pg_maker(pg_cluster: PostgresCluster) -> Iterator[psycopg.Connection[Any]]:
    """The connection that makes each test's database: `createdb`, a process started through
    runuser where the suite runs as root, took 0.47 s against its CREATE DATABASE's 0.25 s (busy
    2-core PC), before each of some 200 tests."""
    with psycopg.connect(pg_cluster.url().replace("+psycopg", ""), autocommit=True) as connection:
        yield connection


@pytest.fixture
def hq_settings(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Settings]:
    """Fresh, migrated HQ settings on the parametrised backend."""
    data_dir = tmp_path / "hq"
    if backend == "postgresql":
        cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
        template: str = request.getfixturevalue("pg_template")
        maker: psycopg.Connection[Any] = request.getfixturevalue("pg_maker")
        database = f"t{next(_database_numbers)}"
        name = sql.Identifier(database)
        maker.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(name, sql.Identifier(template)))
        yield Settings(data_dir=data_dir, database_url=cluster.url(database))
        # Dropped now, a copy costs its test 0.06 s; kept to the end, some 100 copies made removing
        # the cluster's folder take 18 s of the last test's teardown in each test process.
        maker.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        return
    _copy_sqlite(request.getfixturevalue("sqlite_template"), data_dir / SQLITE_FILE)
    yield Settings(data_dir=data_dir)


@pytest.fixture
def soffice() -> str:
    """LibreOffice, to open an exported xlsx as a manager's Excel or WPS would."""
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have LibreOffice (soffice); `make deps` installs libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) is not installed; `make deps` installs it")
    return found


@pytest.fixture
def heap_frozen_as_in_the_app(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """guide-app freezes its long-lived heap once the window is up (jobs.freeze_long_lived), so no
    collection on the UI thread walks it; unfrozen, one full collection between an import's plan
    and its write held the UI thread ~100 ms. pypinyin is loaded first, as the app loads it a
    moment after its window opens (ui/app.py). Undone after the test."""
    load_name_keys()
    monkeypatch.setattr("guide_app.jobs._frozen_for_good", True)
    gc.freeze()
    yield
    gc.unfreeze()
