"""The letter markup: directives, numbering, and values that can not forge markup."""

from __future__ import annotations

import pytest

from privacy_desk.letters.markup import LINE_BREAK, MarkupError, fence, parse


def test_directives_become_blocks_with_numbers() -> None:
    body = parse(
        "title: 件名について（通知）\n"
        "opening: 拝啓\n"
        "本文です。\n"
        "\n"
        "closing: 敬具\n"
        "heading: 記\n"
        "item: 受付番号 :: PD-2026-000123\n"
        "item: 開示について\n"
        "sub: 決定 :: 一部開示\n"
        "sub: 理由\n"
        "text: 第三者の権利利益を害するおそれ\n"
        "bullet: 写し\n"
        "heading: 別記\n"
        "item: 手数料 :: 300円\n"
        "end: 以上\n"
    )
    assert body.title == "件名について（通知）"
    kinds = [(b.kind, b.level, b.number, b.label, b.text) for b in body.blocks]
    assert kinds == [
        ("opening", 0, 0, "", "拝啓"),
        ("paragraph", 0, 0, "", "本文です。"),
        ("closing", 0, 0, "", "敬具"),
        ("heading", 0, 0, "", "記"),
        ("item", 1, 1, "受付番号", "PD-2026-000123"),
        ("item", 1, 2, "開示について", ""),
        ("item", 2, 1, "決定", "一部開示"),
        ("item", 2, 2, "理由", ""),
        ("text", 2, 0, "", "第三者の権利利益を害するおそれ"),
        ("bullet", 2, 0, "", "写し"),
        ("heading", 0, 0, "", "別記"),
        ("item", 1, 1, "手数料", "300円"),
        ("end", 0, 0, "", "以上"),
    ]


def test_a_filled_value_can_not_start_a_directive_or_split_a_label() -> None:
    forged = "title: forged\nitem: x :: y"
    body = parse(f"title: real\n{fence(forged)}\nitem: {fence('a :: b')} :: {fence('c')}\n")
    assert body.title == "real"
    assert body.blocks[0].kind == "paragraph"
    assert body.blocks[0].text == f"title: forged{LINE_BREAK}item: x :: y"
    assert (body.blocks[1].label, body.blocks[1].text) == ("a :: b", "c")


def test_closing_lines_stack() -> None:
    body = parse("title: t\nclosing: Yours sincerely,\nclosing: Privacy Office\n")
    assert [b.text for b in body.blocks] == [f"Yours sincerely,{LINE_BREAK}Privacy Office"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("no title here", "no 'title:'"),
        ("title: a\ntitle: b", "second"),
        ("title: a\nsub: b", "before any 'item:'"),
    ],
)
def test_bad_markup_is_refused(text: str, message: str) -> None:
    with pytest.raises(MarkupError, match=message):
        parse(text)
