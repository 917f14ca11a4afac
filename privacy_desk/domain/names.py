"""Japanese names for search and duplicate detection, and masked for screens others can see.

The same person writes 山田太郎, ヤマダ　タロウ, ﾔﾏﾀﾞ ﾀﾛｳ or やまだ たろう; :func:`fold` maps the
kana forms to one key so search and "likely earlier cases" find them. Kanji are kept as they are
(reading them would need a dictionary and would still guess).
"""

from __future__ import annotations

import unicodedata

_KATAKANA_FIRST = 0x30A1  # ァ
_KATAKANA_LAST = 0x30F6  # ヶ
_ITERATION_MARKS = (0x30FD, 0x30FE)  # ヽ ヾ
_KANA_OFFSET = 0x60  # distance from a katakana to its hiragana (ア U+30A2 -> あ U+3042)

_KATAKANA_TO_HIRAGANA = {
    code: code - _KANA_OFFSET
    for code in (*range(_KATAKANA_FIRST, _KATAKANA_LAST + 1), *_ITERATION_MARKS)
}
# Katakana middle dot, its half-width form and the Latin middle dot all separate name parts.
_MIDDLE_DOTS = "\u30fb\uff65\u00b7"

_MASK = "＊＊"

# Each pass can expose new work for the others (dropping a space can bring a combining mark next
# to a letter it composes with); a few passes always reach a fixed point in practice.
_MAX_PASSES = 8


def _fold_once(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = text.casefold()
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_KATAKANA_TO_HIRAGANA)
    return "".join(char for char in text if not char.isspace() and char not in _MIDDLE_DOTS)


def fold(text: str) -> str:
    """A search key for a name: width, script of kana, case, spaces and middle dots ignored.

    NFKC (half-width katakana with their voiced marks become full-width, full-width Latin becomes
    ASCII), katakana become hiragana, white space and middle dots are dropped, case is folded.
    ``fold("ﾔﾏﾀﾞ ﾀﾛｳ") == fold("ヤマダ　タロウ") == "やまだたろう"``. Idempotent.
    """
    current = text
    for _pass in range(_MAX_PASSES):
        folded = _fold_once(current)
        if folded == current:
            break
        current = folded
    return current


def mask_name(name: str) -> str:
    """The name as shown on screens others can see: the family name, then "＊＊".

    The family name is the text before the first space (ASCII or ideographic), kept with that
    space; without a space only the first character is kept. "山田 太郎" -> "山田 ＊＊",
    "山田太郎" -> "山＊＊". The mask has a fixed length so it does not tell the given name's.
    """
    stripped = name.strip()
    if not stripped:
        return ""
    for index, char in enumerate(stripped):
        if char.isspace():
            return stripped[: index + 1] + _MASK
    return stripped[0] + _MASK
