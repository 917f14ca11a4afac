"""Finding Individual Numbers (My Number) in text, so that the office never stores one.

An Individual Number is 12 digits whose last digit is a check digit. People write it in many
ways: half- or full-width digits or the digits of another script ("１２３４５６７８９０１８",
"١٢٣٤…"), in one run or grouped with spaces, hyphens or any dash, dots, slashes, commas,
underscores, parentheses, tabs or new lines ("1234.5678.9018", "1234\n5678\n9018"), with
invisible zero-width characters anywhere. This module finds such numbers, answers whether a text
holds one, and masks them. It never keeps the digits it found: a match is only a span.

Each character is read through its NFKC form (full-width and other compatibility digits become
digits); every Unicode decimal digit counts with its value; zero-width and other format
characters and combining marks are invisible (they neither join nor break anything).

Rules for a match:

- 12 digits, made of maximal runs of digits: a run is never cut, so a 13-digit number or the
  middle of a longer number is not a match, while "x123456789018y" is;
- consecutive runs are joined by a gap of at most four characters that are neither letters nor
  digits (spaces, punctuation, symbols, line breaks; the katakana prolonged sound mark, often
  typed for a dash, counts as a dash);
- every gap of one match shows the same marks (spaces aside), except in the 4-4-4 layout of the
  card ("(1234) 5678-9018"): this keeps a list of phone numbers such as
  "03-5904-8973 03-5904-8973" from being read as one number;
- the check digit is right.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from privacy_desk.domain.errors import ValidationError
from privacy_desk.i18n import _

_LENGTH = 12
_MAX_GAP = 4
# Letters that people type for a dash: the katakana prolonged sound mark (full and half width).
_DASH_LETTERS = frozenset("\u30fc\uff70")
_INVISIBLE = frozenset(("Cf", "Mn", "Me"))

_DIGIT, _INVISIBLE_CHAR, _SEPARATOR, _OTHER = range(4)


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


def _classify(char: str) -> tuple[int, str]:
    """What one (NFKC) character is for numbers: a digit (with its ASCII value), invisible, a
    separator, or something else (a letter) that ends a number."""
    if char.isdecimal():
        return _DIGIT, str(unicodedata.decimal(char))
    category = unicodedata.category(char)
    if category in _INVISIBLE:
        return _INVISIBLE_CHAR, ""
    if category[0] == "L" and char not in _DASH_LETTERS:
        return _OTHER, ""
    return _SEPARATOR, char


@dataclass
class _Run:
    digits: str
    start: int  # index in the original text of the first digit
    end: int  # index after the last digit
    positions: list[int]  # the original characters that gave its digits


def _units(text: str) -> list[tuple[int, str, int]]:
    """(kind, value, index in text) for every character of the text's NFKC form."""
    units: list[tuple[int, str, int]] = []
    for index, char in enumerate(text):
        if "0" <= char <= "9":
            units.append((_DIGIT, char, index))
            continue
        for part in unicodedata.normalize("NFKC", char) if not char.isascii() else char:
            kind, value = _classify(part)
            units.append((kind, value, index))
    return units


def _runs_and_gaps(text: str) -> tuple[list[_Run], list[str | None]]:
    """The runs of digits and, between two runs, the gap's visible characters (None when a
    letter or too many characters part them)."""
    runs: list[_Run] = []
    gaps: list[str | None] = []
    gap: list[str] = []
    broken = False
    current: _Run | None = None
    for kind, value, index in _units(text):
        if kind == _DIGIT:
            if current is None:
                if runs:
                    gaps.append(None if broken or len(gap) > _MAX_GAP else "".join(gap))
                current = _Run("", index, index + 1, [])
                runs.append(current)
            current.digits += value
            current.end = index + 1
            if not current.positions or current.positions[-1] != index:
                current.positions.append(index)
        elif kind == _INVISIBLE_CHAR:
            continue
        else:
            if current is not None:
                current = None
                gap = []
                broken = False
            if kind == _OTHER:
                broken = True
            else:
                gap.append(value)
    return runs, gaps


def digits_only(text: str) -> str | None:
    """The ASCII digits of a text made only of digits and separators (any script, any width,
    any spaces or dashes), or None when it holds anything else (a letter)."""
    digits = []
    for kind, value, _index in _units(text):
        if kind == _DIGIT:
            digits.append(value)
        elif kind == _OTHER:
            return None
    return "".join(digits)


def is_valid_individual_number(digits: str) -> bool:
    """Whether ``digits`` is an Individual Number with a correct check digit.

    Digits of any script and width count as digits and separators are ignored; what remains must
    be exactly 12 digits.
    """
    found = digits_only(digits)
    if found is None or len(found) != _LENGTH:
        return False
    return _is_valid_ascii(found)


def _gap_marks(gap: str) -> str:
    return "".join(char for char in gap if not char.isspace())


def find_individual_numbers(text: str) -> list[NumberMatch]:
    """Spans of the Individual Numbers in ``text``, left to right, not overlapping."""
    return [NumberMatch(runs[0].start, runs[-1].end) for runs in _matches(text)]


def _matches(text: str) -> list[list[_Run]]:
    runs, gaps = _runs_and_gaps(text)
    matches: list[list[_Run]] = []
    first = 0
    while first < len(runs):
        found = _match_from(runs, gaps, first)
        if found is None:
            first += 1
            continue
        matches.append(runs[first : found + 1])
        first = found + 1
    return matches


def _match_from(runs: list[_Run], gaps: list[str | None], first: int) -> int | None:
    """Index of the last run of a valid number starting at run ``first``, or None."""
    marks: set[str] = set()
    lengths: list[int] = []
    for index in range(first, len(runs)):
        if index > first:
            gap = gaps[index - 1]
            if gap is None:
                return None
            marks.add(_gap_marks(gap))
        lengths.append(len(runs[index].digits))
        total = sum(lengths)
        if total > _LENGTH:
            return None
        if total == _LENGTH:
            # Different marks only in the printed 4-4-4 layout: "03-5904-8973 03" is not one.
            if len(marks) > 1 and lengths != [4, 4, 4]:
                return None
            digits = "".join(run.digits for run in runs[first : index + 1])
            return index if _is_valid_ascii(digits) else None
    return None


def contains_individual_number(text: str) -> bool:
    """Whether ``text`` holds an Individual Number anywhere."""
    return bool(find_individual_numbers(text))


def mask_individual_numbers(text: str, mask: str = "＊") -> str:
    """``text`` with every digit of every Individual Number replaced by ``mask``.

    Separators, invisible characters and everything else are kept, so the text keeps its shape.
    """
    if not mask or any(kind == _DIGIT for kind, _value, _index in _units(mask)):
        raise ValidationError(_("The mask must be a non-empty text without digits."), field="mask")
    hidden = {index for runs in _matches(text) for run in runs for index in run.positions}
    return "".join(mask if index in hidden else char for index, char in enumerate(text))
