"""Issuing letters from cases: state checks, the kept PDF and its hash, dispatch, batches, templates.

Every check on content reads the produced PDF (pypdf text extraction), not the code that wrote it.
"""

from __future__ import annotations

import hashlib
import io
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from privacy_desk.domain.errors import RuleViolation, ValidationError
from privacy_desk.domain.vocabulary import (
    AuthorityDocument,
    CaseStatus,
    DispatchMethod,
    IdentityDocument,
    IdentityMethod,
    Outcome,
)
from privacy_desk.letters import LetterKind, TemplateError
from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import DecisionForm, IdentityForm
from privacy_desk.services.letters import LetterOptions, LetterService
from tests.conftest import Clock
from tests.services.factories import (
    approve_story_1_disclosure,
    complaint_by_phone,
    correction_by_email,
    disclosure_by_parent,
)


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages).replace(" ", "")


def approved_disclosure(context: Context, users: dict, clock: Clock):
    case = CaseService(context, users["staff"]).intake(disclosure_by_parent())
    return approve_story_1_disclosure(context, users, clock, case)


def test_decision_letter_only_after_approval(context: Context, users: dict, clock: Clock) -> None:
    staff = CaseService(context, users["staff"])
    letters = LetterService(context, users["staff"])
    early = staff.intake(disclosure_by_parent())
    with pytest.raises(RuleViolation, match="only after a supervisor approved"):
        letters.preview(early.id, LetterKind.DECISION)
    with pytest.raises(RuleViolation, match="only after a supervisor approved"):
        letters.issue(early.id, early.version, LetterKind.DECISION)
    with context.db.session() as session:
        assert session.scalar(text("select count(*) from letters")) == 0


def test_story_1_decision_letter_issued_kept_and_sent(
    context: Context, users: dict, clock: Clock
) -> None:
    case = approved_disclosure(context, users, clock)
    letters = LetterService(context, users["staff"])
    clock.set(2026, 12, 2, 11, 0)
    letter = letters.issue(case.id, case.version, LetterKind.DECISION)
    assert letter.number == 1 and letter.language == "ja"
    pdf = letters.pdf(letter.id)
    assert hashlib.sha256(pdf).hexdigest() == letter.sha256
    words = pdf_text(pdf)
    for expected in (
        "鈴木恵子様",
        "鈴木翔",  # on behalf of the son
        "150-0002",
        "一部開示",
        "相談員の面談メモは第三者の権利利益を害するおそれがあるため",
        "第33条第2項第1号",
        "令和8年12月2日",
        "令和8年11月24日",
        "03-5904-8973",
        "info@jacces.or.jp",
        "記",
        "以上",
    ):
        assert expected in words, expected
    assert "2026-1" in words or "2026" in words  # the document number carries the case year

    # Reprint gives the same bytes; the register holds it with an outgoing contact.
    assert letters.pdf(letter.id) == pdf
    staff = CaseService(context, users["staff"])
    full = staff.get(case.id)
    assert [lt.sha256 for lt in full.letters] == [letter.sha256]
    assert any(c.letter_id == letter.id for c in full.contacts)

    version = full.version
    with pytest.raises(ValidationError, match="tracking number"):
        letters.record_dispatch(letter.id, DispatchMethod.SIMPLE_REGISTERED, version=version)
    after = letters.record_dispatch(
        letter.id,
        DispatchMethod.SIMPLE_REGISTERED,
        tracking_number="1234-5678-9131",
        version=version,
    )
    assert after.status is CaseStatus.NOTICE_SENT
    closed = staff.close(after.id, after.version)
    assert closed.status is CaseStatus.CLOSED
    assert staff.get(case.id).letters[0].tracking_number == "1234-5678-9131"


def test_a_corrected_letter_is_a_new_letter(context: Context, users: dict, clock: Clock) -> None:
    case = approved_disclosure(context, users, clock)
    letters = LetterService(context, users["staff"])
    first = letters.issue(case.id, None, LetterKind.DECISION)
    second = letters.issue(case.id, None, LetterKind.DECISION, LetterOptions(language="en"))
    assert (first.number, second.number) == (1, 2)
    english = pdf_text(letters.pdf(second.id))
    assert "Disclosedinpart" in english
    assert "鈴木恵子" in english  # the name as written, in the English letter too
    assert letters.pdf(first.id) != letters.pdf(second.id)


def test_altered_pdf_is_refused_on_reprint(context: Context, users: dict, clock: Clock) -> None:
    case = approved_disclosure(context, users, clock)
    letters = LetterService(context, users["staff"])
    letter = letters.issue(case.id, None, LetterKind.DECISION)
    with context.db.engine.begin() as connection:
        connection.execute(text("UPDATE letters SET pdf = :p"), {"p": b"%PDF-1.4 altered"})
    with pytest.raises(RuleViolation, match="altered"):
        letters.pdf(letter.id)


