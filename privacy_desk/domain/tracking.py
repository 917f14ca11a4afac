"""Japan Post tracking numbers (お問い合わせ番号): 11 digits and a check digit.

The number on a registered letter (一般書留, 簡易書留), a 特定記録 or a レターパック is printed
"1234-5678-9013": twelve digits whose last is the remainder of the first eleven, read as one
number, divided by 7. Such a number is checked by this rule, never by the Individual Number's:
a genuine tracking number passes the Individual Number's check digit about one time in eleven
and must not be refused for it.
"""

from __future__ import annotations

from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.individual_number import digits_only
from privacy_desk.i18n import _

TRACKING_LENGTH = 12


def tracking_check_digit(first_eleven: str) -> int:
    """The check digit of 11 ASCII digits: the number they make, modulo 7."""
    return int(first_eleven) % 7


def is_valid_tracking_number(text: str) -> bool:
    """Whether ``text`` is a Japan Post tracking number (any width, grouped or not)."""
    digits = digits_only(text)
    return (
        digits is not None
        and len(digits) == TRACKING_LENGTH
        and int(digits[-1]) == tracking_check_digit(digits[:-1])
    )


def normalise_tracking_number(text: str) -> str:
    """The tracking number as Japan Post prints it ("1234-5678-9013"), "" for an empty text;
    a ValidationError when it is not one."""
    if not text.strip():
        return ""
    if not is_valid_tracking_number(text):
        raise ValidationError(
            _(
                "The tracking number is not a Japan Post number: it has 12 digits (as printed, "
                "1234-5678-9013) and its last digit checks the others. Look at the receipt again."
            ),
            field="tracking number",
        )
    digits = digits_only(text) or ""
    return f"{digits[:4]}-{digits[4:8]}-{digits[8:]}"
