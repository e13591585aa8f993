"""`make package`: build the app's one-folder bundle and the launcher, laid out as an installation.

    python packaging/build.py [--dist DIR] [--update-root ROOT_JSON]

DIR (default dist/guide-desk) becomes, whole and anew:

    guide-desk[.exe]               the launcher (guide_app/update/launcher.py)
    _launcher/                     its Python runtime
    app/state.json                 current = this version
    app/<VERSION>/guide-app[.exe]  the app's bundle (what an update archive holds)

`--update-root` puts a chain's trusted TUF root.json in the app (the resource
guide_app/update/trusted_root.json), so its PCs trust only that chain's update repository.
Beside DIR, `<DIR>.build.json` records the version, the build time, the sizes and a digest of the
sources built, which tests/e2e/test_bundle.py compares to reuse a current build. Works the same
on Windows (see packaging/guide-app.spec).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from importlib import metadata
from pathlib import Path

from guide_app.update.layout import Installation, InstallState

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "packaging" / "guide-app.spec"
DEFAULT_DIST = ROOT / "dist" / "guide-desk"
WORK = ROOT / "build" / "pyinstaller"
EXE_SUFFIX = ".exe" if sys.platform == "win32" else ""
APP_EXECUTABLE = f"guide-app{EXE_SUFFIX}"
LAUNCHER_EXECUTABLE = f"guide-desk{EXE_SUFFIX}"
UPDATE_ROOT_ENV = "GUIDE_DESK_UPDATE_ROOT"  # read by the spec
# What a bundle is made of: a change to any of these makes an older build stale.
SOURCES = (
    "ui",
    "guide_app",
    "packaging/guide-app.spec",
    "packaging/app_entry.py",
    "packaging/launcher_entry.py",
)
SOURCE_SUFFIXES = {".py", ".qm", ".tsv", ".mako", ".txt", ".json", ".spec"}


def read_version() -> str:
    """guide_app/version.py's VERSION, read without importing the app."""
    namespace: dict[str, object] = {}
    exec((ROOT / "guide_app" / "version.py").read_text("utf-8"), namespace)
    return str(namespace["VERSION"])


def source_digest(update_root: Path | None = None) -> str:
    """A digest of every file the bundle is built from, the interpreter, the installed
    distributions' versions, and the trusted root."""
    digest = hashlib.sha256(sys.version.encode())
    installed = sorted(f"{dist.metadata['Name']}=={dist.version}" for dist in metadata.distributions())
    digest.update("\n".join(installed).encode())
    files: list[Path] = []
    for name in SOURCES:
        path = ROOT / name
        files += sorted(path.rglob("*")) if path.is_dir() else [path]
    for path in files:
        if path.is_file() and path.suffix in SOURCE_SUFFIXES and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ROOT).as_posix().encode())
            digest.update(path.read_bytes())
    if update_root is not None:
        digest.update(update_root.read_bytes())
    return digest.hexdigest()


def build_record_path(dist: Path) -> Path:
    return dist.with_name(f"{dist.name}.build.json")


def folder_size(folder: Path) -> tuple[int, int]:
    """Bytes and files under `folder` (links not followed)."""
    sizes = [path.lstat().st_size for path in folder.rglob("*") if path.is_file() or path.is_symlink()]
    return sum(sizes), len(sizes)


def check_trusted_root(path: Path) -> None:
    """Refuse anything but TUF root metadata: a wrong file would make every update fail to verify."""
    try:
        signed = json.loads(path.read_text("utf-8"))["signed"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise SystemExit(f"--update-root {path}: not TUF metadata ({error})") from error
    if not isinstance(signed, dict) or signed.get("_type") != "root":
        raise SystemExit(f"--update-root {path}: not a TUF root.json")


def run_pyinstaller(staging: Path, work: Path, update_root: Path | None) -> None:
    environment = dict(os.environ)
    environment.pop(UPDATE_ROOT_ENV, None)
    if update_root is not None:
        environment[UPDATE_ROOT_ENV] = str(update_root)
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN"]
    command += ["--distpath", str(staging), "--workpath", str(work), str(SPEC)]
    subprocess.run(command, check=True, env=environment, cwd=ROOT)


def lay_out(staging: Path, dist: Path, version: str) -> None:
    """The two PyInstaller folders arranged as an installation at `dist` (replaced whole)."""
    if dist.exists():
        shutil.rmtree(dist)
    dist.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staging / "guide-desk", dist)  # the launcher and its _launcher/ runtime
    app_dir = dist / "app"
    app_dir.mkdir()
    os.replace(staging / "guide-app", app_dir / version)
    Installation(dist).write_state(InstallState(current=version))


@dataclass(frozen=True)
class BuildRecord:
    version: str
    source_digest: str
    build_seconds: float
    app_bytes: int  # app/<version>/: what an update archive holds
    app_files: int
    launcher_bytes: int  # the launcher, its runtime and state.json
    trusted_root: str | None


def current_build(dist: Path = DEFAULT_DIST) -> BuildRecord | None:
    """The record of the build at `dist` when it was made from the sources as they are now (and
    trusts no chain's root), else None."""
    try:
        record = BuildRecord(**json.loads(build_record_path(dist).read_text("utf-8")))
    except (OSError, ValueError, TypeError):
        return None
    complete = (dist / "app" / record.version / APP_EXECUTABLE).is_file()
    fresh = record.version == read_version() and record.source_digest == source_digest()
    return record if complete and fresh and record.trusted_root is None else None


def build(dist: Path, work: Path, update_root: Path | None) -> BuildRecord:
    """Build and lay out; the record is also written beside `dist`."""
    version = read_version()
    digest = source_digest(update_root)
    started = time.monotonic()
    staging = work / "bundle"
    if staging.exists():
        shutil.rmtree(staging)
    run_pyinstaller(staging, work / "spec", update_root)
    lay_out(staging, dist, version)
    app_bytes, app_files = folder_size(dist / "app" / version)
    record = BuildRecord(
        version=version,
        source_digest=digest,
        build_seconds=round(time.monotonic() - started, 1),
        app_bytes=app_bytes,
        app_files=app_files,
        launcher_bytes=folder_size(dist)[0] - app_bytes,
        trusted_root=str(update_root) if update_root else None,
    )
    build_record_path(dist).write_text(json.dumps(asdict(record), indent=2) + "\n", "utf-8")
    return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="packaging/build.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--dist", type=Path, default=DEFAULT_DIST, help="the installation folder to make")
    parser.add_argument("--work", type=Path, default=WORK, help="PyInstaller's work folder (kept as a cache)")
    parser.add_argument("--update-root", type=Path, help="a chain's trusted TUF root.json to put in the app")
    options = parser.parse_args(argv)
    update_root = options.update_root.resolve() if options.update_root else None
    if update_root is not None:
        check_trusted_root(update_root)
    dist = options.dist.resolve()
    record = build(dist, options.work.resolve(), update_root)
    mib = 1024 * 1024
    print(f"built Guide Desk {record.version} in {record.build_seconds:.0f} s: {dist}")
    print(
        f"  app/{record.version}/ (what an update archive holds): {record.app_bytes / mib:.0f} MiB "
        f"in {record.app_files} files; the launcher beside it: {record.launcher_bytes / mib:.0f} MiB"
    )
    if update_root is not None:
        print(f"  trusts the update root {update_root}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
