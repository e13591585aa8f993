"""Phone numbers: one normal form for storage and search, one masked form for exports."""

from __future__ import annotations

import re
import unicodedata

from guide_app.cells import MOBILE as _MOBILE
from guide_app.errors import ErrorCode, InvalidInput

_SEPARATORS = re.compile(r"[\s\-–—_.()（）/]+")
_LANDLINE = re.compile(r"0\d{2,3}\d{7,8}")


def normalize_phone(raw: str | int | None) -> str | None:
    """'+86 138 0013 8000', '138-0013-8000', '１３８…' → '13800138000'; blank → None.

    Landlines keep their area code ('021-6123 4567' → '02161234567'). Anything else is refused
    with InvalidInput naming what was wrong.
    """
    if raw is None:
        return None
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    if not text:
        return None
    digits = _SEPARATORS.sub("", text)
    if digits.startswith("+"):
        digits = digits[1:]
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and _MOBILE.fullmatch(digits[len(prefix) :]):
            digits = digits[len(prefix) :]
    if not digits.isdigit():
        raise InvalidInput(f"phone {text!r} has characters other than digits", code=ErrorCode.phone_invalid)
    if _MOBILE.fullmatch(digits) or _LANDLINE.fullmatch(digits):
        return digits
    raise InvalidInput(f"phone {text!r} {_what_is_wrong(digits)}", code=ErrorCode.phone_invalid)


def _what_is_wrong(digits: str) -> str:
    """The one thing that keeps `digits` from being a mobile or a landline, in plain words."""
    count = len(digits)
    if digits.startswith("1"):
        if count == 11:
            return f"has 11 digits but {digits[:2]} is not a mainland mobile prefix (13 to 19)"
        return f"has {count} digits; a mobile has 11"
    if digits.startswith("0"):
        return f"has {count} digits; a landline with its area code (0…) has 10 to 12"
    return f"starts with {digits[0]}; a mobile starts with 1, a landline with its area code (0…)"
