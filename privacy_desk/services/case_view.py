"""What a case looks like to a screen: reading it, and turning its rows into plain data.

build_detail is the one place a CaseDetail is made (the read calls here and every state-changing
call return it); the *_data converters turn ORM rows into the dataclasses of dto.py, so no live ORM
object leaves a session.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from privacy_desk.domain import rules
from privacy_desk.domain.calendar import JST, BusinessCalendar
from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.legal_line import legal_line
from privacy_desk.domain.rules import Action, AuthorityProof
from privacy_desk.domain.text_fields import check_text
from privacy_desk.domain.vocabulary import (
    AuthorityDocument,
    CaseStatus,
    Channel,
    ClosureKind,
    ContactDirection,
    ContactKind,
    DisclosureMethod,
    DispatchMethod,
    FormOfAddress,
    IdentityMethod,
    LegalLineState,
    Outcome,
    PauseReason,
    PaymentMethod,
    RequesterRole,
    RequestKind,
)
from privacy_desk.i18n import N_, _
from privacy_desk.services import history as history_words
from privacy_desk.services import settings as settings_store
from privacy_desk.services.base import Actor, Service
from privacy_desk.services.case_actions import case_actions
from privacy_desk.services.damage import reading_case
from privacy_desk.services.dto import (
    DECISION_TEXTS,
    AttachmentData,
    AttachmentFile,
    AuthorityProofData,
    CaseDetail,
    ContactData,
    Deadlines,
    ExtensionData,
    FeeData,
    HistoryEntry,
    IdentityCheckData,
    LetterData,
    MeasureData,
    NoteData,
    PauseData,
    PersonData,
    TaskData,
)
from privacy_desk.services.letter_words import kind_label
from privacy_desk.storage.models import (
    Attachment,
    AuditEntry,
    AuthorityProofRecord,
    Case,
    CaseLink,
    Contact,
    Extension,
    Fee,
    IdentityCheck,
    Letter,
    Measure,
    Note,
    Office,
    Pause,
    Person,
    Task,
    User,
)

S = CaseStatus
E = TypeVar("E", bound=StrEnum)
# The first of a case's identity problems when identity itself is not confirmed (letters skip it).
IDENTITY_NOT_CONFIRMED = N_("Identity not confirmed.")
_NEXT_STEPS = {
    S.RECEIVED: N_("Start the investigation."),
    S.AWAITING_REQUESTER: N_("Waiting for the requester; resume when their answer arrives."),
    S.IN_INVESTIGATION: N_("Investigate, then record a decision for each measure and propose it."),
    S.DECISION_PROPOSED: N_(
        "Waits for a supervisor other than the author to approve or send back."
    ),
    S.APPROVED: N_("Issue the decision letter, print it, send it, then record its dispatch."),
    S.NOTICE_SENT: N_("Close the case."),
    S.CLOSED: N_("Closed. A supervisor can reopen it, with a reason."),
}


class CaseViewCalls(Service):
    """Open a case by its id or its reference (each read is audited)."""

    def get(self, case_id: int) -> CaseDetail:
        with self.unit_of_work(Action.READ_CASE) as session, reading_case(session, case_id):
            case = session.get(Case, case_id)
            if case is None:
                raise ValidationError(_("That case does not exist."))
            return self._audited_detail(session, case)

    def get_by_reference(self, reference: str) -> CaseDetail:
        with self.unit_of_work(Action.READ_CASE) as session:
            reference = check_text(reference, "reference")
            case_id = session.scalar(select(Case.id).where(Case.reference == reference))
            if case_id is None:
                raise ValidationError(
                    _("There is no case {reference}.").format(reference=reference.strip())
                )
            with reading_case(session, case_id):
                return self._audited_detail(session, session.get_one(Case, case_id))

    def attachment(self, case_id: int, attachment_id: int) -> AttachmentFile:
        """A file kept with the case, with its content, to show (the read is audited)."""
        with self.unit_of_work(Action.READ_CASE) as session, reading_case(session, case_id):
            row = session.get(Attachment, attachment_id)
            if row is None or row.case_id != case_id:
                raise ValidationError(_("That file is no longer kept with the case."))
            if row.deleted_at is not None:
                raise ValidationError(
                    _(
                        "This scan of an identity document was deleted on {day} once the "
                        "identity check was recorded; only its record is kept."
                    ).format(day=row.deleted_at.astimezone(JST).date().isoformat())
                )
            self.record(session, Action.READ_CASE, case_id, attachment=attachment_id)
            return AttachmentFile(attachment_data(row), row.content)

    def _audited_detail(self, session: Session, case: Case) -> CaseDetail:
        """The case read first, its audit entry written last: the write lock (one for the whole
        SQLite file) is held only for that entry, and the read never waits for another desk."""
        detail = self._read_detail(session, case)
        self.record(session, Action.READ_CASE, case.id)
        return detail

    def _read_detail(self, session: Session, case: Case) -> CaseDetail:
        return detail_for(self, session, case)


def detail_for(service: Service, session: Session, case: Case, full: bool = True) -> CaseDetail:
    """The case as `service`'s actor sees it now, with the actions open to them."""
    context = service.context
    return build_detail(
        session, case, context.calendar(session, case.office_id), context.now(), full, service.actor
    )


