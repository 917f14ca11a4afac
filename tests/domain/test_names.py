"""Tests of name folding (search, duplicate detection) and name masking."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from privacy_desk.domain.names import fold, mask_name, name_sort_key, widen_kana


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ﾔﾏﾀﾞ ﾀﾛｳ", "やまだたろう"),
        ("ヤマダ　タロウ", "やまだたろう"),
        ("やまだたろう", "やまだたろう"),
        ("やまだ たろう", "やまだたろう"),
        ("山田　太郎", "山田太郎"),
        ("山田 太郎", "山田太郎"),
        ("ｶﾞｯｺｳ", "がっこう"),
        ("ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ", "ぱぴぷぺぽ"),
        ("ヴァイオリン", "ゔぁいおりん"),
        ("ケ・ヶ・ヵ", "けゖゕ"),
        ("ジョン・スミス", "じょんすみす"),
        ("ｼﾞｮﾝ･ｽﾐｽ", "じょんすみす"),
        ("ＹＡＭＡＤＡ　Ｔａｒｏ", "yamadataro"),
        ("Yamada Taro", "yamadataro"),
        ("Straße", "strasse"),
        ("セーラー", "せーらー"),
        ("いすゞ\tヽヾ", "いすゞゝゞ"),
        ("", ""),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_spellings_of_one_name_fold_together() -> None:
    keys = {fold(text) for text in ("ﾔﾏﾀﾞ ﾀﾛｳ", "ヤマダ　タロウ", "やまだたろう", "ヤマダ・タロウ")}
    assert keys == {"やまだたろう"}
    assert fold("ヤマダ タロウ") != fold("ヤマタ タロウ")  # the voiced mark matters


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("山田 太郎", "山田 ＊＊"),
        ("山田　太郎", "山田　＊＊"),
        ("Yamada Taro", "Yamada ＊＊"),
        ("Yamada Taro Jr.", "Yamada ＊＊"),
        ("山田太郎", "山＊＊"),
        ("  山田 太郎  ", "山田 ＊＊"),
        ("山", "山＊＊"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_mask_name(name: str, expected: str) -> None:
    assert mask_name(name) == expected


@given(st.text())
@example("a \u0301")  # dropping the space brings the accent next to the letter
@example("ﾞ")
@example("ｶ ﾞ")
@example("ǰ")  # casefolds to j + combining caron, which NFKC does not recompose
def test_fold_is_idempotent(text: str) -> None:
    once = fold(text)
    assert fold(once) == once


@given(st.text(alphabet=st.characters(min_codepoint=0x30A1, max_codepoint=0x30F6)))
def test_katakana_and_hiragana_fold_alike(katakana: str) -> None:
    hiragana = "".join(chr(ord(char) - 0x60) for char in katakana)
    assert fold(katakana) == fold(hiragana)
    assert not any(0x30A1 <= ord(char) <= 0x30F6 for char in fold(katakana))


@given(st.text(), st.text())
def test_space_and_width_never_matter(left: str, right: str) -> None:
    assert fold(left + "\u3000" + right) == fold(left + " " + right) == fold(left + right)


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1))
def test_mask_name_shows_at_most_the_family_name(name: str) -> None:
    masked = mask_name(name)
    stripped = name.strip()
    if not stripped:
        assert masked == ""
        return
    assert masked.endswith("＊＊")
    shown = masked.removesuffix("＊＊")
    assert stripped.startswith(shown)
    assert len(shown) <= len(stripped)


# -- issue 11: half-width kana stored full-width, names sorted by reading


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ｻﾄｳ", "サトウ"),
        ("ｻﾄｳ ﾀﾛｳ", "サトウ タロウ"),
        ("ﾔﾏﾀﾞ･ﾊﾟｰｸ", "ヤマダ・パーク"),
        ("佐藤 ﾊﾅｺ", "佐藤 ハナコ"),
        ("ＡＢＣ　１２３", "ＡＢＣ　１２３"),  # only kana are widened: NFKC for kana only
        ("山田 太郎", "山田 太郎"),
    ],
    ids=["plain", "spaced", "voiced-and-dot", "mixed", "full-width-latin-kept", "kanji"],
)
def test_half_width_kana_are_widened_and_nothing_else_changes(typed: str, stored: str) -> None:
    assert widen_kana(typed) == stored


def test_names_with_readings_sort_by_the_reading() -> None:
    people = [("木村", "キムラ"), ("伊藤", "いとう"), ("佐藤", "ｻﾄｳ"), ("阿部", "アベ")]
    ordered = sorted(people, key=lambda p: name_sort_key(*p))
    assert [name for name, _ in ordered] == ["阿部", "伊藤", "木村", "佐藤"]


def test_names_without_readings_sort_in_japanese_order_not_code_points() -> None:
    names = ["木村 直樹", "佐藤 花子", "伊藤 健", "管理 次郎", "森 由美"]
    # Code points follow radicals and strokes: 伊 佐 木 森 管.
    assert sorted(names) == ["伊藤 健", "佐藤 花子", "木村 直樹", "森 由美", "管理 次郎"]
    # JIS X 0208 (CLDR ja) order follows the readings: い かん さ しん もく.
    assert sorted(names, key=name_sort_key) == [
        "伊藤 健",
        "管理 次郎",
        "佐藤 花子",
        "森 由美",
        "木村 直樹",
    ]


def test_kana_names_come_before_kanji_and_mix_with_readings() -> None:
    ordered = sorted(
        [("高橋", ""), ("さとう", ""), ("伊藤", "イトウ")], key=lambda p: name_sort_key(*p)
    )
    assert ordered == [("伊藤", "イトウ"), ("さとう", ""), ("高橋", "")]
