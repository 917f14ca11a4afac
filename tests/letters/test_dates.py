"""Dates as letters write them: era years (元年), era boundaries, Western, English."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from privacy_desk.letters.dates import ERAS, GREGORIAN_ADOPTED, format_date


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 25), "令和8年11月25日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(2020, 1, 1), "令和2年1月1日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1926, 12, 25), "昭和元年12月25日"),
        (date(1926, 12, 24), "大正15年12月24日"),
        (date(1912, 7, 30), "大正元年7月30日"),
        (date(1912, 7, 29), "明治45年7月29日"),
        (date(1873, 1, 1), "明治6年1月1日"),
    ],
)
def test_japanese_era_dates(day: date, expected: str) -> None:
    assert format_date(day, "ja", era=True) == expected


def test_before_the_gregorian_calendar_the_western_year_is_written() -> None:
    assert format_date(date(1872, 12, 31), "ja", era=True) == "1872年12月31日"


def test_japanese_western_and_english_dates() -> None:
    assert format_date(date(2026, 11, 25), "ja", era=False) == "2026年11月25日"
    assert format_date(date(2026, 11, 5), "en", era=True) == "5 November 2026"
    assert format_date(date(2019, 5, 1), "en", era=False) == "1 May 2019"


_ERA_DATE = re.compile(r"(令和|平成|昭和|大正|明治)(元|\d+)年(\d+)月(\d+)日")


@given(st.dates(min_value=GREGORIAN_ADOPTED, max_value=date(2099, 12, 31)))
def test_era_dates_read_back_to_the_same_day(day: date) -> None:
    match = _ERA_DATE.fullmatch(format_date(day, "ja", era=True))
    assert match, format_date(day, "ja", era=True)
    name, year, month, dom = match.groups()
    start = next(s for s, n in ERAS if n == name)
    year_number = 1 if year == "元" else int(year)
    assert year_number >= 1 and (year != "1")  # the first year is always written 元
    assert date(start.year + year_number - 1, int(month), int(dom)) == day
    assert day >= start