def person_data(person: Person) -> PersonData:
    return PersonData(
        id=person.id,
        name=person.name,
        kana=person.kana,
        birth_date=person.birth_date,
        postal_code=person.postal_code,
        address=person.address,
        phone=person.phone,
        fax=person.fax,
        email=person.email,
        organisation=person.organisation,
        form_of_address=FormOfAddress(person.form_of_address),
        version=person.version,
    )


def letter_data(letter: Letter) -> LetterData:
    return LetterData(
        id=letter.id,
        number=letter.number,
        kind=letter.kind,
        language=letter.language,
        sha256=letter.sha256,
        issued_by=letter.issued_by_login,
        issued_at=letter.issued_at,
        dispatch_method=DispatchMethod(letter.dispatch_method) if letter.dispatch_method else None,
        tracking_number=letter.tracking_number,
        dispatched_on=letter.dispatched_on,
    )


# What older versions stored as the words of the office's own contacts, in English whatever the
# screen language ("Letter 1: identity_request (ja) issued", "Letter 1 sent", "Decision notice
# sent"): such a line is worded again when shown.
_OLD_OFFICE_WORDS = re.compile(
    r"Letter \d+: [a-z_]+ \([a-z]+\) issued|Letter \d+ sent|Decision notice sent"
)


def contact_data(
    c: Contact, letters: dict[int, Letter], notice_sent_at: datetime | None
) -> ContactData:
    """A contact; one the office wrote itself (a letter issued or sent) gets its words here."""
    summary = c.summary
    method = DispatchMethod(c.dispatch_method) if c.dispatch_method else None
    letter = letters.get(c.letter_id) if c.letter_id is not None else None
    out = c.direction == ContactDirection.OUT.value
    if out and (letter or method) and _OLD_OFFICE_WORDS.fullmatch(summary):
        summary = ""  # stored in English by an older version: worded now, like the new ones
    if not summary and out:
        if method is not None and notice_sent_at is not None and c.occurred_at == notice_sent_at:
            summary = _("Decision notice sent")
        elif letter is not None:
            words = (
                _("Letter {number} sent: {kind}")
                if method is not None
                else _("Letter {number} issued: {kind}")
            )
            summary = words.format(number=letter.number, kind=kind_label(letter.kind))
    return ContactData(
        id=c.id,
        kind=ContactKind(c.kind),
        direction=ContactDirection(c.direction),
        occurred_at=c.occurred_at,
        summary=summary,
        dispatch_method=method,
        tracking_number=c.tracking_number,
        letter_id=c.letter_id,
        created_by=c.created_by_login,
    )


# An attachment listed without its content (read only when the file is opened).
_ATTACHMENT_COLUMNS = (
    Attachment.id,
    Attachment.contact_id,
    Attachment.file_name,
    Attachment.media_type,
    Attachment.size,
    Attachment.sha256,
    Attachment.pages,
    Attachment.created_at,
    Attachment.purpose,
    Attachment.deleted_at,
)


def attachment_data(row: Any) -> AttachmentData:
    return AttachmentData(
        id=row.id,
        contact_id=row.contact_id,
        file_name=row.file_name,
        media_type=row.media_type,
        size=row.size,
        sha256=row.sha256,
        pages=row.pages,
        created_at=row.created_at,
        purpose=row.purpose,
        deleted_at=row.deleted_at,
    )


def measure_data(m: Measure) -> MeasureData:
    return MeasureData(
        id=m.id,
        position=m.position,
        kind=RequestKind(m.kind),
        requested=m.requested,
        method_requested=DisclosureMethod(m.method_requested) if m.method_requested else None,
        suspension_grounds=tuple(m.suspension_grounds),
        third_party_grounds=tuple(m.third_party_grounds),
        third_party_recipient=m.third_party_recipient,
        outcome=Outcome(m.outcome) if m.outcome else None,
        disclosure_grounds=tuple(m.disclosure_grounds),
        method=DisclosureMethod(m.method) if m.method else None,
        action_date=m.action_date,
        version=m.version,
        **{name: getattr(m, name) for name in DECISION_TEXTS},
    )


