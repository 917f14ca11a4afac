"""The letterhead's fields by language: an English field left empty falls back to the Japanese
one (a name must be printed); a Japanese one never falls back to English."""

from __future__ import annotations

import dataclasses

from privacy_desk.letters import Letterhead


def test_each_language_reads_its_own_field() -> None:
    head = Letterhead.jacces_default()
    assert head.text("office", "ja") == "個人情報相談窓口"
    assert head.text("office", "en") == "Privacy Office"


def test_an_empty_english_field_falls_back_to_the_japanese_one() -> None:
    head = dataclasses.replace(Letterhead.jacces_default(), person_responsible_ja="山田 太郎")
    assert head.text("person_responsible", "en") == "山田 太郎"
    assert head.text("person_responsible", "ja") == "山田 太郎"


def test_an_empty_japanese_field_stays_empty() -> None:
    head = dataclasses.replace(Letterhead.jacces_default(), person_responsible_en="Taro Yamada")
    assert head.text("person_responsible", "ja") == ""
    assert head.text("person_responsible", "en") == "Taro Yamada"
