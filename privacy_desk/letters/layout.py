"""The page: fonts, the frame every letter shares, and the body's markup turned into flowables.

A4 portrait, horizontal writing, margins 25 mm left and right. Page 1 carries the frame of
letters.md drawn at fixed places: the document number and date top right, the recipient block
in the envelope window (see `Letterhead` for the figures), the sender block on the right; the
body starts below the lowest point the window can reach, so only the address ever shows through
it. Every page carries the letterhead (organisation, both offices, TEL, FAX, email, hours) at
the foot; pages after the first repeat the document number and date at the top; page numbers
("1 / 2") appear only when a letter runs to more than one page. The contact block sits at the
bottom right of the last page.

Fonts are IPAex Mincho (body) and IPAex Gothic (title, letterhead), embedded as subsets, for
English letters too so that Japanese names render.
"""

from __future__ import annotations

import functools
import io
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepTogether,
    LayoutError,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from privacy_desk.letters.context import LetterContext, Letterhead, LetterKind, Recipient
from privacy_desk.letters.dates import format_date
from privacy_desk.letters.errors import LetterLayoutError
from privacy_desk.letters.markup import LINE_BREAK, Block, LetterBody
from privacy_desk.letters.templates import RESOURCES, document_number

MINCHO = "IPAexMincho"
GOTHIC = "IPAexGothic"
PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 25 * mm
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
LATER_TOP = 25 * mm
FOOT_EDGE = 10 * mm
# How far the folded sheet can slide inside a 長形3号 envelope (see Letterhead).
SLACK_ALONG = 25 * mm
SLACK_ACROSS = 21 * mm
# Sizes in the window stay postal-sized even in large print; the first is tried first.
ADDRESS_SIZES = (10.0, 9.5, 9.0, 8.5, 8.0)
# A value shorter than this moves to the next page with its label rather than split from it.
KEEP_WITH_LABEL_CHARS = 400

_fonts_lock = threading.Lock()
_fonts_ready = False
_build_lock = threading.Lock()


def register_fonts() -> None:
    """Register the IPAex fonts with reportlab, once per process."""
    global _fonts_ready
    with _fonts_lock:
        if _fonts_ready:
            return
        # Bytes, not a path: the package may sit in a zip or a wheel cache.
        fonts = RESOURCES / "fonts"
        pdfmetrics.registerFont(TTFont(MINCHO, io.BytesIO((fonts / "ipaexm.ttf").read_bytes())))
        pdfmetrics.registerFont(TTFont(GOTHIC, io.BytesIO((fonts / "ipaexg.ttf").read_bytes())))
        _fonts_ready = True


FRAME_TEXT: dict[str, dict[str, str]] = {
    "ja": {
        "honorific": " 様",
        "agent": "{agent} 様\n（{person} 様 代理人）",
        "head_office": "本部",
        "branch_office": "支所",
        "contact": "【担当】JACCES {office}　{staff}",
        "tel_fax": "TEL {tel}　FAX {fax}",
        "email": "E-mail",
        "hours": "受付時間",
        "page": "{n} / {total}",
    },
    "en": {
        "honorific": "",
        "agent": "{agent}\n(on behalf of {person})",
        "head_office": "Head office",
        "branch_office": "Branch office",
        "contact": "Contact: {staff}, {office}, JACCES",
        "tel_fax": "TEL {tel}   FAX {fax}",
        "email": "Email",
        "hours": "Office hours",
        "page": "{n} / {total}",
    },
}

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
            borderPadding=(2.5 * mm, 3 * mm, 2.5 * mm, 3 * mm),
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


# -- the body -----------------------------------------------------------------------------


def _number(block: Block, lang: str) -> str:
    n = block.number
    if block.level == 1:
        return str(n) if lang == "ja" else f"{n}."
    if lang == "ja":
        return f"({n})"
    letters = "abcdefghijklmnopqrstuvwxyz"
    return f"({letters[(n - 1) % 26]})"


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
        for block in body.blocks:
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
        if fits_beside:
            return [row]
        # A label on its own line stays with what follows it (its value, sub-items, bullets).
        row.keepWithNext = True
        if not block.text:
            return [row]
        value = s.para(block.text, s.body, leftIndent=indent + number_w)
        short = len(block.text) < KEEP_WITH_LABEL_CHARS
        return [KeepTogether([row, value])] if short else [row, value]

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


# -- the frame ----------------------------------------------------------------------------


