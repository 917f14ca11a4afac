"""Japanese screens use punctuation that reads right in Japanese fonts: an em dash "—" shows as a
full-width bar there ("請求者 ー 本人"), so no Japanese translation holds one."""

from __future__ import annotations

from pathlib import Path

from babel.messages.pofile import read_po

import privacy_desk

PO = Path(privacy_desk.__file__).parent / "locale" / "ja" / "LC_MESSAGES" / "privacy_desk.po"


def test_no_japanese_translation_holds_an_em_dash() -> None:
    with PO.open("rb") as f:
        catalog = read_po(f)
    dashed = [
        message.id
        for message in catalog
        if message.id
        for text in ((message.string,) if isinstance(message.string, str) else message.string)
        if text and "—" in text
    ]
    assert dashed == []


def test_screen_lines_built_in_code_follow_the_language() -> None:
    from privacy_desk.i18n import _, set_language

    set_language("ja")
    try:
        assert _("{kinds} — {channel}").format(kinds="開示", channel="郵送") == "開示（郵送）"
        assert "—" not in _("Requester — {role}")
    finally:
        set_language("en")
    assert _("{kinds} — {channel}").format(kinds="Disclosure", channel="Post") == (
        "Disclosure — Post"
    )