def deadlines_of(
    case: Case, calendar: BusinessCalendar, now: datetime, due_soon: int = 2, warn_days: int = 3
) -> Deadlines:
    status = S(case.status)
    left = calendar.business_days_left(case.current_due, now)
    line = legal_line(case.legal_line, status, now.astimezone(JST).date(), warn_days)
    return Deadlines(
        received_at=case.received_at,
        effective_receipt=case.effective_receipt,
        acknowledgement_due=case.acknowledgement_due,
        original_due=case.original_due,
        current_due=case.current_due,
        paused_business_days=case.paused_business_days,
        legal_line=case.legal_line,
        # From the calendar of today, not the flag stored at intake: once the equinox days of
        # the due year are published, the date is no longer provisional.
        provisional=calendar.is_provisional(case.current_due),
        business_days_left=left,
        state=rules.deadline_state(status, left, due_soon, case.current_due < now),
        legal_line_near=line is not None and line.state is LegalLineState.NEAR,
        legal_line_passed=line is not None and line.state is LegalLineState.PASSED,
    )


def _next_step(case: Case, identity_ok: bool) -> str:
    status = S(case.status)
    if status is S.RECEIVED and not identity_ok:
        if RequesterRole(case.requester_role).needs_authority:
            return _(
                "Confirm the requester's identity and authority (Identity tab), or send an "
                "identity-request letter and pause."
            )
        return _(
            "Confirm the requester's identity (Identity tab), or send an identity-request letter "
            "and pause."
        )
    return _(_NEXT_STEPS[status]) if status in _NEXT_STEPS else ""


# The audit actions that author a decision: an outcome and its reasons, a fee, the proposal.
_AUTHORING = (Action.RECORD_DECISION.value, Action.RECORD_FEE.value, Action.PROPOSE.value)


def decision_authors(session: Session, case: Case) -> set[int]:
    """The users who recorded or changed an outcome, its reasons or the fee of the decision
    now proposed, or proposed it: from the audit trail since the case was last reopened, and
    the measures' deciders as stored."""
    since = (
        session.scalar(
            select(func.max(AuditEntry.id)).where(
                AuditEntry.case_id == case.id, AuditEntry.action == Action.REOPEN.value
            )
        )
        or 0
    )
    logins = {
        login.lower()
        for login in session.scalars(
            select(AuditEntry.actor).where(
                AuditEntry.case_id == case.id,
                AuditEntry.action.in_(_AUTHORING),
                AuditEntry.id > since,
            )
        )
    }
    authors = set(session.scalars(select(User.id).where(func.lower(User.login).in_(logins))))
    authors.update(m.decided_by_id for m in case.measures if m.decided_by_id is not None)
    return authors


def build_detail(
    session: Session,
    case: Case,
    calendar: BusinessCalendar,
    now: datetime,
    full: bool = False,
    actor: Actor | None = None,
) -> CaseDetail:
    settings = settings_store.load(session)
    role = RequesterRole(case.requester_role)
    kinds = [RequestKind(m.kind) for m in case.measures]
    identity_ok = not rules.requires_identity(kinds) or (
        case.identity_confirmed_at is not None
        and (not role.needs_authority or case.authority_confirmed_at is not None)
    )
    proofs = session.scalars(
        select(AuthorityProofRecord)
        .where(AuthorityProofRecord.case_id == case.id)
        .order_by(AuthorityProofRecord.id)
    ).all()
    problems: list[str] = []
    if rules.requires_identity(kinds):
        if case.identity_confirmed_at is None:
            problems.append(_(IDENTITY_NOT_CONFIRMED))
        if role.needs_authority and case.authority_confirmed_at is None:
            problems += rules.authority_problems(
                role,
                [AuthorityProof(AuthorityDocument(p.document), p.issued_on) for p in proofs],
                now.astimezone(JST).date(),
                settings.authority_max_age_months,
            ) or [_("Authority not confirmed.")]

    users = {u.id: u.name for u in session.scalars(select(User))}
    extra: dict[str, object] = {}
    if full:
        extra = _full_parts(session, case, users, proofs)
    detail = CaseDetail(
        id=case.id,
        reference=case.reference,
        version=case.version,
        channel=Channel(case.channel),
        status=S(case.status),
        closure_kind=ClosureKind(case.closure_kind) if case.closure_kind else None,
        requester_role=role,
        requester=person_data(case.requester),
        subject=person_data(case.subject),
        owner_id=case.owner_id,
        owner=users.get(case.owner_id) if case.owner_id else None,
        summary=case.summary,
        letter_language=case.letter_language,
        large_print=case.large_print,
        deadlines=deadlines_of(
            case,
            calendar,
            now,
            settings.due_soon_business_days,
            settings.legal_line_warning_days,
        ),
        identity_confirmed=case.identity_confirmed_at is not None,
        authority_confirmed=not role.needs_authority or case.authority_confirmed_at is not None,
        identity_problems=tuple(problems),
        next_step=_next_step(case, identity_ok),
        decision_author_id=case.decision_author_id,
        decision_author=users.get(case.decision_author_id) if case.decision_author_id else None,
        approved_by=users.get(case.approved_by_id) if case.approved_by_id else None,
        send_back_comment=case.send_back_comment,
        measures=tuple(measure_data(m) for m in case.measures),
        fee_default_yen=settings.fee_for(kinds),
        # Who may not approve (four eyes): asked only while a decision waits for approval.
        decision_authors=(
            frozenset(decision_authors(session, case))
            if case.status == S.DECISION_PROPOSED
            else frozenset()
        ),
        office_id=case.office_id,
        office_code=session.scalar(select(Office.code).where(Office.id == case.office_id)) or "",
        **extra,  # type: ignore[arg-type]
    )
    # What the actor may do next, and why not (services decide, screens render).
    return replace(detail, actions=case_actions(detail, actor)) if actor else detail


