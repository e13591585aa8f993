"""Runs a bare ceiling app under uvicorn as its own process, the way `guide-hq serve` runs HQ."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.support.postgres import free_port
from tests.support.server_process import server_process

REPO_ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def serve_bare(
    workers: int,
    log_path: Path,
    database_url: str | None = None,
    timeout: float = 60.0,
    app: str = "tests.bench.bare_app:app",
) -> Iterator[str]:
    """Yields the base URL of `app` (module:attribute) under uvicorn; the process is stopped
    however the block ends."""
    with serve_bare_process(workers, log_path, database_url, timeout, app) as (base_url, _process_id):
        yield base_url


@contextmanager
def serve_bare_process(
    workers: int,
    log_path: Path,
    database_url: str | None = None,
    timeout: float = 60.0,
    app: str = "tests.bench.bare_app:app",
) -> Iterator[tuple[str, int]]:
    """serve_bare, yielding the server's process id too (its workers share its session)."""
    port = free_port()
    # HQ's serve leaves uvicorn's defaults (uvloop, httptools) and turns the access log off: so do we.
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    environment = {**os.environ, **({"BARE_DATABASE_URL": database_url} if database_url else {})}
    base_url = f"http://127.0.0.1:{port}"
    with server_process(command, base_url, log_path, environment, cwd=REPO_ROOT, timeout=timeout) as process:
        yield base_url, process.pid