def break_at_spaces(text: str, font: str, size: float, width: float) -> str:
    """Break a line at its spaces where it would overflow (building names go whole to line 2).

    A single word wider than the line is left for the paragraph's own (CJK) wrapping.
    """
    lines: list[str] = []
    for hard_line in text.replace(LINE_BREAK, "\n").split("\n"):
        current = ""
        for word in re.split(r"[ \u3000]+", hard_line.strip()):
            trial = f"{current} {word}" if current else word
            if current and pdfmetrics.stringWidth(trial, font, size) > width:
                lines.append(current)
                current = word
            else:
                current = trial
        lines.append(current)
    return LINE_BREAK.join(line for line in lines if line)


def pack(segments: Sequence[str], sep: str, font: str, size: float, width: float) -> list[str]:
    """Segments joined into as few lines as fit `width`, never breaking inside one."""
    lines: list[str] = []
    for segment in segments:
        trial = f"{lines[-1]}{sep}{segment}" if lines else segment
        if lines and pdfmetrics.stringWidth(trial, font, size) <= width:
            lines[-1] = trial
        else:
            lines.append(segment)
    return lines


def postal_code_text(code: str) -> str:
    digits = re.sub(r"[^0-9０-９]", "", code)
    digits = digits.translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    if len(digits) == 7:
        return f"〒{digits[:3]}-{digits[3:]}"
    return f"〒{code.strip().lstrip('〒').strip()}" if code.strip() else ""


def recipient_name(recipient: Recipient, lang: str) -> str:
    words = FRAME_TEXT[lang]
    if recipient.on_behalf_of:
        return words["agent"].format(agent=recipient.name, person=recipient.on_behalf_of)
    return recipient.name + words["honorific"]


@dataclass
class Placed:
    """A paragraph measured for a given width, ready to draw at a fixed place."""

    paragraph: Paragraph
    width: float
    height: float


def _place(paragraph: Paragraph, width: float) -> Placed:
    _, height = paragraph.wrap(width, PAGE_HEIGHT)
    return Placed(paragraph, width, height)


class FirstPage:
    """What page 1 draws around the body, measured once before the build."""

    def __init__(self, context: LetterContext, letterhead: Letterhead, styles: Styles) -> None:
        lang = context.lang
        self.s = styles
        self.lang = lang
        self.has_window = context.kind != LetterKind.FAX_COVER
        self.address_x = letterhead.address_x_mm * mm
        self.address_top = letterhead.address_y_mm * mm
        self.address_w = letterhead.address_width_mm * mm
        self.address_h = letterhead.address_height_mm * mm
        # The window can reach this far across and down the sheet; nothing else goes there.
        self.keep_right = self.address_x + self.address_w + SLACK_ALONG + 1 * mm
        self.keep_bottom = self.address_top + self.address_h + SLACK_ACROSS + 1 * mm
        right_edge = PAGE_WIDTH - MARGIN_X
        right_w = right_edge - (self.keep_right if self.has_window else MARGIN_X)

        self.doc_number = document_number(context.reference, letterhead, lang)
        self.date_text = format_date(context.issue_date, lang, letterhead.era_dates)
        self.number_block = _place(
            styles.para(f"{self.doc_number}{LINE_BREAK}{self.date_text}", styles.right), right_w
        )
        self.number_top = 14 * mm

        sender_lines = [letterhead.text("organisation", lang), letterhead.text("office", lang)]
        responsible = letterhead.text("person_responsible", lang)
        if responsible:
            sender_lines.append(responsible)
        self.sender = _place(styles.para(LINE_BREAK.join(sender_lines), styles.right), right_w)
        self.sender_top = max(
            self.number_top + self.number_block.height + 6 * mm,
            (self.address_top + self.address_h + 2 * mm) if self.has_window else 0,
        )
        self.address = self._fit_address(context.recipient) if self.has_window else None

        if self.has_window:
            self.body_top = max(self.keep_bottom, self.sender_top + self.sender.height + 5 * mm)
        else:
            self.body_top = self.sender_top + self.sender.height + 5 * mm

    def _fit_address(self, recipient: Recipient) -> list[Placed]:
        """The recipient block at the largest size that fits the window, or an error."""
        lines = [postal_code_text(recipient.postal_code), recipient.address]
        name = recipient_name(recipient, self.lang)
        for size in ADDRESS_SIZES:
            style = ParagraphStyle("address", fontName=MINCHO, fontSize=size, leading=size * 1.3)
            placed = [
                _place(
                    self.s.para(break_at_spaces(t, MINCHO, size, self.address_w), style),
                    self.address_w,
                )
                for t in lines
                if t.strip()
            ]
            name_style = ParagraphStyle(
                "name",
                parent=style,
                fontSize=size + 1.5,
                leading=(size + 1.5) * 1.3,
                spaceBefore=size * 0.3,
            )
            placed.append(_place(self.s.para(name, name_style), self.address_w))
            if sum(p.height for p in placed) + size * 0.3 <= self.address_h:
                return placed
        raise LetterLayoutError(
            "The recipient's address and name do not fit the envelope window "
            f"({self.address_w / mm:.0f} × {self.address_h / mm:.0f} mm) even at "
            f"{ADDRESS_SIZES[-1]:g} pt; shorten the address or use a plain envelope setting."
        )

    def draw(self, canvas: Canvas) -> None:
        right_edge = PAGE_WIDTH - MARGIN_X
        block = self.number_block
        block.paragraph.drawOn(
            canvas, right_edge - block.width, PAGE_HEIGHT - self.number_top - block.height
        )
        sender = self.sender
        sender.paragraph.drawOn(
            canvas, right_edge - sender.width, PAGE_HEIGHT - self.sender_top - sender.height
        )
        if self.address:
            y = PAGE_HEIGHT - self.address_top
            for placed in self.address:
                y -= placed.height
                placed.paragraph.drawOn(canvas, self.address_x, y)


