"""The body builder's flowables, looked at directly: which style each block gets, the numbering,
the columns of items and sub-items, what keeps with what across a page break, and the ruled
table's look (grid, shaded labels, padding), which text extracted from the PDF can not show.

Written against the surviving mutants of letters/body.py (docs/testing.md, "Mutation score").
"""

from __future__ import annotations

import pytest
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from privacy_desk.letters.body import KEEP_WITH_LABEL_CHARS, BodyBuilder, _belongs_to, _number
from privacy_desk.letters.layout import register_fonts
from privacy_desk.letters.markup import LINE_BREAK, Block, LetterBody
from privacy_desk.letters.styles import GOTHIC, MINCHO, TEXT_WIDTH, Styles, sizes_for

LANGS = ["ja", "en"]


@pytest.fixture(scope="module", autouse=True)
def _fonts() -> None:
    register_fonts()


def builder(lang: str = "ja", large: bool = False) -> BodyBuilder:
    return BodyBuilder(Styles(lang, sizes_for(large)))


def build(blocks: list[Block], lang: str = "ja", large: bool = False) -> list[Flowable]:
    """The flowables after the title."""
    out = builder(lang, large).build(LetterBody("表題", blocks))
    return out[1:]


def base_style(style: ParagraphStyle) -> str:
    """The name of the letter's style a paragraph was made from (its changed copies end in +)."""
    while style.name.endswith("+"):
        style = style.parent  # type: ignore[assignment]
    return style.name


def cell_texts(table: Table) -> list[list[str]]:
    return [[c.text if isinstance(c, Paragraph) else c for c in row] for row in table._cellvalues]


@pytest.mark.parametrize(
    ("level", "number", "lang", "expected"),
    [
        (1, 3, "ja", "3"),
        (1, 3, "en", "3."),
        (2, 2, "ja", "(2)"),
        (2, 1, "en", "(a)"),
        (2, 2, "en", "(b)"),
        (2, 26, "en", "(z)"),
        (2, 27, "en", "(a)"),
    ],
    ids=["ja-item", "en-item", "ja-sub", "en-sub-a", "en-sub-b", "en-sub-z", "en-sub-27"],
)
def test_items_and_sub_items_are_numbered_per_language(
    level: int, number: int, lang: str, expected: str
) -> None:
    assert _number(Block("item", label="x", level=level, number=number), lang) == expected


def test_what_continues_an_item() -> None:
    item = Block("item", label="x", level=1, number=1)
    sub = Block("item", label="y", level=2, number=1)
    assert _belongs_to(Block("text", "t", level=1), item)
    assert _belongs_to(Block("bullet", "b", level=2), item)
    assert not _belongs_to(Block("text", "t", level=0), item)
    assert not _belongs_to(Block("bullet", "b", level=1), sub)
    assert _belongs_to(sub, item)
    assert not _belongs_to(Block("item", label="z", level=1, number=2), item)
    assert not _belongs_to(Block("paragraph", "p", level=2), item)
    assert not _belongs_to(Block("row", "v", label="l", level=2), item)


@pytest.mark.parametrize("lang", LANGS)
def test_each_block_gets_its_own_style(lang: str) -> None:
    kinds = ["paragraph", "opening", "closing", "heading", "end", "note"]
    out = build([Block(kind, f"{kind} text") for kind in kinds], lang)
    assert len(out) == len(kinds)
    for kind, flowable in zip(kinds, out, strict=True):
        assert isinstance(flowable, Paragraph)
        assert flowable.text == f"{kind} text"
        assert base_style(flowable.style) == kind


def test_a_space_is_one_line_high() -> None:
    for large in (False, True):
        (space,) = build([Block("space")], large=large)
        assert isinstance(space, Spacer)
        assert space.height == sizes_for(large).leading
        assert space.width == 1


