"""Phones and dates as guides type them all normalise to one form (property tests)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guide_app.book.phones import normalize_phone
from guide_app.cells import mask_phone
from guide_app.errors import InvalidInput
from guide_app.xlsx.dates import normalize_date

FULL_WIDTH = str.maketrans("0123456789+-", "０１２３４５６７８９＋－")
EXCEL_DAY_ZERO = date(1899, 12, 30)

mobiles = st.builds(
    lambda second, rest: f"1{second}{rest:09d}",
    st.sampled_from("3456789"),
    st.integers(min_value=0, max_value=10**9 - 1),
)
# Excel counts a 29 February 1900 that never was, so its serials agree with the calendar only
# from 1 March 1900; text and date cells are checked from the start of 1900.
dates = st.dates(min_value=date(1900, 1, 1), max_value=date.today())
serial_dates = st.dates(min_value=date(1900, 3, 1), max_value=date.today())


def phone_variants(mobile: str) -> list[str | int]:
    spaced = f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}"
    dashed = f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}"
    typed: list[str] = [
        mobile,
        spaced,
        dashed,
        f"+86 {spaced}",
        f"+86-{dashed}",
        f"+86{mobile}",
        f"0086 {mobile}",
        f"86{mobile}",
        f"  {mobile}\t",
        f"({mobile[:3]}) {mobile[3:]}",
    ]
    return [*typed, *(text.translate(FULL_WIDTH) for text in typed), int(mobile)]


@given(mobiles)
def test_every_way_of_writing_a_mobile_gives_the_same_digits(mobile: str) -> None:
    assert {normalize_phone(variant) for variant in phone_variants(mobile)} == {mobile}


@given(mobiles, st.sampled_from(["spaced", "dashed", "+86", "full-width"]))
def test_normalising_a_normalised_phone_changes_nothing(mobile: str, style: str) -> None:
    variant = {
        "spaced": f"{mobile[:3]} {mobile[3:7]} {mobile[7:]}",
        "dashed": f"{mobile[:3]}-{mobile[3:7]}-{mobile[7:]}",
        "+86": f"+86 {mobile}",
        "full-width": mobile.translate(FULL_WIDTH),
    }[style]
    once = normalize_phone(variant)
    assert normalize_phone(once) == once == mobile


@given(mobiles)
def test_a_masked_mobile_keeps_the_first_three_and_last_four_digits(mobile: str) -> None:
    masked = mask_phone(mobile)
    assert masked == mobile[:3] + "****" + mobile[-4:]
    assert mask_phone(normalize_phone(f"+86 {mobile}")) == masked


@given(dates)
def test_every_way_of_writing_a_date_gives_the_same_date(day: date) -> None:
    written = [
        day,
        datetime.combine(day, datetime.min.time()) + timedelta(hours=9, minutes=30),
        day.isoformat(),
        f"{day.year}/{day.month}/{day.day}",
        f"{day.year}年{day.month}月{day.day}日",
        f"{day.year}-{day.month}-{day.day}",
        f"{day.year}.{day.month:02d}.{day.day:02d}",
        day.strftime("%Y%m%d"),
        f" {day.isoformat()}T08:00:00 ",
        f"{day.year}年{day.month}月{day.day}日".translate(FULL_WIDTH),
    ]
    assert {normalize_date(value) for value in written} == {day}


@given(serial_dates)
def test_an_excel_serial_gives_the_date_excel_shows(day: date) -> None:
    serial = (day - EXCEL_DAY_ZERO).days
    assert normalize_date(serial) == normalize_date(float(serial)) == day
    if serial >= 10_000:  # five digits typed as text: a serial; fewer digits are refused as ambiguous
        assert normalize_date(str(serial)) == day
    assert normalize_date(serial + 0.75) == day  # a date-time serial: the time of day is dropped


@given(dates)
def test_normalising_a_normalised_date_changes_nothing(day: date) -> None:
    once = normalize_date(f"{day.year}年{day.month}月{day.day}日")
    assert normalize_date(once) == once == day


def test_excel_serials_around_the_phantom_leap_day() -> None:
    assert normalize_date(1) == date(1900, 1, 1)
    assert normalize_date(59) == date(1900, 2, 28)
    assert normalize_date(61) == date(1900, 3, 1)
    with pytest.raises(InvalidInput):
        normalize_date(60)  # Excel's 1900-02-29, a day that never was


@given(st.integers(min_value=0, max_value=9999))
def test_four_digits_or_fewer_typed_as_text_are_never_read_as_a_day(number: int) -> None:
    for text in (str(number), f"{number:04d}"):  # 1990, 0305, 12: a year, a month-day, a code
        with pytest.raises(InvalidInput) as refused:
            normalize_date(text)
        assert refused.value.code == "date_ambiguous"


def test_a_serial_outside_the_plausible_range_is_refused_with_the_day_it_would_be() -> None:
    with pytest.raises(InvalidInput) as refused:
        normalize_date(100, earliest=date(1906, 1, 1))
    assert "as an Excel day number it would be 1900-04-09" in refused.value.message
    assert normalize_date(32996, earliest=date(1906, 1, 1)) == date(1990, 5, 3)
