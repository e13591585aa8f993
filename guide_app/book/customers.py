"""The customer book: adding, editing, deleting (soft, then purge on request) and merging."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session
from sqlmodel import col

from guide_app.book.models import (
    Customer,
    CustomerTag,
    FollowUp,
    Interaction,
    Sale,
    Tag,
    TagGroup,
    TaskTarget,
)
from guide_app.book.phones import normalize_phone
from guide_app.book.search import search_keys
from guide_app.errors import ErrorCode, InvalidInput, NotFound
from guide_app.timeutil import utcnow


class Gender(StrEnum):
    unknown = ""
    male = "male"
    female = "female"


GENDERS = tuple(gender.value for gender in Gender)


# Lengths the book keeps. Too long is refused with the field named, never cut without a word:
# a WeCom remark is a short label shown beside the name (WeCom's own is shorter still); a channel
# becomes a tag, and tags have at most 40 characters. Notes (备注) are free text with no limit.
NAME_MAX, WECOM_REMARK_MAX, SOURCE_CHANNEL_MAX = 100, 200, 40
BIRTHDAY_SPAN_YEARS = 120  # nobody born earlier is a customer: 1800 or 2999 is a typing slip


@dataclass(slots=True)  # slots: a 200k-row import holds one per row until it writes them
class CustomerFields:
    """What a guide (or an import) says about a customer."""

    name: str
    phone: str | None = None
    wecom_remark: str = ""
    birthday: date | None = None
    gender: str = ""
    source_channel: str = ""
    consent: bool = False
    notes: str = ""
    added_at: datetime | None = None

    def checked(self) -> CustomerFields:
        """The fields trimmed and checked; InvalidInput names the field (details["field"]) otherwise."""
        name = self.name.strip()
        if not name:
            raise InvalidInput("a customer needs a name", code=ErrorCode.name_missing, field="name")
        if len(name) > NAME_MAX:
            raise InvalidInput(
                f"the name is longer than {NAME_MAX} characters", code=ErrorCode.name_too_long, field="name"
            )
        if self.gender not in GENDERS:
            raise InvalidInput(
                f"gender must be one of {GENDERS}", code=ErrorCode.gender_invalid, field="gender"
            )
        _check_birthday(self.birthday)
        remark, channel = self.wecom_remark.strip(), self.source_channel.strip()
        for field_name, text, limit in (
            ("wecom_remark", remark, WECOM_REMARK_MAX),
            ("source_channel", channel, SOURCE_CHANNEL_MAX),
        ):
            if len(text) > limit:
                raise InvalidInput(
                    f"{field_name} has {len(text)} characters; the book keeps at most {limit}",
                    code=ErrorCode.text_too_long,
                    field=field_name,
                )
        return CustomerFields(
            name=name,
            phone=normalize_phone(self.phone),
            wecom_remark=remark,
            birthday=self.birthday,
            gender=self.gender,
            source_channel=channel,
            consent=self.consent,
            notes=self.notes,
            added_at=self.added_at,
        )


def _check_birthday(birthday: date | None) -> None:
    if birthday is None:
        return
    today = date.today()
    earliest = today.replace(year=today.year - BIRTHDAY_SPAN_YEARS, day=min(today.day, 28))
    if not earliest <= birthday <= today:
        raise InvalidInput(
            f"birthday {birthday.isoformat()} is not between {earliest.isoformat()} and today",
            code=ErrorCode.date_invalid,
            field="birthday",
        )


def search_columns(name: str, phone: str | None, wecom_remark: str, notes: str = "") -> dict[str, str]:
    """name_pinyin, name_initials and search_text: how search finds and sorts this customer."""
    return search_keys(name, phone, wecom_remark, notes)


def customer_row(
    given: CustomerFields, now: datetime | None = None, customer_id: str | None = None
) -> dict[str, Any]:
    """A validated row for the customer table (used one by one and by bulk imports)."""
    given = given.checked()
    name, phone, remark = given.name, given.phone, given.wecom_remark
    now = now or utcnow()
    return {
        "id": customer_id or str(uuid.uuid4()),
        "name": name,
        "phone": phone,
        "wecom_remark": remark,
        "birthday": given.birthday,
        "gender": given.gender,
        "source_channel": given.source_channel,
        "consent": given.consent,
        "notes": given.notes,
        "added_at": given.added_at or now,
        "lifecycle_stage": "new",
        "purchase_count": 0,
        "monetary_fen": 0,
        "created_at": now,
        "updated_at": now,
        **search_columns(name, phone, remark, given.notes),
    }


def add_customer(session: Session, given: CustomerFields) -> str:
    row = customer_row(given)
    session.execute(insert(Customer), [row])
    return str(row["id"])


def live_customer(session: Session, customer_id: str) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None or customer.deleted_at is not None:
        raise NotFound("no such customer", code=ErrorCode.customer_missing)
    return customer


def update_customer(session: Session, customer_id: str, changes: dict[str, Any]) -> None:
    """Change the given fields; search keys follow the name, phone and remark."""
    customer = live_customer(session, customer_id)
    allowed = {item.name for item in fields(CustomerFields)}
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidInput(f"unknown customer fields: {sorted(unknown)}", code=ErrorCode.field_unknown)
    merged = CustomerFields(**{name: changes.get(name, getattr(customer, name)) for name in allowed})
    row = customer_row(merged, customer_id=customer.id)
    for name in (*allowed, "name_pinyin", "name_initials", "search_text"):
        setattr(customer, name, row[name])
    customer.updated_at = utcnow()


def soft_delete(session: Session, customer_id: str) -> None:
    customer = live_customer(session, customer_id)
    customer.deleted_at = customer.updated_at = utcnow()


def restore(session: Session, customer_id: str) -> None:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound("no such customer", code=ErrorCode.customer_missing)
    customer.deleted_at, customer.updated_at = None, utcnow()


def purge(session: Session, customer_id: str) -> None:
    """Erase a customer for good (their request under PIPL): the row, timeline, follow-ups, tags
    and task rows go; recorded sales stay for commission, no longer linked to the person."""
    if session.get(Customer, customer_id) is None:
        raise NotFound("no such customer", code=ErrorCode.customer_missing)
    session.execute(update(Sale).where(col(Sale.customer_id) == customer_id).values(customer_id=None))
    for table in (Interaction, FollowUp, CustomerTag, TaskTarget):
        session.execute(delete(table).where(col(table.customer_id) == customer_id))
    session.execute(delete(Customer).where(col(Customer.id) == customer_id))


def duplicate_groups(session: Session) -> list[list[str]]:
    """Live customers sharing a phone number, oldest first in each group."""
    live = col(Customer.deleted_at).is_(None)
    phones = (
        select(col(Customer.phone))
        .where(live, col(Customer.phone).is_not(None))
        .group_by(col(Customer.phone))
        .having(func.count() > 1)
    )
    rows = session.execute(
        select(col(Customer.phone), col(Customer.id))
        .where(col(Customer.phone).in_(phones), live)
        .order_by(col(Customer.phone), col(Customer.added_at), col(Customer.id))
    )
    groups: dict[str, list[str]] = {}
    for phone, customer_id in rows:
        assert phone is not None  # the query keeps only customers with a phone
        groups.setdefault(phone, []).append(customer_id)
    return list(groups.values())


_FILLABLE = ("phone", "wecom_remark", "birthday", "gender", "source_channel", "notes")


def merge(session: Session, keep_id: str, drop_id: str) -> None:
    """Fold a duplicate into the customer kept: both timelines, follow-ups, sales and tags end up
    on the kept one; its empty fields take the duplicate's values; the duplicate is removed."""
    if keep_id == drop_id:
        raise InvalidInput("a customer cannot be merged into itself", code=ErrorCode.merge_self)
    keep, drop = live_customer(session, keep_id), live_customer(session, drop_id)
    for name in _FILLABLE:
        if not getattr(keep, name) and getattr(drop, name):
            setattr(keep, name, getattr(drop, name))
    keep.consent = keep.consent or drop.consent
    keep.added_at = min(keep.added_at, drop.added_at)
    for table in (Interaction, FollowUp, Sale):
        session.execute(update(table).where(col(table.customer_id) == drop_id).values(customer_id=keep_id))
    _merge_tags(session, keep_id, drop_id)
    _merge_task_targets(session, keep_id, drop_id)
    session.add(
        Interaction(
            id=str(uuid.uuid4()),
            customer_id=keep_id,
            kind="note",
            text=f"merged with duplicate {drop.name} ({drop.wecom_remark})",
        )
    )
    session.flush()
    row = customer_row(
        CustomerFields(**{item.name: getattr(keep, item.name) for item in fields(CustomerFields)}),
        customer_id=keep_id,
    )
    keep.search_text, keep.updated_at = row["search_text"], utcnow()
    session.execute(delete(Customer).where(col(Customer.id) == drop_id))