@pytest.mark.parametrize("lang", LANGS)
def test_text_under_items_is_indented_to_the_items_content(lang: str) -> None:
    b = builder(lang)
    out = build([Block("text", "本文", level=level) for level in (0, 1, 2)], lang)
    indents = [p.style.leftIndent for p in out]
    assert indents == [0, b.number_width[1], b.number_width[1] + b.number_width[2]]
    assert all(base_style(p.style) == "body" for p in out)
    assert [p.text for p in out] == ["本文"] * 3


def test_the_indents_of_each_level() -> None:
    for large in (False, True):
        scale = sizes_for(large).body / 10.5
        b = builder("ja", large)
        assert b.number_width == {1: 7 * mm * scale, 2: 8 * mm * scale}
        assert b.content_indent(-1) == 0
        assert b.content_indent(0) == 0
        assert b.content_indent(1) == pytest.approx(7 * mm * scale)
        assert b.content_indent(2) == pytest.approx(15 * mm * scale)
        assert b.content_indent(3) == pytest.approx(15 * mm * scale)


@pytest.mark.parametrize(("lang", "label_mm"), [("ja", 45), ("en", 52)], ids=LANGS)
def test_item_and_sub_item_values_start_at_the_same_place(lang: str, label_mm: int) -> None:
    for large in (False, True):
        scale = sizes_for(large).body / 10.5
        b = builder(lang, large)
        assert b.label_width[1] == pytest.approx(label_mm * mm * scale)
        out = build(
            [
                Block("item", "値", label="項目", level=1, number=1),
                Block("item", "値", label="小項目", level=2, number=1),
            ],
            lang,
            large,
        )
        item, sub = out
        assert cell_texts(item) == [["1" if lang == "ja" else "1.", "項目", "値"]]
        assert cell_texts(sub) == [["", "(1)" if lang == "ja" else "(a)", "小項目", "値"]]
        # The value column starts at the same x and every row spans the text width.
        assert sum(item._colWidths[:2]) == pytest.approx(sum(sub._colWidths[:3]))
        assert sum(item._colWidths) == pytest.approx(TEXT_WIDTH)
        assert sum(sub._colWidths) == pytest.approx(TEXT_WIDTH)
        assert item._colWidths[0] == pytest.approx(7 * mm * scale)
        assert sub._colWidths[:2] == pytest.approx([7 * mm * scale, 8 * mm * scale])


def test_an_item_row_is_plain_and_spaced_by_level() -> None:
    item, sub = build(
        [
            Block("item", "値", label="項目", level=1, number=1),
            Block("item", "値", label="小項目", level=2, number=1),
        ]
    )
    assert item.spaceBefore == pytest.approx(10.5 * 0.5)
    assert sub.spaceBefore == pytest.approx(10.5 * 0.15)
    assert item.keepWithNext is True  # its sub-item follows
    assert not getattr(sub, "keepWithNext", False)
    for row in (item, sub):
        assert row.hAlign == "LEFT"
        assert row.starts_item is True
        assert not row._linecmds and not row._bkgrndcmds
        for cell in row._cellStyles[0]:
            assert cell.valign == "TOP"
            assert (cell.leftPadding, cell.rightPadding) == (0, 0)
            assert (cell.topPadding, cell.bottomPadding) == (0, 0)


def test_an_item_keeps_with_what_continues_it_and_only_that() -> None:
    out = build(
        [
            Block("paragraph", "前の段落"),
            Block("item", "値", label="一", level=1, number=1),
            Block("text", "続き", level=1),
            Block("item", "値", label="二", level=1, number=2),
            Block("paragraph", "次の段落"),
            Block("item", "値", label="三", level=1, number=3),
        ]
    )
    before, first, _text, second, _para, last = out
    assert first.keepWithNext is True
    assert not getattr(before, "keepWithNext", False)
    assert not getattr(second, "keepWithNext", False)
    assert not getattr(last, "keepWithNext", False)


