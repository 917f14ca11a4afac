"""Screen language: English or Japanese. Strings for people go through tr(), defined where used.

The Japanese catalogue is a plain mapping from the English text; a missing entry falls back to
English, so a new string never shows as blank. Enum labels carry both languages themselves.
"""

from __future__ import annotations

from privacy_desk.domain.vocabulary import Labelled
from privacy_desk.ui.catalog_ja import JA

_language = "en"


def set_language(language: str) -> None:
    global _language
    _language = "ja" if language == "ja" else "en"


def language() -> str:
    return _language


def tr(text: str) -> str:
    """The text in the screen language (English is the key)."""
    if _language == "ja":
        return JA.get(text, text)
    return text


def label(member: Labelled) -> str:
    return member.label(_language)
