"""Search finds exactly what a guide means: checked against a brute-force filter."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, insert, select

from guide_app.book.customers import CustomerFields, add_customer, customer_row
from guide_app.book.models import Customer, CustomerTag, Tag, TagGroup
from guide_app.book.pinyin import NameKeys, initials, name_keys
from guide_app.book.search import CustomerQuery, SortKey, count_customers, fold, search_customers, words
from guide_app.book.store import Book, open_book

# Traditional forms, surnames read apart from the word, compound surnames, polyphonic given names.
SURNAMES = [*"王李张張刘劉陈陳黄曾单解仇覃区查乐卜阚韩常", "尉迟", "欧阳", "长孙", "万俟"]
GIVEN = "小明丽娟伟芳涵强行长乐重朝曾學友"
REMARK_WORDS = ["老客", "喜欢黑色", "羽絨服M", "18段会员", "0512", "VIP", "a_b", "50%", 'x"y', "138-0013"]
NOTE_WORDS = ["想要红色", "周末到店", "尺码L", "過敏"]
STAGES = ["new", "active", "dormant", "lost"]
TAGS = ["t-gold", "t-silver", "t-coat", "t-live"]


def _names(book: Book, **query: object) -> list[str]:
    with book.reading() as session:
        return [row.name for row in search_customers(session, CustomerQuery(**query))]


def test_typed_words_find_by_name_phone_remark_and_pinyin(book: Book) -> None:
    with book.writing() as session:
        for name, phone, remark in (
            ("张三", "13800138000", "张三 18段会员"),
            ("曾小明", "13912345678", "老客 喜欢黑色"),
            ("单田芳", None, "王姐-0512-羽绒服M"),
            ("李四", "02161234567", ""),
        ):
            add_customer(session, CustomerFields(name=name, phone=phone, wecom_remark=remark))
    assert _names(book, text="zs") == ["张三"]  # initials, 2 letters
    assert _names(book, text="张") == ["张三"]  # 1 character
    assert _names(book, text="zeng") == ["曾小明"]  # the surname's reading ...
    assert _names(book, text="ceng") == ["曾小明"]  # ... and the common one, typed by habit
    assert _names(book, text="shantian") == ["单田芳"]
    assert _names(book, text="8000") == ["张三"]  # phone fragment
    assert _names(book, text="61234567") == ["李四"]
    assert _names(book, text="羽绒服") == ["单田芳"]  # remark
    assert _names(book, text="老客 黑色") == ["曾小明"]  # every word must match
    assert _names(book, text="ＺＳ") == ["张三"]  # full-width letters from a Chinese IME
    assert _names(book, text="50%") == []


def test_sorting_and_paging(book: Book) -> None:
    with book.writing() as session:
        for name in ("周", "阿", "张", "李"):
            add_customer(session, CustomerFields(name=name))
    assert _names(book, sort=SortKey.name) == ["阿", "李", "张", "周"]
    assert _names(book, sort=SortKey.name, offset=1, limit=2) == ["李", "张"]
    assert _names(book, sort=SortKey.added_newest)[0] == "李"


def _texts(row: dict) -> list[str]:
    return [fold(row["name"]), row["phone"] or "", fold(row["wecom_remark"]), fold(row["notes"])]


def _pinyin_keys(name: str) -> tuple[NameKeys, set[str], set[str], set[str]]:
    """(keys, readings from every syllable's start, whole readings, initials of name and given name)."""
    keys = name_keys(name)
    starts, whole, initial_keys = set(), set(), set()
    for reading in keys.readings:
        if reading:
            starts |= {"".join(reading[index:]) for index in range(len(reading))}
            whole |= {"".join(reading), initials(reading)}
            initial_keys.add(initials(reading))
            given_name = reading[keys.surname_syllables :]
            if keys.surname_syllables and given_name:
                initial_keys.add(initials(given_name))
    return keys, starts, whole, initial_keys


def _form_matches(form: str, row: dict) -> bool:
    """The documented meaning of one form of a typed word, in plain Python."""
    keys, starts, _, initial_keys = _pinyin_keys(row["name"])
    letters = form.isascii() and form.isalpha()
    if letters and len(form) == 1:
        return "".join(keys.readings[0]).startswith(form)
    if letters and any(key.startswith(form) for key in starts | initial_keys):
        return True
    if letters and len(form) < 3:
        return False
    return any(form in text for text in _texts(row))


def _rank(forms: tuple[str, ...], row: dict) -> int:
    _, _, whole, _ = _pinyin_keys(row["name"])
    name = fold(row["name"])
    pinyin = [form for form in forms if form.isascii() and form.isalpha()]
    if name in forms or whole & set(pinyin):
        return 0
    if any(name.startswith(form) for form in forms) or any(
        key.startswith(form) for key in whole for form in pinyin
    ):
        return 1
    return 2


def _expected_order(rows: list[dict], found: set[str], query: CustomerQuery) -> list[str]:
    typed = words(query.text)
    ranked = any(len(forms[0]) > 1 or not (forms[0].isascii() and forms[0].isalpha()) for forms in typed)

    def key(row: dict) -> tuple:
        rank = min(_rank(forms, row) for forms in typed) if ranked else 0
        return (rank, row["name_pinyin"], row["name"], row["id"])

    return [row["id"] for row in sorted((row for row in rows if row["id"] in found), key=key)]


def _brute_force(rows: list[dict], tags: dict[str, set[str]], query: CustomerQuery) -> set[str]:
    found = set()
    for row in rows:
        text_ok = all(any(_form_matches(form, row) for form in forms) for forms in words(query.text))
        have = tags.get(row["id"], set())
        if (
            text_ok
            and all(tag in have for tag in query.tags_all)
            and (not query.tags_any or have & set(query.tags_any))
            and not (have & set(query.tags_none))
            and (not query.stages or row["lifecycle_stage"] in query.stages)
        ):
            found.add(row["id"])
    return found


customer_strategy = st.fixed_dictionaries(
    {
        "name": st.builds(
            lambda s, g, extra: s + g + extra,
            st.sampled_from(SURNAMES),
            st.text(GIVEN, min_size=1, max_size=2),
            st.sampled_from(["", "", "Lily", "2"]),
        ),
        "phone": st.one_of(st.none(), st.from_regex(r"1[3-9]\d{9}", fullmatch=True)),
        "remark": st.lists(st.sampled_from(REMARK_WORDS), max_size=3).map(" ".join),
        "notes": st.lists(st.sampled_from(NOTE_WORDS), max_size=2).map(" ".join),
        "stage": st.sampled_from(STAGES),
        "tags": st.sets(st.sampled_from(TAGS), max_size=3),
    }
)


def _fragment(texts: list[str]) -> st.SearchStrategy[str]:
    return st.sampled_from(texts or [""]).flatmap(
        lambda text: st.tuples(st.integers(0, len(text)), st.integers(1, 6)).map(
            lambda cut: text[cut[0] : cut[0] + cut[1]]
        )
    )


def _pasted_phone(phone: str) -> st.SearchStrategy[str]:
    return st.sampled_from(
        [f"{phone[:3]}-{phone[3:7]}-{phone[7:]}", f"+86 {phone}", f"+86{phone}", f"{phone[3:7]}-{phone[7:9]}"]
    )


def _query_strategy(customers: list[dict]) -> st.SearchStrategy[CustomerQuery]:
    texts = [
        text
        for customer in customers
        for text in (customer["name"], customer["phone"] or "", customer["remark"], customer["notes"])
        if text
    ]
    # Pinyin typed from anywhere in a reading (so inside a syllable too, which must not match)
    # and its initials.
    readings = [key for customer in customers for key in sorted(_pinyin_keys(customer["name"].strip())[2])]
    phones = [customer["phone"] for customer in customers if customer["phone"]]
    # Mostly fragments of what is in the book (1-6 characters: both sides of the trigram limit),
    # sometimes noise; filters mostly absent, or a wrong text match would hide behind them.
    typed = st.one_of(
        _fragment(texts),
        _fragment(texts),
        _fragment(readings),
        _fragment(readings),
        st.tuples(_fragment(readings), _fragment(texts)).map(" ".join),
        st.sampled_from(phones or [""]).flatmap(_pasted_phone),
        st.just(""),
        st.text('张張三曾小明zsxmlilyhan0158%_"老客黑 -+', max_size=5),
    )

    def sometimes(values: list[str]) -> st.SearchStrategy[list[str]]:
        return st.one_of(
            st.just([]),
            st.just([]),
            st.just([]),
            st.lists(st.sampled_from(values), min_size=1, max_size=2, unique=True),
        )

    return st.builds(
        CustomerQuery,
        text=typed,
        tags_all=sometimes(TAGS),
        tags_any=sometimes(TAGS),
        tags_none=sometimes(TAGS),
        stages=sometimes(STAGES),
        limit=st.just(500),
    )


def _load(book: Book, customers: list[dict]) -> tuple[list[dict], dict[str, set[str]]]:
    rows, tags = [], {}
    with book.writing() as session:
        session.execute(delete(CustomerTag))
        session.execute(delete(Customer))
        for customer in customers:
            row = customer_row(
                CustomerFields(
                    name=customer["name"],
                    phone=customer["phone"],
                    wecom_remark=customer["remark"],
                    notes=customer["notes"],
                )
            )
            row["lifecycle_stage"] = customer["stage"]
            rows.append(row)
            tags[row["id"]] = customer["tags"]
        if rows:
            session.execute(insert(Customer), rows)
        links = [{"customer_id": cid, "tag_id": tag} for cid, have in tags.items() for tag in have]
        if links:
            session.execute(insert(CustomerTag), links)
    return rows, tags


@pytest.mark.parametrize("rare_tag_rows", [0, 10**9], ids=["common-tag-plan", "rare-tag-plan"])
def test_search_equals_a_brute_force_filter(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rare_tag_rows: int
) -> None:
    monkeypatch.setattr(
        "guide_app.book.search.RARE_TAG_ROWS", rare_tag_rows
    )  # both SQL forms of a tag filter
    book = open_book(tmp_path / "book.sqlite3", take_backup=False)
    with book.writing() as session:
        session.add(TagGroup(id="g", name="g", source="personal"))
        session.flush()
        session.add_all(Tag(id=tag, group_id="g", name=tag) for tag in TAGS)

    @settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data(), customers=st.lists(customer_strategy, max_size=25))
    def check(data: st.DataObject, customers: list[dict]) -> None:
        rows, tags = _load(book, customers)
        query = data.draw(_query_strategy(customers))
        expected = _brute_force(rows, tags, query)
        with book.reading() as session:
            found = [row.id for row in search_customers(session, query)]
            assert count_customers(session, query) == len(expected)
        assert set(found) == expected, (query, [row["search_text"] for row in rows])
        assert found == _expected_order(rows, expected, query), query  # ranked, then by pinyin

    try:
        check()
    finally:
        book.close()


def test_search_never_returns_an_unknown_id(book: Book) -> None:
    with book.writing() as session:
        add_customer(session, CustomerFields(name="王五"))
    with book.reading() as session:
        ids = set(session.execute(select(Customer.id)).scalars())
        assert {row.id for row in search_customers(session, CustomerQuery(text=str(uuid.uuid4())[:3]))} <= ids
