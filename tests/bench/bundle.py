"""`python -m tests.bench.bundle`: the one-folder bundle against the same app run from the source tree.

Size: the bundle's app/<version>/ folder (what an update archive holds) against the app's
footprint from source: our packages (ui, guide_app, without __pycache__), every installed file
(by its RECORD) of the distributions the bundle carries, i.e. the runtime dependencies the app
imports, whole as pip installed them, and the interpreter: its standard library folder (with
lib-dynload; without site-packages, test/ and __pycache__), the python executable and libpython.

Start: a child process per run, timed from just before its spawn to the first paint of the
sign-in window (the app's GUIDE_DESK_QUIT_AT_FIRST_PAINT hook prints time.monotonic() once that
paint has been flushed). The bundle, the launcher in front of it, and `python -m ui.app` take
turns, each with a fresh HOME; the page cache is dropped before every run when this user may
(root): cold starts, else warm ones (the table says which).

The bundle is dist/guide-desk when `make package` built it from the current sources; otherwise
it is built there first.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from tests.bench.report import results_header
from tests.support.bundle_build import load_build_script
from tests.support.fresh_pc import fresh_pc_environment

ROOT = Path(__file__).resolve().parents[2]
RESULTS = Path(__file__).resolve().parent / "results-bundle.md"
GOAL = 1.2  # bundle start / source start
FIRST_PAINT_ENV = "GUIDE_DESK_QUIT_AT_FIRST_PAINT"
RUN_TIMEOUT = 120
MIB = 1024 * 1024


# --------------------------------------------------------------------------- size


def tree_bytes(folder: Path, skip: tuple[str, ...] = ()) -> int:
    total = 0
    for path in folder.rglob("*"):
        relative = path.relative_to(folder).parts
        if "__pycache__" in relative or (relative and relative[0] in skip):
            continue
        if path.is_file() and not path.is_symlink():
            total += path.stat().st_size
    return total


def distribution_bytes(name: str) -> int:
    """The installed files of a distribution, as its RECORD lists them (its .pyc caches not)."""
    files = metadata.distribution(name).files or []
    total = 0
    for file in files:
        located = Path(str(file.locate()))
        if "__pycache__" not in located.parts and located.is_file():
            total += located.stat().st_size
    return total


def interpreter_bytes() -> int:
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    total = tree_bytes(stdlib, skip=("site-packages", "test", "idlelib", "tkinter", "turtledemo"))
    binaries = {Path(sys.executable).resolve()}
    library = sysconfig.get_config_var("LDLIBRARY")
    libdir = sysconfig.get_config_var("LIBDIR")
    if library and libdir and (Path(libdir) / library).is_file():
        binaries.add((Path(libdir) / library).resolve())
    return total + sum(path.stat().st_size for path in binaries)


@dataclass(frozen=True)
class Footprint:
    ours: int
    dependencies: int
    dependency_count: int
    interpreter: int

    @property
    def total(self) -> int:
        return self.ours + self.dependencies + self.interpreter


def source_footprint(bundle_internal: Path) -> Footprint:
    bundled = sorted(path.name.split("-")[0] for path in bundle_internal.glob("*.dist-info") if path.is_dir())
    dependencies = [name for name in bundled if name.replace("_", "-") != "guide-desk"]
    return Footprint(
        ours=tree_bytes(ROOT / "ui") + tree_bytes(ROOT / "guide_app"),
        dependencies=sum(distribution_bytes(name) for name in dependencies),
        dependency_count=len(dependencies),
        interpreter=interpreter_bytes(),
    )


# --------------------------------------------------------------------------- start


def can_drop_caches() -> bool:
    try:
        with open("/proc/sys/vm/drop_caches", "w") as knob:
            knob.write("1")
    except OSError:
        return False
    return True


def drop_caches() -> None:
    os.sync()
    with open("/proc/sys/vm/drop_caches", "w") as knob:
        knob.write("3")


def start_seconds(command: list[str], home: Path, cold: bool) -> float:
    """One start, from just before the spawn to the first painted sign-in window."""
    if cold:
        drop_caches()
    started = time.monotonic()
    done = subprocess.run(
        command,
        env=fresh_pc_environment(home) | {FIRST_PAINT_ENV: "1"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("painted ")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"{command} did not paint (exit {done.returncode}): {done.stderr[-2000:]}")
    return float(lines[0].split()[1]) - started


def measure_starts(commands: dict[str, list[str]], runs: int, cold: bool) -> dict[str, float]:
    """Median seconds of each command, run in turns (a change of load on the shared machine then
    weighs on all of them alike); one unmeasured start of each first."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    with tempfile.TemporaryDirectory(prefix="guide-bundle-bench-") as folder:
        for round_number in range(runs + 1):
            for name, command in commands.items():
                seconds = start_seconds(command, Path(folder) / f"{name}-{round_number}", cold)
                if round_number:
                    times[name].append(seconds)
    return {name: statistics.median(values) for name, values in times.items()}


