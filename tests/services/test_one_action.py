"""One click, one unit of work: a state-changing call writes one audit entry, returns the case as
the screen shows it next (with its warnings), and a stale version writes nothing."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy import func, select

from privacy_desk import i18n
from privacy_desk.domain.errors import IndividualNumberRefused, ValidationError
from privacy_desk.domain.vocabulary import (
    AuthorityDocument,
    CaseStatus,
    ContactDirection,
    ContactKind,
    DispatchMethod,
    IdentityDocument,
    IdentityMethod,
    RequesterRole,
    RequestKind,
)
from privacy_desk.letters import LetterKind
from privacy_desk.services.base import ConflictError, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import IdentityForm, IntakeForm, MeasureForm, PersonForm
from privacy_desk.services.letters import LetterService
from privacy_desk.storage.models import AuditEntry, Contact, Letter
from tests.conftest import Clock
from tests.services.factories import (
    approve_story_1_disclosure,
    complaint_by_phone,
    disclosure_by_parent,
    moment,
)


@pytest.fixture
def japanese() -> Iterator[None]:
    i18n.set_language("ja")
    try:
        yield
    finally:
        i18n.set_language("en")


def audit_rows(context: Context) -> list[str]:
    with context.db.session() as session:
        return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def count(context: Context, model: type) -> int:
    with context.db.session() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def agent_case(context: Context, users: dict, clock: Clock):
    clock.set(2026, 11, 25, 10, 0)
    return CaseService(context, users["staff"]).intake(
        IntakeForm(
            channel=disclosure_by_parent().channel,
            received_at=moment(2026, 11, 25, 9, 30),
            requester=PersonForm("佐々木 誠", "ササキ マコト", organisation="佐々木法律事務所"),
            requester_role=RequesterRole.AGENT,
            subject=PersonForm("林 葵", "ハヤシ アオイ", date(1990, 3, 3)),
            measures=(MeasureForm(RequestKind.DISCLOSURE),),
        )
    )


OLD_SEAL = IdentityForm(
    IdentityMethod.DOCUMENTS,
    (IdentityDocument.DRIVERS_LICENCE,),
    (
        (AuthorityDocument.POWER_OF_ATTORNEY, date(2026, 11, 10)),
        (AuthorityDocument.SEAL_CERTIFICATE, date(2026, 5, 1)),
    ),
)


def test_a_click_writes_one_audit_entry_and_returns_the_whole_case(
    context: Context, users: dict
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    before = audit_rows(context)
    after = staff.add_note(case.id, case.version, "電話で経過を説明した")
    assert audit_rows(context) == [*before, "add_note"]
    # What the screen shows next is in the answer: no second read (and no "read case" entry).
    assert [n.text for n in after.notes] == ["電話で経過を説明した"]
    assert after.history[-1].action == "add_note"
    assert after.contacts and after.version > case.version

    before = audit_rows(context)
    taken = staff.take(after.id, after.version)
    assert audit_rows(context) == [*before, "take"]
    assert taken.owner_id == users["staff"].user_id and taken.history[-1].action == "take"


def test_authority_not_confirmed_is_saved_with_a_warning_not_refused(
    context: Context, users: dict, clock: Clock
) -> None:
    staff = CaseService(context, users["staff"])
    case = agent_case(context, users, clock)
    before = audit_rows(context)
    saved = staff.confirm_identity(case.id, case.version, OLD_SEAL)
    assert audit_rows(context) == [*before, "confirm_identity"]
    assert saved.identity_confirmed and not saved.authority_confirmed
    (warning,) = saved.warnings
    assert warning.startswith("Identity recorded, but authority is not confirmed:")
    assert "Seal-registration certificate was issued on 2026-05-01" in warning
    assert any("Seal-registration" in p for p in saved.identity_problems)
    assert len(saved.identity_checks) == 1 and len(saved.authority_proofs) == 2
    # The warning belongs to that answer only; reading the case again carries none.
    assert staff.get(case.id).warnings == ()


def test_a_confirmed_identity_has_no_warning(context: Context, users: dict, clock: Clock) -> None:
    staff = CaseService(context, users["staff"])
    case = agent_case(context, users, clock)
    fresh = IdentityForm(
        IdentityMethod.DOCUMENTS,
        (IdentityDocument.DRIVERS_LICENCE,),
        (
            (AuthorityDocument.POWER_OF_ATTORNEY, date(2026, 11, 10)),
            (AuthorityDocument.SEAL_CERTIFICATE, date(2026, 11, 20)),
        ),
    )
    saved = staff.confirm_identity(case.id, case.version, fresh)
    assert saved.authority_confirmed and saved.warnings == () and saved.identity_problems == ()


def issued_decision(context: Context, users: dict, clock: Clock):
    case = CaseService(context, users["staff"]).intake(disclosure_by_parent())
    case = approve_story_1_disclosure(context, users, clock, case)
    clock.set(2026, 12, 2, 11, 0)
    letters = LetterService(context, users["staff"])
    letter = letters.issue(case.id, case.version, LetterKind.DECISION)
    return CaseService(context, users["staff"]).get(case.id), letter, letters


def test_dispatch_at_a_stale_version_is_refused_and_writes_nothing(
    context: Context, users: dict, clock: Clock
) -> None:
    case, letter, letters = issued_decision(context, users, clock)
    # Someone else adds a note meanwhile: the version the user had open is stale.
    CaseService(context, users["supervisor"]).add_note(case.id, case.version, "確認済み")
    before = (audit_rows(context), count(context, Contact))
    with pytest.raises(ConflictError) as refused:
        letters.record_dispatch(
            letter.id,
            DispatchMethod.SIMPLE_REGISTERED,
            None,
            "1234-5678-9190",
            version=case.version,
        )
    assert [c.action for c in refused.value.changes] == ["add_note"]
    assert (audit_rows(context), count(context, Contact)) == before
    with context.db.session() as session:
        row = session.get(Letter, letter.id)
        assert row is not None and row.dispatch_method is None and row.dispatched_on is None
    assert CaseService(context, users["staff"]).get(case.id).status is CaseStatus.APPROVED


def test_dispatching_the_decision_is_one_unit_of_work(
    context: Context, users: dict, clock: Clock
) -> None:
    case, letter, letters = issued_decision(context, users, clock)
    before = audit_rows(context)
    sent = letters.record_dispatch(
        letter.id, DispatchMethod.SIMPLE_REGISTERED, None, "1234-5678-9190", version=case.version
    )
    # One entry: the notice sent (the old way added a "read case" from a second transaction).
    assert audit_rows(context) == [*before, "record_notice_sent"]
    assert sent.status is CaseStatus.NOTICE_SENT
    assert sent.letters[0].tracking_number == "1234-5678-9190"
    assert sent.contacts[-1].summary == "Decision notice sent"
    assert sent.history[-1].detail["letter_id"] == letter.id


def test_other_letters_dispatch_as_a_contact(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    letters = LetterService(context, users["staff"])
    letter = letters.issue(case.id, case.version, LetterKind.ACKNOWLEDGEMENT)
    case = staff.get(case.id)
    before = audit_rows(context)
    sent = letters.record_dispatch(letter.id, DispatchMethod.POST, version=case.version)
    assert audit_rows(context) == [*before, "add_contact"]
    assert [c.summary for c in sent.contacts][-2:] == [
        "Letter 1 issued: Acknowledgement of receipt",
        "Letter 1 sent: Acknowledgement of receipt",
    ]
    assert sent.status is case.status


def test_words_the_office_wrote_are_not_stored_but_shown_in_the_screen_language(
    context: Context, users: dict, japanese: None
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    letters = LetterService(context, users["staff"])
    letter = letters.issue(case.id, case.version, LetterKind.ACKNOWLEDGEMENT)
    with context.db.session() as session:
        assert session.scalar(select(Contact.summary).where(Contact.letter_id == letter.id)) == ""
    assert staff.get(case.id).contacts[-1].summary == "通知書1（受領通知）を発行しました"


def test_refusals_name_the_field_in_the_screen_language(
    context: Context, users: dict, japanese: None
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    with pytest.raises(ValidationError) as refused:
        staff.add_note(case.id, case.version, "  ")
    assert refused.value.message == "メモを入力してください。"
    assert refused.value.field == "note"
    with pytest.raises(IndividualNumberRefused) as refused:
        staff.add_contact(
            case.id,
            case.version,
            ContactKind.CALL,
            ContactDirection.IN,
            "番号 1234 5678 9018 を伺った",
        )
    assert refused.value.message.startswith("受付メモに個人番号（マイナンバー）が含まれています。")
    assert refused.value.field == "contact note"


def test_notice_sent_at_a_stale_version_writes_nothing(
    context: Context, users: dict, clock: Clock
) -> None:
    case, _letter, _letters = issued_decision(context, users, clock)
    staff = CaseService(context, users["staff"])
    staff.add_note(case.id, case.version, "発送準備中")
    before = (audit_rows(context), count(context, Contact))
    with pytest.raises(ConflictError):
        staff.record_notice_sent(case.id, case.version, DispatchMethod.POST)
    assert (audit_rows(context), count(context, Contact)) == before
    assert staff.get(case.id).status is CaseStatus.APPROVED
