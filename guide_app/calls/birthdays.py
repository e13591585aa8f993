"""Screen calls about birthdays: whose are celebrated soon (Today shows them before opening)."""

from __future__ import annotations

from datetime import date

from guide_app.book import birthdays
from guide_app.book.birthdays import UpcomingBirthday
from guide_app.book.store import Book


def upcoming_birthdays(book: Book, today: date, within_days: int = 7) -> list[UpcomingBirthday]:
    """Live customers whose birthday is celebrated from `today` to `within_days` later, soonest first."""
    with book.reading() as session:
        return birthdays.upcoming_birthdays(session, today, within_days)
