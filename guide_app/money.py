"""Amounts of money as people type them in yuan, read into integer fen."""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from guide_app.protocol import MAX_AMOUNT_FEN

_AMOUNT = re.compile(r"(-?)(\d+)(?:\.(\d*))?")


class AmountProblem(StrEnum):
    """Why typed text is not an amount of money."""

    empty = "empty"
    unreadable = "unreadable"
    negative = "negative"
    zero = "zero"  # commission is counted from what was paid: ¥0 is a typing slip, not a sale
    too_precise = "too_precise"  # more than 2 decimals: fen are the smallest unit
    too_large = "too_large"


class AmountRefused(ValueError):
    def __init__(self, problem: AmountProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def fen_from_yuan_text(text: str, *, zero_ok: bool = False) -> int:
    """'1,299.5' → 129950, in integers only (a float turns 0.29 into 28.999… fen). Full-width
    digits, a ¥ or 元 and thousands commas are accepted as people type them. ¥0 is refused
    unless `zero_ok` (a target of nothing); AmountRefused names the problem."""
    plain = unicodedata.normalize("NFKC", text).strip()
    plain = plain.removeprefix("¥").removeprefix("￥").removesuffix("元").replace(",", "").replace(" ", "")
    if not plain:
        raise AmountRefused(AmountProblem.empty)
    parsed = _AMOUNT.fullmatch(plain)
    if parsed is None:
        raise AmountRefused(AmountProblem.unreadable)
    sign, whole, decimals = parsed.groups()
    decimals = decimals or ""
    if len(decimals) > 2:
        raise AmountRefused(AmountProblem.too_precise)
    fen = int(whole) * 100 + int(decimals.ljust(2, "0"))
    if sign and (fen or zero_ok):
        raise AmountRefused(AmountProblem.negative)
    if fen == 0 and not zero_ok:
        raise AmountRefused(AmountProblem.zero)
    if fen > MAX_AMOUNT_FEN:
        raise AmountRefused(AmountProblem.too_large)
    return fen
