"""Birthdays: the day each is celebrated (29 February too), and whose come up soon."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import ColumnElement, String, func, select, type_coerce
from sqlalchemy.orm import Session
from sqlmodel import col

from guide_app.book.models import Customer

_customer = Customer.__table__  # type: ignore[attr-defined]


def celebration_date(birthday: date, year: int) -> date:
    """The day a birthday is celebrated in `year`: 29 February falls on the 28th in common years."""
    try:
        return birthday.replace(year=year)
    except ValueError:
        return date(year, 2, 28)


def celebrated_month_days(day: date) -> list[str]:
    """The 'MM-DD' birthdays celebrated on `day` (28 February of a common year takes the 29th too)."""
    month_days = [day.strftime("%m-%d")]
    if (day.month, day.day) == (2, 28) and not calendar.isleap(day.year):
        month_days.append("02-29")
    return month_days


def birthday_celebrated_on(days: Sequence[date]) -> ColumnElement[bool]:
    """Customers whose birthday is celebrated on one of `days` (a date is stored as YYYY-MM-DD)."""
    month_days = sorted({month_day for day in days for month_day in celebrated_month_days(day)})
    month_day = type_coerce(func.substr(type_coerce(_customer.c.birthday, String), 6), String)
    return month_day.in_(month_days)


@dataclass(frozen=True, slots=True)
class UpcomingBirthday:
    customer_id: str
    name: str
    birthday: date
    celebrate_on: date
    days_until: int


def upcoming_birthdays(session: Session, today: date, within_days: int) -> list[UpcomingBirthday]:
    """Live customers whose birthday is celebrated from `today` to `within_days` days later
    (across the new year), soonest first."""
    window = [today + timedelta(days=offset) for offset in range(max(0, min(within_days, 366)) + 1)]
    rows = session.execute(
        select(col(Customer.id), col(Customer.name), col(Customer.birthday)).where(
            col(Customer.deleted_at).is_(None), birthday_celebrated_on(window)
        )
    )
    upcoming = []
    for customer_id, name, birthday in rows:
        assert birthday is not None  # the query keeps only customers with a birthday
        celebrate_on = celebration_date(birthday, today.year)
        if celebrate_on < today:
            celebrate_on = celebration_date(birthday, today.year + 1)
        days_until = (celebrate_on - today).days
        upcoming.append(UpcomingBirthday(customer_id, name, birthday, celebrate_on, days_until))
    return sorted(upcoming, key=lambda found: (found.days_until, found.name))
