"""The app's settings, declared once: each field's type, default and bounds, and their JSON file.

Every setting here is this PC's, the same for every guide who signs in on it, and none is a guide's
own. The reasons, field by field:
- language: the sign-in window speaks it before anyone is known;
- sync interval: it is load on the store's network and on HQ, not a taste;
- idle lock: a shared PC's safety rule, the same whoever walked away;
- quiet hours: the store's and the chain's rule (no customer is messaged late in the evening);
- start with the system, start minimised: the system's start-up list belongs to the PC's user
  account, which the store's guides share;
- reminders: the tray belongs to the app running on this PC, whoever is signed in.
A setting that differs by guide would live in the guide's own folder; none does yet.

The Qt dialog (ui/dialogs/settings.py) is built from `fields()`: each `Kind` has its editor, so a
new field here gets its editor there, and its words (label, help) in that module's table.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any, TypeVar, overload

from guide_app.account import recent
from guide_app.account.owner_only import write_whole
from guide_app.account.paths import data_root
from guide_app.errors import InvalidInput

log = logging.getLogger("guide_app.settings")

FILE_NAME = "settings.json"
DAMAGED_SUFFIX = ".damaged"


class Language(StrEnum):
    zh_CN = "zh_CN"
    en = "en"


class Kind(Enum):
    """A setting's type; the dialog has one editor for each."""

    choice = "choice"  # one value of an enum
    minutes = "minutes"  # whole minutes within bounds
    flag = "flag"  # on or off
    daily_span = "daily_span"  # a span of the local clock, off or on (QuietHours)


@dataclass(frozen=True)
class Spec:
    """What a field accepts. `minimum`/`maximum` bound minutes; `zero_is_off` says 0 means never."""

    kind: Kind
    minimum: int = 0
    maximum: int = 0
    zero_is_off: bool = False
    choices: type[StrEnum] | None = None


@dataclass(frozen=True)
class QuietHours:
    """A span of the PC's local clock when nothing reminds; it may wrap midnight (21:00–09:00)."""

    on: bool = True
    start: time = time(21, 0)
    end: time = time(9, 0)

    def covers(self, moment: time) -> bool:
        """Whether a local clock time falls in the span (start included, end excluded)."""
        if not self.on or self.start == self.end:
            return False
        if self.start < self.end:
            return self.start <= moment < self.end
        return moment >= self.start or moment < self.end

    def ends_after(self, now: datetime) -> datetime | None:
        """When the span that covers `now` (aware) ends, as an aware local time; None outside it."""
        moment = now.astimezone()
        if not self.covers(moment.time().replace(tzinfo=None)):
            return None
        end = moment.replace(hour=self.end.hour, minute=self.end.minute, second=0, microsecond=0)
        return end if end > moment else end + timedelta(days=1)


def _spec(kind: Kind, **bounds: Any) -> dict[str, Spec]:
    return {"spec": Spec(kind, **bounds)}


@dataclass(frozen=True)
class Settings:
    """This PC's settings. The field's name is its JSON key; its metadata says what it accepts."""

    language: Language = field(default=Language.zh_CN, metadata=_spec(Kind.choice, choices=Language))
    sync_every_minutes: int = field(default=10, metadata=_spec(Kind.minutes, minimum=5, maximum=240))
    lock_after_minutes: int = field(
        default=recent.DEFAULT_LOCK_MINUTES,
        metadata=_spec(Kind.minutes, maximum=recent.MAX_LOCK_MINUTES, zero_is_off=True),
    )
    quiet_hours: QuietHours = field(default=QuietHours(), metadata=_spec(Kind.daily_span))
    reminders: bool = field(default=True, metadata=_spec(Kind.flag))
    start_with_system: bool = field(default=False, metadata=_spec(Kind.flag))
    start_minimized: bool = field(default=True, metadata=_spec(Kind.flag))


S = TypeVar("S", bound=Settings)


def fields(declaration: type[Settings] = Settings) -> list[tuple[str, Spec]]:
    """Each setting's name and spec, in the order declared (the dialog's order)."""
    return [(each.name, each.metadata["spec"]) for each in dataclasses.fields(declaration)]


