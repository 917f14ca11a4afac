"""Postal codes as 170-0013, phone numbers parsed with phonenumbers (issue 11, Japanese first)."""

from __future__ import annotations

import pytest

from privacy_desk.domain.contact_numbers import (
    format_phone,
    format_postal_code,
    legacy_phone_keys,
    phone_key,
)
from privacy_desk.domain.errors import ValidationError


@pytest.mark.parametrize(
    "typed",
    [
        "1700013",
        "170-0013",
        "１７０－００１３",
        "１７０００１３",
        "〒170-0013",
        "170ー0013",
        " 170 0013 ",
    ],
    ids=[
        "plain",
        "hyphen",
        "full-width",
        "full-width-plain",
        "postal-mark",
        "long-vowel",
        "spaces",
    ],
)
def test_a_postal_code_is_stored_as_three_dash_four(typed: str) -> None:
    assert format_postal_code(typed) == "170-0013"


def test_an_empty_postal_code_stays_empty() -> None:
    assert format_postal_code("  ") == ""


@pytest.mark.parametrize(
    "typed", ["170-001", "17000130", "abc-defg", "170-00１3x"], ids=["six", "eight", "letters", "x"]
)
def test_a_postal_code_without_seven_digits_is_refused(typed: str) -> None:
    with pytest.raises(ValidationError) as refused:
        format_postal_code(typed, field="requester's postal code")
    assert refused.value.message == "A postal code has seven digits, as in 170-0013."
    assert refused.value.field == "requester's postal code"
    with pytest.raises(ValidationError) as unnamed:
        format_postal_code(typed)
    assert unnamed.value.field == "postal code"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+81 90-1234-5678", "090-1234-5678"),
        ("09012345678", "090-1234-5678"),
        ("０９０－１２３４－５６７８", "090-1234-5678"),
        ("0312345678", "03-1234-5678"),
        ("+81-3-1234-5678", "03-1234-5678"),
        ("+44 20 7946 0000", "+44 20 7946 0000"),
        ("(03)1234-5678 内線 12", "03-1234-5678 内線12"),
        ("0120-123-456", "0120-123-456"),
    ],
    ids=[
        "mobile-international",
        "mobile-digits",
        "full-width",
        "tokyo",
        "tokyo-intl",
        "london",
        "extension",
        "free-dial",
    ],
)
def test_phone_numbers_are_formatted_the_japanese_way(typed: str, stored: str) -> None:
    assert format_phone(typed) == stored


@pytest.mark.parametrize("typed", ["tomorrow", "12", "0901234567899991234"], ids=["w", "s", "l"])
def test_text_that_is_no_phone_number_is_refused(typed: str) -> None:
    with pytest.raises(ValidationError) as refused:
        format_phone(typed, field="fax number")
    assert refused.value.message == (
        "This is not a phone number that can be dialled: "
        "type it as 03-1234-5678 or +44 20 7946 0000."
    )
    assert refused.value.field == "fax number"
    with pytest.raises(ValidationError) as unnamed:
        format_phone(typed)
    assert unnamed.value.field == "phone number"


def test_one_number_has_one_key_however_it_was_typed() -> None:
    keys = {phone_key(t) for t in ("+81 90-1234-5678", "090-1234-5678", "０９０ １２３４ ５６７８")}
    assert keys == {"+819012345678"}
    assert phone_key("090-1234-5678") != phone_key("090-1234-5679")


def test_rows_keyed_before_parsing_are_found_by_their_old_keys() -> None:
    old = legacy_phone_keys(phone_key("090-1234-5678"))
    assert {"09012345678", "819012345678", "+819012345678"} <= old
