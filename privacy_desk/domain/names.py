"""Japanese names for search and duplicate detection, and masked for screens others can see.

The same person writes 山田太郎, ヤマダ　タロウ, ﾔﾏﾀﾞ ﾀﾛｳ or やまだ たろう; :func:`fold` maps the
kana forms to one key so search and "likely earlier cases" find them. Kanji are kept as they are
(reading them would need a dictionary and would still guess).
"""

from __future__ import annotations

import re
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


# Every dash, minus and long-vowel mark people type between address numbers (after NFKC).
_DASHES = re.compile("[\u002d\u2010-\u2015\u2212\u30fc\uff70\u2e3a\u2e3b]+")
# 2丁目1番地3号 and 2-1-3 are the same address.
_BLOCK_WORDS = re.compile(r"(\d)(?:丁目|番地|番|の)(?=\d)")
_LAST_NUMBER_WORD = re.compile(r"(\d)(?:番地|番|号)(?!\d)")


def fold_address(text: str) -> str:
    """A key for finding the same address however it was typed.

    :func:`fold` first (width, spaces, kana, case), then every kind of hyphen, dash, minus and
    long-vowel mark becomes "-", 丁目/番地/番/の between numbers become "-" too, and 号, 番地 or
    番 after the last number are dropped: "渋谷２丁目１番１号" and "渋谷 2ー1ー1" give one key.
    """
    key = _DASHES.sub("-", fold(text))
    key = _BLOCK_WORDS.sub(r"\1-", key)
    key = _LAST_NUMBER_WORD.sub(r"\1", key)
    return key


# The half-width katakana block (with its punctuation, long-vowel and voicing marks).
_HALF_WIDTH_KANA = re.compile("[\uff61-\uff9f]+")


def widen_kana(text: str) -> str:
    """Half-width katakana typed (ｻﾄｳ ﾀﾛｳ) as full-width (サトウ タロウ), as a name is stored.

    NFKC for those characters only, so voiced marks join their kana (ｻﾞ becomes ザ) while
    full-width Latin letters, digits and every other character stay exactly as typed.
    """
    return _HALF_WIDTH_KANA.sub(lambda run: unicodedata.normalize("NFKC", run.group()), text)


def name_sort_key(name: str, reading: str = "") -> tuple[bytes, str]:
    """The key that puts names in the order a Japanese office expects (gojūon order).

    With a kana reading, the reading decides (folded: katakana, hiragana, widths alike). Without
    one, the name itself is put in JIS X 0208 order, which is also what Unicode's Japanese
    collation (CLDR "ja") does with kanji: level-1 kanji are listed by their reading (伊 い,
    佐 さ, 担 たん) where code points follow radicals and strokes (佐 before 担 before 木). Kana
    come before kanji, so readings and kana-only names interleave. Characters outside JIS X 0208
    follow, by code point. No dictionary and no ICU library are needed.
    """
    text = fold(reading) if reading.strip() else fold(name)
    encoded = bytearray()
    rest = []
    for char in text:
        try:
            encoded += char.encode("euc_jp")
        except UnicodeEncodeError:
            encoded += b"\xff\xff"
            rest.append(char)
    return bytes(encoded), "".join(rest) + name


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
