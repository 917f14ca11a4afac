"""Generated scans for the fax tests: PDF (reportlab), TIFF, PNG and JPEG (Pillow), each built
here so the tests hold no binary fixtures; and broken ones (cut short, misnamed)."""

from __future__ import annotations

import io

from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas


def pdf(pages: int = 2, text: str = "FAX") -> bytes:
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    for number in range(pages):
        canvas.drawString(72, 720, f"{text} page {number + 1}")
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def _image(fmt: str, frames: int = 1, shade: int = 200) -> bytes:
    out = io.BytesIO()
    images = [Image.new("L", (200, 280), shade - 20 * i) for i in range(frames)]
    if frames > 1:
        images[0].save(out, format=fmt, save_all=True, append_images=images[1:])
    else:
        images[0].save(out, format=fmt)
    return out.getvalue()


def tiff(frames: int = 3, shade: int = 200) -> bytes:
    return _image("TIFF", frames, shade)


def png(shade: int = 200) -> bytes:
    return _image("PNG", 1, shade)


def jpeg(shade: int = 200) -> bytes:
    return _image("JPEG", 1, shade)


def cut_short(content: bytes) -> bytes:
    """The file as a copy interrupted halfway leaves it."""
    return content[: len(content) // 2]