def _merge_tags(session: Session, keep_id: str, drop_id: str) -> None:
    """Union of tags, except where a single-choice group already has the kept customer's choice."""
    owner = col(CustomerTag.customer_id)
    kept_groups = set(
        session.execute(
            select(col(Tag.group_id))
            .join(CustomerTag, col(CustomerTag.tag_id) == col(Tag.id))
            .where(owner == keep_id)
        ).scalars()
    )
    kept_tags = set(session.execute(select(col(CustomerTag.tag_id)).where(owner == keep_id)).scalars())
    rows = session.execute(
        select(col(CustomerTag.tag_id), col(Tag.group_id), col(TagGroup.single_choice))
        .join(Tag, col(Tag.id) == col(CustomerTag.tag_id))
        .join(TagGroup, col(TagGroup.id) == col(Tag.group_id))
        .where(owner == drop_id)
    )
    for tag_id, group_id, single_choice in rows:
        if tag_id not in kept_tags and not (single_choice and group_id in kept_groups):
            session.add(CustomerTag(customer_id=keep_id, tag_id=tag_id))
    session.execute(delete(CustomerTag).where(owner == drop_id))


def _merge_task_targets(session: Session, keep_id: str, drop_id: str) -> None:
    target_owner = col(TaskTarget.customer_id)
    kept = {
        tuple(row)
        for row in session.execute(
            select(col(TaskTarget.task_id), col(TaskTarget.day)).where(target_owner == keep_id)
        )
    }
    for target in session.execute(select(TaskTarget).where(target_owner == drop_id)).scalars():
        if (target.task_id, target.day) in kept:
            session.delete(target)
        else:
            target.customer_id = keep_id
