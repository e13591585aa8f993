"""HQ's chain-wide settings as last pulled (defaults until the first pull)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from pydantic import ValidationError
from sqlalchemy.orm import Session

from guide_app.models import HqRecord, SyncState
from guide_app.protocol import EntityKind, HqSettings

SETTINGS_ID = "chain"
_REF_SECRET_KEY = "customer_ref_secret"


def current_settings(session: Session) -> HqSettings:
    record = session.get(HqRecord, (EntityKind.settings.value, SETTINGS_ID))
    if record is None:
        return HqSettings()
    try:
        return HqSettings.model_validate(record.data)
    except ValidationError:
        return HqSettings()  # never block the guide's work on a settings record HQ got wrong


def customer_ref(session: Session, customer_id: str) -> str:
    """A stable pseudonym for a customer: HMAC of the local id with this book's own secret,
    so HQ can count repeat buyers without ever learning who they are (PIPL)."""
    state = session.get(SyncState, _REF_SECRET_KEY)
    if state is None:
        state = SyncState(key=_REF_SECRET_KEY, value=secrets.token_hex(32))
        session.add(state)
        session.flush()
    digest = hmac.new(bytes.fromhex(state.value), customer_id.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:24]).decode()