def test_a_label_with_a_short_value_below_it_moves_with_it() -> None:
    b = builder("ja")
    long_label = "長い項目名" * 6
    (group,) = build([Block("item", "値です", label=long_label, level=1, number=1)])
    assert isinstance(group, KeepTogether)
    assert group.starts_item is True
    row, value = group._content
    assert isinstance(row, Table) and row.keepWithNext is True and row.starts_item is True
    assert cell_texts(row) == [["1", long_label]]
    assert row._colWidths == pytest.approx([b.number_width[1], TEXT_WIDTH - b.number_width[1]])
    assert value.text == "値です"
    assert value.style.leftIndent == pytest.approx(b.number_width[1])
    assert base_style(value.style) == "body"


def test_a_sub_item_value_below_its_label_is_indented_under_the_label() -> None:
    b = builder("en")
    text = "first line" + LINE_BREAK + "second line"
    (group,) = build([Block("item", text, label="Label", level=2, number=1)], "en")
    row, value = group._content
    assert cell_texts(row) == [["", "(a)", "Label"]]
    indent = b.number_width[1]
    assert row._colWidths == pytest.approx(
        [indent, b.number_width[2], TEXT_WIDTH - indent - b.number_width[2]]
    )
    assert value.style.leftIndent == pytest.approx(indent + b.number_width[2])


def test_a_long_value_may_split_from_its_label() -> None:
    text = "あ" * KEEP_WITH_LABEL_CHARS
    row, value = build([Block("item", text, label="項目", level=1, number=1)])
    assert isinstance(row, Table) and row.keepWithNext is True
    assert value.text == text
    just_short = "あ" * (KEEP_WITH_LABEL_CHARS - 1)
    (group,) = build([Block("item", just_short, label="項目", level=1, number=1)])
    assert isinstance(group, KeepTogether)


def test_a_label_without_a_value_keeps_with_what_follows() -> None:
    (row,) = build([Block("item", "", label="項目", level=1, number=1)])
    assert isinstance(row, Table)
    assert row.keepWithNext is True and row.starts_item is True
    assert cell_texts(row) == [["1", "項目"]]


def test_a_value_goes_beside_its_label_while_both_fit() -> None:
    b = builder("ja")
    size = 10.5
    room = b.label_width[1] - 3 * mm
    # A label just narrower than its room, and one just wider than it.
    label = ""
    while pdfmetrics.stringWidth(label + "あ", MINCHO, size) <= room:
        label += "あ"
    while pdfmetrics.stringWidth(label + "i", MINCHO, size) <= room:
        label += "i"
    assert room - pdfmetrics.stringWidth(label, MINCHO, size) < 1 * mm
    (beside,) = build([Block("item", "値", label=label, level=1, number=1)])
    assert isinstance(beside, Table) and len(beside._colWidths) == 3
    (below,) = build([Block("item", "値", label=label + "あ", level=1, number=1)])
    assert isinstance(below, KeepTogether)
    wider = label + "i"
    while pdfmetrics.stringWidth(wider, MINCHO, size) <= room:
        wider += "i"
    assert pdfmetrics.stringWidth(wider, MINCHO, size) < room + 2 * mm  # just past the room
    (below,) = build([Block("item", "値", label=wider, level=1, number=1)])
    assert isinstance(below, KeepTogether)
    # A value of up to three lines of its column goes beside; a longer one below.
    value_w = TEXT_WIDTH - b.number_width[1] - b.label_width[1]
    value = ""
    while pdfmetrics.stringWidth(value + "あ", MINCHO, size) <= value_w * 3:
        value += "あ"
    (beside,) = build([Block("item", value, label="項目", level=1, number=1)])
    assert isinstance(beside, Table) and cell_texts(beside)[0][2] == value
    (below,) = build([Block("item", value + "あ", label="項目", level=1, number=1)])
    assert isinstance(below, KeepTogether)
    # A value with a line break never goes beside.
    (below,) = build([Block("item", "一" + LINE_BREAK + "二", label="項目", level=1, number=1)])
    assert isinstance(below, KeepTogether)


