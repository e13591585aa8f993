"""Fixtures shared by every test: HQ settings on SQLite and on a throw-away PostgreSQL cluster."""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Iterator
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


@pytest.fixture
def hq_settings(backend: str, tmp_path: Path, request: pytest.FixtureRequest) -> Settings:
    """Fresh, migrated HQ settings on the parametrised backend."""
    data_dir = tmp_path / "hq"
    if backend == "postgresql":
        cluster: PostgresCluster = request.getfixturevalue("pg_cluster")
        url = cluster.create_database(f"t{next(_database_numbers)}")
        settings = Settings(data_dir=data_dir, database_url=url)
    else:
        settings = Settings(data_dir=data_dir)
    migrate(settings)
    return settings


@pytest.fixture
def soffice() -> str:
    """LibreOffice, to open an exported xlsx as a manager's Excel or WPS would."""
    found = shutil.which("soffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("CI must have LibreOffice (soffice); `make deps` installs libreoffice-calc-nogui")
        pytest.skip("LibreOffice (soffice) is not installed; `make deps` installs it")
    return found
