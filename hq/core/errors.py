"""Domain errors of the HQ service; each becomes a 4xx answer with a code and a readable reason."""

from __future__ import annotations


class HqError(Exception):
    status_code = 400
    code = "bad_request"

    def __init__(self, detail: str, *, code: str | None = None, headers: dict[str, str] | None = None):
        super().__init__(detail)
        self.detail = detail
        if code:
            self.code = code
        self.headers = headers or {}


class Unauthorized(HqError):
    status_code = 401
    code = "unauthorized"


def invalid_token() -> Unauthorized:
    """A bearer token that is not a live sign-in of an enabled account."""
    return Unauthorized("sign-in expired or invalid; please sign in again", code="invalid_token")


class Forbidden(HqError):
    status_code = 403
    code = "forbidden"


class AccountDisabled(Forbidden):
    """The password is right but the account is switched off; said only to whoever knows it."""

    code = "account_disabled"


class NotFound(HqError):
    status_code = 404
    code = "not_found"


class Conflict(HqError):
    status_code = 409
    code = "conflict"


class PayloadTooLarge(HqError):
    status_code = 413
    code = "payload_too_large"


class Invalid(HqError):
    status_code = 422
    code = "invalid"


class Locked(HqError):
    status_code = 429
    code = "account_locked"


class Throttled(HqError):
    """Too many sign-ins from one address, or overall: try again after Retry-After seconds."""

    status_code = 429
    code = "too_many_sign_ins"
