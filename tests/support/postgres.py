"""A throw-away PostgreSQL cluster on a free loopback port, made with the machine's initdb/pg_ctl."""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


def find_pg_bin() -> Path | None:
    """initdb's folder: on PATH, or where Debian keeps it (/usr/lib/postgresql/N/bin)."""
    on_path = shutil.which("initdb")
    if on_path:
        return Path(os.path.realpath(on_path)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PostgresCluster:
    bin_dir: Path
    root: Path
    port: int
    run_as: str | None

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://guide@127.0.0.1:{self.port}/{database}"

    def socket_url(self, database: str = "postgres") -> str:
        """The same database over the server's Unix socket (its folder is the cluster's root)."""
        return f"postgresql+psycopg://guide@/{database}?host={self.root}&port={self.port}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.run_as:
            command = ["runuser", "-u", self.run_as, "--", *command]
        return subprocess.run(command, check=True, capture_output=True, text=True, timeout=120)

    def start(self) -> None:
        self._run(
            "initdb",
            "-D",
            str(self.data_dir),
            "-U",
            "guide",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
        )
        self._run(
            "pg_ctl",
            "-D",
            str(self.data_dir),
            "-o",
            options,
            "-l",
            str(self.root / "log"),
            "-w",
            "-t",
            "60",
            "start",
        )

    def create_database(self, name: str, template: str | None = None) -> str:
        """A new database; a copy of `template` (a database nobody is connected to) when given."""
        copy = ["-T", template] if template else []
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "guide", *copy, name)
        return self.url(name)

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):  # already gone; removed below anyway
            self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


def start_cluster() -> PostgresCluster:
    bin_dir = find_pg_bin()
    if bin_dir is None:
        raise FileNotFoundError("no PostgreSQL server binaries (initdb); run `make deps` to install them")
    root = Path(tempfile.mkdtemp(prefix="guide-pg-"))
    run_as = None
    if os.geteuid() == 0:  # initdb refuses to run as root
        run_as = "postgres"
        user = pwd.getpwnam(run_as)
        os.chown(root, user.pw_uid, user.pw_gid)
    cluster = PostgresCluster(bin_dir=bin_dir, root=root, port=free_port(), run_as=run_as)
    for attempt in range(3):
        try:
            cluster.start()
            return cluster
        except subprocess.CalledProcessError as error:
            if attempt == 2:
                raise RuntimeError(f"PostgreSQL did not start: {error.stderr}") from error
            cluster.stop()
            root.mkdir()
            if run_as:
                os.chown(root, user.pw_uid, user.pw_gid)
            cluster.port = free_port()
            time.sleep(0.5)
    return cluster
