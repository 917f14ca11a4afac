"""Refusals of the domain's small helpers word for word, with the field they mark (written to
kill surviving mutants: docs/testing.md, "Mutation score")."""

from __future__ import annotations

from datetime import datetime

import pytest

from privacy_desk.domain.calendar import JST, BusinessCalendar
from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.individual_number import mask_individual_numbers
from privacy_desk.domain.vocabulary import Channel, RequestKind


@pytest.mark.parametrize("mask", ["", "7"])
def test_a_mask_with_digits_is_refused_naming_the_mask(mask: str) -> None:
    with pytest.raises(ValidationError) as refused:
        mask_individual_numbers("123456789018", mask)
    assert refused.value.message == "The mask must be a non-empty text without digits."
    assert refused.value.field == "mask"


def test_a_choice_is_read_with_dashes_case_and_spaces() -> None:
    assert RequestKind.parse(" Third-Party-Stop ") is RequestKind.THIRD_PARTY_STOP
    assert Channel.choices() == ["phone", "email", "fax", "post", "in-person", "web-form"]


def test_an_unknown_choice_names_what_was_typed_and_every_choice() -> None:
    with pytest.raises(ValueError) as refused:
        Channel.parse("pigeon")
    assert str(refused.value) == (
        "'pigeon' is not a valid choice; choose one of: "
        "phone, email, fax, post, in-person, web-form"
    )


def test_no_time_elapsed_is_no_business_day() -> None:
    calendar = BusinessCalendar({})
    for hour, minute in ((10, 0), (18, 0), (20, 0)):
        moment = datetime(2026, 11, 25, hour, minute, tzinfo=JST)
        assert calendar.business_days_between(moment, moment) == 0


def test_no_reason_at_all_is_refused() -> None:
    from privacy_desk.domain.errors import MissingReason
    from privacy_desk.domain.rules import require_reason

    with pytest.raises(MissingReason):
        require_reason(None, "A pause")


@pytest.mark.parametrize("months", range(-13, 26))
def test_adding_months_lands_on_the_same_day_or_the_months_last(months: int) -> None:
    import calendar as months_of
    from datetime import date

    from privacy_desk.domain.rules import add_months

    for start in (date(2026, 12, 31), date(2027, 1, 31), date(2026, 11, 15)):
        year, month = divmod(start.month - 1 + months, 12)
        year, month = start.year + year, month + 1
        last = months_of.monthrange(year, month)[1]
        assert add_months(start, months) == date(year, month, min(start.day, last))


def test_leap_years_by_the_gregorian_rule() -> None:
    from datetime import date

    from privacy_desk.domain.rules import add_months

    for year, february in ((2024, 29), (2025, 28), (2100, 28), (2000, 29), (2028, 29)):
        assert add_months(date(year - 1, 12, 31), 2) == date(year, 2, february)


def test_a_closure_that_is_no_date_is_refused_naming_the_value() -> None:
    from privacy_desk.domain.calendar import CalendarError

    with pytest.raises(CalendarError) as refused:
        BusinessCalendar({"2026-12-25": "創立記念日"})  # type: ignore[dict-item]
    assert refused.value.message == ("An office closure must be a calendar date, not '2026-12-25'.")


def test_closures_in_the_first_and_last_years_of_the_calendar_are_taken() -> None:
    from datetime import date

    from privacy_desk.domain.calendar import FIRST_YEAR, LAST_YEAR

    first, last = date(FIRST_YEAR, 6, 1), date(LAST_YEAR, 6, 1)
    calendar = BusinessCalendar({first: "a", last: "b"})
    assert calendar.closures == {first: "a", last: "b"}


def test_the_address_key_is_written_out() -> None:
    from privacy_desk.domain.names import fold_address

    assert fold_address("渋谷２丁目１番１号") == "渋谷2-1-1"
    assert fold_address("渋谷 2ー1ー1") == "渋谷2-1-1"
    assert fold_address("新宿3番地5") == "新宿3-5"


def test_a_refusal_reads_as_its_message() -> None:
    from privacy_desk.domain.errors import DomainError

    refusal = DomainError("理由を書いてください。")
    assert str(refusal) == refusal.message == "理由を書いてください。"
    assert refusal.args == ("理由を書いてください。",)  # what pickling and tracebacks carry
