"""Japan Post tracking numbers: 11 digits and a check digit, the 11 digits' number modulo 7."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.individual_number import is_valid_individual_number
from privacy_desk.domain.tracking import (
    is_valid_tracking_number,
    normalise_tracking_number,
    tracking_check_digit,
)


def test_check_digit_worked_by_hand() -> None:
    # 12345678901 = 7 × 1763668414 + 3
    assert tracking_check_digit("12345678901") == 3
    # A published receipt number of the older 11-digit series, 131-12-38385-2, checks the same way.
    assert tracking_check_digit("01311238385") == 2
    # Consecutive receipts advance the check digit by one, wrapping at 7 (…979-5, 980-6, 981-0).
    digits = [tracking_check_digit(f"12345678{n}") for n in (979, 980, 981)]
    assert [(b - a) % 7 for a, b in itertools.pairwise(digits)] == [1, 1]
    assert tracking_check_digit("00000000007") == 0


@pytest.mark.parametrize(
    "written",
    ["1234-5678-9013", "123456789013", "１２３４－５６７８－９０１３", "1234 5678 9013"],
)
def test_valid_numbers_in_any_width_and_grouping(written: str) -> None:
    assert is_valid_tracking_number(written)
    assert normalise_tracking_number(written) == "1234-5678-9013"


@pytest.mark.parametrize(
    "written", ["1234-5678-9012", "1234-5678-901", "1234-5678-90130", "JP-REG-000111", "ABCD"]
)
def test_invalid_numbers_are_refused(written: str) -> None:
    assert not is_valid_tracking_number(written)
    with pytest.raises(ValidationError) as refused:
        normalise_tracking_number(written)
    assert refused.value.message == (
        "The tracking number is not a Japan Post number: it has 12 digits (as printed, "
        "1234-5678-9013) and its last digit checks the others. Look at the receipt again."
    )
    assert refused.value.field == "tracking number"


def test_empty_is_no_tracking_number() -> None:
    assert normalise_tracking_number("  ") == ""


@given(st.text(alphabet="0123456789", min_size=11, max_size=11))
def test_every_genuine_number_passes_even_when_it_looks_like_a_my_number(body: str) -> None:
    number = body + str(int(body) % 7)
    assert is_valid_tracking_number(number)
    assert normalise_tracking_number(number).replace("-", "") == number
    # About one in eleven of them also passes the My Number check: that must not matter here.
    is_valid_individual_number(number)


def test_a_number_that_passes_both_checks_exists() -> None:
    assert is_valid_tracking_number("123456789050")
    assert is_valid_individual_number("123456789050")
