"""Finding Individual Numbers (My Number) in text, so that the office never stores one.

An Individual Number is 12 digits whose last digit is a check digit. People write it with
half- or full-width digits, in one run or grouped with spaces or hyphens ("1234 5678 9018",
"1234-5678-9018", "１２３４５６７８９０１８"). This module finds such numbers, answers whether a
text holds one, and masks them. It never keeps the digits it found: a match is only a span.

Rules for a match:

- 12 digits, made of maximal runs of digits: a run is never cut, so a 13-digit number or the
  middle of a longer number is not a match, while "x123456789018y" is;
- consecutive runs are joined by one separator: a single space (also U+00A0 and the ideographic
  space U+3000), or a hyphen-like mark optionally with one space on each side;
- separators of both kinds (spaces and hyphens) in one match only in the 4-4-4 layout of the
  card ("1234-5678 9018"), which keeps a list of phone numbers such as
  "03-5904-8973 03-5904-8973" from being read as one number;
- the check digit is right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from privacy_desk.domain.errors import ValidationError
from privacy_desk.i18n import _

_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_SPACES = " \u00a0\u3000"
# ASCII hyphen, hyphen, non-breaking hyphen, en dash, minus sign, katakana prolonged sound mark
# (often typed for a dash in Japanese input), full-width hyphen-minus, half-width prolonged mark.
_HYPHENS = "-\u2010\u2011\u2013\u2212\u30fc\uff0d\uff70"

_DIGIT_RUN = re.compile("[0-9０-９]+")
_SPACE_GAP = re.compile(f"[{_SPACES}]")
_HYPHEN_GAP = re.compile(f"[{_SPACES}]?[{re.escape(_HYPHENS)}][{_SPACES}]?")
_STRIP_SEPARATORS = str.maketrans("", "", _SPACES + _HYPHENS)
_TWELVE_ASCII_DIGITS = re.compile("[0-9]{12}")

_LENGTH = 12


@dataclass(frozen=True)
class NumberMatch:
    """Where an Individual Number sits in a text: ``text[start:end]``. Holds no digits."""

    start: int
    end: int


def _check_digit(first_eleven: str) -> int:
    """Check digit of 11 ASCII digits (P(n) counted from the right, Q(n) = n+1 or n-5)."""
    total = 0
    for n, char in enumerate(reversed(first_eleven), start=1):
        weight = n + 1 if n <= 6 else n - 5
        total += int(char) * weight
    remainder = total % 11
    return 0 if remainder <= 1 else 11 - remainder


def _is_valid_ascii(digits: str) -> bool:
    return int(digits[11]) == _check_digit(digits[:11])


def is_valid_individual_number(digits: str) -> bool:
    """Whether ``digits`` is an Individual Number with a correct check digit.

    Full-width digits count as digits and spaces or hyphens are ignored; what remains must be
    exactly 12 ASCII digits.
    """
    normalised = digits.translate(_FULL_WIDTH_DIGITS).translate(_STRIP_SEPARATORS)
    if not _TWELVE_ASCII_DIGITS.fullmatch(normalised):
        return False
    return _is_valid_ascii(normalised)


def _gap_kind(gap: str) -> str | None:
    if _SPACE_GAP.fullmatch(gap):
        return "space"
    if _HYPHEN_GAP.fullmatch(gap):
        return "hyphen"
    return None


def find_individual_numbers(text: str) -> list[NumberMatch]:
    """Spans of the Individual Numbers in ``text``, left to right, not overlapping."""
    runs = [(m.start(), m.end()) for m in _DIGIT_RUN.finditer(text)]
    gaps = [_gap_kind(text[runs[i][1] : runs[i + 1][0]]) for i in range(len(runs) - 1)]
    matches: list[NumberMatch] = []
    first = 0
    while first < len(runs):
        found = _match_from(text, runs, gaps, first)
        if found is None:
            first += 1
            continue
        last = found
        matches.append(NumberMatch(start=runs[first][0], end=runs[last][1]))
        first = last + 1
    return matches


def _match_from(
    text: str, runs: list[tuple[int, int]], gaps: list[str | None], first: int
) -> int | None:
    """Index of the last run of a valid number starting at run ``first``, or None."""
    kinds: set[str] = set()
    lengths: list[int] = []
    for index in range(first, len(runs)):
        if index > first:
            gap = gaps[index - 1]
            if gap is None:
                return None
            kinds.add(gap)
        start, end = runs[index]
        lengths.append(end - start)
        total = sum(lengths)
        if total > _LENGTH:
            return None
        if total == _LENGTH:
            # Mixed separators only in the printed 4-4-4 layout: "03-5904-8973 03" is not one.
            if len(kinds) > 1 and lengths != [4, 4, 4]:
                return None
            digits = text[runs[first][0] : end].translate(_STRIP_SEPARATORS)
            return index if _is_valid_ascii(digits.translate(_FULL_WIDTH_DIGITS)) else None
    return None


def contains_individual_number(text: str) -> bool:
    """Whether ``text`` holds an Individual Number anywhere."""
    return bool(find_individual_numbers(text))


def mask_individual_numbers(text: str, mask: str = "＊") -> str:
    """``text`` with every digit of every Individual Number replaced by ``mask``.

    Separators and everything else are kept, so the text keeps its shape.
    """
    if not mask or any(char.isdigit() for char in mask):
        raise ValidationError(_("The mask must be a non-empty text without digits."), field="mask")
    parts: list[str] = []
    position = 0
    for match in find_individual_numbers(text):
        parts.append(text[position : match.start])
        parts.append(
            _DIGIT_RUN.sub(lambda run: mask * len(run.group()), text[match.start : match.end])
        )
        position = match.end
    parts.append(text[position:])
    return "".join(parts)
