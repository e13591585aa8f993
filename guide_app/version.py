"""The app's version and protocol level: one place, read by the app, HQ, the bundle and pip."""

from __future__ import annotations

#: The release, as HQ's operators see it in `guide-hq client-versions set` (MAJOR.MINOR.PATCH).
VERSION = "0.1.0"

#: The wire protocol's level. It goes up when a push event, a field HQ must understand, or an
#: answer the app depends on changes: an HQ refuses a client above its own level, and the client
#: refuses an HQ below the level it needs, before anything is sent or applied.
PROTOCOL_LEVEL = 1
