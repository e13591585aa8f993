"""What this PC remembers between sign-ins: recent HQ addresses and logins.

Kept in one small JSON file under the app's data folder. It is a convenience: a damaged or
unreadable file is read as empty and a failed write is logged, so neither ever blocks a sign-in.
Passwords are never kept here (see offline.py for the offline verifier). The PC's settings live
in settings.json (guide_app/settings.py); older versions kept the lock time here, which is kept as
it was so guide_app/settings.py can take it over and an older version still finds it.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guide_app.account.owner_only import write_whole
from guide_app.account.paths import data_root, hq_address
from guide_app.errors import InvalidInput

log = logging.getLogger("guide_app.account")

FILE_NAME = "this_pc.json"
MAX_HQS = 5  # a store PC talks to one HQ; a few cover a test HQ and a move
MAX_LOGINS = 12  # per HQ: the guides of one store, with room for temporary staff
DEFAULT_LOCK_MINUTES = 10
MAX_LOCK_MINUTES = 240


@dataclass(frozen=True)
class Remembered:
    """HQ addresses and, per HQ, the logins that signed in here; most recent first."""

    hqs: tuple[str, ...] = ()
    logins: dict[str, tuple[str, ...]] = field(default_factory=dict)
    lock_after_minutes: int | None = None  # an older version's setting, read by settings.py

    def logins_for(self, hq: str) -> tuple[str, ...]:
        """The logins used with this HQ (any spelling of its address); none for a non-address."""
        try:
            key = hq_address(hq).base_url
        except InvalidInput:
            return ()
        return self.logins.get(key, ())


def file_path() -> Path:
    return data_root() / FILE_NAME


def load() -> Remembered:
    """What this PC remembers; an empty memory when the file is missing or damaged."""
    try:
        raw = json.loads(file_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Remembered()
    except (OSError, ValueError) as error:
        log.warning("ignoring the damaged %s: %s", FILE_NAME, error)
        return Remembered()
    if not isinstance(raw, dict):
        return Remembered()
    return Remembered(
        hqs=_texts(raw.get("hqs"), MAX_HQS),
        logins=_logins(raw.get("logins")),
        lock_after_minutes=_lock_minutes(raw.get("lock_after_minutes")),
    )


def remember_sign_in(hq_url: str, login: str) -> None:
    """Put this HQ and login first in their lists (both already normalised by GuideAccount).
    A failed write is logged, never raised: the sign-in itself has worked."""
    known = load()
    hqs = _first(hq_url, known.hqs, MAX_HQS)
    logins = {**known.logins, hq_url: _first(login, known.logins.get(hq_url, ()), MAX_LOGINS)}
    try:
        _save(
            Remembered(
                hqs=hqs,
                logins={hq: logins[hq] for hq in hqs if hq in logins},
                lock_after_minutes=known.lock_after_minutes,
            )
        )
    except OSError as error:
        log.warning("could not remember the sign-in in %s: %s", FILE_NAME, error)


def _first(value: str, values: tuple[str, ...], limit: int) -> tuple[str, ...]:
    return (value, *(other for other in values if other != value))[:limit]


def _texts(value: Any, limit: int) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(dict.fromkeys(item for item in value if isinstance(item, str) and item.strip()))[:limit]


def _logins(value: Any) -> dict[str, tuple[str, ...]]:
    if not isinstance(value, dict):
        return {}
    return {hq: _texts(logins, MAX_LOGINS) for hq, logins in value.items() if isinstance(hq, str)}


def _lock_minutes(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_LOCK_MINUTES:
        return None
    return value


def _save(remembered: Remembered) -> None:
    """Write the whole file (never half of one: see write_whole); OSError when it cannot."""
    payload: dict[str, Any] = {
        "hqs": list(remembered.hqs),
        "logins": {hq: list(logins) for hq, logins in remembered.logins.items()},
    }
    if remembered.lock_after_minutes is not None:
        payload["lock_after_minutes"] = remembered.lock_after_minutes
    write_whole(file_path(), json.dumps(payload, ensure_ascii=False, indent=1))
