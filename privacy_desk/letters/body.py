"""The body of a letter: parsed markup turned into reportlab flowables.

Items and sub-items are numbered per language (1 / (1) in Japanese, 1. / (a) in English) and their
labels and values line up in columns; rows become a ruled table; a short value keeps with its
label across a page break.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from privacy_desk.letters.markup import LINE_BREAK, Block, LetterBody
from privacy_desk.letters.styles import GOTHIC, MINCHO, TEXT_WIDTH, Styles

# A value shorter than this moves to the next page with its label rather than split from it.
KEEP_WITH_LABEL_CHARS = 400


def _number(block: Block, lang: str) -> str:
    n = block.number
    if block.level == 1:
        return str(n) if lang == "ja" else f"{n}."
    if lang == "ja":
        return f"({n})"
    letters = "abcdefghijklmnopqrstuvwxyz"
    return f"({letters[(n - 1) % 26]})"


def _belongs_to(following: Block, item: Block) -> bool:
    """Whether `following` continues `item` (its text, its bullets, its sub-items)."""
    if following.kind in ("text", "bullet"):
        return following.level >= item.level
    return following.kind == "item" and following.level > item.level


class BodyBuilder:
    """Turns parsed markup into flowables with consistent indents for items and sub-items."""

    def __init__(self, styles: Styles) -> None:
        self.s = styles
        scale = styles.sizes.body / 10.5
        self.number_width = {1: 7 * mm * scale, 2: 8 * mm * scale}
        # Label columns sized so that item and sub-item values start at the same place.
        label = (45 if styles.lang == "ja" else 52) * mm * scale
        self.label_width = {1: label, 2: label - self.number_width[2]}

    def content_indent(self, level: int) -> float:
        if level <= 0:
            return 0.0
        indent = self.number_width[1]
        if level >= 2:
            indent += self.number_width[2]
        return indent

    def build(self, body: LetterBody) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = [self.title(body.title)]
        rows: list[tuple[str, str]] = []
        blocks = body.blocks
        for index, block in enumerate(blocks):
            if block.kind != "row" and rows:
                out.append(self.table(rows))
                rows = []
            if block.kind == "row":
                rows.append((block.label, block.text))
            elif block.kind == "paragraph":
                out.append(s.para(block.text, s.paragraph))
            elif block.kind == "opening":
                out.append(s.para(block.text, s.opening))
            elif block.kind == "closing":
                out.append(s.para(block.text, s.closing))
            elif block.kind == "heading":
                out.append(s.para(block.text, s.heading))
            elif block.kind == "end":
                out.append(s.para(block.text, s.end))
            elif block.kind == "note":
                out.append(s.para(block.text, s.note))
            elif block.kind == "space":
                out.append(Spacer(1, s.sizes.leading))
            elif block.kind == "item":
                out.extend(self.item(block))
                following = blocks[index + 1] if index + 1 < len(blocks) else None
                if following is not None and _belongs_to(following, block):
                    # A label with its value beside it stays with what it goes on with.
                    out[-1].keepWithNext = True
            elif block.kind == "bullet":
                out.append(self.bullet(block))
            elif block.kind == "text":
                indent = self.content_indent(block.level)
                out.append(s.para(block.text, s.body, leftIndent=indent))
        if rows:
            out.append(self.table(rows))
        return out

    def title(self, text: str) -> Paragraph:
        """The title on one line if it fits at no less than body size; wrapped otherwise."""
        s = self.s
        size = s.sizes.title
        width = pdfmetrics.stringWidth(text, GOTHIC, size)
        if width > TEXT_WIDTH:
            size = max(s.sizes.body, size * TEXT_WIDTH / width * 0.99)
        return s.para(text, s.title, fontSize=size, leading=size * 1.5)

    def item(self, block: Block) -> list[Flowable]:
        s = self.s
        level = block.level
        indent = self.content_indent(level - 1)
        number_w = self.number_width[level]
        label_w = self.label_width[level]
        value_w = TEXT_WIDTH - indent - number_w - label_w
        number = s.para(_number(block, s.lang), s.cell)
        space_before = s.sizes.body * (0.5 if level == 1 else 0.15)
        fits_beside = (
            block.text
            and LINE_BREAK not in block.text
            and pdfmetrics.stringWidth(block.label, MINCHO, s.sizes.body) <= label_w - 3 * mm
            and pdfmetrics.stringWidth(block.text, MINCHO, s.sizes.body) <= value_w * 3
        )
        cells: list[Paragraph | str]  # an empty first cell indents the row
        if fits_beside:
            cells = [number, s.para(block.label, s.cell), s.para(block.text, s.cell)]
            widths = [number_w, label_w, value_w]
        else:
            cells = [number, s.para(block.label, s.cell)]
            widths = [number_w, label_w + value_w]
        if indent:
            cells.insert(0, "")
            widths.insert(0, indent)
        row = Table([cells], colWidths=widths, hAlign="LEFT", spaceBefore=space_before)
        row.setStyle(_PLAIN_TABLE)
        row.starts_item = True  # type: ignore[attr-defined]  # read by frame.closing_leads
        if fits_beside:
            return [row]
        # A label on its own line stays with what follows it (its value, sub-items, bullets).
        row.keepWithNext = True
        if not block.text:
            return [row]
        value = s.para(block.text, s.body, leftIndent=indent + number_w)
        short = len(block.text) < KEEP_WITH_LABEL_CHARS
        if not short:
            return [row, value]
        group = KeepTogether([row, value])
        group.starts_item = True  # type: ignore[attr-defined]
        return [group]

    def bullet(self, block: Block) -> Flowable:
        s = self.s
        indent = self.content_indent(block.level)
        mark = "・" if s.lang == "ja" else "•"
        width = s.sizes.body * (1.0 if s.lang == "ja" else 1.2)
        return s.para(
            block.text,
            s.body,
            leftIndent=indent + width,
            bulletIndent=indent,
            bulletFontName=MINCHO,
            bulletFontSize=s.sizes.body,
            bulletText=mark,
        )

    def table(self, rows: Sequence[tuple[str, str]]) -> Table:
        s = self.s
        label_w = 40 * mm * s.sizes.body / 10.5
        data = [[s.para(label, s.cell), s.para(value, s.cell)] for label, value in rows]
        table = Table(data, colWidths=[label_w, TEXT_WIDTH - label_w], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5 * mm),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5 * mm),
                    ("LEFTPADDING", (0, 0), (-1, -1), 2.5 * mm),
                    ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.93, 0.93, 0.93)),
                ]
            )
        )
        return table


_PLAIN_TABLE = TableStyle(
    [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
)
