"""Bulk statements in chunks: each stays under SQLite's limit on bound parameters."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of up to `size` items: bulk statements stay under SQLite's bound-parameter limit."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
