"""Every text a person types, declared once: its code, its words, its longest length, its lines.

The services check each typed text against its declaration (`check_text`) before anything is
stored, and the screens take the same numbers for their fields (a line edit's maximum length, a
counter under a multi-line box), so no limit is written twice. A text is refused, with a message
naming the field, when it is too long, holds a control character (a new line or a tab only where
the field has several lines), a NUL byte, or is not valid Unicode (a lone surrogate). The
numbers people type (fees, days, counts) and the queues' search text have their bounds here too.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType

from privacy_desk.domain.errors import IndividualNumberRefused, ValidationError
from privacy_desk.domain.individual_number import contains_individual_number
from privacy_desk.i18n import N_, _


@dataclass(frozen=True)
class TextField:
    """One typed text: the words a refusal shows for it (marked with N_), its limit, its lines."""

    label: str
    max_length: int
    multiline: bool = False


def _field(label: str, max_length: int, multiline: bool = False) -> TextField:
    return TextField(label, max_length, multiline)


NAME_LENGTH = 200
SEARCH_LENGTH = 200
SHORT_NOTE = 2000
LONG_TEXT = 10000

# The codes are what a refusal carries in its `field` (screens mark the field by it).
TEXT_FIELDS: Mapping[str, TextField] = MappingProxyType(
    {
        "summary": _field(N_("summary"), SHORT_NOTE),
        "contact note": _field(N_("contact note"), 20000, multiline=True),
        "name": _field(N_("name"), NAME_LENGTH),
        "kana": _field(N_("kana"), NAME_LENGTH),
        "requester's name": _field(N_("requester's name"), NAME_LENGTH),
        "requester's kana": _field(N_("requester's kana"), NAME_LENGTH),
        "data subject's name": _field(N_("data subject's name"), NAME_LENGTH),
        "data subject's kana": _field(N_("data subject's kana"), NAME_LENGTH),
        "user's name": _field(N_("user's name"), NAME_LENGTH),
        "postal code": _field(N_("postal code"), 16),
        "address": _field(N_("address"), 400),
        "phone": _field(N_("phone"), 40),
        "phone number": _field(N_("phone number"), 40),
        "fax": _field(N_("fax"), 40),
        "fax number": _field(N_("fax number"), 40),
        "email": _field(N_("email"), 254),
        "email address": _field(N_("email address"), 254),
        "organisation": _field(N_("organisation"), NAME_LENGTH),
        "request text": _field(N_("request text"), SHORT_NOTE),
        "third-party recipient": _field(N_("third-party recipient"), NAME_LENGTH),
        "identity note": _field(N_("identity note"), SHORT_NOTE),
        "tracking number": _field(N_("tracking number"), 40),
        "note": _field(N_("note"), LONG_TEXT, multiline=True),
        "task": _field(N_("task"), 500),
        "pause note": _field(N_("pause note"), SHORT_NOTE),
        "extension reason": _field(N_("extension reason"), SHORT_NOTE),
        "withdrawal note": _field(N_("withdrawal note"), SHORT_NOTE),
        "reason": _field(N_("reason"), SHORT_NOTE),
        "closure reason": _field(N_("closure reason"), 200),
        "comment": _field(N_("comment"), SHORT_NOTE, multiline=True),
        "fee note": _field(N_("fee note"), SHORT_NOTE),
        "reasons": _field(N_("reasons"), LONG_TEXT, multiline=True),
        "withheld_parts": _field(N_("withheld parts"), LONG_TEXT, multiline=True),
        "enclosures": _field(N_("enclosures"), SHORT_NOTE, multiline=True),
        "changes": _field(N_("changes"), LONG_TEXT, multiline=True),
        "alternative_measure": _field(N_("alternative measure"), LONG_TEXT, multiline=True),
        "purposes": _field(N_("purposes"), LONG_TEXT, multiline=True),
        "provided_data_note": _field(N_("provided data note"), LONG_TEXT, multiline=True),
        "effect_on_services": _field(N_("effect on services"), LONG_TEXT, multiline=True),
        "method_difficulty_note": _field(N_("method difficulty note"), LONG_TEXT, multiline=True),
        "facts": _field(N_("facts"), LONG_TEXT, multiline=True),
        "view": _field(N_("view"), LONG_TEXT, multiline=True),
        "measures_taken": _field(N_("measures taken"), LONG_TEXT, multiline=True),
        "apology": _field(N_("apology"), LONG_TEXT, multiline=True),
        "search": _field(N_("search text"), SEARCH_LENGTH),
        "reference": _field(N_("case reference"), 40),
        "letter template": _field(N_("letter template"), 50000, multiline=True),
        "setting": _field(N_("setting"), 400),
    }
)

# Control characters (C0, DEL, C1), and the line and paragraph separators; a lone surrogate
# (U+D800–U+DFFF) is not a character at all: the text is not valid Unicode.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
_LINE_BREAK = re.compile("[\t\n\r]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NONCHARACTER = re.compile("[\ufffe\uffff]")


def max_length(code: str) -> int:
    """The longest text the field `code` accepts (screens set their fields from it)."""
    return TEXT_FIELDS[code].max_length


def field_words(code: str) -> str:
    """The field's words in the current language."""
    return _(TEXT_FIELDS[code].label)


