"""Runs the bare ceiling app under uvicorn as its own process, the way `guide-hq serve` runs HQ."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.support.postgres import free_port

REPO_ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def serve_bare(
    workers: int, log_path: Path, database_url: str | None = None, timeout: float = 60.0
) -> Iterator[str]:
    """Yields the base URL; the process is stopped however the block ends."""
    port = free_port()
    # HQ's serve leaves uvicorn's defaults (uvloop, httptools) and turns the access log off: so do we.
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "tests.bench.bare_app:app",
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
    with open(log_path, "wb") as log:
        environment = {**os.environ, **({"BARE_DATABASE_URL": database_url} if database_url else {})}
        process = subprocess.Popen(
            command,
            cwd=REPO_ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            env=environment,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base_url, process, log_path, timeout)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_healthy(base_url: str, process: subprocess.Popen[bytes], log_path: Path, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            log = log_path.read_text(errors="replace")
            raise RuntimeError(f"bare app exited with {process.returncode}:\n{log}")
        try:
            if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"bare app did not answer in {timeout} s:\n{log_path.read_text(errors='replace')}")