class Footer:
    """The letterhead at the foot of every page, and the page number above it."""

    def __init__(self, letterhead: Letterhead, lang: str, styles: Styles) -> None:
        words = FRAME_TEXT[lang]
        sep = "　" if lang == "ja" else "   "
        name = letterhead.text("organisation", lang)
        offices = [
            f"{words['head_office']} {letterhead.text('head_office_address', lang)}",
            f"{words['branch_office']} {letterhead.text('branch_office_address', lang)}",
        ]
        contact = [
            f"TEL {letterhead.tel}",
            f"FAX {letterhead.fax}",
            f"{words['email']} {letterhead.email}",
            f"{words['hours']} {letterhead.text('office_hours', lang)}",
        ]
        lines = [
            name,
            *pack(offices, sep, GOTHIC, styles.sizes.foot, TEXT_WIDTH),
            *pack(contact, sep, GOTHIC, styles.sizes.foot, TEXT_WIDTH),
        ]
        self.block = _place(styles.para(LINE_BREAK.join(lines), styles.foot), TEXT_WIDTH)
        self.page_size = styles.sizes.foot + 1.5
        self.rule_y = FOOT_EDGE + self.block.height + 1.5 * mm
        # Body frames stop above the rule, leaving a line for the page number.
        self.reserved = self.rule_y + 1.5 * mm + self.page_size + 2 * mm

    def draw(self, canvas: Canvas) -> None:
        self.block.paragraph.drawOn(canvas, MARGIN_X, FOOT_EDGE)
        canvas.saveState()
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, self.rule_y, PAGE_WIDTH - MARGIN_X, self.rule_y)
        canvas.restoreState()

    def draw_page_number(self, canvas: Canvas, page: int, total: int, lang: str) -> None:
        canvas.saveState()
        canvas.setFont(GOTHIC, self.page_size)
        canvas.drawRightString(
            PAGE_WIDTH - MARGIN_X,
            self.rule_y + 1.5 * mm,
            FRAME_TEXT[lang]["page"].format(n=page, total=total),
        )
        canvas.restoreState()


class _PagedCanvas(Canvas):
    """Holds pages back until the end so that "n / total" can be written, and only if total > 1."""

    def __init__(self, *args: Any, number_page: Callable[[Canvas, int, int], None], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []
        self._number_page = number_page

    def showPage(self) -> None:
        self._held_pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._held_pages)
        for page, state in enumerate(self._held_pages, start=1):
            self.__dict__.update(state)
            if total > 1:
                self._number_page(self, page, total)
            super().showPage()
        super().save()


class AtFoot(Flowable):
    """The contact block at the bottom right of the frame, with the body's last line (以上).

    It takes the rest of the frame; when the block does not fit below what precedes it, the
    last line moves with it to the next page, so a page never holds the contact block alone.
    """

    def __init__(self, lead: Flowable | None, inner: Flowable, gap: float) -> None:
        super().__init__()
        self.lead = lead
        self.inner = inner
        self.gap = gap
        self._sizes = (0.0, 0.0, 0.0)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        lead_h = 0.0
        if self.lead is not None:
            _, lead_h = self.lead.wrap(availWidth, availHeight)
            lead_h += self.lead.getSpaceBefore()
        w, h = self.inner.wrap(availWidth, availHeight)
        self._sizes = (lead_h, w, h)
        self.width = availWidth
        # Too tall for what is left: ask for more, so the frame moves it to the next page.
        self.height = max(availHeight, lead_h + self.gap + h)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        lead_h, w, _height = self._sizes
        if self.lead is not None:
            self.lead.drawOn(self.canv, 0, self.height - lead_h)
        self.inner.drawOn(self.canv, self.width - w, 0)