def test_story_8_english_answer_letter(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    case = staff.start_investigation(case.id, case.version)
    case = staff.record_decision(
        case.id,
        case.version,
        case.measures[0].id,
        DecisionForm(
            Outcome.ANSWERED,
            facts="The seminar list sent the same notice three times.",
            view="This should not have happened.",
            measures_taken="We merged the duplicate entries.",
            apology="We apologise for the trouble.",
        ),
    )
    with pytest.raises(RuleViolation, match="approved"):
        LetterService(context, users["staff"]).issue(case.id, None, LetterKind.ANSWER)
    case = staff.propose(case.id, case.version)
    case = CaseService(context, users["supervisor"]).approve(case.id, case.version)
    with pytest.raises(RuleViolation, match="answer letter"):
        LetterService(context, users["staff"]).issue(case.id, None, LetterKind.DECISION)
    letter = LetterService(context, users["staff"]).issue(case.id, None, LetterKind.ANSWER)
    words = pdf_text(LetterService(context, users["staff"]).pdf(letter.id))
    assert "Wemergedtheduplicateentries." in words
    assert "03-5904-8973" in words
    assert letter.language == "en"


def test_identity_request_lists_what_is_missing(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(disclosure_by_parent())
    letters = LetterService(context, users["staff"])
    words = pdf_text(letters.preview(case.id, LetterKind.IDENTITY_REQUEST))
    assert "本人確認書類" in words and "運転免許証" in words
    case = staff.confirm_identity(
        case.id,
        case.version,
        IdentityForm(
            IdentityMethod.DOCUMENTS,
            (IdentityDocument.PASSPORT,),
            ((AuthorityDocument.FAMILY_REGISTER, date(2026, 10, 1)),),
        ),
    )
    with pytest.raises(RuleViolation, match="already confirmed"):
        letters.preview(case.id, LetterKind.IDENTITY_REQUEST)


def test_batch_issue_with_refusals_and_cancel(context: Context, users: dict, clock: Clock) -> None:
    staff = CaseService(context, users["staff"])
    ids = [staff.intake(correction_by_email()).id for _ in range(3)]
    closed = staff.intake(complaint_by_phone())
    closed = staff.withdraw(closed.id, closed.version)
    letters = LetterService(context, users["staff"])
    seen: list[tuple[int, int]] = []
    result = letters.issue_batch(
        [*ids, closed.id],
        LetterKind.ACKNOWLEDGEMENT,
        progress=lambda d, t: seen.append((d, t)) or True,
    )
    assert [case_id for case_id, _ in result.issued] == ids
    assert [(case_id, reference) for case_id, reference, _ in result.refused] == [
        (closed.id, closed.reference)
    ]
    assert "closed" in result.refused[0][2]
    assert seen[-1] == (4, 4)
    combined = PdfReader(io.BytesIO(result.combined_pdf))
    single_pages = len(PdfReader(io.BytesIO(letters.pdf(result.issued[0][1].id))).pages)
    assert len(combined.pages) == 3 * single_pages
    assert pdf_text(result.combined_pdf).count("開示等の請求の受付について") == 3

    # A batch never issues a case a second acknowledgement; fresh cases for the cancel.
    fresh = [staff.intake(correction_by_email()).id for _ in range(3)]
    cancelled = letters.issue_batch(fresh, LetterKind.ACKNOWLEDGEMENT, progress=lambda d, t: d < 2)
    assert cancelled.cancelled and len(cancelled.issued) == 2


def test_edited_template_is_checked_then_used(context: Context, users: dict) -> None:
    admin = LetterService(context, users["admin"])
    original, edited = admin.template_text(LetterKind.ACKNOWLEDGEMENT, "ja")
    assert not edited and original
    with pytest.raises(TemplateError):
        admin.save_template(LetterKind.ACKNOWLEDGEMENT, "ja", original + "\n{{ no_such_field }}")
    with pytest.raises(TemplateError):
        admin.save_template(LetterKind.ACKNOWLEDGEMENT, "ja", original + "\n{% if %}")
    assert admin.template_text(LetterKind.ACKNOWLEDGEMENT, "ja")[1] is False
    changed = original.replace("請求の受付について（通知）", "ご請求を確かに承りました（通知）")
    assert changed != original
    admin.save_template(LetterKind.ACKNOWLEDGEMENT, "ja", changed)
    case = CaseService(context, users["staff"]).intake(disclosure_by_parent())
    words = pdf_text(
        LetterService(context, users["staff"]).preview(case.id, LetterKind.ACKNOWLEDGEMENT)
    )
    assert "ご請求を確かに承りました（通知）" in words
    admin.reset_template(LetterKind.ACKNOWLEDGEMENT, "ja")
    assert admin.template_text(LetterKind.ACKNOWLEDGEMENT, "ja") == (original, False)
    from privacy_desk.domain.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        LetterService(context, users["staff"]).save_template(
            LetterKind.ACKNOWLEDGEMENT, "ja", changed
        )


def test_issued_pdf_round_trips_on_both_databases(any_db, clock: Clock) -> None:
    from tests.conftest import make_users

    context = Context(any_db, clock=clock)
    users = make_users(context)
    case = CaseService(context, users["staff"]).intake(correction_by_email())
    letters = LetterService(context, users["staff"])
    letter = letters.issue(case.id, case.version, LetterKind.ACKNOWLEDGEMENT)
    pdf = letters.pdf(letter.id)
    assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == letter.sha256
    assert "田中一郎様" in pdf_text(pdf)


def test_unsaved_template_preview(context: Context, users: dict, clock: Clock) -> None:
    admin = LetterService(context, users["admin"])
    text, _ = admin.template_text(LetterKind.DECISION, "ja")
    edited = text.replace("について（通知）", "についてのご案内（通知）")
    assert edited != text
    sample = pdf_text(admin.preview_template(LetterKind.DECISION, "ja", edited))
    assert "についてのご案内（通知）" in sample
    case = approved_disclosure(context, users, clock)
    from_case = pdf_text(admin.preview_template(LetterKind.DECISION, "ja", edited, case.reference))
    assert "についてのご案内（通知）" in from_case and "鈴木恵子様" in from_case
    assert admin.template_text(LetterKind.DECISION, "ja") == (text, False)  # nothing saved
    with pytest.raises(TemplateError):
        admin.preview_template(LetterKind.DECISION, "ja", edited + "{{ nope }}")
    from privacy_desk.domain.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        LetterService(context, users["staff"]).preview_template(LetterKind.DECISION, "ja", edited)
