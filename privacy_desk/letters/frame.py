"""The frame every letter shares: page 1's number, date, window address and sender; every page's
letterhead foot and page number (and 見本 / SPECIMEN across it on a demo database); the contact
block at the foot of the last page.

Page 1 draws the frame of letters.md at fixed places: the document number and date top right,
the recipient block in the envelope window (see `Letterhead` for the figures), the sender block
on the right; the body starts below the lowest point the window can reach, so only the address
ever shows through it. Every page carries the letterhead (organisation, both offices, TEL, FAX,
email, hours) at the foot; page numbers ("1 / 2") appear only when a letter runs to more than
one page. The frame's words come from the catalogue of the LETTER's language.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Table, TableStyle

from privacy_desk.i18n import translation
from privacy_desk.letters.address import Part, address_parts, pack_parts, words
from privacy_desk.letters.context import LetterContext, Letterhead, LetterKind, Recipient
from privacy_desk.letters.dates import format_date
from privacy_desk.letters.markup import LINE_BREAK
from privacy_desk.letters.styles import (
    GOTHIC,
    MARGIN_X,
    MINCHO,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    TEXT_WIDTH,
    Styles,
)
from privacy_desk.letters.templates import document_number

FOOT_EDGE = 10 * mm
# How far the folded sheet can slide inside a 長形3号 envelope (see Letterhead).
SLACK_ALONG = 25 * mm
SLACK_ACROSS = 21 * mm
# Sizes in the window stay postal-sized even in large print; the first is tried first.
ADDRESS_SIZES = (10.0, 9.5, 9.0, 8.5, 8.0)


def frame_text(lang: str) -> dict[str, str]:
    """The frame's words in the letter's language (never the screen's), from the catalogue."""
    words = translation(lang)
    return {
        "recipient": words.pgettext("letter: the recipient's name", "{name}"),
        "agent": words.pgettext("letter: the recipient's name", "{agent}\n(on behalf of {person})"),
        "head_office": words.pgettext("letter: foot", "Head office {address}"),
        "branch_office": words.pgettext("letter: foot", "Branch office {address}"),
        "email": words.pgettext("letter: foot and contact block", "Email {email}"),
        "hours": words.pgettext("letter: foot", "Office hours {hours}"),
        "contact": words.pgettext(
            "letter: contact block", "Contact: {staff}, {office}, {organisation}"
        ),
        "tel_fax": words.pgettext("letter: contact block", "TEL {tel}   FAX {fax}"),
        "contact_hours": words.pgettext("letter: contact block", "Office hours: {hours}"),
    }


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
    words = frame_text(lang)
    if lang != "ja" and recipient.title:
        # An English address block: "Mr 中村 誠" (the Japanese block writes 様 instead).
        recipient = dataclasses.replace(recipient, name=f"{recipient.title} {recipient.name}")
    if recipient.on_behalf_of:
        return words["agent"].format(agent=recipient.name, person=recipient.on_behalf_of)
    return words["recipient"].format(name=recipient.name)


@dataclass
class Placed:
    """A paragraph measured for a given width, ready to draw at a fixed place."""

    paragraph: Paragraph
    width: float
    height: float


def place(paragraph: Paragraph, width: float) -> Placed:
    _width, height = paragraph.wrap(width, PAGE_HEIGHT)
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
        self.number_block = place(
            styles.para(f"{self.doc_number}{LINE_BREAK}{self.date_text}", styles.right), right_w
        )
        self.number_top = 14 * mm

        sender_lines = [letterhead.text("organisation", lang)]
        sender_lines.append(_sending_office(letterhead, lang))
        if letterhead.text("return_address", lang):
            sender_lines.append(letterhead.text("return_address", lang))
        responsible = letterhead.text("person_responsible", lang)
        if responsible:
            sender_lines.append(responsible)
        self.sender = place(styles.para(LINE_BREAK.join(sender_lines), styles.right), right_w)
        self.sender_top = max(
            self.number_top + self.number_block.height + 6 * mm,
            (self.address_top + self.address_h + 2 * mm) if self.has_window else 0,
        )
        self.window = self.has_window and letterhead.window_envelope
        self.address = (
            self._fit_address(context.recipient, self.window) if self.has_window else None
        )
        self.body_top = self.sender_top + self.sender.height + 5 * mm
        if self.window:
            self.body_top = max(self.keep_bottom, self.body_top)
        elif self.address:
            bottom = self.address_top + sum(p.height for p in self.address)
            self.body_top = max(bottom + 8 * mm, self.body_top)

    def _address_lines(self, recipient: Recipient, size: float, width: float) -> list[str] | None:
        """Postcode and address, then the organisation, broken only between their parts (the
        postcode is one); None if one part alone is wider than `width`."""
        code = postal_code_text(recipient.postal_code)
        address = address_parts(recipient.address)
        if code:
            # The postcode is the first part, a space before the address.
            address = [
                Part(code, False),
                *(Part(p.text, p.space_before or i == 0) for i, p in enumerate(address)),
            ]
        packed = [
            pack_parts(address, MINCHO, size, width),
            pack_parts(words(recipient.organisation), MINCHO, size, width),
        ]
        if any(lines is None for lines in packed):
            return None
        return [line for lines in packed for line in lines or ()]

    def _address_block(
        self, lines: list[str], name: str, size: float, width: float
    ) -> list[Placed]:
        style = ParagraphStyle("address", fontName=MINCHO, fontSize=size, leading=size * 1.3)
        placed = [place(self.s.para(line, style), width) for line in lines if line.strip()]
        name_style = ParagraphStyle(
            "name",
            parent=style,
            fontSize=size + 1.5,
            leading=(size + 1.5) * 1.3,
            spaceBefore=size * 0.3,
        )
        placed.append(place(self.s.para(name, name_style), width))
        return placed

    def _fit_address(self, recipient: Recipient, window: bool) -> list[Placed]:
        """The recipient block at the largest size that fits the window, lines broken only
        between the parts of the address. If the whole block does not fit, the line naming the
        person an agent acts for is left to the body (which names them too); if even that does
        not fit, the block is laid out for a plain envelope."""
        full = recipient_name(recipient, self.lang)
        short = recipient_name(dataclasses.replace(recipient, on_behalf_of=""), self.lang)
        if window:
            for name in dict.fromkeys((full, short)):
                for size in ADDRESS_SIZES:
                    lines = self._address_lines(recipient, size, self.address_w)
                    if lines is None:
                        continue
                    placed = self._address_block(lines, name, size, self.address_w)
                    if sum(p.height for p in placed) + size * 0.3 <= self.address_h:
                        return placed
        # A plain envelope: the block may use the width the window's slack kept free, and as
        # many lines as it needs; a part wider still wraps inside it.
        self.window = False
        size = ADDRESS_SIZES[0]
        width = self.keep_right - self.address_x - 2 * mm
        lines = self._address_lines(recipient, size, width)
        if lines is None:
            lines = [postal_code_text(recipient.postal_code), recipient.address]
            lines.append(recipient.organisation)
        return self._address_block(lines, full, size, width)

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
        words = frame_text(lang)
        sep = "　" if lang == "ja" else "   "
        name = letterhead.text("organisation", lang)
        offices = list(letterhead.office_lines(lang)) or [
            words["head_office"].format(address=letterhead.text("head_office_address", lang)),
            words["branch_office"].format(address=letterhead.text("branch_office_address", lang)),
        ]
        # An item the office leaves empty prints nothing (never "TEL " alone).
        hours = letterhead.text("office_hours", lang)
        contact = [
            *_phones(letterhead, None),
            *([words["email"].format(email=letterhead.email)] if letterhead.email else []),
            *([words["hours"].format(hours=hours)] if hours else []),
        ]
        lines = [
            name,
            *pack(offices, sep, GOTHIC, styles.sizes.foot, TEXT_WIDTH),
            *pack(contact, sep, GOTHIC, styles.sizes.foot, TEXT_WIDTH),
        ]
        self.block = place(styles.para(LINE_BREAK.join(lines), styles.foot), TEXT_WIDTH)
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
            f"{page} / {total}",
        )
        canvas.restoreState()


