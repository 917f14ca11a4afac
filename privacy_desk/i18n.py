"""Translations for everyone, with gettext: the domain, services, letters, command line and screens.

No Qt here. Strings for people are marked where they are written: `_()` for a text, `ngettext()`
for a count, `pgettext()` where one English word needs two Japanese ones, `N_()` to mark a text
that is translated later (a constant), `NP_()` for the same with a context. Parameters are
formatted after translating: `_("Due on {day}").format(day=...)`.

The screen (or command line) language is one per process, set with `set_language()`; letters ask
for `translation(language)` of their own language. The catalogue is
`privacy_desk/locale/ja/LC_MESSAGES/privacy_desk.po`, extracted, updated and compiled with Babel
(see `setup.cfg`... `babel.cfg` and docs/architecture.md).
"""

from __future__ import annotations

import gettext
import locale
import os
from functools import cache
from importlib import resources
from typing import Protocol

DOMAIN = "privacy_desk"
LANGUAGES = ("en", "ja")
DEFAULT_LANGUAGE = "en"

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


class Labelled(Protocol):
    """A vocabulary member: its English label and a context (its kind) for the catalogue."""

    en: str

    def label(self, lang: str | None = None) -> str: ...


def normalise(language: str | None) -> str:
    """One of LANGUAGES for a language or locale name ("ja_JP.UTF-8" is "ja"); English otherwise."""
    code = (language or "").strip().replace("-", "_").split("_")[0].split(".")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


@cache
def translation(language: str) -> gettext.NullTranslations:
    """The catalogue of a language; English is the source language and needs none."""
    code = normalise(language)
    if code == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    with resources.as_file(resources.files("privacy_desk") / "locale") as localedir:
        return gettext.translation(DOMAIN, localedir=str(localedir), languages=[code])


def set_language(language: str | None) -> str:
    """Make `language` the process's language for `_()` and friends; returns the code chosen."""
    global _current, _language
    _language = normalise(language)
    _current = translation(_language)
    return _language


def language() -> str:
    return _language


def system_language() -> str:
    """The desktop's language from the environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG)."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable)
        if value:
            return normalise(value.split(":")[0])
    try:
        found = locale.getlocale()[0]
    except ValueError:
        found = None
    return normalise(found)


def _(message: str) -> str:
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _current.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    return _current.pgettext(context, message)


def sentences(*texts: str) -> str:
    """Sentences one after another as the screen's language writes them: a space between
    English sentences, none after a Japanese full stop (「…します。発行しない…」)."""
    gap = "" if _language == "ja" else " "
    return gap.join(text for text in texts if text)


def N_(message: str) -> str:
    """Mark a text for the catalogue without translating it now."""
    return message


def NP_(context: str, message: str) -> str:
    """Mark a text with its context for the catalogue without translating it now."""
    return message


def label(member: Labelled, lang: str | None = None) -> str:
    """A vocabulary member's label in `lang`, or in the process's language."""
    return member.label(lang)
