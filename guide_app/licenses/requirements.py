"""Which of a distribution's declared requirements apply here: names, extras and PEP 508 markers.

The bundle does not ship `packaging` (nothing at run time needs it), so this reads the small part of
PEP 508 that `Requires-Dist` lines use. A marker it cannot read counts as true: a licence notice
too many is harmless, one missing is not.
"""

from __future__ import annotations

import operator as operator_module
import os
import platform
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass

_NAME = re.compile(r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?")
_TOKEN = re.compile(
    r"""\s*(\(|\)|'[^']*'|"[^"]*"|===|==|!=|<=|>=|~=|<|>|not\s+in\b|in\b|and\b|or\b|[A-Za-z_][A-Za-z0-9_.]*)"""
)
_COMPARISONS = {"===", "==", "!=", "<=", ">=", "~=", "<", ">", "in", "not in"}
_VERSION_VARIABLES = {"python_version", "python_full_version", "implementation_version"}


def canonical_name(name: str) -> str:
    """A distribution's name as PEP 503 compares them: `PySide6_Essentials` is `pyside6-essentials`."""
    return re.sub(r"[-_.]+", "-", name).lower()


@dataclass(frozen=True)
class Requirement:
    name: str  # canonical
    extras: frozenset[str]  # canonical
    marker: str  # "" when unconditional

    def applies(self, extras: frozenset[str] = frozenset()) -> bool:
        """Whether this requirement holds here, for a distribution installed with `extras`."""
        if not self.marker:
            return True
        return any(_evaluate(self.marker, extra) for extra in {"", *extras})


def parse_requirement(line: str) -> Requirement | None:
    """One `Requires-Dist` value, or None when it names no distribution."""
    spec, _, marker = line.partition(";")
    found = _NAME.match(spec)
    if found is None:
        return None
    extras = frozenset(
        canonical_name(extra.strip()) for extra in (found.group(2) or "").split(",") if extra.strip()
    )
    return Requirement(canonical_name(found.group(1)), extras, marker.strip())


def _environment(extra: str) -> dict[str, str]:
    return {
        "extra": extra,
        "python_version": f"{sys.version_info.major}.{sys.version_info.minor}",
        "python_full_version": platform.python_version(),
        "implementation_name": sys.implementation.name,
        "implementation_version": platform.python_version(),
        "platform_python_implementation": platform.python_implementation(),
        "os_name": os.name,
        "sys_platform": sys.platform,
        "platform_system": platform.system(),
        "platform_machine": platform.machine(),
        "platform_release": platform.release(),
        "platform_version": platform.version(),
    }


def _evaluate(marker: str, extra: str) -> bool:
    tokens = _tokens(marker)
    if tokens is None:
        return True
    try:
        value, rest = _either(tokens, _environment(extra))
    except (IndexError, ValueError):
        return True
    return value if not rest else True


def _tokens(marker: str) -> list[str] | None:
    tokens, position = [], 0
    while position < len(marker.rstrip()):
        found = _TOKEN.match(marker, position)
        if found is None:
            return None
        tokens.append(re.sub(r"\s+", " ", found.group(1)))
        position = found.end()
    return tokens


def _either(tokens: list[str], environment: dict[str, str]) -> tuple[bool, list[str]]:
    """`or` binds looser than `and`, as in Python."""
    return _joined(tokens, environment, "or", _both)


def _both(tokens: list[str], environment: dict[str, str]) -> tuple[bool, list[str]]:
    return _joined(tokens, environment, "and", _atom)


Parse = Callable[[list[str], dict[str, str]], tuple[bool, list[str]]]


def _joined(
    tokens: list[str], environment: dict[str, str], word: str, operand: Parse
) -> tuple[bool, list[str]]:
    values, rest = [], tokens
    while True:
        value, rest = operand(rest, environment)
        values.append(value)
        if not rest or rest[0] != word:
            return (any(values) if word == "or" else all(values)), rest
        rest = rest[1:]


def _atom(tokens: list[str], environment: dict[str, str]) -> tuple[bool, list[str]]:
    if tokens[0] == "(":
        value, rest = _either(tokens[1:], environment)
        if not rest or rest[0] != ")":
            raise ValueError("unbalanced parentheses")
        return value, rest[1:]
    left, operator, right = tokens[0], tokens[1], tokens[2]
    if operator not in _COMPARISONS:
        raise ValueError(f"not a comparison: {operator}")
    variable = left if left[0] not in "'\"" else right
    left_value, right_value = _value(left, environment), _value(right, environment)
    if variable == "extra":
        left_value, right_value = canonical_name(left_value), canonical_name(right_value)
    return _compare(left_value, operator, right_value, variable in _VERSION_VARIABLES), tokens[3:]


def _value(token: str, environment: dict[str, str]) -> str:
    if token[0] in "'\"":
        return token[1:-1]
    if token not in environment:
        raise ValueError(f"unknown marker variable: {token}")
    return environment[token]


def _compare(left: str, operator: str, right: str, as_versions: bool) -> bool:
    if operator == "in":
        return left in right
    if operator == "not in":
        return left not in right
    if as_versions and right.endswith(".*") and operator in {"==", "!="}:
        matches = left == right[:-2] or left.startswith(right[:-1])
        return matches if operator == "==" else not matches
    if as_versions and operator != "===":
        ours, theirs = _release(left), _release(right)
        if operator == "~=":  # ~=3.11 is >=3.11 and ==3.*
            prefix = max(len(theirs) - 1, 1)
            return _padded(ours, theirs) >= _padded(theirs, ours) and ours[:prefix] == theirs[:prefix]
        return bool(_ORDER[operator](_padded(ours, theirs), _padded(theirs, ours)))
    return bool(_ORDER["==" if operator == "===" else operator](left, right))


_ORDER = {
    "==": operator_module.eq,
    "!=": operator_module.ne,
    "<": operator_module.lt,
    "<=": operator_module.le,
    ">": operator_module.gt,
    ">=": operator_module.ge,
}


def _release(version: str) -> tuple[int, ...]:
    """The leading numbers of a version: "3.13.0rc1" is (3, 13, 0)."""
    numbers = []
    for part in version.split("."):
        digits = re.match(r"\d+", part)
        if digits is None:
            break
        numbers.append(int(digits.group()))
    return tuple(numbers)


def _padded(version: tuple[int, ...], other: tuple[int, ...]) -> tuple[int, ...]:
    return version + (0,) * (len(other) - len(version))
