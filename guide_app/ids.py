"""Fresh row ids (random UUIDs, version 4) for the bulk paths.

`uuid.uuid4()` reads 16 bytes from `os.urandom`, and that system call lets go of the GIL: a job
making ids row by row let go of it thousands of times a second and took it straight back each
time, so the screen's thread, woken at every release, never got in (a 20k-row chunk of ids held
it 390 ms, the 50k-row import test's heartbeat 35-57 ms at a time). One read of 16 × count bytes
makes the same ids with one release.
"""

from __future__ import annotations

import os
import uuid

_ID_BYTES = 16


def new_ids(count: int) -> list[str]:
    """`count` random ids, as `str(uuid.uuid4())` makes them, from one read of the OS's randomness."""
    entropy = os.urandom(_ID_BYTES * count)
    return [
        str(uuid.UUID(bytes=entropy[at : at + _ID_BYTES], version=4))
        for at in range(0, _ID_BYTES * count, _ID_BYTES)
    ]