class Specimen:
    """見本 / SPECIMEN across every page of a letter from a demo database.

    Light grey and diagonal through the lower middle of the page, drawn before the page's text
    so that the text stays on top: it never reaches the envelope window, whose address the post
    must read, yet no page can be cut out without it.
    """

    ANGLE = 35
    WIDTH = 150 * mm  # the word's length along its slant
    MAX_SIZE = 150.0
    CENTRE_Y = PAGE_HEIGHT * 0.40

    def __init__(self, lang: str) -> None:
        self.word = translation(lang).pgettext("letter: across a demo database's pages", "SPECIMEN")
        self.size = min(self.MAX_SIZE, self.WIDTH / pdfmetrics.stringWidth(self.word, GOTHIC, 1))

    def draw(self, canvas: Canvas) -> None:
        canvas.saveState()
        canvas.setFillColor(colors.Color(0.55, 0.55, 0.55, alpha=0.22))
        canvas.setFont(GOTHIC, self.size)
        canvas.translate(PAGE_WIDTH / 2, self.CENTRE_Y)
        canvas.rotate(self.ANGLE)
        canvas.drawCentredString(0, -self.size * 0.35, self.word)
        canvas.restoreState()


class PagedCanvas(Canvas):
    """Holds pages back until the end so that "n / total" can be written, and only if total > 1."""

    def __init__(self, *args: Any, number_page: Callable[[Canvas, int, int], None], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._held_pages: list[dict[str, Any]] = []
        self._number_page = number_page

    if TYPE_CHECKING:
        # Canvas's own start of the next page (what its showPage ends with); private, so
        # types-reportlab leaves it out.
        def _startPage(self) -> None: ...

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
    """The contact block at the bottom right of the frame, with the body's last lines above it.

    `leads` are the last flowables of the body: the closing (以上, Yours sincerely) and what it
    closes. It takes the rest of the frame; when it does not fit below what precedes it, the
    first lead that overflows is split there and its end moves to the next page with the rest,
    so a page never holds the closing or the contact block alone.
    """

    def __init__(self, leads: Sequence[Flowable], inner: Flowable, gap: float) -> None:
        super().__init__()
        self.leads = list(leads)
        self.inner = inner
        self.gap = gap
        self._heights: list[float] = []
        self._inner_size = (0.0, 0.0)

    def _measure(self, availWidth: float, availHeight: float) -> float:
        self._heights = []
        for lead in self.leads:
            _width, height = lead.wrap(availWidth, availHeight)
            self._heights.append(lead.getSpaceBefore() + height + lead.getSpaceAfter())
        self._inner_size = self.inner.wrap(availWidth, availHeight)
        return sum(self._heights) + self.gap + self._inner_size[1]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        total = self._measure(availWidth, availHeight)
        self.width = availWidth
        # Too tall for what is left: ask for more, so the frame splits it or moves it on.
        self.height = max(availHeight, total)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        self._measure(availWidth, availHeight)
        room = availHeight - self.gap - self._inner_size[1]
        used = 0.0
        for index, (lead, height) in enumerate(zip(self.leads, self._heights, strict=True)):
            if used + height <= room:
                used += height
                continue
            space = availHeight - used - lead.getSpaceBefore()
            parts = lead.split(availWidth, space) if space > 0 else []
            if len(parts) < 2:
                return []
            rest = AtFoot([*parts[1:], *self.leads[index + 1 :]], self.inner, self.gap)
            return [*self.leads[:index], parts[0], rest]
        return []

    def draw(self) -> None:
        y = self.height
        for lead, height in zip(self.leads, self._heights, strict=True):
            y -= height
            lead.drawOn(self.canv, 0, y + lead.getSpaceAfter())
        width, _height = self._inner_size
        self.inner.drawOn(self.canv, self.width - width, 0)


# How many of the body's last elements may travel with the closing: the last item (its label,
# its text, its bullets), or as much of it as this allows.
CLOSING_GROUP = 6


def closing_leads(flowables: list[Flowable]) -> list[Flowable]:
    """Take the body's closing and the lines it closes off the end of `flowables`.

    The closing is the last short paragraph (以上, Yours sincerely, a fax's notice); before it
    the body's last item from its label on (at most CLOSING_GROUP elements), so that neither
    the closing nor the item's last lines stand alone on a page.
    """
    leads: list[Flowable] = []
    last = flowables[-1] if flowables else None
    if not (isinstance(last, Paragraph) and len(last.text) < 300):
        return leads
    leads.append(flowables.pop())
    while flowables and len(leads) <= CLOSING_GROUP:
        leads.insert(0, flowables.pop())
        if getattr(leads[0], "starts_item", False):
            break
    while flowables and getattr(flowables[-1], "keepWithNext", False):
        leads.insert(0, flowables.pop())
    out: list[Flowable] = []
    for lead in leads:  # a group kept together is laid out as its parts
        parts = getattr(lead, "_content", None) if isinstance(lead, KeepTogether) else None
        out.extend(parts if parts else [lead])
    return out


def _phones(letterhead: Letterhead, together: str | None) -> list[str]:
    """The "TEL …" and "FAX …" items, each only when the office has one; `together` (a
    "{tel} {fax}" pattern) joins the two when both are there."""
    if together and letterhead.tel and letterhead.fax:
        return [together.format(tel=letterhead.tel, fax=letterhead.fax)]
    return [
        f"{label} {number}"
        for label, number in (("TEL", letterhead.tel), ("FAX", letterhead.fax))
        if number
    ]


def _sending_office(letterhead: Letterhead, lang: str) -> str:
    """The desk that writes, in the office that sends: 那覇支部 個人情報相談窓口."""
    office = letterhead.text("office", lang)
    sender = letterhead.text("sender_office", lang)
    if not sender:
        return office
    return f"{sender}　{office}" if lang == "ja" else f"{sender}, {office}"


def contact_block(
    context: LetterContext, letterhead: Letterhead, styles: Styles, leads: Sequence[Flowable]
) -> Flowable:
    """The 担当 block: office, staff member, TEL, FAX, email, hours; at the foot of the last page."""
    lang = context.lang
    words = frame_text(lang)
    sep = "　" if lang == "ja" else "   "
    width = min(TEXT_WIDTH, 134 * mm * styles.sizes.body / 10.5)
    inner = width - 6 * mm
    hours = letterhead.text("office_hours", lang)
    lines = [
        words["contact"].format(
            office=_sending_office(letterhead, lang),
            staff=context.staff_name,
            organisation=letterhead.text("organisation_short", lang),
        ),
        *pack(
            [
                *_phones(letterhead, words["tel_fax"]),
                *([words["email"].format(email=letterhead.email)] if letterhead.email else []),
            ],
            sep,
            MINCHO,
            styles.sizes.body,
            inner,
        ),
        *([words["contact_hours"].format(hours=hours)] if hours else []),
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
    return AtFoot(leads, box, gap=2 * mm)
