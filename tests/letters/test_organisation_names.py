"""Nothing of the organisation is written in code: every name a letter prints is the letterhead's.

With other names set (full and short, in both languages, and the document-number prefixes), no
letter of any kind, in either language, prints "JACCES" anywhere; the names set are printed in the
foot, the sender block, the contact block, the closings and the fax cover's From row. A contact
item the office leaves empty is left out, never printed as "TEL " with nothing after it.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

from privacy_desk.letters import Letterhead, LetterKind, render_letter
from privacy_desk.letters.samples import sample_contexts
from tests.letters.reading import pdf_text

OTHER = dataclasses.replace(
    Letterhead.jacces_default(),
    organisation_ja="テスト協会",
    organisation_en="Test Association",
    organisation_short_ja="テスト",
    organisation_short_en="TA",
    document_number_prefix="テスト個第",
    document_number_prefix_en="TA No. ",
    email="privacy@example.org",
)


@pytest.fixture(scope="module")
def other_letters() -> dict[tuple[str, str, int], str]:
    return {
        (kind.value, lang, index): pdf_text(render_letter(context, OTHER))
        for kind in LetterKind
        for lang in ("ja", "en")
        for index, context in enumerate(sample_contexts(kind, lang))
    }


def test_no_letter_prints_jacces_once_the_names_are_set(
    other_letters: dict[tuple[str, str, int], str],
) -> None:
    assert {kind for kind, _lang, _index in other_letters} == {kind.value for kind in LetterKind}
    for (kind, lang, index), text in other_letters.items():
        where = f"{kind}/{lang}/{index}"
        assert "jacces" not in text.lower(), where
        if lang == "ja":
            assert text.count("テスト協会") >= 2, where  # sender block and foot
            assert "テスト個第" in text, where
        else:
            assert text.count("TestAssociation") >= 2, where
            assert "TANo." in text, where
        if kind == LetterKind.FAX_COVER:
            assert (
                "発信元テスト個人情報相談窓口" if lang == "ja" else "FromPrivacyOffice,TA"
            ) in text, where
        elif lang == "ja":
            assert "【担当】テスト個人情報相談窓口" in text, where  # the contact block
        else:
            # The contact block and the closing.
            assert text.count("PrivacyOffice,TA") == 2, where


def test_the_identity_request_says_where_to_post_with_the_short_name(
    other_letters: dict[tuple[str, str, int], str],
) -> None:
    assert "テスト個人情報相談窓口あてに郵送" in other_letters[("identity_request", "ja", 0)]
    assert "postthedocumentstoTAPrivacyOffice" in other_letters[("identity_request", "en", 0)]


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("kind", [LetterKind.ACKNOWLEDGEMENT, LetterKind.FAX_COVER])
def test_an_empty_contact_item_prints_nothing(kind: LetterKind, lang: str) -> None:
    context = sample_contexts(kind, lang)[0]
    no_tel = pdf_text(render_letter(context, dataclasses.replace(OTHER, tel="")))
    assert "03-5904-8973" not in no_tel and "03-5904-8974" in no_tel
    assert not re.search(r"TEL|Tel\.", no_tel)
    nothing = dataclasses.replace(
        OTHER, tel="", fax="", email="", office_hours_ja="", office_hours_en=""
    )
    bare = pdf_text(render_letter(context, nothing))
    assert "03-5904" not in bare and "example.org" not in bare and "9:00" not in bare
    # The foot ends with the last office's address; the contact block with the staff member;
    # the fax cover's From row with the name (no empty brackets).
    assert not re.search(r"(Japan|西1-7-14)(TEL|FAX[^送]|E-mail|Email|受付時間|Officehours)", bare)
    contact = (
        "【担当】テスト個人情報相談窓口佐藤花子"
        if lang == "ja"
        else "Contact:HanakoSato,PrivacyOffice,TA"
    )
    assert bare.endswith(contact)
    if kind == LetterKind.FAX_COVER:
        assert ("担当：佐藤花子送信日" if lang == "ja" else "HanakoSatoDate") in bare
