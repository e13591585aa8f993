"""What this PC remembers between sign-ins: recent HQ addresses and logins, and the PC's own settings.

Kept in one small JSON file under the app's data folder. It is a convenience: a damaged or
unreadable file is read as empty and a failed write is logged, so neither ever blocks a sign-in.
Passwords are never kept here (see offline.py for the offline verifier).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from guide_app.account.owner_only import owner_only_file
from guide_app.account.paths import data_root, hq_address
from guide_app.errors import InvalidInput

log = logging.getLogger("guide_app.account")

FILE_NAME = "this_pc.json"
MAX_HQS = 5  # a store PC talks to one HQ; a few cover a test HQ and a move
MAX_LOGINS = 12  # per HQ: the guides of one store, with room for temporary staff
DEFAULT_LOCK_MINUTES = 10
MAX_LOCK_MINUTES = 240


@dataclass(frozen=True)
class PcSettings:
    """Settings of this PC, the same for every guide who signs in here."""

    lock_after_minutes: int = DEFAULT_LOCK_MINUTES  # 0: never lock when idle


@dataclass(frozen=True)
class Remembered:
    """HQ addresses and, per HQ, the logins that signed in here; most recent first."""

    hqs: tuple[str, ...] = ()
    logins: dict[str, tuple[str, ...]] = field(default_factory=dict)
    settings: PcSettings = PcSettings()

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
        settings=PcSettings(lock_after_minutes=_lock_minutes(raw.get("lock_after_minutes"))),
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
                hqs=hqs, logins={hq: logins[hq] for hq in hqs if hq in logins}, settings=known.settings
            )
        )
    except OSError as error:
        log.warning("could not remember the sign-in in %s: %s", FILE_NAME, error)


def save_pc_settings(settings: PcSettings) -> None:
    """Keep this PC's settings; InvalidInput when the lock time is out of range, OSError when
    the file cannot be written (the guide must know the setting did not stick)."""
    if not 0 <= settings.lock_after_minutes <= MAX_LOCK_MINUTES:
        raise InvalidInput(f"the lock time must be 0 to {MAX_LOCK_MINUTES} minutes")
    known = load()
    _save(Remembered(hqs=known.hqs, logins=known.logins, settings=settings))


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


def _lock_minutes(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_LOCK_MINUTES:
        return DEFAULT_LOCK_MINUTES
    return value


def _save(remembered: Remembered) -> None:
    """Write the whole file beside itself and rename it over the old one, so a power cut leaves
    the old file or the new one, never half of one."""
    payload = {
        "hqs": list(remembered.hqs),
        "logins": {hq: list(logins) for hq, logins in remembered.logins.items()},
        "lock_after_minutes": remembered.settings.lock_after_minutes,
    }
    target = file_path()
    partial = target.with_suffix(".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(owner_only_file(partial), "w", encoding="utf-8") as handle:
            json.dump(payload, handle, ensure_ascii=False, indent=1)
            handle.flush()
            os.fsync(handle.fileno())
        partial.replace(target)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
        raise
