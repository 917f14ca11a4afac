"""The small line markup that letter templates produce, and its parser.

A template fills to text; each line is one of these (a directive is a known word, a colon and a
space at the very start of the line; anything else is body text):

    title: TEXT              the subject line, centred (…について（通知）)
    opening: TEXT            拝啓… / Dear …, : first line of the body, not indented
    TEXT                     a body paragraph (each line is one paragraph)
    closing: TEXT            敬具 (right) / Yours sincerely, (left); consecutive lines stack
    heading: TEXT            a centred heading, e.g. 記; restarts item numbering
    item: LABEL [:: VALUE]   a numbered item (1, 2, …); VALUE beside or under the label
    sub: LABEL [:: VALUE]    a numbered sub-item of the last item ((1), (2), … / (a), (b), …)
    bullet: TEXT             a bulleted line under the last item or sub-item (・ / •)
    text: TEXT               a further paragraph under the last item or sub-item
    row: LABEL :: VALUE      a row of a two-column table (consecutive rows make one table)
    note: TEXT               a boxed notice (e.g. the confidentiality line of a fax)
    end: TEXT                the end mark, right-aligned (以上)
    space:                   a blank gap

Blank lines, and lines that held only a `{% … %}` tag, are skipped. Values filled in by the
template (`{{ … }}`) are fenced by private marker characters, so a value can never start a
directive or split a label from its value, and its own line breaks stay line breaks inside the
element (U+2028).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from privacy_desk.i18n import _

VALUE_START = "\ue000"
VALUE_END = "\ue001"
LINE_BREAK = "\u2028"

DIRECTIVES = frozenset(
    {
        "title",
        "opening",
        "closing",
        "heading",
        "item",
        "sub",
        "bullet",
        "text",
        "row",
        "note",
        "end",
        "space",
    }
)
_DIRECTIVE = re.compile(r"^([a-z]+):(?: (.*)|)$")


class MarkupError(ValueError):
    """The filled template is not valid markup; `line` is the line of the filled text."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


@dataclass
class Block:
    """One element of a letter body.

    kind: paragraph, opening, closing, heading, item, bullet, text, row, note, end, space.
    level: 0 body, 1 under an item, 2 under a sub-item (items are level 1, subs level 2).
    number: the item's number within its list (items and subs only).
    """

    kind: str
    text: str = ""
    label: str = ""
    level: int = 0
    number: int = 0


@dataclass
class LetterBody:
    title: str
    blocks: list[Block]


def fence(text: str) -> str:
    """Mark a filled-in value so the parser treats it as plain content."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", LINE_BREAK)
    return f"{VALUE_START}{text}{VALUE_END}"


def _unfence(text: str) -> str:
    return text.replace(VALUE_START, "").replace(VALUE_END, "")


def _split_label(rest: str) -> tuple[str, str | None]:
    """Split 'LABEL :: VALUE' at the first '::' outside filled-in values."""
    depth = 0
    i = 0
    while i < len(rest):
        ch = rest[i]
        if ch == VALUE_START:
            depth += 1
        elif ch == VALUE_END:
            depth = max(0, depth - 1)
        elif depth == 0 and rest.startswith("::", i):
            return rest[:i].strip(), rest[i + 2 :].strip()
        i += 1
    return rest.strip(), None


def parse(text: str) -> LetterBody:
    """Turn filled template text into a title and blocks; MarkupError names the bad line."""
    blocks: list[Block] = []
    title: str | None = None
    item_number = 0
    sub_number = 0
    current_level = 0  # level of the last item (1) or sub (2) for bullet/text

    for lineno, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not _unfence(line).strip(" \u3000\t" + LINE_BREAK):
            continue
        match = _DIRECTIVE.match(line)
        if not match or match.group(1) not in DIRECTIVES:
            blocks.append(Block("paragraph", _unfence(line).strip()))
            current_level = 0
            continue

        word, rest = match.group(1), match.group(2) or ""
        if word == "title":
            if title is not None:
                raise MarkupError(_("a letter has one 'title:' line; this is a second one"), lineno)
            title = _unfence(rest).strip()
            continue
        if word in ("item", "sub", "row"):
            label, value = _split_label(rest)
            label, value = _unfence(label), _unfence(value or "")
            if word == "row":
                blocks.append(Block("row", value, label=label))
                continue
            if word == "item":
                item_number += 1
                sub_number = 0
                current_level = 1
                block = Block("item", value, label=label, level=1, number=item_number)
            else:
                if item_number == 0:
                    raise MarkupError(_("'sub:' comes before any 'item:'"), lineno)
                sub_number += 1
                current_level = 2
                block = Block("item", value, label=label, level=2, number=sub_number)
            blocks.append(block)
            continue
        content = _unfence(rest).strip()
        if word == "heading":
            item_number = sub_number = current_level = 0
            blocks.append(Block("heading", content))
        elif word in ("bullet", "text"):
            blocks.append(Block(word, content, level=current_level))
        elif word == "closing" and blocks and blocks[-1].kind == "closing":
            blocks[-1].text += LINE_BREAK + content
        else:
            blocks.append(Block(word, content))

    if not title:
        raise MarkupError(_("the letter has no 'title:' line"), None)
    return LetterBody(title, blocks)
