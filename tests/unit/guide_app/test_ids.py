"""Bulk row ids are random version-4 UUIDs, as uuid.uuid4() makes them, and never repeat."""

from __future__ import annotations

import uuid

from guide_app.ids import new_ids


def test_bulk_ids_are_version_4_uuids_in_their_usual_text_form() -> None:
    ids = new_ids(1_000)
    assert len(ids) == 1_000
    for text in ids:
        parsed = uuid.UUID(text)
        assert parsed.version == 4 and parsed.variant == uuid.RFC_4122
        assert str(parsed) == text  # lower-case, hyphenated: as str(uuid.uuid4())


def test_bulk_ids_never_repeat_within_a_batch_or_across_batches() -> None:
    seen = [*new_ids(50_000), *new_ids(50_000)]
    assert len(set(seen)) == len(seen)


def test_no_ids_asked_none_given() -> None:
    assert new_ids(0) == []
