"""Postal codes and phone numbers as people type them, stored one way and found however typed.

A postal code is seven digits, stored and shown as ``170-0013`` (full-width digits, any dash and
a leading 〒 are accepted). Phone and fax numbers are read with `phonenumbers` (Google's
libphonenumber) with Japan as the home region: Japanese numbers are stored in the national form
people dial (``090-1234-5678``), others internationally (``+44 20 7946 0000``). The search key
of a number is its E.164 form (``+819012345678``), so ``+81 90-1234-5678``, ``090-1234-5678``
and ``０９０（１２３４）５６７８`` are one number for earlier-case matching.
"""

from __future__ import annotations

import re
import unicodedata

import phonenumbers

from privacy_desk.domain.errors import ValidationError
from privacy_desk.i18n import _

HOME_REGION = "JP"
_EXTENSION_WORD = "内線"  # "extension", as Japanese offices write it after a number

# Every dash, minus, long-vowel mark and space people type inside a postal code (after NFKC).
_POSTAL_SEPARATORS = re.compile("[\\s\\-\u2010-\u2015\u2212\u30fc\uff70\u2e3a\u2e3b]")
_POSTAL_MARKS = ("〒", "\u3036")  # the postal mark and the circled one


def format_postal_code(text: str, field: str = "postal code") -> str:
    """The postal code as ``170-0013``; "" for an empty one; a ValidationError otherwise."""
    cleaned = unicodedata.normalize("NFKC", text).strip()
    for mark in _POSTAL_MARKS:
        cleaned = cleaned.removeprefix(mark).strip()
    cleaned = _POSTAL_SEPARATORS.sub("", cleaned)
    if not cleaned:
        return ""
    if len(cleaned) != 7 or not cleaned.isascii() or not cleaned.isdigit():
        raise ValidationError(
            _("A postal code has seven digits, as in 170-0013."),
            field=field,
        )
    return f"{cleaned[:3]}-{cleaned[3:]}"


def _parse(text: str) -> phonenumbers.PhoneNumber | None:
    cleaned = unicodedata.normalize("NFKC", text).strip()
    if not cleaned:
        return None
    try:
        number = phonenumbers.parse(cleaned, HOME_REGION)
    except phonenumbers.NumberParseException:
        return None
    return number if phonenumbers.is_possible_number(number) else None


def format_phone(text: str, field: str = "phone number") -> str:
    """The number as stored and shown: ``090-1234-5678`` at home, ``+44 20 7946 0000`` abroad.

    "" for an empty one; a ValidationError (about ``field``) for text that is not a number.
    """
    if not text.strip():
        return ""
    main, extension_word, extension = text.partition(_EXTENSION_WORD)
    if extension_word:
        # 03-1234-5678 内線 12: the number formatted, the extension kept as typed.
        return f"{format_phone(main, field)} {_EXTENSION_WORD}{extension.strip()}"
    number = _parse(text)
    if number is None:
        raise ValidationError(
            _(
                "This is not a phone number that can be dialled: type it as 03-1234-5678 or +44 20 7946 0000."
            ),
            field=field,
        )
    home = phonenumbers.region_code_for_number(number) == HOME_REGION or (
        number.country_code == phonenumbers.country_code_for_region(HOME_REGION)
    )
    if not phonenumbers.is_valid_number(number):
        # A number of a possible length that no numbering plan lists (yet): kept as typed.
        return " ".join(unicodedata.normalize("NFKC", text).split())
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if home
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)


def phone_key(text: str) -> str:
    """The search key of a number: its E.164 form (``+819012345678``), the one rule for matching.

    Text that is not a possible number keys on its digits alone (what the desk stored before
    numbers were parsed), so it still matches itself.
    """
    number = _parse(text.partition(_EXTENSION_WORD)[0])
    if number is not None:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if ch.isdigit())


def legacy_phone_keys(key: str) -> set[str]:
    """The keys rows stored before numbers were parsed may hold for the same number.

    They held the digits as typed: ``09012345678`` for 090-1234-5678 and ``819012345678`` for
    +81 90-1234-5678. Searching for these too finds those rows without rewriting them (their
    numbers are compared again, parsed, before they count as a match).
    """
    if not key.startswith("+"):
        return {key}
    try:
        number = phonenumbers.parse(key, None)
    except phonenumbers.NumberParseException:
        return {key}
    national = phonenumbers.national_significant_number(number)
    code = str(number.country_code)
    return {key, f"0{national}", f"{code}{national}", f"{code}0{national}"}
