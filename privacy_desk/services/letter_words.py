"""The names of the kinds of letter and of the letter languages, in the reader's language: one
table for the screens (ui/letters/common.py re-exports it) and for the case's history and
contact lines, which are rendered when shown, never stored in words."""

from __future__ import annotations

from privacy_desk.i18n import N_, _
from privacy_desk.letters import LetterKind

KIND_LABELS: dict[LetterKind, str] = {
    LetterKind.ACKNOWLEDGEMENT: N_("Acknowledgement of receipt"),
    LetterKind.IDENTITY_REQUEST: N_("Request for identity documents"),
    LetterKind.DECISION: N_("Decision notice"),
    LetterKind.EXTENSION: N_("Extension notice"),
    LetterKind.ANSWER: N_("Answer"),
    LetterKind.FAX_COVER: N_("Fax cover sheet"),
}
LANGUAGES = (("ja", N_("Japanese")), ("en", N_("English")))


def kind_label(kind: str | LetterKind) -> str:
    """The name of a kind of letter in the screen language; an unknown code as it is."""
    try:
        return _(KIND_LABELS[LetterKind(kind)])
    except ValueError:
        return str(kind)


def language_label(code: str) -> str:
    """A letter language's name ("Japanese") in the screen language; an unknown code as it is."""
    return next((_(words) for key, words in LANGUAGES if key == code), code)
