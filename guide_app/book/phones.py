"""Phone numbers: one normal form for storage and search, one masked form for exports."""

from __future__ import annotations

import re
import unicodedata

from guide_app.errors import ErrorCode, InvalidInput

_SEPARATORS = re.compile(r"[\s\-–—_.()（）/]+")
_MOBILE = re.compile(r"1[3-9]\d{9}")
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
    if len(digits) == 11 and digits.startswith("1"):
        raise InvalidInput(f"phone {text!r} is not a mainland mobile number", code=ErrorCode.phone_invalid)
    raise InvalidInput(
        f"phone {text!r} has {len(digits)} digits; a mobile has 11", code=ErrorCode.phone_invalid
    )


def mask_phone(phone: str | None) -> str:
    """'13800138000' → '138****8000'; a landline keeps its area code and last four digits."""
    if not phone:
        return ""
    if _MOBILE.fullmatch(phone):
        return f"{phone[:3]}****{phone[-4:]}"
    if len(phone) > 8:
        return f"{phone[:-8]}****{phone[-4:]}"
    return "*" * len(phone)