# --------------------------------------------------------------------------- the table


def table(app_bytes: int, footprint: Footprint, starts: dict[str, float], runs: int, cold: bool) -> str:
    kind = "cold" if cold else "warm"
    source = starts["source"]
    lines = [
        "| measure | bundle | from source | bundle/source | goal | verdict |",
        "|---|---|---|---|---|---|",
        f"| size on disk, MiB | {app_bytes / MIB:.0f} | {footprint.total / MIB:.0f} | "
        f"{app_bytes / footprint.total:.2f}× | — | — |",
    ]
    for name, label in (("bundle", "app/<version>/guide-app"), ("launcher", "guide-desk (launcher → app)")):
        ratio = starts[name] / source
        verdict = "met" if ratio <= GOAL else "missed"
        lines.append(
            f"| {kind} start to the painted sign-in, s: {label} | {starts[name]:.2f} | {source:.2f} | "
            f"{ratio:.2f}× | ≤ {GOAL}× | {verdict} |"
        )
    how = (
        "the page cache dropped before every run"
        if cold
        else "warm: the page cache was not dropped (this user may not)"
    )
    lines += [
        "",
        f"Starts: median of {runs} runs each, in turns, {how}; from source is `python -m ui.app`.",
        f"Size from source: ui + guide_app {footprint.ours / MIB:.1f} MiB; the {footprint.dependency_count} "
        f"distributions the bundle carries, as pip installed them, {footprint.dependencies / MIB:.0f} MiB; "
        f"the interpreter (stdlib, lib-dynload, python, libpython) {footprint.interpreter / MIB:.0f} MiB.",
    ]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.bundle", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="3 starts of each instead of 9")
    parser.add_argument("--runs", type=int, help="starts of each (default 9, or 3 with --quick)")
    parser.add_argument("--warm", action="store_true", help="do not drop the page cache between runs")
    parser.add_argument("--output", type=Path, default=RESULTS)
    arguments = parser.parse_args()
    runs = arguments.runs or (3 if arguments.quick else 9)
    started = time.monotonic()
    build = load_build_script()
    record = build.current_build()
    if record is None:
        print("dist/guide-desk is missing or older than the sources: building it (make package)…", flush=True)
        record = build.build(build.DEFAULT_DIST, build.WORK, None)
    root = build.DEFAULT_DIST
    app_dir = root / "app" / record.version
    cold = not arguments.warm and can_drop_caches()
    commands = {
        "bundle": [str(app_dir / build.APP_EXECUTABLE)],
        "launcher": [str(root / build.LAUNCHER_EXECUTABLE)],
        "source": [sys.executable, "-m", "ui.app"],
    }
    starts = measure_starts(commands, runs, cold)
    text = table(record.app_bytes, source_footprint(app_dir / "_internal"), starts, runs, cold)
    print(text)
    note = f"bundle built in {record.build_seconds:.0f} s"
    header = results_header("Bundle benchmark", runs < 9, time.monotonic() - started, note)
    arguments.output.write_text(header + text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
