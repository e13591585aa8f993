"""The Qt binding keeps Python's books straight: a day of Qt calls must not wear away `None`."""

from __future__ import annotations

import subprocess
import sys


def test_qt_calls_that_return_nothing_leave_none_alone() -> None:
    """PySide6 6.12.0 dropped a reference to None on every such call; on Python 3.11 the app then
    aborted with `none_dealloc` after ~10k calls. A child process, since the failure is an abort."""
    probe = (
        "import sys\n"
        "from PySide6.QtCore import QObject\n"
        "o = QObject()\n"
        "before = sys.getrefcount(None)\n"
        "for _ in range(100_000): o.setObjectName('x')\n"
        "print(sys.getrefcount(None) - before)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"the binding corrupts None's refcount: {done.stderr[-300:]}"
    assert abs(int(done.stdout.strip())) < 100
