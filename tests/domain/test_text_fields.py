"""The typed-text declarations: limits, control characters, broken Unicode, numbers, moments."""

from __future__ import annotations

from datetime import datetime, timedelta, tzinfo

import pytest

from privacy_desk.domain.calendar import JST
from privacy_desk.domain.errors import IndividualNumberRefused, ValidationError
from privacy_desk.domain.text_fields import (
    TEXT_FIELDS,
    check_moment,
    check_number,
    check_text,
    refuse_individual_number,
)


@pytest.mark.parametrize("code", sorted(TEXT_FIELDS))
def test_every_field_takes_its_limit_and_not_one_more(code: str) -> None:
    limit = TEXT_FIELDS[code].max_length
    assert check_text("字" * limit, code) == "字" * limit
    with pytest.raises(ValidationError, match=f"longer than {limit} characters") as refused:
        check_text("字" * (limit + 1), code)
    assert refused.value.field == code


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("a\x00b", "control characters"),
        ("a\x07b", "control characters"),
        ("a\x1bb", "control characters"),
        ("a\x7fb", "control characters"),
        ("a\x85b", "control characters"),
        ("a\u2028b", "control characters"),
        ("a\ud800b", "not valid text"),
        ("a\udfffb", "not valid text"),
        ("a\uffffb", "not valid text"),
    ],
)
@pytest.mark.parametrize("code", ["name", "note"])
def test_control_characters_and_broken_unicode_are_refused_naming_the_field(
    text: str, says: str, code: str
) -> None:
    with pytest.raises(ValidationError, match=says) as refused:
        check_text(text, code)
    assert refused.value.field == code
    assert TEXT_FIELDS[code].label in refused.value.message


def test_line_breaks_and_tabs_only_where_the_field_has_lines() -> None:
    assert check_text("一行目\n二行目\tタブ", "note") == "一行目\n二行目\tタブ"
    assert check_text("一行目\r\n二行目", "note") == "一行目\n二行目"
    assert check_text("  前後の改行は落ちる\n", "name") == "前後の改行は落ちる"
    for text in ("一行目\n二行目", "a\tb", "a\rb"):
        with pytest.raises(ValidationError, match="one line"):
            check_text(text, "name")


def test_non_texts_and_none() -> None:
    assert check_text(None, "note") == ""
    with pytest.raises(ValidationError, match="must be a text"):
        check_text(b"bytes", "note")


def test_refuse_individual_number_names_the_field() -> None:
    assert refuse_individual_number("電話 03-5904-8973", "note") == "電話 03-5904-8973"
    with pytest.raises(IndividualNumberRefused, match="note contains") as refused:
        refuse_individual_number("1234.5678.9018", "note")
    assert refused.value.field == "note"


@pytest.mark.parametrize("value", [-1, 101, 2**80, -(2**80), True, 1.5, "5", None])
def test_numbers_out_of_range_or_not_whole_are_refused(value: object) -> None:
    with pytest.raises(ValidationError, match="The fee"):
        check_number(value, "The fee", 0, 100)


def test_numbers_at_the_bounds_are_taken() -> None:
    assert check_number(0, "n", 0, 100) == 0
    assert check_number(100, "n", 0, 100) == 100


def test_naive_moments_are_refused() -> None:
    aware = datetime(2026, 11, 24, 10, 0, tzinfo=JST)
    assert check_moment(aware, "The time") is aware
    for value in (datetime(2026, 11, 24, 10, 0), "2026-11-24", None):
        with pytest.raises(ValidationError, match="time zone"):
            check_moment(value, "The time")


# Written against surviving mutants (docs/testing.md, "Mutation score"): which fields take
# several lines, a time zone that gives no offset, the refusal's words and field.
MULTILINE = {
    "contact note",
    "note",
    "comment",
    "reasons",
    "withheld_parts",
    "enclosures",
    "changes",
    "alternative_measure",
    "purposes",
    "provided_data_note",
    "effect_on_services",
    "method_difficulty_note",
    "facts",
    "view",
    "measures_taken",
    "apology",
    "letter template",
}


@pytest.mark.parametrize("code", sorted(TEXT_FIELDS))
def test_only_the_fields_for_paragraphs_take_several_lines(code: str) -> None:
    assert TEXT_FIELDS[code].multiline is (code in MULTILINE)
    if code in MULTILINE:
        assert check_text("一行目\n二行目", code) == "一行目\n二行目"
    else:
        with pytest.raises(ValidationError, match="takes one line"):
            check_text("一行目\n二行目", code)


class _NoOffset(tzinfo):
    """A time zone that does not know its offset (`utcoffset()` is None)."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None


def test_a_moment_whose_zone_gives_no_offset_is_refused_word_for_word() -> None:
    with pytest.raises(ValidationError) as refused:
        check_moment(datetime(2026, 11, 24, 10, 0, tzinfo=_NoOffset()), "The time", field="at")
    assert refused.value.message == "The time must be a date and time with its time zone."
    assert refused.value.field == "at"