@pytest.mark.parametrize(
    ("lang", "mark", "width"), [("ja", "・", 1.0), ("en", "•", 1.2)], ids=LANGS
)
def test_bullets_are_marked_and_hang_per_language(lang: str, mark: str, width: float) -> None:
    b = builder(lang)
    out = build([Block("bullet", "点", level=level) for level in (0, 1, 2)], lang)
    for level, bullet in zip((0, 1, 2), out, strict=True):
        style = bullet.style
        indent = b.content_indent(level)
        assert bullet.text == "点"
        assert base_style(style) == "body"
        assert style.bulletText == mark
        assert style.bulletIndent == pytest.approx(indent)
        assert style.leftIndent == pytest.approx(indent + 10.5 * width)
        assert style.bulletFontName == MINCHO
        assert style.bulletFontSize == 10.5


def test_rows_make_one_ruled_table_until_another_block() -> None:
    out = build(
        [
            Block("row", "値一", label="欄一"),
            Block("row", "値二", label="欄二"),
            Block("paragraph", "間の段落"),
            Block("row", "値三", label="欄三"),
        ]
    )
    first, para, last = out
    assert cell_texts(first) == [["欄一", "値一"], ["欄二", "値二"]]
    assert para.text == "間の段落"
    assert cell_texts(last) == [["欄三", "値三"]]
    for large in (False, True):
        (table,) = build([Block("row", "値", label="欄")], large=large)
        label_w = 40 * mm * sizes_for(large).body / 10.5
        assert table._colWidths == pytest.approx([label_w, TEXT_WIDTH - label_w])
        assert table.hAlign == "LEFT"
        assert all(base_style(c.style) == "cell" for row in table._cellvalues for c in row)


def test_the_table_is_ruled_with_shaded_labels() -> None:
    # Three rows: the style reaches the last row, not only the second.
    (table,) = build([Block("row", "値", label=f"欄{n}") for n in range(3)])
    ((grid, start, stop, weight, colour, *_rest),) = table._linecmds
    assert (grid, start, stop, weight, colour) == ("GRID", (0, 0), (-1, -1), 0.6, colors.black)
    assert table._bkgrndcmds == [("BACKGROUND", (0, 0), (0, -1), colors.Color(0.93, 0.93, 0.93))]
    for row in table._cellStyles:
        for cell in row:
            assert cell.valign == "MIDDLE"
            assert cell.topPadding == pytest.approx(2.5 * mm)
            assert cell.bottomPadding == pytest.approx(2.5 * mm)
            assert cell.leftPadding == pytest.approx(2.5 * mm)


def test_the_title_shrinks_to_one_line_but_not_below_the_body_size() -> None:
    b = builder("ja")
    short = b.title("保有個人データの開示について")
    assert short.style.fontSize == 14.0 and short.style.leading == pytest.approx(21.0)
    assert base_style(short.style) == "title"
    long_title = "保有個人データの利用目的の通知及び開示のご請求に対するご回答について"
    assert pdfmetrics.stringWidth(long_title, GOTHIC, 14.0) > TEXT_WIDTH
    shrunk = b.title(long_title)
    size = shrunk.style.fontSize
    assert 10.5 < size < 14.0
    assert pdfmetrics.stringWidth(long_title, GOTHIC, size) <= TEXT_WIDTH
    assert pdfmetrics.stringWidth(long_title, GOTHIC, size) > TEXT_WIDTH * 0.98
    assert shrunk.style.leading == pytest.approx(size * 1.5)
    very_long = long_title * 3
    floor = b.title(very_long)
    assert floor.style.fontSize == 10.5 and floor.style.leading == pytest.approx(15.75)
    assert floor.text == very_long


def test_a_body_ends_with_its_last_table() -> None:
    out = builder("en").build(
        LetterBody("Title", [Block("paragraph", "p"), Block("row", "v", label="l")])
    )
    title, para, table = out
    assert title.text == "Title" and base_style(title.style) == "title"
    assert para.text == "p"
    assert cell_texts(table) == [["l", "v"]]
