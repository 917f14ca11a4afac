"""A case's letters print the names the settings hold and the contact items its office holds:
nothing of JACCES once an administrator has set other names, and no other office's TEL when the
case's office has none."""

from __future__ import annotations

import pytest

from privacy_desk.letters import LetterKind
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.letters import LetterOptions, LetterService
from privacy_desk.services.offices import OfficeService
from privacy_desk.services.users import AdminService
from tests.letters.reading import pdf_text
from tests.services.factories import disclosure_by_parent

HEAD_TEL = "03-5904-8973"
NAMES = {
    "organisation_ja": "テスト協会",
    "organisation_en": "Test Association",
    "organisation_short_ja": "テスト",
    "organisation_short_en": "TA",
    "document_number_prefix": "テスト個第",
    "document_number_prefix_en": "TA No. ",
}
KINDS = (LetterKind.ACKNOWLEDGEMENT, LetterKind.IDENTITY_REQUEST, LetterKind.FAX_COVER)


def _letters(context: Context, users: dict[str, Actor], case_id: int) -> dict[tuple, str]:
    letters = LetterService(context, users["staff"])
    return {
        (kind, lang): pdf_text(
            letters.preview(
                case_id,
                kind,
                LetterOptions(language=lang, fax_number="03-0000-1111", fax_pages=2),
            )
        )
        for kind in KINDS
        for lang in ("ja", "en")
    }


def test_a_cases_letters_print_the_names_the_settings_hold(
    context: Context, users: dict[str, Actor]
) -> None:
    case = CaseService(context, users["staff"]).intake(disclosure_by_parent())
    before = _letters(context, users, case.id)
    assert all("JACCES" in text for text in before.values())  # the defaults

    AdminService(context, users["admin"]).set_setting("letterhead", NAMES)
    for (kind, lang), text in _letters(context, users, case.id).items():
        where = f"{kind.value}/{lang}"
        assert "JACCES" not in text, where
        if lang == "ja":
            assert "テスト協会" in text and "【担当】テスト本部（東京）" in text, where
        else:
            assert "TestAssociation" in text and "PrivacyOffice,TA" in text, where
    fax_en = _letters(context, users, case.id)[(LetterKind.FAX_COVER, "en")]
    assert "SubjectDocumentsfromTA" in fax_en  # the neutral subject names the short name


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_an_office_without_a_tel_prints_no_tel_not_the_head_offices(
    context: Context, users: dict[str, Actor], lang: str
) -> None:
    OfficeService(context, users["admin"]).update_office("naha", {"tel": ""})
    staff = CaseService(context, users["staff"])
    case = staff.intake(disclosure_by_parent())
    case = staff.move_to_office(case.id, case.version, "naha")
    letters = LetterService(context, users["staff"])
    for kind in KINDS:
        options = LetterOptions(language=lang, fax_number="03-0000-1111", fax_pages=2)
        text = pdf_text(letters.preview(case.id, kind, options))
        # Tokyo's TEL is not Naha's: neither in the contact block, the foot nor the fax cover.
        assert HEAD_TEL not in text, kind
        assert "TEL" not in text and "Tel." not in text, kind
        assert "FAX03-5904-8974" in text.replace("Fax", "FAX"), kind  # its own FAX still is
