"""The letter's type: fonts by name, page measures, paragraph styles for a language and size.

Fonts are IPAex Mincho (body) and IPAex Gothic (title, letterhead), embedded as subsets, for
English letters too so that Japanese names render; `layout.register_fonts` registers them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph

from privacy_desk.letters.markup import LINE_BREAK

MINCHO = "IPAexMincho"
GOTHIC = "IPAexGothic"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 25 * mm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X

_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def markup(text: str) -> str:
    """Plain text as reportlab paragraph markup: escaped, line breaks kept."""
    return escape(text).replace(LINE_BREAK, "<br/>").replace("\n", "<br/>")


@dataclass(frozen=True)
class Sizes:
    body: float
    title: float
    header: float
    foot: float

    @property
    def leading(self) -> float:
        return self.body * 1.5


def sizes_for(large_print: bool) -> Sizes:
    if large_print:
        return Sizes(body=14.0, title=18.0, header=14.0, foot=9.0)
    return Sizes(body=10.5, title=14.0, header=10.5, foot=7.5)


class Styles:
    """Paragraph styles for one language and size; CJK wrapping where the text needs it."""

    def __init__(self, lang: str, sizes: Sizes) -> None:
        self.lang = lang
        self.sizes = sizes
        body = ParagraphStyle(
            "body",
            fontName=MINCHO,
            fontSize=sizes.body,
            leading=sizes.leading,
            alignment=TA_LEFT,
            splitLongWords=True,
        )
        self.body = body
        self.title = ParagraphStyle(
            "title",
            parent=body,
            fontName=GOTHIC,
            fontSize=sizes.title,
            leading=sizes.title * 1.5,
            alignment=TA_CENTER,
            spaceBefore=2 * mm,
            spaceAfter=6 * mm,
        )
        self.paragraph = ParagraphStyle(
            "paragraph",
            parent=body,
            firstLineIndent=sizes.body if lang == "ja" else 0,
            spaceAfter=0 if lang == "ja" else sizes.body * 0.6,
        )
        self.opening = ParagraphStyle(
            "opening", parent=body, spaceAfter=0 if lang == "ja" else sizes.body * 0.6
        )
        self.closing = ParagraphStyle(
            "closing",
            parent=body,
            alignment=TA_RIGHT if lang == "ja" else TA_LEFT,
            spaceBefore=0 if lang == "ja" else sizes.body * 0.8,
            spaceAfter=3 * mm,
        )
        self.heading = ParagraphStyle(
            "heading", parent=body, alignment=TA_CENTER, spaceBefore=2 * mm, spaceAfter=3 * mm
        )
        self.end = ParagraphStyle("end", parent=body, alignment=TA_RIGHT, spaceBefore=2 * mm)
        self.cell = ParagraphStyle("cell", parent=body)
        self.note = ParagraphStyle(
            "note",
            parent=body,
            borderWidth=0.6,
            borderColor=colors.black,
            # Top, right, bottom, left: reportlab takes a tuple here (normalizeTRBL), its stubs
            # say only a float.
            borderPadding=(2.5 * mm, 3 * mm, 2.5 * mm, 3 * mm),  # type: ignore[arg-type]
            spaceBefore=5 * mm,
            spaceAfter=4 * mm,
            leftIndent=3 * mm,
            rightIndent=3 * mm,
        )
        self.right = ParagraphStyle(
            "right",
            parent=body,
            fontSize=sizes.header,
            leading=sizes.header * 1.45,
            alignment=TA_RIGHT,
        )
        self.foot = ParagraphStyle(
            "foot",
            parent=body,
            fontName=GOTHIC,
            fontSize=sizes.foot,
            leading=sizes.foot * 1.45,
            alignment=TA_CENTER,
        )

    def para(self, text: str, style: ParagraphStyle, **changes: Any) -> Paragraph:
        """A paragraph of plain text; CJK line breaking when the text holds Japanese."""
        if _CJK.search(text):
            changes.setdefault("wordWrap", "CJK")
        if changes:
            style = ParagraphStyle(f"{style.name}+", parent=style, **changes)
        return Paragraph(markup(text), style)
