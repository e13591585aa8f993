"""packaging/build.py (what `make package` runs) loaded as a module, for the bundle's test and benchmark.

It cannot be imported by name: `packaging` is also a PyPI library's, installed in the venv.
`python -m tests.support.bundle_build` makes the tests' bundle ahead of them: `make test` starts
it beside the parallel pass, so the bundle's tests find it built instead of building it then.
"""

from __future__ import annotations

import fcntl
import importlib.util
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[2]
BUILD_SCRIPT = ROOT / "packaging" / "build.py"
MODULE_NAME = "guide_desk_build"
TEST_BUILD = ROOT / "build" / "test-bundle"  # ignored by git, like dist/
#: A cold build took 68-217 s here (2 cores shared with other work).
BUILD_TIMEOUT = 900


def load_build_script() -> ModuleType:
    if MODULE_NAME in sys.modules:
        return sys.modules[MODULE_NAME]
    spec = importlib.util.spec_from_file_location(MODULE_NAME, BUILD_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[MODULE_NAME] = module  # its dataclasses look their module up while being made
    spec.loader.exec_module(module)
    return module


def bundle_for_tests() -> Path:
    """dist/guide-desk when current; else a build of the current sources in build/test-bundle/,
    made by one process while the others (pytest-xdist workers, `make test`'s early build) wait
    on its lock and then share it."""
    build = load_build_script()
    if build.current_build() is not None:
        print(f"reusing {build.DEFAULT_DIST}: built from these sources")
        return Path(build.DEFAULT_DIST)
    TEST_BUILD.mkdir(parents=True, exist_ok=True)
    dist = TEST_BUILD / "guide-desk"
    with open(TEST_BUILD / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if build.current_build(dist) is None:
            started = time.monotonic()
            command = [sys.executable, str(BUILD_SCRIPT), "--dist", str(dist)]
            command += ["--work", str(TEST_BUILD / "work")]
            done = subprocess.run(command, capture_output=True, text=True, timeout=BUILD_TIMEOUT, cwd=ROOT)
            assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
            print(f"bundle built in {time.monotonic() - started:.0f} s")
    return dist


if __name__ == "__main__":
    print(bundle_for_tests())
