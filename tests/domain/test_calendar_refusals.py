"""The calendar's refusals word for word: a count that is no count, a day outside the years it
covers, a value that is no date (written against surviving mutants of domain/calendar.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from privacy_desk.domain.calendar import JST, BusinessCalendar
from privacy_desk.domain.errors import CalendarError, ValidationError

CAL = BusinessCalendar(today=date(2026, 12, 1))


@pytest.mark.parametrize(
    ("days", "paused", "message", "field"),
    [
        (True, 0, "The number of business days must be a whole number.", "business_days"),
        (1.5, 0, "The number of business days must be a whole number.", "business_days"),
        (-1, 0, "The number of business days can not be negative.", "business_days"),
        (
            10,
            "2",
            "The number of paused business days must be a whole number.",
            "paused_business_days",
        ),
        (10, -1, "The number of paused business days can not be negative.", "paused_business_days"),
    ],
    ids=["bool", "float", "negative", "paused-text", "paused-negative"],
)
def test_a_count_that_is_no_count_is_refused_naming_it(
    days: object, paused: object, message: str, field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        CAL.due(datetime(2026, 11, 24, 10, 0, tzinfo=JST), days, paused)  # type: ignore[arg-type]
    assert (refused.value.message, refused.value.field) == (message, field)


def test_business_days_beyond_the_calendar_are_refused_word_for_word() -> None:
    with pytest.raises(CalendarError) as refused:
        CAL.add_business_days(date(2099, 12, 1), 40)
    assert refused.value.message == (
        "The office calendar covers 1949 to 2099; 40 business days after 2099-12-01 fall beyond it."
    )
    assert CAL.add_business_days(date(2099, 12, 1), 1) == date(2099, 12, 2)


@pytest.mark.parametrize(
    ("call", "day"),
    [
        (lambda: CAL.is_business_day(date(1948, 12, 31)), "1948-12-31"),
        (lambda: CAL.is_business_day(date(2100, 1, 4)), "2100-01-04"),
        (lambda: CAL.to_jst(datetime(2099, 12, 31, 15, 0, tzinfo=UTC)), "2100-01-01"),
        (lambda: CAL.to_jst(datetime(1948, 12, 31, 23, 0)), "1948-12-31"),
        (lambda: CAL.to_jst(datetime.max.replace(tzinfo=UTC)), "9999-12-31"),
        (lambda: BusinessCalendar([date(1948, 12, 31)]), "1948-12-31"),
    ],
    ids=["before", "after", "utc-into-2100", "naive-before", "overflow", "closure"],
)
def test_a_day_outside_the_calendar_is_named(call, day: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CalendarError) as refused:
        call()
    assert refused.value.message == f"The office calendar covers 1949 to 2099; {day} is outside it."


def test_a_value_that_is_no_date_or_moment_is_refused_naming_its_type() -> None:
    with pytest.raises(TypeError) as refused:
        CAL.to_jst("2026-12-01")  # type: ignore[arg-type]
    assert str(refused.value) == "Expected a datetime, got str."
    with pytest.raises(TypeError) as refused:
        CAL.is_business_day("2026-12-01")  # type: ignore[arg-type]
    assert str(refused.value) == "Expected a date, got str."
    # A moment where a day is asked is read in Japan time.
    assert CAL.is_business_day(datetime(2026, 12, 4, 15, 30, tzinfo=UTC)) is False  # Sat in JST
    assert CAL.is_business_day(datetime(2026, 12, 4, 14, 30, tzinfo=UTC)) is True


def test_the_first_and_last_days_of_the_calendar_are_inside_it() -> None:
    assert CAL.is_business_day(date(1949, 1, 4)) is True
    assert CAL.is_business_day(date(2099, 12, 28)) is True
    assert CAL.add_business_days(date(2099, 12, 28), 0) == date(2099, 12, 28)
