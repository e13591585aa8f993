"""What a guide types finds the customer they mean: pinyin from syllable starts, ranking, surnames,
initials, other readings, pasted phones, traditional characters and notes."""

from __future__ import annotations

import pytest

from guide_app.book.customers import CustomerFields, add_customer, update_customer
from guide_app.book.pinyin import name_keys
from guide_app.book.search import CustomerQuery, SortKey, matching_ids, search_customers, search_keys
from guide_app.book.store import Book


def _add(book: Book, *names: str, **fields: str) -> list[str]:
    with book.writing() as session:
        return [add_customer(session, CustomerFields(name=name, **fields)) for name in names]


def _names(book: Book, typed: str, **query: object) -> list[str]:
    with book.reading() as session:
        return [row.name for row in search_customers(session, CustomerQuery(text=typed, **query))]


def test_han_finds_han_surnames_first_and_never_chang(book: Book) -> None:
    # 60 customers whose given name holds a han syllable sort before 韩 by pinyin (a...), so an
    # unranked first page of 50 would hold no 韩 at all.
    _add(book, *[f"艾涵{index}" for index in range(60)], "常乐", "张常", "韩梅梅", "韩雪")
    found = _names(book, "han")
    assert found[:2] == ["韩梅梅", "韩雪"]
    assert "常乐" not in found and "张常" not in found
    assert len(_names(book, "han", limit=500)) == 62


def test_pinyin_matches_from_a_syllable_start_only(book: Book) -> None:
    _add(book, "仇佳欣", "张三")
    assert _names(book, "oujiaxin") == []  # inside chou/qiu
    assert _names(book, "ang") == []  # inside zhang
    assert _names(book, "an") == []
    assert _names(book, "qiujiaxin") == ["仇佳欣"]
    assert _names(book, "jiax") == ["仇佳欣"]


def test_a_typed_word_may_run_over_several_syllables(book: Book) -> None:
    _add(book, "张三", "曾小明")
    assert _names(book, "zhangsan") == ["张三"]
    assert _names(book, "zhangs") == ["张三"]
    assert _names(book, "xiaom") == ["曾小明"]
    assert _names(book, "xiaoming") == ["曾小明"]


def test_exact_name_ranks_first_then_names_starting_with_it(book: Book) -> None:
    _add(book, "李张伟", "张伟明", "张伟")
    assert _names(book, "张伟") == ["张伟", "张伟明", "李张伟"]
    assert _names(book, "zhangwei") == ["张伟", "张伟明", "李张伟"]
    assert _names(book, "zw") == ["张伟", "张伟明", "李张伟"]  # initials: exact, start, given name


def test_other_sorts_keep_the_order_the_guide_chose(book: Book) -> None:
    first, second = _add(book, "李涵", "韩雪")
    names = _names(book, "han", sort=SortKey.added_newest)
    assert sorted(names) == ["李涵", "韩雪"]
    with book.reading() as session:
        assert matching_ids(session, CustomerQuery(text="han")) == [second, first]  # ranked


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("卜一凡", "buyifan"),
        ("阚明", "kanming"),
        ("隗静", "weijing"),
        ("召丽", "shaoli"),
        ("能军", "naijun"),
        ("乐嘉", "lejia"),
        ("乐嘉", "yuejia"),
        ("曾小明", "zengxiaoming"),
        ("单田芳", "shantianfang"),
    ],
)
def test_surnames_are_found_by_their_surname_reading(book: Book, name: str, typed: str) -> None:
    _add(book, name)
    assert _names(book, typed) == [name]
    assert _names(book, typed[:3]) == [name]


@pytest.mark.parametrize(
    ("name", "typed"),
    [
        ("尉迟恭", "ycg"),
        ("尉迟恭", "yuchigong"),
        ("万俟卨", "mqx"),
        ("万俟卨", "moqi"),
        ("长孙无忌", "zswj"),
        ("长孙无忌", "zhangsun"),
        ("欧阳娜娜", "oynn"),
        ("澹台明月", "ttmy"),
    ],
)
def test_compound_surnames_read_as_surnames(book: Book, name: str, typed: str) -> None:
    _add(book, name)
    assert _names(book, typed) == [name]


