"""Screen language: English or Japanese. Strings for people go through tr(), defined where used.

The Japanese catalogue is a plain mapping from the English text; a missing entry falls back to
English, so a new string never shows as blank. Enum labels carry both languages themselves.

Refusals of the rules and services are English sentences built with parameters (dates, labels,
numbers, references), so most of them are not catalogue keys. translate_message() reads them
with the message patterns of the catalogue (JA_PATTERNS): each English template becomes an
anchored regular expression, and what its placeholders caught is translated in turn (a label, a
fixed fragment, a catalogue text, another pattern) or kept as it is (dates, numbers, references).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from privacy_desk.domain.vocabulary import Labelled
from privacy_desk.i18n import label as label
from privacy_desk.i18n import language
from privacy_desk.ui.catalog_ja import JA, JA_FRAGMENTS, JA_PATTERNS

# ---- refusals with parameters ----------------------------------------------------------------

# "{name}" is a placeholder; "{{" and "}}" are literal braces, as in str.format.
_TOKEN = re.compile(r"\{\{|\}\}|\{(\w+)\}")
_LETTERS = re.compile("[A-Za-z]")
# Placeholders that may hold whole sentences or lists of them (another refusal, the gaps of a
# letter, a parser's words). Any other placeholder holds one phrase: a label, a date, a number,
# a reference, a name; it never runs across the end of a sentence (". ") or a list item ("; "),
# which keeps matching fast on long messages.
TEXT_PLACEHOLDERS = frozenset({"problem", "problems", "gaps", "detail"})
# Placeholders that hold names the code or the user chose (a field of a template, a setting,
# a login, a case reference, a language code, a parser's words): shown exactly as they are.
VERBATIM_PLACEHOLDERS = frozenset(
    {
        "field",
        "owner",
        "attribute",
        "key",
        "login",
        "reference",
        "lang",
        "choices",
        "value",
        "detail",
    }
)
_TEXT = ".+?"
_PHRASE = r"(?:(?!\. |; ).)+?"
# Where a text may be cut into pieces that are translated one by one, and what joins the
# Japanese pieces: sentences, the gaps a letter check lists, and lists of labels.
_SEPARATORS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"(?<=[.!?])\s+"), ""),
    (re.compile(r"; "), "。"),
    (re.compile(r" or "), "または"),
    (re.compile(r" and "), "と"),
)


@dataclass(frozen=True)
class MessagePattern:
    """One English message template, its regular expression and its Japanese template."""

    english: str
    japanese: str
    regex: re.Pattern[str]
    names: tuple[str, ...]


def placeholders(template: str) -> tuple[str, ...]:
    """The placeholder names of a template, in order of first appearance."""
    names: list[str] = []
    for match in _TOKEN.finditer(template):
        name = match.group(1)
        if name and name not in names:
            names.append(name)
    return tuple(names)


def compile_template(english: str) -> re.Pattern[str]:
    """An anchored regex of the template: literal parts escaped, each placeholder non-greedy."""
    parts: list[str] = []
    seen: set[str] = set()
    position = 0
    for match in _TOKEN.finditer(english):
        parts.append(re.escape(english[position : match.start()]))
        name = match.group(1)
        if name is None:
            parts.append(re.escape(match.group()[0]))
        elif name in seen:
            parts.append(f"(?P={name})")
        else:
            seen.add(name)
            body = _TEXT if name in TEXT_PLACEHOLDERS else _PHRASE
            parts.append(f"(?P<{name}>{body})")
        position = match.end()
    parts.append(re.escape(english[position:]))
    return re.compile(r"\A" + "".join(parts) + r"\Z", re.DOTALL)


@cache
def message_patterns() -> tuple[MessagePattern, ...]:
    """JA_PATTERNS compiled once, in catalogue order."""
    return tuple(
        MessagePattern(english, japanese, compile_template(english), placeholders(english))
        for english, japanese in JA_PATTERNS
    )


def _labelled_types(base: type[Labelled]) -> Iterator[type[Labelled]]:
    for sub in base.__subclasses__():
        yield sub
        yield from _labelled_types(sub)


@cache
def _label_names() -> dict[str, str]:
    """English label → Japanese label of every vocabulary member, also in lower case."""
    names: dict[str, str] = {}
    members = [member for kind in _labelled_types(Labelled) for member in kind]
    for member in members:
        names.setdefault(member.en, member.ja)
    for member in members:
        names.setdefault(member.en.lower(), member.ja)
    return names


def _known(text: str) -> str | None:
    """A fixed piece: message fragment, vocabulary label or catalogue text."""
    for table in (JA_FRAGMENTS, _label_names(), JA):
        found = table.get(text)
        if found is not None:
            return found
    return None


# A translation and whether it is whole: every part was translated, is shown verbatim, or holds
# no words (dates, numbers). A part with words that nobody knows is kept in English, and the
# translation is then partial: used only when nothing whole is found.
_Found = tuple[str, bool]


def _japanese(text: str, memo: dict[str, _Found | None]) -> _Found | None:
    if text in memo:
        return memo[text]
    memo[text] = None  # a text is never a part of itself
    fixed = _known(text)
    found: _Found | None = (fixed, True) if fixed is not None else None
    partial: _Found | None = None
    if found is None:
        for pattern in message_patterns():
            match = pattern.regex.match(text)
            if match is None:
                continue
            values: dict[str, str] = {}
            whole = True
            for name, raw in match.groupdict().items():
                if name in VERBATIM_PLACEHOLDERS:
                    values[name] = raw
                    continue
                piece = _japanese(raw, memo)
                if piece is None:
                    values[name] = raw
                    whole = whole and not _LETTERS.search(raw)
                else:
                    values[name] = piece[0]
                    whole = whole and piece[1]
            filled = pattern.japanese.format(**values)
            if whole:
                found = (filled, True)
                break
            partial = partial or (filled, False)
    if found is None:
        found = _pieces(text, memo) or partial
    memo[text] = found
    return found


def _pieces(text: str, memo: dict[str, _Found | None]) -> _Found | None:
    """The text cut at sentence or list boundaries into pieces that each translate whole.

    Left to right, each piece is the shortest run that translates whole, so a boundary inside
    a piece ("APPI Art. 36") is passed over.
    """
    for separator, joiner in _SEPARATORS:
        bounds = [(cut.start(), cut.end()) for cut in separator.finditer(text)]
        if not bounds:
            continue
        bounds.append((len(text), len(text)))
        parts: list[str] = []
        start = index = 0
        while start < len(text):
            for position in range(index, len(bounds)):
                end, resume = bounds[position]
                piece = _japanese(text[start:end], memo) if start or end < len(text) else None
                if piece is not None and piece[1]:
                    parts.append(piece[0])
                    start, index = resume, position + 1
                    break
            else:
                break
        else:
            return joiner.join(parts), True
    return None


def translate_message(text: str) -> str:
    """A message of the rules or services in the screen language.

    English: the text as it is. Japanese: the catalogue's entry for the exact text, else the first
    message pattern that matches it whole (its parts translated where known), else its sentences
    one by one; what nobody knows stays in English.
    """
    if language() != "ja":
        return text
    exact = JA.get(text)
    if exact is not None:
        return exact
    found = _japanese(text, {})
    return text if found is None else found[0]
