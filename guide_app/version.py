"""The app's version and protocol level: one place, read by the app, HQ, the bundle and pip."""

from __future__ import annotations

import re

#: The release, as HQ's operators see it in `guide-hq client-versions set` (MAJOR.MINOR.PATCH).
VERSION = "0.1.0"

#: The wire protocol's level. It goes up when a push event, a field HQ must understand, or an
#: answer the app depends on changes: an HQ refuses a client above its own level, and the client
#: refuses an HQ below the level it needs, before anything is sent or applied.
PROTOCOL_LEVEL = 1

#: The lowest HQ protocol level this app works with: an HQ answer that says less (or nothing, as
#: an HQ from before the handshake) is refused before its body is used.
MIN_HQ_PROTOCOL = 1

_RELEASE = re.compile(r"(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})\.(0|[1-9][0-9]{0,5})")


def parse_version(text: str) -> tuple[int, int, int] | None:
    """MAJOR.MINOR.PATCH as a tuple that compares as releases do (0.10.0 > 0.9.0); None for any
    other text (a suffix, a leading zero, a missing part)."""
    match = _RELEASE.fullmatch(text.strip())
    if match is None:
        return None
    major, minor, patch = (int(part) for part in match.groups())
    return major, minor, patch