def test_compound_surname_initials_are_not_the_single_surnames(book: Book) -> None:
    _add(book, "尉迟恭")
    assert _names(book, "wcg") == []  # 尉 alone is wei; in 尉迟 it is yu
    assert name_keys("尉迟恭").initials == "ycg"


@pytest.mark.parametrize(("name", "typed"), [("曾小明", "xm"), ("欧阳娜娜", "nn"), ("张小", "x")])
def test_given_name_initials_find_the_customer(book: Book, name: str, typed: str) -> None:
    _add(book, name, "李四")
    assert _names(book, typed) == ([name] if len(typed) > 1 else [])  # one letter: the name's start


@pytest.mark.parametrize(
    ("name", "readings"),
    [
        ("王乐", ("wangle", "wangyue")),
        ("李行", ("lixing", "lihang")),
        ("赵长", ("zhaochang", "zhaozhang")),
        ("陈朝", ("chenchao", "chenzhao")),
        ("刘重", ("liuzhong", "liuchong")),
        ("何曾", ("hezeng", "heceng")),
    ],
)
def test_polyphonic_given_names_are_found_by_any_reading(
    book: Book, name: str, readings: tuple[str, str]
) -> None:
    _add(book, name)
    for typed in readings:
        assert _names(book, typed) == [name], typed


def test_readings_stay_bounded_for_a_name_of_polyphones() -> None:
    # Five polyphones would make 2**5 = 32 readings; a name keeps its main one and one other
    # reading per character, 6 at most (each key lands in search_text and the trigram index).
    readings = ["".join(reading) for reading in name_keys("乐行长朝重").readings]
    assert len(readings) == 6
    assert readings[0] == "yuehangzhangchaozhong"  # the surname's reading first
    assert {"lehangzhangchaozhong", "yuehangchangchaozhong", "yuehangzhangchaochong"} <= set(readings)
    assert len(set(readings)) == len(readings)
    assert len(search_keys("乐行长朝重", None, "", "")["search_text"]) < 600  # 32 readings would be ~2,500


@pytest.mark.parametrize("typed", ["138-0013-8000", "+86 13800138000", "+8613800138000", "138 0013 8000"])
def test_pasted_phones_find_the_customer(book: Book, typed: str) -> None:
    _add(book, "张三", phone="13800138000")
    _add(book, "李四", phone="13900000000")
    assert _names(book, typed) == ["张三"]


def test_phone_fragments_lose_their_separators(book: Book) -> None:
    _add(book, "张三", phone="13800138000")
    assert _names(book, "0013-8") == ["张三"]
    assert _names(book, "+86 138") == ["张三"]


def test_separated_numbers_that_are_no_phone_stay_separate_words(book: Book) -> None:
    _add(book, "张三", wecom_remark="双11 预热 2023")
    assert _names(book, "2023 11") == ["张三"]
    assert _names(book, "12-25") == []


@pytest.mark.parametrize(
    ("stored", "typed"), [("张三", "張"), ("陈静", "陳"), ("黄芳", "黃"), ("刘洋", "劉洋")]
)
def test_traditional_typing_finds_simplified_names(book: Book, stored: str, typed: str) -> None:
    _add(book, stored)
    assert _names(book, typed) == [stored]


def test_simplified_typing_finds_traditional_names_and_remarks(book: Book) -> None:
    _add(book, "張學友", wecom_remark="羽絨服 老客")
    assert _names(book, "张学友") == ["張學友"]
    assert _names(book, "羽绒服") == ["張學友"]
    assert _names(book, "zhangxueyou") == ["張學友"]


def test_notes_are_searchable_and_follow_edits(book: Book) -> None:
    (customer_id,) = _add(book, "王芳", notes="周末到店 想要红色大衣")
    assert _names(book, "红色") == ["王芳"]
    assert _names(book, "红色大衣") == ["王芳"]
    with book.writing() as session:
        update_customer(session, customer_id, {"notes": "只穿黑色"})
    assert _names(book, "红色") == []
    assert _names(book, "黑色") == ["王芳"]


def test_latin_words_still_match_anywhere_in_remarks(book: Book) -> None:
    _add(book, "王芳", wecom_remark="老VIP客户")
    _add(book, "Lily")
    assert _names(book, "vip") == ["王芳"]
    assert _names(book, "li") == ["Lily"]
    assert _names(book, "ily") == ["Lily"]
