"""Tests of Individual Number (My Number) detection and masking."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.individual_number import (
    NumberMatch,
    contains_individual_number,
    find_individual_numbers,
    is_valid_individual_number,
    mask_individual_numbers,
)

VALID = "123456789018"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


WEIGHTS = [6, 5, 4, 3, 2, 7, 6, 5, 4, 3, 2]  # Q(11)..Q(1): weights listed left to right


def remainder(first_eleven: str) -> int:
    return sum(int(d) * w for d, w in zip(first_eleven, WEIGHTS, strict=True)) % 11


def check_digit(first_eleven: str) -> str:
    """The check digit, computed independently of the module."""
    r = remainder(first_eleven)
    return "0" if r <= 1 else str(11 - r)


def test_reference_check_digit() -> None:
    assert check_digit("12345678901") == "8"
    # r = 0 and r = 1 both give 0.
    assert check_digit("00000000000") == "0"
    assert check_digit("00000000006") == "0"  # 6*2 = 12, r = 1


@pytest.mark.parametrize(
    "digits",
    [
        VALID,
        "1234 5678 9018",
        "1234-5678-9018",
        "１２３４５６７８９０１８",
        "000000000000",
        "١٢٣٤٥٦٧٨٩٠١٨",  # Arabic-Indic digits: every Unicode decimal digit counts
        "१२३४५६७८९०१८",  # Devanagari
        "1234.5678.9018",
    ],
)
def test_valid_numbers(digits: str) -> None:
    assert is_valid_individual_number(digits)


@pytest.mark.parametrize(
    "digits",
    [
        "123456789010",
        "123456789019",
        "12345678901",
        "1234567890180",
        "12345678901a",
        "",
        "١٢٣٤٥٦٧٨٩٠١٠",
    ],
)
def test_invalid_numbers(digits: str) -> None:
    assert not is_valid_individual_number(digits)


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("123456789018", [(0, 12)]),
        ("番号 1234 5678 9018 です", [(3, 17)]),
        ("1234-5678-9018", [(0, 14)]),
        ("１２３４５６７８９０１８", [(0, 12)]),
        ("１２３４　５６７８　９０１８", [(0, 14)]),
        ("1234‐5678−9018", [(0, 14)]),
        ("1234ー5678－9018", [(0, 14)]),
        ("1234 - 5678 - 9018", [(0, 18)]),
        ("1234-5678 9018", [(0, 14)]),
        ("x123456789018y", [(1, 13)]),
        ("a 123456789018, b 000000000000.", [(2, 14), (18, 30)]),
        ("1234567890185", []),
        ("0123456789018", []),
        ("123456789010", []),
        ("03-5904-8973", []),
        ("TEL 03-5904-8973 FAX 03-5904-8974", []),
        ("1234 5678 9018 2026", [(0, 14)]),
        ("1234  5678  9018", [(0, 16)]),
        ("1234--5678--9018", [(0, 16)]),
        ("1234/5678/9018", [(0, 14)]),
        ("1234.5678.9018", [(0, 14)]),
        ("1234,5678,9018", [(0, 14)]),
        ("1234_5678_9018", [(0, 14)]),
        ("(1234) 5678-9018", [(1, 16)]),
        ("1234—5678—9018", [(0, 14)]),
        ("1234\t5678\t9018", [(0, 14)]),
        ("1234\n5678\n9018", [(0, 14)]),
        ("1234\r\n5678\r\n9018", [(0, 16)]),
        ("1234\u200b5678\u200b9018", [(0, 14)]),
        ("12\u200b34567890\ufeff18", [(0, 14)]),
        ("١٢٣٤٥٦٧٨٩٠١٨", [(0, 12)]),
        ("１２３４・５６７８・９０１８", [(0, 14)]),
        ("𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖𝟗𝟎𝟏𝟖", [(0, 12)]),
        ("¹²³⁴⁵⁶⁷⁸⁹⁰¹⁸", [(0, 12)]),  # superscripts: digits only through NFKC
        ("①②③④-⑤⑥⑦⑧-⑨⓪①⑧", [(0, 14)]),
        ("1234 番 5678 番 9018", []),
        ("1234     5678     9018", []),
        ("12 - 3456 / 789018", []),
        ("1234 - 5678 / 9018", [(0, 18)]),
        # A run that starts no number does not hide the one starting at the next run.
        ("7 1234 5678 9018", [(2, 16)]),
        ("7-1234-5678-9018", [(2, 16)]),
        # One kind of mark in any layout is one number (different marks only in 4-4-4).
        ("123456-789018", [(0, 13)]),
        ("12 3456789018", [(0, 13)]),
    ],
)
def test_find_individual_numbers(text: str, spans: list[tuple[int, int]]) -> None:
    assert [(m.start, m.end) for m in find_individual_numbers(text)] == spans
    assert contains_individual_number(text) is bool(spans)


def test_match_carries_no_digits() -> None:
    (match,) = find_individual_numbers(f"My Number: {VALID}")
    assert match == NumberMatch(start=11, end=23)
    assert "9018" not in repr(match)
    assert set(vars(match)) == {"start", "end"}


def test_mask_keeps_separators_and_surroundings() -> None:
    assert (
        mask_individual_numbers("番号 1234-5678-9018 です")
        == "番号 ＊＊＊＊-＊＊＊＊-＊＊＊＊ です"
    )
    assert mask_individual_numbers("x123456789018y", mask="*") == "x************y"
    assert mask_individual_numbers("03-5904-8973") == "03-5904-8973"
    assert mask_individual_numbers("１２３４　５６７８　９０１８", "#") == "####　####　####"


@pytest.mark.parametrize("mask", ["", "0", "x１"])
def test_mask_must_have_no_digits(mask: str) -> None:
    with pytest.raises(ValidationError):
        mask_individual_numbers(VALID, mask)


# -- properties ------------------------------------------------------------------------------

eleven_digits = st.text(alphabet="0123456789", min_size=11, max_size=11)
separators = st.sampled_from(["", " ", "\u3000", "-", "‐", "−", "ー", "－"])
# Surroundings that can not join the number: no digits (in any script or compatibility form
# such as ¼), no separator right next to it.
surroundings = st.text(
    alphabet=st.characters(
        blacklist_categories=("Nd", "Zs", "Cs"), blacklist_characters="-‐−ー－‑–ｰ"
    ),
    max_size=15,
).filter(lambda text: not any(c.isdecimal() for c in unicodedata.normalize("NFKC", text)))


def grouped(digits: str, first: str, second: str) -> str:
    return digits[:4] + first + digits[4:8] + second + digits[8:]


@given(eleven_digits, separators, st.booleans(), st.booleans(), surroundings, surroundings)
def test_generated_numbers_are_found_in_text(
    body: str, separator: str, full_width: bool, digits_only: bool, before: str, after: str
) -> None:
    number = body + check_digit(body)
    written = number if digits_only else grouped(number, separator, separator)
    if full_width:
        written = written.translate(FULL_WIDTH)
    text = before + written + after
    assert is_valid_individual_number(written)
    assert find_individual_numbers(text) == [
        NumberMatch(start=len(before), end=len(before) + len(written))
    ]


@given(eleven_digits, st.integers(min_value=0, max_value=11), st.integers(1, 9))
def test_any_single_digit_change_is_invalid(body: str, position: int, shift: int) -> None:
    number = body + check_digit(body)
    assert is_valid_individual_number(number)
    changed = number[:position] + str((int(number[position]) + shift) % 10) + number[position + 1 :]
    # The one blind spot of the scheme: remainders 0 and 1 share the check digit 0.
    assume(not (position < 11 and {remainder(number[:11]), remainder(changed[:11])} == {0, 1}))
    assert not is_valid_individual_number(changed)
    assert not contains_individual_number(f"番号:{changed}")


def test_the_check_digit_blind_spot_between_remainders_0_and_1() -> None:
    # 00000000006: r = 1; 00000000000: r = 0; both end in 0, so this change goes unnoticed.
    assert remainder("00000000006") == 1
    assert is_valid_individual_number("000000000060")
    assert is_valid_individual_number("000000000000")


@given(eleven_digits, st.sampled_from("0123456789"))
def test_a_thirteenth_digit_hides_the_number(body: str, extra: str) -> None:
    number = body + check_digit(body)
    assert not contains_individual_number(extra + number)
    assert not contains_individual_number(number + extra)


@given(
    st.lists(
        st.one_of(
            st.text(alphabet="0123456789０１２３４５６７８９ -　ー", max_size=20),
            eleven_digits.map(lambda body: body + check_digit(body)),
            st.text(max_size=5),
        ),
        max_size=8,
    ),
    st.sampled_from(["＊", "*", "XX", "-"]),
)
def test_masked_text_never_contains_a_valid_number(pieces: list[str], mask: str) -> None:
    text = "".join(pieces)
    masked = mask_individual_numbers(text, mask)
    assert not contains_individual_number(masked)
    if not contains_individual_number(text):
        assert masked == text


landline = st.builds(
    lambda area, local, line: f"0{area}-{local}-{line}",
    st.integers(1, 9),
    st.text(alphabet="0123456789", min_size=4, max_size=4),
    st.text(alphabet="0123456789", min_size=4, max_size=4),
)
mobile = st.builds(
    lambda prefix, middle, line: f"0{prefix}0-{middle}-{line}",
    st.sampled_from("789"),
    st.text(alphabet="0123456789", min_size=4, max_size=4),
    st.text(alphabet="0123456789", min_size=4, max_size=4),
)


@given(
    st.lists(st.one_of(landline, mobile), min_size=1, max_size=6),
    st.sampled_from([" ", "、", "　"]),
)
def test_phone_numbers_never_match(numbers: list[str], joiner: str) -> None:
    assume(all(len(n.replace("-", "")) in (10, 11) for n in numbers))
    assert find_individual_numbers(joiner.join(numbers)) == []