def _full_parts(
    session: Session,
    case: Case,
    users: dict[int, str],
    proofs: Sequence[AuthorityProofRecord],
) -> dict[str, object]:
    def rows(model: Any, *order: Any) -> list[Any]:
        # Every case part (contacts, notes, tasks, …) has a case_id column.
        return list(session.scalars(select(model).where(model.case_id == case.id).order_by(*order)))

    letters = {
        lt.id: lt
        for lt in session.scalars(
            select(Letter).where(Letter.case_id == case.id).order_by(Letter.number)
        )
    }
    links = session.scalars(
        select(Case.reference)
        .join(CaseLink, CaseLink.linked_case_id == Case.id)
        .where(CaseLink.case_id == case.id)
        .order_by(Case.reference)
    ).all()
    notes = rows(Note, Note.id)
    history = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.case_id == case.id, AuditEntry.action != Action.READ_CASE.value)
        .order_by(AuditEntry.id)
    ).all()
    return {
        "identity_checks": tuple(
            IdentityCheckData(
                method=IdentityMethod(c.method),
                documents=tuple(c.documents),
                confirmed=c.confirmed,
                checked_by=c.checked_by_login,
                checked_at=c.checked_at,
                note=c.note,
            )
            for c in rows(IdentityCheck, IdentityCheck.id)
        ),
        "authority_proofs": tuple(
            AuthorityProofData(
                AuthorityDocument(p.document), p.issued_on, p.checked_by_login, p.checked_at
            )
            for p in proofs
        ),
        "contacts": tuple(
            contact_data(c, letters, case.notice_sent_at)
            for c in rows(Contact, Contact.occurred_at, Contact.id)
        ),
        "attachments": tuple(
            attachment_data(a)
            for a in session.execute(
                select(*_ATTACHMENT_COLUMNS)
                .where(Attachment.case_id == case.id)
                .order_by(Attachment.id)
            )
        ),
        "notes": tuple(NoteData(n.id, n.text, n.author_login, n.created_at) for n in notes),
        "tasks": tuple(
            TaskData(
                t.id,
                t.title,
                t.owner_id,
                users.get(t.owner_id) if t.owner_id else None,
                t.done,
                t.version,
            )
            for t in rows(Task, Task.id)
        ),
        "pauses": tuple(
            PauseData(PauseReason(p.reason), p.note, p.started_at, p.ended_at, p.business_days)
            for p in rows(Pause, Pause.id)
        ),
        "extensions": tuple(
            ExtensionData(e.reason, e.previous_due, e.new_due, e.created_by_login, e.created_at)
            for e in rows(Extension, Extension.id)
        ),
        "fees": tuple(
            FeeData(
                f.amount_yen,
                PaymentMethod(f.payment_method) if f.payment_method else None,
                f.charged_on,
                f.received_on,
                f.pay_by,
                f.note,
            )
            for f in rows(Fee, Fee.id)
        ),
        "letters": tuple(letter_data(lt) for lt in letters.values()),
        "linked_references": tuple(links),
        "history": history_words.with_words(
            (HistoryEntry(h.at, h.actor, h.action, json.loads(h.detail)) for h in history),
            users,
            case.requester_id,
            {m.id: RequestKind(m.kind) for m in case.measures},
            {n.id: n.text for n in notes},
            case.send_back_comment,
        ),
    }
