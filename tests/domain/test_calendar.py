"""Tests of the office's business calendar: holidays, office hours, deadlines, time zones."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from privacy_desk.domain.calendar import (
    JST,
    YEAR_END_CLOSURE,
    BusinessCalendar,
    Deadline,
)
from privacy_desk.domain.errors import CalendarError, ValidationError

TODAY = date(2026, 11, 25)

HOLIDAYS_2026 = [
    date(2026, 1, 1),
    date(2026, 1, 12),
    date(2026, 2, 11),
    date(2026, 2, 23),
    date(2026, 3, 20),
    date(2026, 4, 29),
    date(2026, 5, 3),
    date(2026, 5, 4),
    date(2026, 5, 5),
    date(2026, 5, 6),
    date(2026, 7, 20),
    date(2026, 8, 11),
    date(2026, 9, 21),
    date(2026, 9, 22),
    date(2026, 9, 23),
    date(2026, 10, 12),
    date(2026, 11, 3),
    date(2026, 11, 23),
]
HOLIDAYS_2027 = [
    date(2027, 1, 1),
    date(2027, 1, 11),
    date(2027, 2, 11),
    date(2027, 2, 23),
    date(2027, 3, 21),
    date(2027, 3, 22),
    date(2027, 4, 29),
    date(2027, 5, 3),
    date(2027, 5, 4),
    date(2027, 5, 5),
    date(2027, 7, 19),
    date(2027, 8, 11),
    date(2027, 9, 20),
    date(2027, 9, 23),
    date(2027, 10, 11),
    date(2027, 11, 3),
    date(2027, 11, 23),
]


def jst(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=JST)


@pytest.fixture
def cal() -> BusinessCalendar:
    return BusinessCalendar(today=TODAY)


# -- business days ---------------------------------------------------------------------------


@pytest.mark.parametrize("holiday", HOLIDAYS_2026 + HOLIDAYS_2027, ids=str)
def test_national_holidays_are_not_business_days(cal: BusinessCalendar, holiday: date) -> None:
    assert not cal.is_business_day(holiday)
    assert cal.closed_reason(holiday) is not None


def test_weekdays_that_are_no_holiday_are_business_days(cal: BusinessCalendar) -> None:
    closed = set(HOLIDAYS_2026 + HOLIDAYS_2027)
    day = date(2026, 1, 4)
    while day <= date(2027, 12, 28):
        year_end = (day.month, day.day) >= (12, 29) or (day.month, day.day) <= (1, 3)
        expected = day.weekday() < 5 and day not in closed and not year_end
        assert cal.is_business_day(day) is expected, day
        day += timedelta(days=1)


def test_business_day_count_of_2026(cal: BusinessCalendar) -> None:
    # 261 weekdays, less 17 holidays on weekdays (05-03 is a Sunday) and 4 more weekdays of the
    # year-end closure (01-02, 12-29, 12-30, 12-31).
    days = [date(2026, 1, 1) + timedelta(days=n) for n in range(365)]
    assert sum(1 for day in days if day.weekday() < 5) == 261
    assert sum(1 for day in days if cal.is_business_day(day)) == 240
    assert cal.business_days_between(jst(2026, 1, 5, 10, 0), jst(2026, 12, 28, 17, 0)) == 239


def test_golden_week_2026(cal: BusinessCalendar) -> None:
    assert cal.is_business_day(date(2026, 4, 28))
    for day in range(29, 31):
        assert cal.is_business_day(date(2026, 4, day)) is (day == 30)
    assert cal.is_business_day(date(2026, 5, 1))
    for day in range(2, 7):
        assert not cal.is_business_day(date(2026, 5, day)), day
    assert cal.is_business_day(date(2026, 5, 7))
    assert cal.closed_reason(date(2026, 5, 6)) == "Substitute Holiday"
    # Friday 1 May after hours: 2–6 May closed, so the request counts from Thursday 7 May.
    assert cal.effective_receipt(jst(2026, 5, 1, 18, 0)) == jst(2026, 5, 7, 9, 0)
    assert cal.add_business_days(date(2026, 4, 28), 3) == date(2026, 5, 7)


def test_silver_week_2026_fax_on_friday_evening(cal: BusinessCalendar) -> None:
    deadline = cal.due(jst(2026, 9, 18, 18, 30), 1)
    assert deadline == Deadline(
        effective_receipt=jst(2026, 9, 24, 9, 0),
        due=jst(2026, 9, 25, 18, 0),
        legal_line=date(2026, 10, 2),
        provisional=False,
    )
    assert cal.closed_reason(date(2026, 9, 22)) == "National Holiday"  # citizens' holiday


def test_year_end_closure(cal: BusinessCalendar) -> None:
    assert cal.effective_receipt(jst(2026, 12, 28, 19, 0)) == jst(2027, 1, 4, 9, 0)
    for day in (date(2026, 12, 29), date(2026, 12, 30), date(2026, 12, 31), date(2027, 1, 1)):
        assert not cal.is_business_day(day)
    # 2 and 3 January fall on Saturday and Sunday in 2027: check a year where they are weekdays.
    assert cal.closed_reason(date(2025, 1, 2)) == YEAR_END_CLOSURE
    assert cal.closed_reason(date(2025, 1, 3)) == YEAR_END_CLOSURE
    assert cal.closed_reason(date(2025, 12, 29)) == YEAR_END_CLOSURE
    assert cal.is_business_day(date(2025, 12, 26))
    assert cal.is_business_day(date(2025, 1, 6))


def test_closed_reasons(cal: BusinessCalendar) -> None:
    assert cal.closed_reason(date(2026, 11, 28)) == "Saturday"
    assert cal.closed_reason(date(2026, 11, 29)) == "Sunday"
    assert cal.closed_reason(date(2026, 11, 3)) == "Culture Day"
    assert cal.closed_reason(date(2026, 11, 24)) is None


def test_extra_closures_with_and_without_reason() -> None:
    with_reason = BusinessCalendar({date(2026, 11, 25): "Office move"}, today=TODAY)
    assert not with_reason.is_business_day(date(2026, 11, 25))
    assert with_reason.closed_reason(date(2026, 11, 25)) == "Office move"
    # Tue 24 10:05, 1 business day: Wed 25 closed, so Thu 26.
    assert with_reason.due(jst(2026, 11, 24, 10, 5), 1).due == jst(2026, 11, 26, 18, 0)

    plain = BusinessCalendar([date(2026, 11, 25), date(2026, 11, 26)], today=TODAY)
    assert plain.closed_reason(date(2026, 11, 26)) == "Office closure"
    assert plain.add_business_days(date(2026, 11, 24), 1) == date(2026, 11, 27)
    assert plain.effective_receipt(jst(2026, 11, 25, 10, 0)) == jst(2026, 11, 27, 9, 0)


def test_closures_outside_the_calendar_or_not_dates_are_refused() -> None:
    with pytest.raises(CalendarError):
        BusinessCalendar([date(2100, 1, 4)])
    with pytest.raises(CalendarError):
        BusinessCalendar([datetime(2026, 11, 25, 12, 0)])


# -- time zones and office hours -------------------------------------------------------------


def test_to_jst_converts_aware_and_keeps_naive(cal: BusinessCalendar) -> None:
    assert cal.to_jst(datetime(2026, 11, 24, 1, 5, tzinfo=UTC)) == jst(2026, 11, 24, 10, 5)
    converted = cal.to_jst(datetime(2026, 11, 24, 1, 5, tzinfo=UTC))
    assert (converted.hour, converted.minute, converted.utcoffset()) == (10, 5, timedelta(hours=9))
    naive = cal.to_jst(datetime(2026, 11, 24, 10, 5))
    assert (naive.hour, naive.utcoffset()) == (10, timedelta(hours=9))


def test_utc_moment_is_read_in_japan_time(cal: BusinessCalendar) -> None:
    # 01:05 UTC is 10:05 JST: inside office hours, although 01:05 would be before them.
    received = datetime(2026, 11, 24, 1, 5, tzinfo=UTC)
    assert cal.effective_receipt(received) == jst(2026, 11, 24, 10, 5)
    # 15:30 UTC on Monday 30 Nov is 00:30 JST on Tuesday 1 Dec: counts from 9:00 on Tuesday.
    late = datetime(2026, 11, 30, 15, 30, tzinfo=UTC)
    assert cal.effective_receipt(late) == jst(2026, 12, 1, 9, 0)
    assert cal.legal_line(late) == date(2026, 12, 15)


def test_other_offsets_are_converted(cal: BusinessCalendar) -> None:
    new_york = timezone(timedelta(hours=-5))
    # 04:30 in New York on Monday 30 Nov is 18:30 JST: after hours.
    assert cal.effective_receipt(datetime(2026, 11, 30, 4, 30, tzinfo=new_york)) == jst(
        2026, 12, 1, 9, 0
    )


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (jst(2026, 11, 24, 17, 59, 59), jst(2026, 11, 24, 17, 59, 59)),
        (jst(2026, 11, 24, 18, 0, 0), jst(2026, 11, 25, 9, 0)),
        (jst(2026, 11, 24, 9, 0, 0), jst(2026, 11, 24, 9, 0)),
        (jst(2026, 11, 24, 8, 59, 59), jst(2026, 11, 24, 9, 0)),
        (jst(2026, 11, 24, 7, 0), jst(2026, 11, 24, 9, 0)),
        (jst(2026, 11, 24, 23, 59), jst(2026, 11, 25, 9, 0)),
        (jst(2026, 11, 27, 18, 0), jst(2026, 11, 30, 9, 0)),  # Friday evening -> Monday
        (jst(2026, 11, 28, 11, 0), jst(2026, 11, 30, 9, 0)),  # Saturday
        (jst(2026, 11, 23, 8, 0), jst(2026, 11, 24, 9, 0)),  # Labour Thanksgiving Day
    ],
)
def test_effective_receipt_at_the_edges_of_office_hours(
    cal: BusinessCalendar, moment: datetime, expected: datetime
) -> None:
    assert cal.effective_receipt(moment) == expected


def test_the_1800_boundary_moves_the_due_date(cal: BusinessCalendar) -> None:
    assert cal.due(jst(2026, 11, 24, 17, 59, 59), 1).due == jst(2026, 11, 25, 18, 0)
    assert cal.due(jst(2026, 11, 24, 18, 0, 0), 1).due == jst(2026, 11, 26, 18, 0)


# -- deadlines -------------------------------------------------------------------------------


def test_due_after_one_and_ten_business_days(cal: BusinessCalendar) -> None:
    received = jst(2026, 11, 24, 10, 5)
    one = cal.due(received, 1)
    assert one.effective_receipt == received
    assert one.due == jst(2026, 11, 25, 18, 0)
    assert one.legal_line == date(2026, 12, 8)
    # 11-25, 26, 27, 30, 12-01, 02, 03, 04, 07, 08.
    assert cal.due(received, 10).due == jst(2026, 12, 8, 18, 0)


def test_due_with_zero_business_days_is_the_close_of_the_effective_day(
    cal: BusinessCalendar,
) -> None:
    assert cal.due(jst(2026, 11, 28, 10, 0), 0).due == jst(2026, 11, 30, 18, 0)


def test_paused_days_push_the_due_date(cal: BusinessCalendar) -> None:
    received = jst(2026, 11, 24, 10, 5)
    assert cal.due(received, 10, 3).due == jst(2026, 12, 11, 18, 0)
    # Across the year end: 12-09..12-28 is 14 business days, then 2027-01-04.
    assert cal.due(received, 10, 15).due == jst(2027, 1, 4, 18, 0)


def test_legal_line_uses_the_arrival_date_not_the_effective_one(cal: BusinessCalendar) -> None:
    deadline = cal.due(jst(2026, 12, 28, 19, 0), 10)
    assert deadline.effective_receipt == jst(2027, 1, 4, 9, 0)
    assert deadline.legal_line == date(2027, 1, 11)
    assert deadline.due == jst(2027, 1, 19, 18, 0)  # 01-11 is Coming of Age Day


def test_negative_or_non_integer_counts_are_refused(cal: BusinessCalendar) -> None:
    with pytest.raises(ValidationError):
        cal.due(jst(2026, 11, 24, 10, 0), -1)
    with pytest.raises(ValidationError):
        cal.due(jst(2026, 11, 24, 10, 0), 1, -1)
    with pytest.raises(ValidationError):
        cal.add_business_days(date(2026, 11, 24), -2)
    with pytest.raises(ValidationError):
        cal.due(jst(2026, 11, 24, 10, 0), 1.5)  # type: ignore[arg-type]


def test_add_business_days(cal: BusinessCalendar) -> None:
    assert cal.add_business_days(date(2026, 11, 24), 0) == date(2026, 11, 24)
    assert cal.add_business_days(date(2026, 11, 28), 0) == date(2026, 11, 28)
    assert cal.add_business_days(date(2026, 11, 28), 1) == date(2026, 11, 30)
    assert cal.add_business_days(date(2026, 11, 20), 1) == date(2026, 11, 24)  # over 11-23
    assert cal.add_business_days(date(2026, 12, 25), 1) == date(2026, 12, 28)
    assert cal.add_business_days(date(2026, 12, 28), 1) == date(2027, 1, 4)
    # A whole year in one call: 2026 has 240 business days, the last on 12-28.
    assert cal.add_business_days(date(2025, 12, 31), 1) == date(2026, 1, 5)
    assert cal.add_business_days(date(2025, 12, 31), 240) == date(2026, 12, 28)
    assert cal.add_business_days(date(2025, 12, 31), 241) == date(2027, 1, 4)


# -- business days between -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (jst(2026, 11, 24, 10, 0), jst(2026, 11, 30, 10, 0), 4),
        (jst(2026, 11, 24, 10, 0), jst(2026, 11, 24, 17, 0), 0),
        (jst(2026, 11, 24, 10, 0), jst(2026, 11, 24, 7, 0), 0),
        (jst(2026, 11, 30, 10, 0), jst(2026, 11, 24, 10, 0), 0),
        (jst(2026, 11, 24, 10, 0), jst(2026, 11, 25, 9, 0), 1),
        (jst(2026, 11, 24, 10, 0), jst(2026, 11, 24, 19, 0), 1),  # counts from Wednesday
        (jst(2026, 11, 20, 19, 0), jst(2026, 11, 24, 12, 0), 0),  # Fri evening to Tue noon
        (jst(2026, 11, 24, 10, 0), jst(2026, 11, 25, 18, 0), 1),  # end exactly at the close
        (jst(2026, 11, 24, 10, 0), jst(2026, 11, 25, 18, 0, 1), 2),
        (jst(2026, 12, 25, 10, 0), jst(2027, 1, 5, 10, 0), 3),  # 12-28, 01-04, 01-05
    ],
)
def test_business_days_between(
    cal: BusinessCalendar, start: datetime, end: datetime, expected: int
) -> None:
    assert cal.business_days_between(start, end) == expected


def test_business_days_left(cal: BusinessCalendar) -> None:
    due = jst(2026, 12, 8, 18, 0)
    assert cal.business_days_left(due, jst(2026, 11, 24, 10, 5)) == 10
    assert cal.business_days_left(due, jst(2026, 12, 8, 8, 0)) == 0
    assert cal.business_days_left(due, jst(2026, 12, 9, 10, 0)) == -1
    assert cal.business_days_left(due, jst(2026, 12, 14, 10, 0)) == -4
    assert cal.business_days_left(due, jst(2026, 12, 5, 10, 0)) == 2  # Saturday: 12-07, 12-08


# -- provisional years -----------------------------------------------------------------------


def test_provisional_years(cal: BusinessCalendar) -> None:
    assert not cal.is_provisional(date(2026, 12, 1))
    assert not cal.is_provisional(date(2027, 3, 22))
    assert cal.is_provisional(date(2028, 3, 20))
    assert not BusinessCalendar(today=date(2027, 2, 1)).is_provisional(date(2028, 3, 20))
    assert BusinessCalendar(today=date(2027, 1, 31)).is_provisional(date(2028, 3, 20))


def test_deadline_in_an_unconfirmed_year_is_provisional(cal: BusinessCalendar) -> None:
    assert not cal.due(jst(2027, 12, 10, 10, 0), 10).provisional  # due 2027-12-24
    deadline = cal.due(jst(2027, 12, 20, 10, 0), 10)
    # 12-21, 22, 23, 24, 27, 28, then the closure to 01-03, then 01-04, 05, 06, 07.
    assert deadline.due == jst(2028, 1, 7, 18, 0)
    assert deadline.provisional


def test_default_today_is_the_japan_date() -> None:
    assert BusinessCalendar().today == datetime.now(JST).date()


# -- out of range ----------------------------------------------------------------------------


def test_out_of_range_dates_raise(cal: BusinessCalendar) -> None:
    with pytest.raises(CalendarError) as raised:
        cal.is_business_day(date(2100, 1, 4))
    assert str(raised.value) == (
        "The office calendar covers 1949 to 2099; 2100-01-04 is outside it."
    )
    calls = [
        lambda: cal.is_business_day(date(1948, 12, 31)),
        lambda: cal.closed_reason(date(2100, 1, 1)),
        lambda: cal.is_provisional(date(2100, 1, 1)),
        lambda: cal.add_business_days(date(1948, 6, 1), 0),
        lambda: cal.add_business_days(date(2099, 12, 28), 1),  # 12-29.. is year end
        lambda: cal.to_jst(datetime(2100, 1, 4, 10, 0)),
        lambda: cal.effective_receipt(jst(2099, 12, 28, 19, 0)),
        lambda: cal.due(jst(2099, 12, 20, 10, 0), 10),
        lambda: cal.due(datetime(1948, 12, 31, 10, 0), 1),
        lambda: cal.legal_line(jst(2100, 1, 1, 10, 0)),
        lambda: cal.business_days_between(jst(2026, 1, 5, 10, 0), jst(2100, 1, 5, 10, 0)),
        lambda: cal.business_days_left(jst(2100, 1, 5, 18, 0), jst(2026, 1, 5, 10, 0)),
    ]
    for call in calls:
        with pytest.raises(CalendarError):
            call()


def test_edges_of_the_range_are_covered(cal: BusinessCalendar) -> None:
    assert cal.is_business_day(date(1949, 1, 4))
    assert cal.closed_reason(date(1949, 1, 15)) == "Coming of Age Day"
    assert cal.add_business_days(date(2099, 12, 25), 1) == date(2099, 12, 28)
    # 2099-12-31 23:30 UTC is 2100-01-01 08:30 in Japan: outside.
    with pytest.raises(CalendarError):
        cal.to_jst(datetime(2099, 12, 31, 23, 30, tzinfo=UTC))


# -- properties ------------------------------------------------------------------------------

moments = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2090, 12, 31)).flatmap(
    lambda naive: st.sampled_from(
        [
            naive,
            naive.replace(tzinfo=JST),
            naive.replace(tzinfo=UTC),
            naive.replace(tzinfo=timezone(timedelta(hours=-8))),
        ]
    )
)
PROPERTY_CAL = BusinessCalendar(today=TODAY)


def _office_moment(day_offset: int, seconds: int) -> datetime:
    """A moment inside office hours on a business day."""
    day = PROPERTY_CAL.add_business_days(date(2000, 1, 1), day_offset)
    return datetime.combine(day, time(9, 0), tzinfo=JST) + timedelta(seconds=seconds)


office_moments = st.builds(
    _office_moment,
    st.integers(min_value=1, max_value=20_000),
    st.integers(min_value=0, max_value=9 * 3600 - 1),
)


@given(moments)
def test_effective_receipt_is_inside_office_hours_and_not_earlier(moment: datetime) -> None:
    effective = PROPERTY_CAL.effective_receipt(moment)
    assert effective >= PROPERTY_CAL.to_jst(moment)
    assert effective.utcoffset() == timedelta(hours=9)
    assert PROPERTY_CAL.is_business_day(effective.date())
    assert time(9, 0) <= effective.time() < time(18, 0)
    # Nothing between the moment and its effective receipt was office time.
    if effective != PROPERTY_CAL.to_jst(moment):
        assert effective.time() == time(9, 0)


@given(moments, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=40))
def test_due_is_a_business_day_at_1800_and_grows_with_days(
    moment: datetime, days: int, extra: int
) -> None:
    deadline = PROPERTY_CAL.due(moment, days)
    assert PROPERTY_CAL.is_business_day(deadline.due.date())
    assert deadline.due.time() == time(18, 0)
    assert deadline.due.utcoffset() == timedelta(hours=9)
    assert deadline.due > deadline.effective_receipt
    assert deadline.legal_line == PROPERTY_CAL.to_jst(moment).date() + timedelta(days=14)
    later = PROPERTY_CAL.due(moment, days + extra)
    assert later.due >= deadline.due
    if extra:
        assert later.due > deadline.due
    assert PROPERTY_CAL.due(moment, days, extra).due == later.due


@settings(max_examples=300)
@given(office_moments, st.integers(min_value=0, max_value=60))
def test_business_days_between_receipt_and_due_is_the_target(moment: datetime, n: int) -> None:
    assert PROPERTY_CAL.business_days_between(moment, PROPERTY_CAL.due(moment, n).due) == n


@given(st.dates(min_value=date(1949, 1, 1), max_value=date(2090, 12, 31)))
def test_add_one_business_day_skips_exactly_the_closed_days(day: date) -> None:
    following = PROPERTY_CAL.add_business_days(day, 1)
    assert following > day
    assert PROPERTY_CAL.is_business_day(following)
    between = day + timedelta(days=1)
    while between < following:
        assert PROPERTY_CAL.closed_reason(between) is not None
        between += timedelta(days=1)
