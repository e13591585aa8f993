"""Screen calls about tags: the tag picker, the guide's own tags, tagging one or many customers."""

from __future__ import annotations

from collections.abc import Sequence

from guide_app.book import tags
from guide_app.book.store import Book
from guide_app.book.tags import TagView
from guide_app.changes import Area, ChangeNotice, Outcome

# Tags pick customers for task rules and segments: a change moves lists and task counts.
_TAGGING_AREAS = (Area.tags, Area.customers, Area.tasks)


def all_tags(book: Book) -> list[TagView]:
    """Every live tag, HQ's groups first, for pickers and filters."""
    with book.reading() as session:
        return tags.all_tags(session)


def add_personal_tag(book: Book, name: str) -> Outcome[str]:
    """The id of the guide's own tag with this name (made if new)."""
    with book.writing() as session:
        tag_id = tags.personal_tag(session, name)
    return Outcome(tag_id, ChangeNotice.of(Area.tags))


def tag_customers(book: Book, customer_ids: Sequence[str], tag_id: str) -> Outcome[int]:
    """Give every listed customer the tag, all or none (a single-choice group's tag replaces the
    customer's other one in that group). The value is how many customers were listed."""
    with book.writing() as session:
        for customer_id in customer_ids:
            tags.tag_customer(session, customer_id, tag_id)
    return Outcome(len(customer_ids), ChangeNotice.of(*_TAGGING_AREAS, customers=customer_ids))


def untag_customer(book: Book, customer_id: str, tag_id: str) -> Outcome[None]:
    with book.writing() as session:
        tags.untag_customer(session, customer_id, tag_id)
    return Outcome(None, ChangeNotice.of(*_TAGGING_AREAS, customers=[customer_id]))
