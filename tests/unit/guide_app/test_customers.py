"""The customer book: normal forms, soft delete and purge, merging duplicates."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from guide_app.book.customers import (
    CustomerFields,
    add_customer,
    duplicate_groups,
    merge,
    purge,
    restore,
    soft_delete,
    update_customer,
)
from guide_app.book.models import Customer, CustomerTag, Interaction, Sale, Tag, TagGroup
from guide_app.book.search import CustomerQuery, search_customers
from guide_app.book.store import Book
from guide_app.errors import ErrorCode, InvalidInput, NotFound


def _names(book: Book, typed: str = "") -> list[str]:
    with book.reading() as session:
        return [row.name for row in search_customers(session, CustomerQuery(text=typed))]


def test_phone_is_stored_in_one_normal_form(book: Book) -> None:
    with book.writing() as session:
        customer_id = add_customer(session, CustomerFields(name="王姐", phone="+86 138-0013 8000"))
    with book.reading() as session:
        assert session.get(Customer, customer_id).phone == "13800138000"


def test_a_bad_phone_or_an_empty_name_is_refused_and_nothing_is_written(book: Book) -> None:
    for fields in (CustomerFields(name="李四", phone="12345"), CustomerFields(name="  ")):
        with pytest.raises(InvalidInput), book.writing() as session:
            add_customer(session, fields)
    assert _names(book) == []


def test_an_impossible_birthday_is_refused_and_the_old_one_kept(book: Book) -> None:
    with book.writing() as session:
        customer_id = add_customer(session, CustomerFields(name="陈静", birthday=date(1992, 2, 29)))
    for absurd in (date(1800, 1, 1), date(2999, 1, 1), date.today() + timedelta(days=1)):
        with pytest.raises(InvalidInput) as refused, book.writing() as session:
            update_customer(session, customer_id, {"birthday": absurd})
        assert refused.value.code is ErrorCode.date_invalid and refused.value.details["field"] == "birthday"
    with book.reading() as session:
        assert session.get(Customer, customer_id).birthday == date(1992, 2, 29)


def test_editing_the_name_updates_search(book: Book) -> None:
    with book.writing() as session:
        customer_id = add_customer(session, CustomerFields(name="张三"))
    with book.writing() as session:
        update_customer(session, customer_id, {"name": "曾小明", "wecom_remark": "老客 喜欢黑色"})
    assert _names(book, "zxm") == ["曾小明"]
    assert _names(book, "黑色") == ["曾小明"]
    assert _names(book, "zs") == []


def test_soft_deleted_customers_leave_lists_until_restored(book: Book) -> None:
    with book.writing() as session:
        customer_id = add_customer(session, CustomerFields(name="刘洋"))
        soft_delete(session, customer_id)
    assert _names(book) == []
    with book.writing() as session:
        restore(session, customer_id)
    assert _names(book) == ["刘洋"]


def test_purge_erases_the_person_but_keeps_the_sale(book: Book) -> None:
    with book.writing() as session:
        customer_id = add_customer(session, CustomerFields(name="陈静", phone="13900139000"))
        session.add(Interaction(id=str(uuid.uuid4()), customer_id=customer_id, kind="note", text="尺码M"))
        session.add(
            Sale(
                id=str(uuid.uuid4()),
                order_no="SO1",
                amount_fen=59_900,
                items=[],
                customer_id=customer_id,
                attribution="owner",
            )
        )
    with book.writing() as session:
        purge(session, customer_id)
    with book.reading() as session:
        assert session.get(Customer, customer_id) is None
        assert session.execute(select(func.count()).select_from(Interaction)).scalar() == 0
        assert session.execute(select(Sale.customer_id)).scalar_one() is None
    with pytest.raises(NotFound), book.writing() as session:
        purge(session, customer_id)


def _tag(session, group: str, name: str, single: bool) -> str:  # type: ignore[no-untyped-def]
    group_id = str(uuid.uuid5(uuid.NAMESPACE_OID, group))
    if session.get(TagGroup, group_id) is None:
        session.add(TagGroup(id=group_id, name=group, source="hq", single_choice=single))
        session.flush()
    tag_id = str(uuid.uuid4())
    session.add(Tag(id=tag_id, group_id=group_id, name=name))
    session.flush()
    return tag_id


def test_merging_duplicates_keeps_both_timelines_and_one_level(book: Book) -> None:
    with book.writing() as session:
        gold, silver, coat = (
            _tag(session, "客户等级", "金卡", True),
            _tag(session, "客户等级", "银卡", True),
            _tag(session, "偏好品类", "大衣", False),
        )
        keep = add_customer(session, CustomerFields(name="王丽", phone="13800138000"))
        drop = add_customer(
            session,
            CustomerFields(
                name="王丽", phone="138 0013 8000", birthday=None, wecom_remark="王姐-0512-羽绒服M"
            ),
        )
        session.add_all(
            [
                CustomerTag(customer_id=keep, tag_id=gold),
                CustomerTag(customer_id=drop, tag_id=silver),
                CustomerTag(customer_id=drop, tag_id=coat),
            ]
        )
        for who, note in ((keep, "到店试穿"), (drop, "微信咨询")):
            session.add(Interaction(id=str(uuid.uuid4()), customer_id=who, kind="note", text=note))
    with book.reading() as session:
        assert duplicate_groups(session) == [[keep, drop]]
    with book.writing() as session:
        merge(session, keep, drop)
    with book.reading() as session:
        notes = set(
            session.execute(select(Interaction.text).where(Interaction.customer_id == keep)).scalars()
        )
        tags = set(
            session.execute(select(CustomerTag.tag_id).where(CustomerTag.customer_id == keep)).scalars()
        )
        assert {"到店试穿", "微信咨询"} <= notes
        assert tags == {gold, coat}  # one level (single choice) kept; the category added
        assert session.get(Customer, keep).wecom_remark == "王姐-0512-羽绒服M"
        assert session.get(Customer, drop) is None
        assert duplicate_groups(session) == []
    assert _names(book, "羽绒服") == ["王丽"]
