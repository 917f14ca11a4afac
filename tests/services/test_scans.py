"""Scans are checked by their content, not their name: valid ones give their pages, cut-short,
damaged, empty, oversize or misnamed ones are refused with a clear message."""

from __future__ import annotations

import pytest

from privacy_desk.services.scans import JPEG, PDF, PNG, TIFF, ScanRefused, check_scan
from tests.services import scans


@pytest.mark.parametrize(
    ("name", "make", "media_type", "pages"),
    [
        ("fax.pdf", lambda: scans.pdf(3), PDF, 3),
        ("fax.tif", lambda: scans.tiff(4), TIFF, 4),
        ("scan.png", scans.png, PNG, 1),
        ("photo.jpg", scans.jpeg, JPEG, 1),
    ],
    ids=["pdf", "tiff", "png", "jpeg"],
)
def test_a_valid_scan_gives_its_type_and_pages(name, make, media_type, pages) -> None:
    content = make()
    scan = check_scan(f"C:\\fax\\{name}", content)
    assert (scan.name, scan.media_type, scan.pages, scan.size) == (
        name,
        media_type,
        pages,
        len(content),
    )
    assert len(scan.sha256) == 64


@pytest.mark.parametrize(
    "make",
    [lambda: scans.pdf(3), lambda: scans.tiff(3), scans.png, scans.jpeg],
    ids=["pdf", "tiff", "png", "jpeg"],
)
def test_a_cut_short_scan_is_refused(make) -> None:
    with pytest.raises(ScanRefused, match="incomplete or damaged"):
        check_scan("fax.pdf", scans.cut_short(make()))


def test_the_type_comes_from_the_content_not_the_name() -> None:
    # A PNG named .pdf is taken as the PNG it is.
    assert check_scan("fax.pdf", scans.png()).media_type == PNG
    # A text file named .pdf is refused.
    with pytest.raises(ScanRefused, match="not a PDF, TIFF, PNG or JPEG"):
        check_scan("fax.pdf", "お世話になっております。".encode())
    with pytest.raises(ScanRefused, match="not a PDF, TIFF, PNG or JPEG"):
        check_scan("fax.tif", b"PK\x03\x04" + b"\x00" * 100)


def test_a_pdf_header_on_garbage_is_refused() -> None:
    with pytest.raises(ScanRefused, match="incomplete or damaged"):
        check_scan("fax.pdf", b"%PDF-1.4\n" + b"garbage " * 200 + b"\n%%EOF\n")


def test_empty_and_oversize_files_are_refused() -> None:
    with pytest.raises(ScanRefused, match="empty"):
        check_scan("fax.pdf", b"")
    big = scans.pdf(1) + b"\n" * (1024 * 1024)
    with pytest.raises(ScanRefused, match="larger than 1 MB"):
        check_scan("fax.pdf", big, max_mb=1)
    assert check_scan("fax.pdf", big, max_mb=2).pages == 1
