"""A real `guide-hq serve` process on a free loopback port, for end-to-end tests and benchmarks."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from hq.core.config import Settings
from tests.support.postgres import free_port


@dataclass
class LiveHq:
    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextmanager
def serve(settings: Settings, workers: int = 1, timeout: float = 60.0) -> Iterator[LiveHq]:
    """Start guide-hq serve on 127.0.0.1 and stop it afterwards, however the test ends."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "hq.cli",
        "serve",
        "--data-dir",
        str(settings.data_dir),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    if settings.database_url:
        command += ["--database-url", settings.database_url]
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    log_path = settings.data_dir / f"serve-{port}.log"
    environment = {key: value for key, value in os.environ.items() if not key.startswith("GUIDE_HQ_")}
    with open(log_path, "wb") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, env=environment, start_new_session=True
        )
    live = LiveHq(base_url=f"http://127.0.0.1:{port}", process=process, log_path=log_path)
    try:
        _wait_healthy(live, timeout)
        yield live
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _wait_healthy(live: LiveHq, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if live.process.poll() is not None:
            raise RuntimeError(f"guide-hq exited with {live.process.returncode}:\n{live.log()}")
        try:
            if httpx.get(f"{live.base_url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"guide-hq did not become healthy in {timeout} s:\n{live.log()}")
