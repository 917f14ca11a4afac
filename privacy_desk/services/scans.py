"""Fax and scanned files (PDF, TIFF, PNG, JPEG): what a file is, read from its content.

Pure work on bytes, no database and no Qt: the type comes from the file's first bytes (never its
name) and is confirmed by a real read, pypdf for a PDF and Pillow for an image, which also counts
the pages (a TIFF's frames). A file that is empty, too large, of another type, cut short or
damaged is refused whole with a ScanRefused whose words name no personal data; nothing of it is
kept. The name it came with is kept as given (its path dropped), the type it is stored with is
the one its content shows.
"""

from __future__ import annotations

import hashlib
import io
import struct
import warnings
from dataclasses import dataclass, field

from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from privacy_desk.domain.errors import DomainError
from privacy_desk.i18n import _

PDF = "application/pdf"
TIFF = "image/tiff"
PNG = "image/png"
JPEG = "image/jpeg"
# First bytes -> media type. TIFF is either byte order.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", PDF),
    (b"II*\x00", TIFF),
    (b"MM\x00*", TIFF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
)
_PILLOW_FORMAT = {TIFF: "TIFF", PNG: "PNG", JPEG: "JPEG"}
# The names a scan is offered under in a file dialog or a drop; the content still decides.
SCAN_SUFFIXES = (".pdf", ".tif", ".tiff", ".png", ".jpg", ".jpeg")
DEFAULT_MAX_MB = 20
MAX_PAGES = 500
# A page of 600 dpi A3 is about 70 million pixels; more than this is no scan but a bomb.
MAX_PIXELS = 120_000_000


class ScanRefused(DomainError):
    """A file that is not a readable scan (wrong type, empty, too large, cut short, damaged)."""


@dataclass(frozen=True)
class Scan:
    """A checked scan: its name as received, its type from its content, its pages."""

    name: str
    media_type: str
    pages: int
    content: bytes = field(repr=False)

    @property
    def size(self) -> int:
        return len(self.content)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


def media_type_of(content: bytes) -> str | None:
    """The scan type the first bytes show, or None."""
    for magic, media_type in _MAGIC:
        if content.startswith(magic):
            return media_type
    return None


def clean_name(name: str) -> str:
    """The last part of a path, only characters that can be shown, at most 200 of them."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(c for c in name if c.isprintable()).strip()[:200]


def check_scan(name: str, content: bytes, max_mb: int = DEFAULT_MAX_MB) -> Scan:
    """The scan this file is; ScanRefused (no personal data in its words) when it is none."""
    if not content:
        raise ScanRefused(_("The file is empty."))
    if len(content) > max_mb * 1024 * 1024:
        raise ScanRefused(
            _("The file is larger than {limit} MB: it was not imported.").format(limit=max_mb)
        )
    media_type = media_type_of(content)
    if media_type is None:
        raise ScanRefused(
            _("The file is not a PDF, TIFF, PNG or JPEG scan (whatever its name says).")
        )
    pages = _pdf_pages(content) if media_type == PDF else _image_pages(content, media_type)
    if pages < 1:
        raise ScanRefused(_("The file holds no page."))
    if pages > MAX_PAGES:
        raise ScanRefused(
            _("The file has more than {limit} pages: it was not imported.").format(limit=MAX_PAGES)
        )
    return Scan(clean_name(name) or _("scan"), media_type, pages, content)


def _damaged() -> ScanRefused:
    return ScanRefused(_("The file is incomplete or damaged: it could not be read."))


def _pdf_pages(content: bytes) -> int:
    # A PDF that was cut short has no end-of-file mark in its last kilobyte.
    if b"%%EOF" not in content.rstrip(b" \t\r\n\x00")[-1024:]:
        raise _damaged()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(content), strict=False)
            if reader.is_encrypted:
                raise ScanRefused(_("The PDF is protected by a password: it can not be read."))
            count = len(reader.pages)
            if count:
                reader.pages[0].mediabox  # noqa: B018 (reading the first page proves it is there)
            return count
    except ScanRefused:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, OSError):
        raise _damaged() from None
    except RecursionError:
        raise _damaged() from None


def _image_pages(content: bytes, media_type: str) -> int:
    """Decode every frame (a cut-short image fails to decode); the number of frames."""
    previous = Image.MAX_IMAGE_PIXELS
    try:
        Image.MAX_IMAGE_PIXELS = MAX_PIXELS
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content), formats=[_PILLOW_FORMAT[media_type]]) as image:
                frames = getattr(image, "n_frames", 1)
                if frames > MAX_PAGES:
                    return frames
                for frame in range(frames):
                    image.seek(frame)
                    image.load()
                return int(frames)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ScanRefused(_("The image is too large to be a scan: it was not imported.")) from None
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError, IndexError):
        raise _damaged() from None
    except (TypeError, KeyError, ZeroDivisionError, struct.error, RuntimeError):
        # What Pillow's decoders raise besides on a hostile or cut-short file (a TIFF whose
        # directory was cut off says "Missing dimensions" as a TypeError).
        raise _damaged() from None
    finally:
        Image.MAX_IMAGE_PIXELS = previous
