"""The page as printed: what shows through the envelope window, font sizes, the title's place."""

from __future__ import annotations

import dataclasses
import io
from collections import Counter

import pdfplumber
import pytest

from privacy_desk.letters import Letterhead, render_letter
from tests.letters.reading import sample

MM = 72 / 25.4


def first_page_chars(pdf: bytes) -> list[dict]:
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return list(document.pages[0].chars)


@pytest.mark.parametrize(
    "kind", ["acknowledgement", "identity_request", "decision", "extension", "answer"]
)
@pytest.mark.parametrize(("lang", "index"), [("ja", 0), ("en", 0), ("ja", 1), ("en", 1)])
def test_only_the_address_can_show_through_the_window(
    kind: str, lang: str, index: int, rendered: dict[tuple[str, str, int], bytes]
) -> None:
    """Whatever the sheet's shift in a 長形3号 envelope, the window shows the address and nothing else.

    Defaults: the window (80 × 45 mm) can show x ≤ 100 mm, y ≤ 58 mm of the sheet; the part
    always visible is x 20–75, y 13–37; the address block is drawn in x 21–74, y 14–36.
    """
    chars = first_page_chars(rendered[(kind, lang, index)])
    in_reach = [c for c in chars if c["x0"] < 100 * MM and c["top"] < 58 * MM]
    assert "〒" in "".join(c["text"] for c in in_reach)
    for c in in_reach:
        assert c["x0"] >= 21 * MM - 0.5 and c["x1"] <= 74 * MM + 0.5, c["text"]
        assert c["top"] >= 14 * MM - 0.5 and c["bottom"] <= 36 * MM + 0.5, c["text"]


def test_the_window_offsets_are_settings(letterhead: Letterhead) -> None:
    moved = dataclasses.replace(letterhead, address_x_mm=30.0, address_y_mm=20.0)
    chars = first_page_chars(render_letter(sample("extension", "ja"), moved))
    postcode = next(c for c in chars if c["text"] == "〒")
    assert postcode["x0"] == pytest.approx(30 * MM, abs=0.5)
    assert postcode["top"] == pytest.approx(20 * MM, abs=3)


def _body_sizes(pdf: bytes) -> Counter[float]:
    """Font sizes of the characters in page 1's body (below the window, above the foot)."""
    chars = first_page_chars(pdf)
    return Counter(round(c["size"], 1) for c in chars if 60 * MM < c["top"] < 250 * MM)


def test_large_print_uses_14_pt_or_more(letterhead: Letterhead) -> None:
    for kind in ("decision", "identity_request", "answer"):
        for lang in ("ja", "en"):
            pdf = render_letter(sample(kind, lang, large_print=True), letterhead)
            sizes = _body_sizes(pdf)
            assert sizes and min(sizes) >= 14, (kind, lang, sizes)


def test_large_print_is_also_a_letterhead_setting(letterhead: Letterhead) -> None:
    large = dataclasses.replace(letterhead, large_print=True)
    assert min(_body_sizes(render_letter(sample("extension", "ja"), large))) >= 14


def test_normal_print_body_is_10_5_pt_with_a_larger_gothic_title(
    rendered: dict[tuple[str, str, int], bytes],
) -> None:
    pdf = rendered[("extension", "ja", 0)]
    sizes = _body_sizes(pdf)
    assert sizes.most_common(1)[0][0] == 10.5
    title = [c for c in first_page_chars(pdf) if c["text"] == "回" and c["size"] >= 13.5]
    assert title and "Gothic" in title[0]["fontname"]
    line = [c for c in first_page_chars(pdf) if c["top"] == title[0]["top"]]
    middle = (min(c["x0"] for c in line) + max(c["x1"] for c in line)) / 2
    assert middle == pytest.approx(105 * MM, abs=2 * MM)  # centred on the sheet
