"""HQ's chain-wide settings as last pulled (defaults until the first pull)."""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy.orm import Session

from guide_app.book.models import HqRecord
from guide_app.protocol import EntityKind, HqSettings

SETTINGS_ID = "chain"


def current_settings(session: Session) -> HqSettings:
    record = session.get(HqRecord, (EntityKind.settings.value, SETTINGS_ID))
    if record is None:
        return HqSettings()
    try:
        return HqSettings.model_validate(record.data)
    except ValidationError:
        return HqSettings()  # never block the guide's work on a settings record HQ got wrong
