"""Stories from the office, through the real services, on SQLite and on PostgreSQL."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select, text

from privacy_desk.domain.calendar import JST
from privacy_desk.domain.errors import (
    IndividualNumberRefused,
    MissingReason,
    PermissionDenied,
    RuleViolation,
    ValidationError,
)
from privacy_desk.domain.vocabulary import (
    AuthorityDocument,
    CaseStatus,
    ClosureKind,
    ContactDirection,
    ContactKind,
    DisclosureMethod,
    DisclosureRefusalGround,
    DispatchMethod,
    IdentityDocument,
    IdentityMethod,
    Outcome,
    PauseReason,
    PaymentMethod,
    RequesterRole,
    RequestKind,
)
from privacy_desk.services import settings as settings_store
from privacy_desk.services.base import ConflictError, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import (
    DecisionForm,
    IdentityForm,
    IntakeForm,
    MeasureForm,
    PersonForm,
)
from privacy_desk.services.taken import TakenCase
from privacy_desk.storage import audit
from privacy_desk.storage.models import AuditEntry
from tests.conftest import Clock, make_users
from tests.services.factories import (
    KEIKO,
    complaint_by_phone,
    correction_by_email,
    disclosure_by_parent,
    moment,
    suspension_by_fax,
)

LICENCE_AND_REGISTER = IdentityForm(
    IdentityMethod.DOCUMENTS,
    (IdentityDocument.DRIVERS_LICENCE,),
    ((AuthorityDocument.FAMILY_REGISTER, date(2026, 10, 1)),),
)


def jst(value):
    return value.astimezone(JST).replace(tzinfo=None)


@pytest.fixture
def any_context(any_db, clock: Clock) -> Context:
    return Context(any_db, clock=clock)


def test_story_1_mother_calls_for_her_son(any_context: Context, clock: Clock) -> None:
    users = make_users(any_context)
    staff = CaseService(any_context, users["staff"])
    supervisor = CaseService(any_context, users["supervisor"])

    case = staff.intake(disclosure_by_parent())
    assert case.reference == "PD-2026-000001"
    assert case.status is CaseStatus.RECEIVED
    assert case.requester_role is RequesterRole.PARENT
    assert case.subject.name == "鈴木 翔"
    d = case.deadlines
    assert jst(d.acknowledgement_due) == moment(2026, 11, 25, 18, 0).replace(tzinfo=None)
    assert jst(d.original_due) == moment(2026, 12, 8, 18, 0).replace(tzinfo=None)
    assert d.legal_line == date(2026, 12, 8)

    with pytest.raises(RuleViolation, match="identity is not confirmed"):
        staff.start_investigation(case.id, case.version)

    case = staff.take(case.id, case.version)
    case = staff.pause(case.id, case.version, PauseReason.IDENTITY_DOCUMENTS, "本人確認書類を依頼")
    assert case.status is CaseStatus.AWAITING_REQUESTER

    clock.set(2026, 11, 30, 10, 0)
    case = staff.confirm_identity(case.id, case.version, LICENCE_AND_REGISTER)
    assert case.identity_confirmed and case.authority_confirmed
    case = staff.resume(case.id, case.version)
    assert case.status is CaseStatus.RECEIVED
    # Tue 10:05 → Mon 10:00 passes four closing times (Tue, Wed, Thu, Fri 18:00).
    assert case.deadlines.paused_business_days == 4
    assert jst(case.deadlines.original_due) == moment(2026, 12, 8, 18, 0).replace(tzinfo=None)
    assert jst(case.deadlines.current_due) == moment(2026, 12, 14, 18, 0).replace(tzinfo=None)
    assert case.deadlines.legal_line == date(2026, 12, 8)

    case = staff.start_investigation(case.id, case.version)
    measure = case.measures[0]
    with pytest.raises(MissingReason):
        staff.record_decision(
            case.id,
            case.version,
            measure.id,
            DecisionForm(
                Outcome.DISCLOSED_PART,
                "",
                (DisclosureRefusalGround.HARM_TO_PERSON_OR_THIRD_PARTY,),
            ),
        )
    case = staff.record_decision(
        case.id,
        case.version,
        measure.id,
        DecisionForm(
            Outcome.DISCLOSED_PART,
            "カウンセラーのメモは第三者の権利利益を害するおそれがある",
            (DisclosureRefusalGround.HARM_TO_PERSON_OR_THIRD_PARTY,),
            withheld_parts="面談記録のうち相談員のメモ1件",
            method=DisclosureMethod.PAPER,
        ),
    )
    case = staff.propose(case.id, case.version)
    assert case.status is CaseStatus.DECISION_PROPOSED
    with pytest.raises(PermissionDenied):
        staff.approve(case.id, case.version)
    case = supervisor.approve(case.id, case.version)
    assert case.status is CaseStatus.APPROVED
    with pytest.raises(ValidationError, match="tracking number"):
        staff.record_notice_sent(case.id, case.version, DispatchMethod.SIMPLE_REGISTERED)
    case = staff.record_notice_sent(
        case.id, case.version, DispatchMethod.SIMPLE_REGISTERED, tracking_number="1234-5678-9050"
    )
    case = staff.close(case.id, case.version)
    assert case.status is CaseStatus.CLOSED
    assert case.closure_kind is ClosureKind.NOTIFIED

    full = staff.get(case.id)
    actions = [h.action for h in full.history]
    assert actions == [
        "intake",
        "take",
        "pause",
        "confirm_identity",
        "resume",
        "start_investigation",
        "record_decision",
        "propose",
        "approve",
        "record_notice_sent",
        "close",
    ]
    assert {h.actor for h in full.history} == {"sato", "ito"}
    sent = [c for c in full.contacts if c.direction is ContactDirection.OUT]
    assert sent[0].dispatch_method is DispatchMethod.SIMPLE_REGISTERED
    assert sent[0].tracking_number == "1234-5678-9050"
    with any_context.db.session() as session:
        assert audit.verify(session).intact


def test_story_2_correction_refused_without_reason(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    case = staff.confirm_identity(case.id, case.version, IdentityForm(IdentityMethod.CALL_BACK))
    case = staff.start_investigation(case.id, case.version)
    measure = case.measures[0]
    with pytest.raises(MissingReason, match="needs reasons"):
        staff.record_decision(
            case.id, case.version, measure.id, DecisionForm(Outcome.NOT_CORRECTED)
        )
    assert staff.get(case.id).measures[0].outcome is None  # nothing half-saved
    with pytest.raises(RuleViolation, match="choose an outcome"):
        staff.propose(case.id, case.version)
    case = staff.record_decision(
        case.id,
        case.version,
        measure.id,
        DecisionForm(
            Outcome.NOT_CORRECTED, "登録住所はご本人がセミナー申込書に記入したとおりであった"
        ),
    )
    case = staff.propose(case.id, case.version)
    case = CaseService(context, users["supervisor"]).approve(case.id, case.version)
    assert case.measures[0].outcome is Outcome.NOT_CORRECTED
    assert case.status is CaseStatus.APPROVED


def test_story_3_fax_before_silver_week(context: Context, users: dict, clock: Clock) -> None:
    clock.set(2026, 9, 18, 18, 45)
    staff = CaseService(context, users["staff"])
    case = staff.intake(suspension_by_fax())
    d = case.deadlines
    assert jst(d.effective_receipt) == moment(2026, 9, 24, 9, 0).replace(tzinfo=None)
    assert jst(d.acknowledgement_due) == moment(2026, 9, 25, 18, 0).replace(tzinfo=None)
    assert d.legal_line == date(2026, 10, 2)
    assert [m.kind for m in case.measures] == [RequestKind.SUSPENSION, RequestKind.THIRD_PARTY_STOP]

    clock.set(2026, 9, 24, 10, 0)
    case = staff.pause(case.id, case.version, PauseReason.IDENTITY_DOCUMENTS)
    clock.set(2026, 9, 29, 10, 0)  # Thu 10:00 → Tue 10:00: Thu, Fri, Mon closings = 3
    case = staff.resume(case.id, case.version)
    assert case.deadlines.paused_business_days == 3
    original = jst(case.deadlines.original_due)
    assert original == moment(2026, 10, 8, 18, 0).replace(tzinfo=None)
    # 10-08 + 3 business days, skipping Sports Day (Mon 10-12)
    assert jst(case.deadlines.current_due) == moment(2026, 10, 14, 18, 0).replace(tzinfo=None)

    case = staff.confirm_identity(
        case.id, case.version, IdentityForm(IdentityMethod.DOCUMENTS, (IdentityDocument.PASSPORT,))
    )
    case = staff.start_investigation(case.id, case.version)
    suspension, stop = case.measures
    case = staff.record_decision(
        case.id, case.version, suspension.id, DecisionForm(Outcome.SUSPENDED)
    )
    with pytest.raises(MissingReason):
        staff.record_decision(case.id, case.version, stop.id, DecisionForm(Outcome.REFUSED))
    case = staff.record_decision(
        case.id, case.version, stop.id, DecisionForm(Outcome.REFUSED, "法令に基づく提供であるため")
    )
    case = staff.propose(case.id, case.version)
    assert [m.outcome for m in case.measures] == [Outcome.SUSPENDED, Outcome.REFUSED]


def test_story_4_agent_with_old_seal_certificate(
    context: Context, users: dict, clock: Clock
) -> None:
    clock.set(2026, 11, 25, 10, 0)
    staff = CaseService(context, users["staff"])
    form = IntakeForm(
        channel=IntakeForm.__dataclass_fields__["channel"].type and disclosure_by_parent().channel,
        received_at=moment(2026, 11, 25, 9, 30),
        requester=PersonForm("佐々木 誠", "ササキ マコト", organisation="佐々木法律事務所"),
        requester_role=RequesterRole.AGENT,
        subject=PersonForm("林 葵", "ハヤシ アオイ", date(1990, 3, 3)),
        measures=(MeasureForm(RequestKind.DISCLOSURE),),
    )
    case = staff.intake(form)
    old = IdentityForm(
        IdentityMethod.DOCUMENTS,
        (IdentityDocument.DRIVERS_LICENCE,),
        (
            (AuthorityDocument.POWER_OF_ATTORNEY, date(2026, 11, 10)),
            (AuthorityDocument.SEAL_CERTIFICATE, date(2026, 5, 1)),
        ),
    )
    saved = staff.confirm_identity(case.id, case.version, old)  # kept, with a warning
    assert "Seal-registration certificate was issued on 2026-05-01" in saved.warnings[0]
    case = staff.get(case.id)
    assert case.identity_confirmed and not case.authority_confirmed
    assert any("Seal-registration" in p for p in case.identity_problems)
    with pytest.raises(RuleViolation, match="authority is not confirmed"):
        staff.start_investigation(case.id, case.version)
    case = staff.pause(case.id, case.version, PauseReason.IDENTITY_DOCUMENTS)
    clock.set(2026, 12, 2, 10, 0)
    fresh = IdentityForm(
        IdentityMethod.DOCUMENTS,
        (IdentityDocument.DRIVERS_LICENCE,),
        (
            (AuthorityDocument.POWER_OF_ATTORNEY, date(2026, 11, 10)),
            (AuthorityDocument.SEAL_CERTIFICATE, date(2026, 11, 28)),
        ),
    )
    case = staff.confirm_identity(case.id, case.version, fresh)
    assert case.authority_confirmed
    case = staff.resume(case.id, case.version)
    case = staff.start_investigation(case.id, case.version)
    assert case.status is CaseStatus.IN_INVESTIGATION


def test_story_5_same_person_written_differently(
    context: Context, users: dict, clock: Clock
) -> None:
    staff = CaseService(context, users["staff"])
    taro = PersonForm("山田 太郎", "ヤマダ　タロウ", date(1980, 2, 2), phone="03-1234-5678")
    other = PersonForm("山田 太郎", "ヤマダ タロウ", date(1955, 7, 7))
    first = staff.intake(IntakeForm(**{**vars(complaint_by_phone()), "requester": taro}))
    second = staff.intake(IntakeForm(**{**vars(correction_by_email()), "requester": taro}))
    staff.intake(IntakeForm(**{**vars(complaint_by_phone()), "requester": other}))

    for typed in ("やまだたろう", "ﾔﾏﾀﾞ ﾀﾛｳ", "山田　太郎"):
        found = staff.similar_cases(name=typed, birth_date=date(1980, 2, 2))
        assert {f.reference for f in found} == {first.reference, second.reference}, typed
        assert all("birth date" in f.matched_on for f in found)
    by_phone = staff.similar_cases(phone="0312345678")
    assert {f.reference for f in by_phone} == {first.reference, second.reference}

    linked = staff.intake(
        IntakeForm(
            **{
                **vars(complaint_by_phone()),
                "requester_person_id": found[0].person_id,
                "link_case_ids": (
                    first.case_id if hasattr(first, "case_id") else first.id,
                    second.id,
                ),
            }
        )
    )
    full = staff.get(linked.id)
    assert set(full.linked_references) == {first.reference, second.reference}
    assert full.requester.id == found[0].person_id
    assert linked.reference in staff.get(first.id).linked_references


def test_story_6_two_desks_one_case(any_context: Context) -> None:
    users = make_users(any_context)
    desk_a = CaseService(any_context, users["staff"])
    desk_b = CaseService(any_context, users["staff2"])
    case = desk_a.intake(complaint_by_phone())
    opened_a = desk_a.get(case.id)
    opened_b = desk_b.get(case.id)

    desk_a.add_note(case.id, opened_a.version, "14:00 折り返し電話済み")
    with pytest.raises(ConflictError) as conflict:
        desk_b.update_case(case.id, opened_b.version, summary="要約を変更")
    assert "changed by someone else" in conflict.value.message
    assert [c.action for c in conflict.value.changes] == ["add_note"]
    assert conflict.value.changes[0].actor == "sato"
    now = desk_b.get(case.id)
    assert [n.text for n in now.notes] == ["14:00 折り返し電話済み"]
    assert now.summary == ""
    desk_b.update_case(case.id, now.version, summary="要約を変更")
    assert desk_b.get(case.id).summary == "要約を変更"


def test_concurrent_flush_is_a_conflict_too(any_context: Context) -> None:
    """Two transactions that both read version n: the database refuses the second write."""
    users = make_users(any_context)
    desk = CaseService(any_context, users["staff"])
    case = desk.intake(complaint_by_phone())
    from privacy_desk.storage.models import Case

    with any_context.db.sessions() as first, any_context.db.sessions() as second:
        a = first.get(Case, case.id)
        b = second.get(Case, case.id)
        a.summary = "first"
        first.commit()
        b.summary = "second"
        from sqlalchemy.orm.exc import StaleDataError

        with pytest.raises(StaleDataError):
            second.commit()
    assert desk.get(case.id).summary == "first"


def test_story_7_individual_number_never_stored(context: Context, users: dict, tmp_path) -> None:
    staff = CaseService(context, users["staff"])
    form = IntakeForm(
        **{**vars(complaint_by_phone()), "contact_note": "番号は1234 5678 9018と言われた"}
    )
    with pytest.raises(IndividualNumberRefused, match="Individual Number"):
        staff.intake(form)
    case = staff.intake(complaint_by_phone())
    with pytest.raises(IndividualNumberRefused):
        staff.add_note(case.id, case.version, "マイナンバー１２３４５６７８９０１８")
    with pytest.raises(IndividualNumberRefused):
        staff.add_contact(
            case.id, case.version, ContactKind.CALL, ContactDirection.IN, "123456789018"
        )

    with context.db.session() as session:
        settings_store.write(session, "individual_number_policy", "mask")
    case = staff.add_note(case.id, case.version, "番号 1234-5678-9018 を伝えられた")
    assert staff.get(case.id).notes[0].text == "番号 ＊＊＊＊-＊＊＊＊-＊＊＊＊ を伝えられた"

    with context.db.session() as session:
        # The audit trail's hashes are left out: hex digits hold "9018" by chance now and then.
        dump = "\n".join(
            str(row)
            for query in (
                *(f"select * from {table}" for table in ("persons", "cases", "contacts", "notes")),
                "select actor, action, detail from audit",
            )
            for row in session.execute(text(query))
        )
    assert "123456789018" not in dump and "9018" not in dump
    assert "１２３４５６７８９０１８" not in dump
    logs = list(tmp_path.rglob("*.log"))
    assert all("9018" not in p.read_text() for p in logs)


def test_story_8_complaint_answered_in_english(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    assert case.letter_language == "en"
    assert case.deadlines.legal_line is None  # not a rights request
    case = staff.start_investigation(case.id, case.version)  # no identity needed
    case = staff.record_decision(
        case.id, case.version, case.measures[0].id, DecisionForm(Outcome.ANSWERED)
    )
    case = staff.propose(case.id, case.version)
    case = CaseService(context, users["supervisor"]).approve(case.id, case.version)
    case = staff.record_notice_sent(case.id, case.version, DispatchMethod.POST)
    case = staff.close(case.id, case.version)
    assert case.status is CaseStatus.CLOSED


def test_fee_only_on_disclosure(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    correction = staff.intake(correction_by_email())
    with pytest.raises(RuleViolation, match=r"Art\. 38"):
        staff.record_fee(correction.id, correction.version, 300)
    disclosure = staff.intake(disclosure_by_parent())
    with pytest.raises(ValidationError):
        staff.record_fee(disclosure.id, disclosure.version, 0)
    disclosure = staff.record_fee(
        disclosure.id, disclosure.version, 1000, PaymentMethod.POSTAL_ORDER, date(2026, 11, 24)
    )
    assert staff.get(disclosure.id).fees[0].amount_yen == 1000


def test_reopen_withdraw_and_unconfirmed(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    supervisor = CaseService(context, users["supervisor"])
    case = staff.intake(disclosure_by_parent())
    case = staff.pause(case.id, case.version, PauseReason.IDENTITY_DOCUMENTS)
    with pytest.raises(MissingReason):
        staff.close_identity_unconfirmed(case.id, case.version, " ")
    case = staff.close_identity_unconfirmed(case.id, case.version, "期限までに書類が届かなかった")
    assert case.closure_kind is ClosureKind.IDENTITY_NOT_CONFIRMED
    with pytest.raises(PermissionDenied):
        staff.reopen(case.id, case.version, "書類が届いた")
    with pytest.raises(MissingReason):
        supervisor.reopen(case.id, case.version, "")
    case = supervisor.reopen(case.id, case.version, "書類が届いた")
    assert case.status is CaseStatus.RECEIVED  # identity still unconfirmed
    case = staff.withdraw(case.id, case.version, "本人から取下げの連絡")
    assert case.closure_kind is ClosureKind.WITHDRAWN
    with pytest.raises(RuleViolation, match="Reopen it first"):
        staff.add_note(case.id, case.version, "closed")


def test_send_back_and_own_approval(context: Context, users: dict) -> None:
    supervisor = CaseService(context, users["supervisor"])
    other = CaseService(context, users["supervisor2"])
    case = supervisor.intake(complaint_by_phone())
    case = supervisor.start_investigation(case.id, case.version)
    case = supervisor.record_decision(
        case.id, case.version, case.measures[0].id, DecisionForm(Outcome.ANSWERED)
    )
    case = supervisor.propose(case.id, case.version)
    with pytest.raises(PermissionDenied, match="another supervisor"):
        supervisor.approve(case.id, case.version)
    with pytest.raises(MissingReason):
        other.send_back(case.id, case.version, "")
    case = other.send_back(case.id, case.version, "回答に謝罪の一文を加えること")
    assert case.status is CaseStatus.IN_INVESTIGATION
    assert case.send_back_comment == "回答に謝罪の一文を加えること"


def test_extension_needs_reason_and_later_business_day(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    with pytest.raises(MissingReason):
        staff.extend(case.id, case.version, date(2026, 12, 22), "")
    with pytest.raises(ValidationError, match="not a business day"):
        staff.extend(case.id, case.version, date(2026, 12, 29), "年末")
    with pytest.raises(ValidationError, match="later"):
        staff.extend(case.id, case.version, date(2026, 12, 1), "調査に時間を要する")
    case = staff.extend(
        case.id, case.version, date(2026, 12, 22), "関係部署の調査に時間を要するため"
    )
    assert jst(case.deadlines.current_due) == moment(2026, 12, 22, 18, 0).replace(tzinfo=None)
    assert jst(case.deadlines.original_due) == moment(2026, 12, 8, 18, 0).replace(tzinfo=None)
    assert staff.get(case.id).extensions[0].reason == "関係部署の調査に時間を要するため"


def test_taking_someone_elses_case_is_visible(context: Context, users: dict) -> None:
    sato = CaseService(context, users["staff"])
    kimura = CaseService(context, users["staff2"])
    case = sato.intake(complaint_by_phone())
    case = sato.take(case.id, case.version)
    case = kimura.take(case.id, case.version)
    assert case.owner == "木村 直樹"
    assert sato.cases_taken_from_me() == [TakenCase(case.reference, "木村 直樹", "木村 直樹")]
    assert sato.cases_taken_from_me() == []  # told once
    history = sato.get(case.id).history
    assert history[-1].action == "take"
    assert history[-1].detail["from_user"] == users["staff"].user_id


def test_bulk_assign_by_supervisor_only(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    ids = [staff.intake(complaint_by_phone()).id for _ in range(5)]
    with pytest.raises(PermissionDenied):
        staff.assign(ids, users["staff2"].user_id)
    assert CaseService(context, users["supervisor"]).assign(ids, users["staff2"].user_id) == 5
    assert {staff.get(i).owner for i in ids} == {"木村 直樹"}


def test_bad_intake_changes_nothing(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    bad_forms = [
        IntakeForm(**{**vars(complaint_by_phone()), "measures": ()}),
        IntakeForm(**{**vars(complaint_by_phone()), "requester": PersonForm("  ")}),
        IntakeForm(**{**vars(disclosure_by_parent()), "subject": None}),
        IntakeForm(**{**vars(complaint_by_phone()), "received_at": moment(2026, 12, 24, 10, 0)}),
        IntakeForm(
            **{
                **vars(complaint_by_phone()),
                "requester": PersonForm("鈴木 恵子", email="not-an-email"),
            }
        ),
        IntakeForm(
            **{
                **vars(complaint_by_phone()),
                "measures": (
                    MeasureForm(RequestKind.COMPLAINT),
                    MeasureForm(RequestKind.COMPLAINT),
                ),
            }
        ),
    ]
    for form in bad_forms:
        with pytest.raises(ValidationError):
            staff.intake(form)
    with context.db.session() as session:
        assert session.scalar(text("select count(*) from cases")) == 0
        assert session.scalar(text("select count(*) from persons")) == 0
        assert session.scalar(text("select count(*) from audit where action = 'intake'")) == 0


def test_audit_entries_hold_no_personal_data(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(disclosure_by_parent())
    staff.add_note(case.id, case.version, "鈴木様より折り返し")
    with context.db.session() as session:
        details = [e.detail for e in session.scalars(select(AuditEntry))]
    assert len(details) >= 7  # user adds, log-ins, intake, note
    for secret in (KEIKO.name, "鈴木", KEIKO.phone, KEIKO.address, "折り返し"):
        assert all(secret not in d for d in details)
    assert all(isinstance(json.loads(d), dict) for d in details)


def test_two_saves_in_one_clock_tick_still_conflict(context: Context, users: dict) -> None:
    """The clock does not move between the saves: the version must rise anyway."""
    desk_a = CaseService(context, users["staff"])
    desk_b = CaseService(context, users["staff2"])
    case = desk_a.intake(complaint_by_phone())
    opened_b = desk_b.get(case.id)
    desk_a.add_note(case.id, case.version, "一回目")
    after_first = desk_a.get(case.id)
    desk_a.add_note(case.id, after_first.version, "二回目")
    assert desk_a.get(case.id).version > after_first.version > opened_b.version
    with pytest.raises(ConflictError):
        desk_b.update_case(case.id, opened_b.version, summary="上書き")


def test_clock_can_start_at_confirmed_identity(context: Context, users: dict, clock: Clock) -> None:
    """Setting clock_start=identity: the target counts from the confirmation, not the receipt."""
    from privacy_desk.services.users import AdminService

    AdminService(context, users["admin"]).set_setting("clock_start", "identity")
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())  # received Tue 2026-11-24 11:00
    assert jst(case.deadlines.original_due) == moment(2026, 12, 8, 18, 0).replace(tzinfo=None)
    clock.set(2026, 11, 27, 16, 0)  # Friday
    case = staff.confirm_identity(case.id, case.version, IdentityForm(IdentityMethod.CALL_BACK))
    assert jst(case.deadlines.effective_receipt) == moment(2026, 11, 27, 16, 0).replace(tzinfo=None)
    assert jst(case.deadlines.original_due) == moment(2026, 12, 11, 18, 0).replace(tzinfo=None)
    assert case.deadlines.legal_line == date(2026, 12, 8)  # the Act counts from arrival
    with pytest.raises(ValidationError):
        AdminService(context, users["admin"]).set_setting("clock_start", "whenever")


def test_a_reassigned_case_says_who_reassigned_it_and_to_whom(
    context: Context, users: dict
) -> None:
    sato = CaseService(context, users["staff"])
    ito = CaseService(context, users["supervisor"])
    first = sato.take(sato.intake(complaint_by_phone()).id, None)
    second = sato.take(sato.intake(complaint_by_phone()).id, None)
    ito.assign([first.id], users["staff2"].user_id)
    ito.assign([second.id], None)
    assert sorted(sato.cases_taken_from_me(), key=lambda t: t.reference) == sorted(
        [
            TakenCase(first.reference, "伊藤 健", "木村 直樹"),
            TakenCase(second.reference, "伊藤 健", None),
        ],
        key=lambda t: t.reference,
    )


def test_being_told_of_a_taken_case_does_not_disturb_the_new_owner(
    context: Context, users: dict
) -> None:
    sato = CaseService(context, users["staff"])
    kimura = CaseService(context, users["staff2"])
    case = sato.take(sato.intake(complaint_by_phone()).id, None)
    case = kimura.take(case.id, case.version)
    assert [t.reference for t in sato.cases_taken_from_me()] == [case.reference]
    kimura.add_note(case.id, case.version, "引き継ぎました")  # the version kimura holds still works