def contact_block(
    context: LetterContext, letterhead: Letterhead, styles: Styles, lead: Flowable | None
) -> Flowable:
    """The 担当 block: office, staff member, TEL, FAX, email, hours; at the foot of the last page."""
    lang = context.lang
    words = FRAME_TEXT[lang]
    sep = "　" if lang == "ja" else "   "
    width = min(TEXT_WIDTH, 134 * mm * styles.sizes.body / 10.5)
    inner = width - 6 * mm
    lines = [
        words["contact"].format(office=letterhead.text("office", lang), staff=context.staff_name),
        *pack(
            [
                words["tel_fax"].format(tel=letterhead.tel, fax=letterhead.fax),
                f"{words['email']} {letterhead.email}",
            ],
            sep,
            MINCHO,
            styles.sizes.body,
            inner,
        ),
        f"{words['hours']}{' ' if lang == 'ja' else ': '}{letterhead.text('office_hours', lang)}",
    ]
    style = ParagraphStyle("contact", parent=styles.cell, leading=styles.sizes.body * 1.35)
    box = Table([[styles.para(LINE_BREAK.join(lines), style)]], colWidths=[width], hAlign="RIGHT")
    box.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.6, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3 * mm),
                ("TOPPADDING", (0, 0), (-1, -1), 1.2 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.2 * mm),
            ]
        )
    )
    return AtFoot(lead, box, gap=2 * mm)


def build_pdf(body: LetterBody, context: LetterContext, letterhead: Letterhead) -> bytes:
    """The whole letter as PDF bytes, built in memory."""
    register_fonts()
    lang = context.lang
    large = context.large_print or letterhead.large_print
    styles = Styles(lang, sizes_for(large))
    first = FirstPage(context, letterhead, styles)
    footer = Footer(letterhead, lang, styles)
    later_header = _place(
        styles.para(
            f"{first.doc_number}　{first.date_text}",
            styles.foot,
            alignment=TA_RIGHT,
        ),
        TEXT_WIDTH,
    )

    def on_first(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        first.draw(canvas)
        footer.draw(canvas)

    def on_later(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        later_header.paragraph.drawOn(canvas, MARGIN_X, PAGE_HEIGHT - 14 * mm - later_header.height)
        footer.draw(canvas)

    def frame(top: float, name: str) -> Frame:
        return Frame(
            MARGIN_X,
            footer.reserved,
            TEXT_WIDTH,
            PAGE_HEIGHT - top - footer.reserved,
            id=name,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )

    buffer = io.BytesIO()
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        title=body.title,
        author=letterhead.text("organisation", lang),
        subject=str(context.kind),
        creator="Privacy Desk",
        invariant=True,
        lang=lang,
        initialFontName=MINCHO,
        initialFontSize=styles.sizes.body,
    )
    doc.addPageTemplates(
        [
            PageTemplate(
                "first",
                [frame(first.body_top, "first")],
                onPage=on_first,
                autoNextPageTemplate="later",
            ),
            PageTemplate("later", [frame(LATER_TOP, "later")], onPage=on_later),
        ]
    )
    flowables = BodyBuilder(styles).build(body)
    # The last short line (以上, Yours sincerely) travels with the contact block.
    last = flowables[-1] if flowables else None
    lead = flowables.pop() if isinstance(last, Paragraph) and len(last.text) < 300 else None
    flowables.append(contact_block(context, letterhead, styles, lead))
    number_page = functools.partial(_number_page, footer=footer, lang=lang)
    try:
        with _build_lock:  # reportlab keeps some state in module globals
            doc.build(
                flowables, canvasmaker=functools.partial(_PagedCanvas, number_page=number_page)
            )
    except LayoutError:
        # reportlab's message quotes the text: keep personal data out of the error.
        raise LetterLayoutError(
            "Part of the letter is too large to fit on one page (a table row or an item label); "
            "shorten it."
        ) from None
    return buffer.getvalue()


def _number_page(canvas: Canvas, page: int, total: int, *, footer: Footer, lang: str) -> None:
    footer.draw_page_number(canvas, page, total, lang)