def check(spec: Spec, value: Any) -> Any:
    """The value if the spec accepts it; InvalidInput naming the bounds otherwise."""
    match spec.kind:
        case Kind.choice:
            assert spec.choices is not None
            if value not in {choice.value for choice in spec.choices}:
                raise InvalidInput(f"choose one of {', '.join(spec.choices)}")
            return spec.choices(value)
        case Kind.minutes:
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidInput("a whole number of minutes is needed")
            if not spec.minimum <= value <= spec.maximum:
                raise InvalidInput(f"choose {spec.minimum} to {spec.maximum} minutes")
            return value
        case Kind.flag:
            if not isinstance(value, bool):
                raise InvalidInput("on or off is needed")
            return value
        case Kind.daily_span:
            if not isinstance(value, QuietHours):
                raise InvalidInput("a span of the day is needed")
            if value.on and value.start == value.end:
                raise InvalidInput("quiet hours must start and end at different times")
            return value


def validated(settings: S) -> S:
    """`settings` when every field is within its spec; InvalidInput for the first that is not."""
    for name, spec in fields(type(settings)):
        try:
            check(spec, getattr(settings, name))
        except InvalidInput as error:
            raise InvalidInput(f"{name}: {error}") from error
    return settings


def file_path() -> Path:
    return data_root() / FILE_NAME


@overload
def load() -> Settings: ...
@overload
def load(declaration: type[S]) -> S: ...
def load(declaration: type[Settings] = Settings) -> Settings:
    """This PC's settings. A missing file gives the defaults (with the lock time an older version
    kept in this_pc.json); a damaged file is kept aside as settings.json.damaged, logged, and read
    as the defaults; a bad value gives that field's default and a log line naming it."""
    path = file_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError(f"a JSON object was expected, not {type(raw).__name__}")
    except FileNotFoundError:
        return _from_json(declaration, _older_values())
    except (OSError, ValueError) as error:
        _keep_aside(path, error)
        return declaration()
    return _from_json(declaration, raw)


def save(settings: Settings) -> None:
    """Keep the settings for every guide on this PC. InvalidInput for a value out of its bounds,
    OSError when the file cannot be written (the guide must know the setting did not stick)."""
    validated(settings)
    payload = {name: _to_json(spec, getattr(settings, name)) for name, spec in fields(type(settings))}
    write_whole(file_path(), json.dumps(payload, ensure_ascii=False, indent=1))


def _older_values() -> dict[str, Any]:
    """What versions before settings.json kept: the lock time in this_pc.json. recent.py leaves
    it there, so it is read until the first save here, and an older version run again finds it."""
    older = recent.load().lock_after_minutes
    return {} if older is None else {"lock_after_minutes": older}


def _keep_aside(path: Path, error: BaseException) -> None:
    aside = path.with_name(path.name + DAMAGED_SUFFIX)
    try:
        path.replace(aside)
    except OSError as move_error:
        log.warning(
            "%s is damaged (%s) and could not be moved aside (%s): using the defaults",
            path,
            error,
            move_error,
        )
        return
    log.warning("%s is damaged (%s): using the defaults; the damaged file is kept as %s", path, error, aside)


def _from_json(declaration: type[S], raw: Mapping[str, Any]) -> S:
    values: dict[str, Any] = {}
    for name, spec in fields(declaration):
        if name not in raw:
            continue
        try:
            values[name] = check(spec, _from_json_value(spec, raw[name]))
        except (InvalidInput, ValueError, TypeError, KeyError) as error:
            log.warning("setting %s: %r is not accepted (%s): using the default", name, raw[name], error)
    return declaration(**values)


def _from_json_value(spec: Spec, value: Any) -> Any:
    if spec.kind is Kind.daily_span:
        if not isinstance(value, dict) or not isinstance(value["on"], bool):
            raise ValueError("an object with on, start and end is needed")
        start, end = time.fromisoformat(value["start"]), time.fromisoformat(value["end"])
        if start.tzinfo is not None or end.tzinfo is not None:
            raise ValueError("quiet hours are the PC's local clock, without a time zone")
        return QuietHours(on=value["on"], start=start, end=end)
    return value


def _to_json(spec: Spec, value: Any) -> Any:
    if spec.kind is Kind.daily_span:
        return {"on": value.on, "start": value.start.strftime("%H:%M"), "end": value.end.strftime("%H:%M")}
    if spec.kind is Kind.choice:
        return str(value)
    return value
