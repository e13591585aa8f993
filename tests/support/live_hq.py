"""A real `guide-hq serve` process on a free loopback port, for end-to-end tests and benchmarks."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from hq.core.config import Settings
from tests.support.postgres import free_port
from tests.support.server_process import server_process


@dataclass
class LiveHq:
    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextmanager
def serve(
    settings: Settings,
    workers: int = 1,
    timeout: float = 60.0,
    environment: Mapping[str, str] | None = None,
) -> Iterator[LiveHq]:
    """Start guide-hq serve on 127.0.0.1 and stop it afterwards, however the test ends.
    `environment`: GUIDE_HQ_* settings for the served process beyond data dir and database."""
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
    inherited = {key: value for key, value in os.environ.items() if not key.startswith("GUIDE_HQ_")}
    base_url = f"http://127.0.0.1:{port}"
    with server_process(
        command, base_url, log_path, {**inherited, **(environment or {})}, timeout=timeout
    ) as process:
        yield LiveHq(base_url=base_url, process=process, log_path=log_path)
