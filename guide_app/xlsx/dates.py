"""Reading dates the way they arrive in guides' spreadsheets."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta

from guide_app.errors import ErrorCode, InvalidInput

_EXCEL_EPOCH = date(1899, 12, 30)  # day 0 for every day after Excel's phantom 1900-02-29
_TEXT_FORMATS = [
    re.compile(r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"),
    re.compile(r"(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})[日号]?"),
    re.compile(r"(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})"),
]


def normalize_date(value: object) -> date | None:
    """A date from a cell: a date, an Excel serial, or text such as 1990/5/3, 1990-05-03,
    1990年5月3日 or 19900503. Blank → None; anything else → InvalidInput."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(value)
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return None
    text = re.sub(r"\s+", "", text).split("T")[0]
    if re.fullmatch(r"\d{1,5}(\.\d+)?", text):
        return _from_serial(float(text))
    for pattern in _TEXT_FORMATS:
        match = pattern.fullmatch(text) or (pattern.fullmatch(text[:10]) if len(text) > 10 else None)
        if match:
            return _checked(int(match["y"]), int(match["m"]), int(match["d"]), text)
    raise InvalidInput(f"date {text!r} is not in a known form (e.g. 1990-05-03)", code=ErrorCode.date_invalid)


def _from_serial(serial: float) -> date:
    """Excel's day numbers. Excel counts a 29 February 1900 that never was (day 60), so days
    before it are one off from the epoch that is right for every later day."""
    day = int(serial)
    if not 1 <= day < 2958466 or day == 60:
        raise InvalidInput(f"{serial} is not an Excel date", code=ErrorCode.date_invalid)
    return _EXCEL_EPOCH + timedelta(days=day + 1 if day < 60 else day)


def _checked(year: int, month: int, day: int, text: str) -> date:
    try:
        result = date(year, month, day)
    except ValueError as error:
        raise InvalidInput(f"date {text!r} does not exist ({error})", code=ErrorCode.date_invalid) from error
    if not 1900 <= year <= date.today().year:
        raise InvalidInput(f"date {text!r} has an unlikely year", code=ErrorCode.date_invalid)
    return result
