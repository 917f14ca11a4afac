"""Addresses cut into the parts a line may break between, and packed into the window's lines.

A Japanese address reads prefecture, city (and ward, or district and town), town, block number,
building, floor or room: 大阪府 / 大阪市 / 北区 / 梅田 / 二丁目4番9号 / ブリーゼタワー / 二十三階.
A line may break between two parts (and at a space), never inside one: a floor such as 二十三階
or a room such as 305号室 stays whole. An organisation's name breaks at its spaces only
(弁護士法人 / 中村総合法律事務所 / 大阪事務所).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.pdfbase import pdfmetrics

_DIGIT = "0-9０-９"
_KANJI_NUMERAL = "一二三四五六七八九十百〇"
_PREFECTURE = re.compile(r"^(東京都|北海道|(?:京都|大阪)府|[^\s" + _DIGIT + r"]{2,3}県)")
# A city or ward (…市, …区), or a district (…郡) and its town or village (…町, …村).
_CITY = re.compile(r"^([^\s" + _DIGIT + r"]{1,5}?[市区郡])(?=[^\s" + _DIGIT + "])")
_TOWN_OF_DISTRICT = re.compile(r"^([^\s" + _DIGIT + r"]{1,4}?[町村])(?=[^\s" + _DIGIT + "])")
# The block number: 2-4-9, 二丁目4番9号, 4-21-1, 1番地の3 (kanji numerals only before 丁目, so
# that place names such as 三条 or 八王子 stay whole).
_BLOCK = re.compile(
    r"(?:[" + _DIGIT + r"]+|[" + _KANJI_NUMERAL + r"]+(?=丁目))"
    r"(?:丁目|番地の?|番|号|[-‐－ー―−][" + _DIGIT + r"]*|[" + _DIGIT + r"]+)*"
)
# A floor or a room at the end of a building's name: 二十三階, 12階, 12F, 305号室.
_FLOOR = re.compile(
    r"((?:[" + _DIGIT + r"]+|[" + _KANJI_NUMERAL + r"]+)(?:階|F|Ｆ)(?:[" + _DIGIT + r"]+号室)?"
    r"|[" + _DIGIT + r"]+号室)$"
)


@dataclass(frozen=True)
class Part:
    text: str
    space_before: bool  # written with a space before it when not at a line's start


def address_parts(address: str) -> list[Part]:
    """The address cut where a line may break; joining the parts gives the address back."""
    parts: list[Part] = []
    for index, chunk in enumerate(re.split(r"[ \u3000]+", address.strip())):
        if not chunk:
            continue
        pieces = _cut(chunk, first=not parts)
        for number, piece in enumerate(pieces):
            parts.append(Part(piece, space_before=index > 0 and number == 0 and bool(parts)))
    return parts


def _cut(chunk: str, first: bool) -> list[str]:
    pieces: list[str] = []
    rest = chunk
    if first:
        match = _PREFECTURE.match(rest)
        if match and match.end() < len(rest):
            pieces.append(match.group(1))
            rest = rest[match.end() :]
        while match := _CITY.match(rest):
            pieces.append(match.group(1))
            rest = rest[match.end() :]
            if match.group(1).endswith("郡") and (town := _TOWN_OF_DISTRICT.match(rest)):
                pieces.append(town.group(1))
                rest = rest[town.end() :]
        # The town name runs to the block number; the building follows it.
        for start in range(len(rest)):
            block = _BLOCK.match(rest, start)
            if block and block.end() > start:
                if start:
                    pieces.append(rest[:start])
                pieces.append(block.group(0))
                rest = rest[block.end() :]
                break
    floor = _FLOOR.search(rest)
    if floor and floor.start() > 0:
        pieces.append(rest[: floor.start()])
        rest = rest[floor.start() :]
    if rest:
        pieces.append(rest)
    return pieces


def words(text: str) -> list[Part]:
    """A name cut at its spaces only."""
    return [
        Part(word, space_before=i > 0)
        for i, word in enumerate(w for w in re.split(r"[ \u3000]+", text.strip()) if w)
    ]


def pack_parts(parts: Sequence[Part], font: str, size: float, width: float) -> list[str] | None:
    """The parts on as few lines as fit `width`; None when one part alone is wider."""
    lines: list[str] = []
    for part in parts:
        if pdfmetrics.stringWidth(part.text, font, size) > width:
            return None
        if lines:
            trial = lines[-1] + (" " if part.space_before else "") + part.text
            if pdfmetrics.stringWidth(trial, font, size) <= width:
                lines[-1] = trial
                continue
        lines.append(part.text)
    return lines
