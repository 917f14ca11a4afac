"""Letters built from stored cases (issue 10): every kind on a demo database, the reply-by date in
business days, 拝復 for paper requests, the signer, Dear Mr …, the fee's state. Each check reads
the produced PDF."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest
from sqlalchemy import select

from privacy_desk.domain.errors import DomainError, ValidationError
from privacy_desk.domain.vocabulary import (
    AuthorityDocument,
    Channel,
    FormOfAddress,
    IdentityDocument,
    IdentityMethod,
    Outcome,
    PaymentMethod,
    RequesterRole,
)
from privacy_desk.letters import LetterKind
from privacy_desk.services import settings as settings_store
from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.demo import DemoService
from privacy_desk.services.dto import CaseDetail, IdentityForm, PersonForm
from privacy_desk.services.letters import LetterOptions, LetterService, require_letter_allowed
from privacy_desk.storage.models import Case
from tests.conftest import Clock, mark_demo_database
from tests.letters.reading import pdf_pages, pdf_text
from tests.services.factories import complaint_by_phone, disclosure_by_parent


def _demo_cases(context: Context, users: dict) -> list[CaseDetail]:
    mark_demo_database(context)
    DemoService(context, users["admin"]).generate(150, seed=1)
    with context.db.session() as session:
        ids = list(session.scalars(select(Case.id).order_by(Case.id)))
    staff = CaseService(context, users["staff"])
    return [staff.get(case_id) for case_id in ids]


_CHARGED = (Outcome.DISCLOSED_FULL, Outcome.DISCLOSED_PART, Outcome.PURPOSES_NOTIFIED)


def _allowed(kind: LetterKind, case: CaseDetail) -> bool:
    try:
        require_letter_allowed(kind, case)
    except DomainError:
        return False
    return True


def test_a_demo_database_has_a_case_for_every_kind_of_letter(context: Context, users: dict) -> None:
    cases = _demo_cases(context, users)
    letters = LetterService(context, users["staff"])
    for kind in LetterKind:
        fax = kind is LetterKind.FAX_COVER
        case = next((c for c in cases if _allowed(kind, c) and (c.requester.fax or not fax)), None)
        assert case is not None, f"no demo case can have a {kind.value} letter"
        for language in ("ja", "en"):
            options = LetterOptions(language=language, fax_pages=3 if fax else 0)
            assert letters.preview(case.id, kind, options).startswith(b"%PDF-")
    # What issue 10 asked the demo data to hold: extensions, fax numbers, corrections with
    # before and after, fees paid and unpaid, law-firm agents.
    assert any(c.extensions for c in cases)
    assert any(c.requester.fax for c in cases)
    assert any(" → " in m.changes and m.changes.split(" → ")[1] for c in cases for m in c.measures)
    fees = [c.fees[-1] for c in cases if c.fees]
    assert any(f.received_on for f in fees) and any(f.received_on is None for f in fees)
    assert any(
        c.requester_role is RequesterRole.AGENT and "法律事務所" in c.requester.organisation
        for c in cases
    )
    decided = [c for c in cases if _allowed(LetterKind.DECISION, c)]
    unpaid = next(
        c
        for c in decided
        if c.fees
        and c.fees[-1].received_on is None
        and c.fees[-1].payment_method is PaymentMethod.BANK_TRANSFER
        and any(m.outcome in _CHARGED for m in c.measures)
    )
    text = pdf_text(letters.preview(unpaid.id, LetterKind.DECISION))
    assert "デモ銀行" in text


def _the_case(context: Context, users: dict, clock: Clock, **changes) -> CaseDetail:
    form = dataclasses.replace(disclosure_by_parent(), **changes)
    return CaseService(context, users["staff"]).intake(form)


def test_the_reply_by_date_is_business_days_on_never_a_closed_day(
    context: Context, users: dict, clock: Clock
) -> None:
    case = _the_case(context, users, clock)
    letters = LetterService(context, users["staff"])
    # Issued on Friday 18 December 2026: 10 business days skip the year end (29 Dec–3 Jan);
    # 14 calendar days would have been 1 January.
    clock.set(2026, 12, 18, 10, 0)
    text = pdf_text(letters.preview(case.id, LetterKind.IDENTITY_REQUEST))
    assert "令和9年1月7日（必着）" in text
    # Across Golden Week (29 April, 3–5 May): 14 calendar days would have been 3 May.
    clock.set(2027, 4, 19, 10, 0)
    text = pdf_text(letters.preview(case.id, LetterKind.IDENTITY_REQUEST))
    assert "令和9年5月7日（必着）" in text
    with context.db.session() as session:
        settings_store.write(session, "reply_business_days", 3)
    text = pdf_text(letters.preview(case.id, LetterKind.IDENTITY_REQUEST))
    assert "令和9年4月22日（必着）" in text
    with pytest.raises(ValidationError, match="not a business day"):
        letters.preview(
            case.id, LetterKind.IDENTITY_REQUEST, LetterOptions(reply_by=date(2027, 5, 3))
        )


@pytest.mark.parametrize("value", [0, 61, -1, "10", True])
def test_the_reply_days_setting_is_checked(context: Context, value: object) -> None:
    with context.db.session() as session, pytest.raises(ValidationError, match="reply_business"):
        settings_store.write(session, "reply_business_days", value)


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("fee_account_number", "12345"),
        ("fee_account_number", "12a4567"),
        ("fee_payee_kana", "JACCES"),
        ("fee_payee_kana", "じゃくせす"),
        ("fee_account_type", "savings"),
        ("fee_pay_business_days", 0),
    ],
)
def test_the_fee_account_settings_are_checked(context: Context, key: str, value: object) -> None:
    with context.db.session() as session, pytest.raises(ValidationError, match=key):
        settings_store.write(session, key, value)


@pytest.mark.parametrize(
    ("channel", "opening"), [(Channel.POST, "拝復"), (Channel.FAX, "拝復"), (Channel.PHONE, "拝啓")]
)
def test_a_request_on_paper_is_answered_with_haifuku(
    context: Context, users: dict, clock: Clock, channel: Channel, opening: str
) -> None:
    case = _the_case(context, users, clock, channel=channel)
    text = pdf_text(
        LetterService(context, users["staff"]).preview(case.id, LetterKind.ACKNOWLEDGEMENT)
    )
    assert opening in text
    assert ({"拝復", "拝啓"} - {opening}).pop() not in text


def test_the_signer_is_the_owner_or_a_named_user_never_the_os_login(
    context: Context, users: dict, clock: Clock
) -> None:
    case = _the_case(context, users, clock)
    # The command line acts as whoever logged in there (an administrator, without the case).
    letters = LetterService(context, users["admin"])
    staff = CaseService(context, users["staff"])
    staff.take(case.id, case.version)
    owned = pdf_text(letters.render_for_reference(case.reference, "acknowledgement", "ja"))
    assert "担当】JACCES本部（東京）個人情報相談窓口佐藤花子" in owned
    CaseService(context, users["supervisor"]).assign([case.id], None)
    # No owner: the user who logged in signs (an Actor is always a logged-in user now).
    unowned = pdf_text(letters.render_for_reference(case.reference, "acknowledgement", "ja"))
    assert "担当】JACCES本部（東京）個人情報相談窓口管理次郎" in unowned
    named = pdf_text(
        letters.render_for_reference(case.reference, "acknowledgement", "ja", "kimura")
    )
    assert "担当】JACCES本部（東京）個人情報相談窓口木村直樹" in named
    with pytest.raises(ValidationError, match="nobody"):
        letters.render_for_reference(case.reference, "acknowledgement", "ja", "nobody")
    # A logged-in user without the case signs with their own name.
    mine = pdf_text(
        LetterService(context, users["staff2"]).preview(case.id, LetterKind.ACKNOWLEDGEMENT)
    )
    assert "担当】JACCES本部（東京）個人情報相談窓口木村直樹" in mine


def test_english_letters_greet_the_person_by_form_of_address(
    context: Context, users: dict, clock: Clock
) -> None:
    case = CaseService(context, users["staff"]).intake(complaint_by_phone())
    staff = CaseService(context, users["staff"])
    letters = LetterService(context, users["staff"])
    english = LetterOptions(language="en")
    assert f"Dear{case.requester.name.replace(' ', '')}," in pdf_text(
        letters.preview(case.id, LetterKind.ACKNOWLEDGEMENT, english)
    )
    form = PersonForm(
        **{
            f.name: getattr(case.requester, f.name)
            for f in dataclasses.fields(PersonForm)
            if f.name != "form_of_address"
        },
        form_of_address=FormOfAddress.MS,
    )
    case = staff.update_person(case.id, case.version, case.requester.id, form)
    assert case.requester.form_of_address is FormOfAddress.MS
    family = case.requester.name.split(" ")[0]
    text = pdf_text(letters.preview(case.id, LetterKind.ACKNOWLEDGEMENT, english))
    assert f"DearMs{family}," in text


def test_a_fax_cover_sheet_never_carries_the_case(
    context: Context, users: dict, clock: Clock
) -> None:
    form = dataclasses.replace(complaint_by_phone(), summary="持病の通院歴が漏れたとの苦情")
    case = CaseService(context, users["staff"]).intake(form)
    letters = LetterService(context, users["staff"])
    for language, neutral in (("ja", "書類の送付について"), ("en", "DocumentsfromJACCES")):
        options = LetterOptions(language=language, fax_number="03-0000-1111", fax_pages=2)
        pages = pdf_pages(letters.preview(case.id, LetterKind.FAX_COVER, options))
        text = "".join(pages).replace(" ", "").replace("\n", "")
        assert case.summary.replace(" ", "") not in text
        for measure in case.measures:
            assert measure.requested.replace(" ", "")[:12] not in text
        assert neutral in text
    ja = pdf_text(
        letters.preview(
            case.id, LetterKind.FAX_COVER, LetterOptions(language="ja", fax_number="1", fax_pages=1)
        )
    )
    assert f"{case.requester.name.replace(' ', '')}様" in ja


def test_an_identity_request_names_the_agents_own_documents(
    context: Context, users: dict, clock: Clock
) -> None:
    """A parent acting for a child: the parent's own ID and the proof of authority, in the
    letter's language, and a proof too old named with its date."""
    case = _the_case(context, users, clock)
    letters = LetterService(context, users["staff"])
    text = pdf_text(letters.preview(case.id, LetterKind.IDENTITY_REQUEST))
    assert "代理人ご自身の本人確認書類の写し（使える書類は" in text
    assert "代理権を確認できる書類として" in text
    assert "Certificate" not in text and "ask for" not in text
    staff = CaseService(context, users["staff"])
    staff.confirm_identity(
        case.id,
        None,
        IdentityForm(
            IdentityMethod.DOCUMENTS,
            (IdentityDocument.DRIVERS_LICENCE,),
            authority=((AuthorityDocument.FAMILY_REGISTER, date(2026, 1, 5)),),
        ),
    )
    text = pdf_text(letters.preview(case.id, LetterKind.IDENTITY_REQUEST))
    assert (
        "戸籍謄本・抄本：お送りいただいたもの（令和8年1月5日発行）は、発行から3か月を超えています。"
        in text
    )
    assert "代理人ご自身の本人確認書類の写し（使える書類は" not in text
    english = pdf_text(
        letters.preview(case.id, LetterKind.IDENTITY_REQUEST, LetterOptions(language="en"))
    )
    assert "issuedon5January2026,morethan3monthsago" in english
