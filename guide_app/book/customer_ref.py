"""The pseudonym a customer has at HQ: HQ counts repeat buyers without learning who they are."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from sqlalchemy.orm import Session

from guide_app.book.models import SyncState

_REF_SECRET_KEY = "customer_ref_secret"


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
