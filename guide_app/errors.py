"""Errors the desktop core raises; each carries a stable code the UI translates for the guide."""

from __future__ import annotations

from typing import Any


class GuideError(Exception):
    """Something the guide (or IT staff) can act on. `code` picks the translated sentence;
    `message` is the English one, used in logs and the command line."""

    code = "error"

    def __init__(self, message: str, *, code: str | None = None, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        if code:
            self.code = code
        self.details = details


class BookCorrupt(GuideError):
    code = "book_corrupt"


class NotFound(GuideError):
    code = "not_found"


class InvalidInput(GuideError):
    code = "invalid_input"


class Conflict(GuideError):
    code = "conflict"
