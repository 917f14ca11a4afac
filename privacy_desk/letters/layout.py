"""The page: fonts registered once, and the whole letter built from its frame and its body.

A4 portrait, horizontal writing, margins 25 mm left and right. `frame` draws what every letter
shares (number, date, window address, sender, letterhead foot, page numbers, contact block);
`body` turns the filled template's markup into flowables; `styles` holds the fonts and sizes.
Pages after the first repeat the document number and date at the top.

Fonts are IPAex Mincho (body) and IPAex Gothic (title, letterhead), embedded as subsets, for
English letters too so that Japanese names render.
"""

from __future__ import annotations

import functools
import io
import threading

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, LayoutError, PageTemplate

from privacy_desk.i18n import _
from privacy_desk.letters.body import BodyBuilder
from privacy_desk.letters.context import LetterContext, Letterhead
from privacy_desk.letters.errors import LetterLayoutError
from privacy_desk.letters.frame import (
    FirstPage,
    Footer,
    PagedCanvas,
    Specimen,
    closing_leads,
    contact_block,
    place,
)
from privacy_desk.letters.markup import LetterBody
from privacy_desk.letters.styles import (
    GOTHIC,
    MARGIN_X,
    MINCHO,
    PAGE_HEIGHT,
    TEXT_WIDTH,
    Styles,
    sizes_for,
)
from privacy_desk.letters.templates import RESOURCES

__all__ = ["GOTHIC", "MINCHO", "build_pdf", "register_fonts"]

LATER_TOP = 25 * mm
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


def build_pdf(
    body: LetterBody, context: LetterContext, letterhead: Letterhead, *, specimen: bool = False
) -> bytes:
    """The whole letter as PDF bytes, built in memory; `specimen`: 見本 / SPECIMEN across every
    page (a letter from a demo database)."""
    register_fonts()
    lang = context.lang
    large = context.large_print or letterhead.large_print
    styles = Styles(lang, sizes_for(large))
    first = FirstPage(context, letterhead, styles)
    footer = Footer(letterhead, lang, styles)
    later_header = place(
        styles.para(
            f"{first.doc_number}　{first.date_text}",
            styles.foot,
            alignment=TA_RIGHT,
        ),
        TEXT_WIDTH,
    )

    watermark = Specimen(lang) if specimen else None

    def on_first(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        if watermark is not None:
            watermark.draw(canvas)
        first.draw(canvas)
        footer.draw(canvas)

    def on_later(canvas: Canvas, _doc: BaseDocTemplate) -> None:
        if watermark is not None:
            watermark.draw(canvas)
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
    # The closing (以上, Yours sincerely) and the body's last lines travel with the contact block.
    leads = closing_leads(flowables)
    flowables.append(contact_block(context, letterhead, styles, leads))
    number_page = functools.partial(_number_page, footer=footer, lang=lang)
    try:
        with _build_lock:  # reportlab keeps some state in module globals
            doc.build(
                flowables, canvasmaker=functools.partial(PagedCanvas, number_page=number_page)
            )
    except LayoutError:
        # reportlab's message quotes the text: keep personal data out of the error.
        raise LetterLayoutError(
            _(
                "Part of the letter is too large to fit on one page (a table row or an item "
                "label); shorten it."
            )
        ) from None
    return buffer.getvalue()


def _number_page(canvas: Canvas, page: int, total: int, *, footer: Footer, lang: str) -> None:
    footer.draw_page_number(canvas, page, total, lang)