def check_text(value: object, code: str, *, lines: bool = True) -> str:
    """The text, stripped, if it may be stored in the field `code`; a ValidationError naming
    the field otherwise (too long, control characters, a NUL byte, not valid Unicode, line
    breaks in a one-line field; the last left to `check_lines` when lines is False)."""
    declared = TEXT_FIELDS[code]
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(
            _("The {what} must be a text.").format(what=field_words(code)), field=code
        )
    if _SURROGATE.search(value) or _NONCHARACTER.search(value):
        raise ValidationError(
            _(
                "The {what} holds characters that are not valid text (broken Unicode): type or "
                "paste it again."
            ).format(what=field_words(code)),
            field=code,
        )
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    if _CONTROL.search(value):
        raise ValidationError(
            _("The {what} holds control characters (such as a NUL byte): remove them.").format(
                what=field_words(code)
            ),
            field=code,
        )
    text = value.strip()
    if len(text) > declared.max_length:
        raise ValidationError(
            _("The {what} is longer than {limit} characters.").format(
                what=field_words(code), limit=declared.max_length
            ),
            field=code,
        )
    return check_lines(text, code) if lines else text


def check_lines(text: str, code: str) -> str:
    """The text, if the field takes several lines or the text has one (and no tab)."""
    if not TEXT_FIELDS[code].multiline and _LINE_BREAK.search(text):
        raise ValidationError(
            _("The {what} takes one line: remove its line breaks and tabs.").format(
                what=field_words(code)
            ),
            field=code,
        )
    return text


def refuse_individual_number(text: str, code: str) -> str:
    """The text, if it holds no Individual Number; refused, naming the field, if it does."""
    if contains_individual_number(text):
        raise IndividualNumberRefused(
            _(
                "The {what} contains an Individual Number (My Number). The office never keeps "
                "one: remove the number and save again."
            ).format(what=field_words(code)),
            field=code,
        )
    return text


# ---- numbers people type ----

MAX_FEE_YEN = 1_000_000  # a disclosure fee is a few hundred yen; more is a typing slip
MAX_SETTING_NUMBER = 3650  # days, months, minutes, attempts: ten years of days at most
MAX_LIST_LIMIT = 10_000


def check_number(value: object, what: str, low: int, high: int, *, field: str | None = None) -> int:
    """A whole number between low and high; `what` names it in the current language."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError(_("{what} must be a whole number.").format(what=what), field=field)
    if not low <= value <= high:
        raise ValidationError(
            _("{what} must be between {low} and {high}.").format(what=what, low=low, high=high),
            field=field,
        )
    return value


def check_moment(value: object, what: str, *, field: str | None = None) -> datetime:
    """A datetime that carries its time zone (a naive one is refused, never compared)."""
    if not isinstance(value, datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ValidationError(
            _("{what} must be a date and time with its time zone.").format(what=what), field=field
        )
    return value
