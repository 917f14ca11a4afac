"""Case work: intake, identity, ownership, investigation, pauses, decisions, approval, closing.

Each public method is one user action in one transaction. Methods that change a case take the
version the user opened; if someone saved in between, ConflictError says so and nothing is written.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, time
from enum import StrEnum
from typing import TypeVar

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from privacy_desk.domain import rules
from privacy_desk.domain.calendar import JST, BusinessCalendar
from privacy_desk.domain.errors import MissingReason, RuleViolation, ValidationError
from privacy_desk.domain.names import fold
from privacy_desk.domain.rules import Action, AuthorityProof, DecisionDraft
from privacy_desk.domain.vocabulary import (
    AuthorityDocument,
    CaseStatus,
    Channel,
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
    SuspensionGround,
)
from privacy_desk.services import history as history_words
from privacy_desk.services import settings as settings_store
from privacy_desk.services.base import Actor, ConflictError, Service, require_text
from privacy_desk.services.case_actions import case_actions
from privacy_desk.services.dto import (
    AuthorityProofData,
    CaseDetail,
    ContactData,
    Deadlines,
    DecisionForm,
    ExtensionData,
    FeeData,
    HistoryEntry,
    IdentityCheckData,
    IdentityForm,
    IntakeForm,
    LetterData,
    MeasureData,
    MeasureForm,
    NoteData,
    PauseData,
    PersonData,
    PersonForm,
    SimilarCase,
    TaskData,
)
from privacy_desk.storage.models import (
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
    Pause,
    Person,
    Sequence,
    Task,
    User,
)

S = CaseStatus
# Free texts of a decision that its notice quotes (besides reasons and the fields named above).
DECISION_TEXTS = (
    "purposes",
    "provided_data_note",
    "effect_on_services",
    "method_difficulty_note",
    "facts",
    "view",
    "measures_taken",
    "apology",
)
E = TypeVar("E", bound=StrEnum)
_CHANNEL_CONTACT = {
    Channel.PHONE: ContactKind.CALL,
    Channel.EMAIL: ContactKind.EMAIL,
    Channel.FAX: ContactKind.FAX,
    Channel.POST: ContactKind.LETTER,
    Channel.IN_PERSON: ContactKind.VISIT,
    Channel.WEB_FORM: ContactKind.WEB_FORM,
}
_NEXT_STEPS = {
    S.IN_INVESTIGATION: "Investigate, then record a decision for each measure and propose it.",
    S.DECISION_PROPOSED: "Waits for a supervisor other than the author to approve or send back.",
    S.APPROVED: "Issue the decision letter and record it as sent.",
    S.NOTICE_SENT: "Close the case.",
}


def split_enum(text: str, enum: type[E]) -> tuple[E, ...]:
    return tuple(enum(part) for part in text.split(",") if part)


def join_enum(values: Iterable[object]) -> str:
    return ",".join(str(v) for v in values)


def digits(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isdigit())


def at_close_of(day: date) -> datetime:
    return datetime.combine(day, time(18, 0), tzinfo=JST)


class CaseService(Service):
    """Everything staff and supervisors do to one case."""

    # ---------------------------------------------------------------- intake

    def intake(self, form: IntakeForm) -> CaseDetail:
        """Log a contact as a new case with one or more requested measures."""
        with self.unit_of_work(Action.INTAKE) as session:
            if not form.measures:
                raise ValidationError("Choose at least one kind of request.", field="measures")
            if form.received_at.tzinfo is None:
                raise ValidationError("The time received must carry its time zone.")
            if form.received_at > self.context.now():
                raise ValidationError("The time received is in the future.", field="received_at")
            if form.letter_language not in ("ja", "en"):
                raise ValidationError("Letters are written in Japanese (ja) or English (en).")
            kinds = [m.kind for m in form.measures]
            if len(set(kinds)) != len(kinds):
                raise ValidationError("Each kind of request can be listed only once in a case.")
            requester = self._person(session, form.requester_person_id, form.requester, "requester")
            if form.subject is None and form.subject_person_id is None:
                if form.requester_role is not RequesterRole.PERSON:
                    raise ValidationError(
                        "A parent, guardian or agent asks for someone else: enter the data "
                        "subject too.",
                        field="subject",
                    )
                subject = requester
            else:
                subject = self._person(
                    session, form.subject_person_id, form.subject or form.requester, "data subject"
                )
            summary = self.clean_text(session, form.summary, "summary")
            note = self.clean_text(session, form.contact_note, "contact note")
            measures = [self._measure(session, i, m) for i, m in enumerate(form.measures)]
            case = self._new_case(session, form, requester, subject, summary, measures)
            session.add(
                Contact(
                    case_id=case.id,
                    kind=_CHANNEL_CONTACT[form.channel].value,
                    direction=ContactDirection.IN.value,
                    occurred_at=form.received_at,
                    summary=note,
                    created_by_login=self.actor.login,
                )
            )
            for other in form.link_case_ids:
                self._link(session, case.id, other)
            self.record(
                session,
                Action.INTAKE,
                case.id,
                reference=case.reference,
                channel=form.channel.value,
                kinds=case.kinds,
                requester_role=form.requester_role.value,
                linked=len(form.link_case_ids),
            )
            session.flush()
            return self._detail(session, case)

    def _person(
        self, session: Session, person_id: int | None, form: PersonForm, what: str
    ) -> Person:
        if person_id is not None:
            person = session.get(Person, person_id)
            if person is None:
                raise ValidationError(f"The chosen {what} no longer exists.")
            return person
        name = require_text(
            self.clean_text(session, form.name, f"{what}'s name"), f"The {what}'s name", 200
        )
        person = Person(
            name=name,
            kana=self.clean_text(session, form.kana, f"{what}'s kana"),
            birth_date=form.birth_date,
            postal_code=self.clean_text(session, form.postal_code, "postal code"),
            address=self.clean_text(session, form.address, "address"),
            phone=self.clean_text(session, form.phone, "phone number"),
            fax=self.clean_text(session, form.fax, "fax number"),
            email=self.clean_text(session, form.email, "email address"),
            organisation=self.clean_text(session, form.organisation, "organisation"),
        )
        if person.birth_date and person.birth_date > self.context.today():
            raise ValidationError(f"The {what}'s date of birth is in the future.")
        if person.email and "@" not in person.email:
            raise ValidationError(f"The {what}'s email address has no '@'.", field="email")
        person.name_folded = fold(person.name)
        person.kana_folded = fold(person.kana)
        person.phone_digits = digits(person.phone)
        session.add(person)
        session.flush()
        return person

    def _measure(self, session: Session, position: int, form: MeasureForm) -> Measure:
        if form.suspension_grounds and form.kind is not RequestKind.SUSPENSION:
            raise ValidationError("Suspension grounds belong to a suspension request only.")
        return Measure(
            position=position,
            kind=form.kind.value,
            requested=self.clean_text(session, form.requested, "request text"),
            method_requested=form.method_requested.value if form.method_requested else None,
            suspension_grounds=join_enum(form.suspension_grounds),
            third_party_recipient=self.clean_text(
                session, form.third_party_recipient, "third-party recipient"
            ),
        )

    def _new_case(
        self,
        session: Session,
        form: IntakeForm,
        requester: Person,
        subject: Person,
        summary: str,
        measures: list[Measure],
    ) -> Case:
        year = form.received_at.astimezone(JST).year
        serial = next_serial(session, f"case-{year}")
        calendar = self.context.calendar(session)
        kinds = [m.kind for m in form.measures]
        targets = settings_store.read(session, "target_business_days")
        target = min(int(targets.get(k.value, 10)) for k in kinds)
        ack_days = settings_store.read(session, "acknowledgement_business_days")
        ack = calendar.due(form.received_at, ack_days)
        deadline = calendar.due(form.received_at, target)
        case = Case(
            reference=f"PD-{year}-{serial:06d}",
            year=year,
            serial=serial,
            channel=form.channel.value,
            status=S.RECEIVED.value,
            requester_role=form.requester_role.value,
            requester_id=requester.id,
            subject_id=subject.id,
            summary=summary,
            kinds=join_enum(kinds),
            letter_language=form.letter_language,
            large_print=form.large_print,
            received_at=form.received_at,
            effective_receipt=deadline.effective_receipt,
            clock_start=form.received_at,
            acknowledgement_due=ack.due,
            target_business_days=target,
            original_due=deadline.due,
            current_due=deadline.due,
            paused_business_days=0,
            legal_line=deadline.legal_line if rules.requires_identity(kinds) else None,
            provisional=deadline.provisional,
            measures=measures,
        )
        session.add(case)
        session.flush()
        return case

    def similar_cases(
        self,
        name: str = "",
        kana: str = "",
        birth_date: date | None = None,
        phone: str = "",
        address: str = "",
        email: str = "",
        limit: int = 20,
    ) -> list[SimilarCase]:
        """Likely earlier cases of the same person, by name (kanji or kana), birth, phone, address."""
        keys = {fold(t) for t in (name, kana) if len(fold(t)) >= 2}
        phone_key = digits(phone)
        address_key = fold(address)
        email_key = email.strip().lower()
        conditions = []
        for key in keys:
            conditions += [Person.name_folded == key, Person.kana_folded == key]
        if len(phone_key) >= 6:
            conditions.append(Person.phone_digits == phone_key)
        if email_key:
            conditions.append(func.lower(Person.email) == email_key)
        if not conditions:
            return []
        with self.unit_of_work(Action.READ_CASE) as session:
            people = session.scalars(select(Person).where(or_(*conditions)).limit(200)).all()
            matches: dict[int, tuple[str, ...]] = {}
            for person in people:
                why = []
                if keys & {person.name_folded, person.kana_folded}:
                    why.append("name")
                if birth_date and person.birth_date == birth_date:
                    why.append("birth date")
                if len(phone_key) >= 6 and person.phone_digits == phone_key:
                    why.append("phone")
                if address_key and fold(person.address) == address_key:
                    why.append("address")
                if email_key and person.email.lower() == email_key:
                    why.append("email")
                if (
                    birth_date
                    and person.birth_date
                    and person.birth_date != birth_date
                    and why == ["name"]
                ):
                    continue  # same name, different birth date: another person
                matches[person.id] = tuple(why)
            if not matches:
                return []
            cases = (
                session.scalars(
                    select(Case)
                    .where(or_(Case.requester_id.in_(matches), Case.subject_id.in_(matches)))
                    .order_by(Case.received_at.desc())
                    .limit(limit)
                )
                .unique()
                .all()
            )
            result = []
            for case in cases:
                person = case.subject if case.subject_id in matches else case.requester
                result.append(
                    SimilarCase(
                        case_id=case.id,
                        reference=case.reference,
                        person_id=person.id,
                        name=person.name,
                        kana=person.kana,
                        birth_date=person.birth_date,
                        received_at=case.received_at,
                        status=S(case.status),
                        matched_on=matches[person.id],
                    )
                )
            self.record(session, Action.READ_CASE, None, what="similar_cases", found=len(result))
            result.sort(key=lambda s: (-len(s.matched_on), -s.received_at.timestamp()))
            return result

    def link(self, case_id: int, version: int | None, other_case_id: int) -> CaseDetail:
        with self.unit_of_work(Action.LINK_CASES) as session:
            case = self._load(session, case_id, version, Action.LINK_CASES)
            self._link(session, case.id, other_case_id)
            self._touch(case)
            self.record(session, Action.LINK_CASES, case.id, linked_case_id=other_case_id)
            return self._detail(session, case)

    def _link(self, session: Session, case_id: int, other_id: int) -> None:
        if case_id == other_id:
            raise ValidationError("A case can not be linked to itself.")
        if session.get(Case, other_id) is None:
            raise ValidationError("The case to link no longer exists.")
        for a, b in ((case_id, other_id), (other_id, case_id)):
            if session.get(CaseLink, (a, b)) is None:
                session.add(CaseLink(case_id=a, linked_case_id=b))

    # ---------------------------------------------------------------- reading

    def get(self, case_id: int) -> CaseDetail:
        with self.unit_of_work(Action.READ_CASE) as session:
            case = self._load(session, case_id, None, Action.READ_CASE)
            self.record(session, Action.READ_CASE, case.id)
            return self._detail(session, case, full=True)

    def get_by_reference(self, reference: str) -> CaseDetail:
        with self.unit_of_work(Action.READ_CASE) as session:
            case = session.scalars(select(Case).where(Case.reference == reference.strip())).first()
            if case is None:
                raise ValidationError(f"There is no case {reference.strip()}.")
            self.record(session, Action.READ_CASE, case.id)
            return self._detail(session, case, full=True)

    # ---------------------------------------------------------------- edits

    def update_case(
        self,
        case_id: int,
        version: int | None,
        *,
        summary: str | None = None,
        letter_language: str | None = None,
        large_print: bool | None = None,
    ) -> CaseDetail:
        with self.unit_of_work(Action.EDIT_CASE) as session:
            case = self._load(session, case_id, version, Action.EDIT_CASE)
            changed = []
            if summary is not None:
                text = self.clean_text(session, summary, "summary")
                if text != case.summary:
                    case.summary = text
                    changed.append("summary")
            if letter_language is not None and letter_language != case.letter_language:
                if letter_language not in ("ja", "en"):
                    raise ValidationError("Letters are written in Japanese (ja) or English (en).")
                case.letter_language = letter_language
                changed.append("letter_language")
            if large_print is not None and large_print != case.large_print:
                case.large_print = large_print
                changed.append("large_print")
            if changed:
                self._touch(case)
                self.record(session, Action.EDIT_CASE, case.id, fields=changed)
            return self._detail(session, case)

    def update_person(
        self, case_id: int, version: int | None, person_id: int, form: PersonForm
    ) -> CaseDetail:
        with self.unit_of_work(Action.EDIT_CASE) as session:
            case = self._load(session, case_id, version, Action.EDIT_CASE)
            if person_id not in (case.requester_id, case.subject_id):
                raise ValidationError("That person is not part of this case.")
            person = session.get(Person, person_id)
            assert person is not None
            changed = []
            for field_name in (
                "name",
                "kana",
                "postal_code",
                "address",
                "phone",
                "fax",
                "email",
                "organisation",
            ):
                value = self.clean_text(
                    session, getattr(form, field_name), field_name.replace("_", " ")
                )
                if field_name == "name":
                    value = require_text(value, "The name", 200)
                if value != getattr(person, field_name):
                    setattr(person, field_name, value)
                    changed.append(field_name)
            if form.birth_date != person.birth_date:
                person.birth_date = form.birth_date
                changed.append("birth_date")
            person.name_folded = fold(person.name)
            person.kana_folded = fold(person.kana)
            person.phone_digits = digits(person.phone)
            if changed:
                self._touch(case)
                self.record(session, Action.EDIT_CASE, case.id, person=person_id, fields=changed)
            return self._detail(session, case)

    # ---------------------------------------------------------------- identity

    def confirm_identity(self, case_id: int, version: int | None, form: IdentityForm) -> CaseDetail:
        """Record how identity (and authority) was checked. Problems are refused, not stored."""
        with self.unit_of_work(Action.CONFIRM_IDENTITY) as session:
            case = self._load(session, case_id, version, Action.CONFIRM_IDENTITY)
            note = self.clean_text(session, form.note, "identity note")
            problem = rules.identity_problem(form.method, form.documents)
            if problem:
                raise RuleViolation(problem)
            role = RequesterRole(case.requester_role)
            now = self.context.now()
            proofs = [AuthorityProof(doc, issued) for doc, issued in form.authority]
            problems = rules.authority_problems(
                role,
                proofs,
                self.context.today(),
                settings_store.read(session, "authority_max_age_months"),
            )
            session.add(
                IdentityCheck(
                    case_id=case.id,
                    method=form.method.value,
                    documents=join_enum(form.documents),
                    confirmed=True,
                    note=note,
                    checked_by_id=self.actor.user_id,
                    checked_by_login=self.actor.login,
                    checked_at=now,
                )
            )
            for proof in proofs:
                session.add(
                    AuthorityProofRecord(
                        case_id=case.id,
                        document=proof.document.value,
                        issued_on=proof.issued_on,
                        checked_by_login=self.actor.login,
                        checked_at=now,
                    )
                )
            if case.identity_confirmed_at is None:
                case.identity_confirmed_at = now
            if role.needs_authority and not problems:
                case.authority_confirmed_at = now
            if settings_store.read(session, "clock_start") == "identity" and (
                not role.needs_authority or not problems
            ):
                case.clock_start = now
                self._recompute_due(session, case)
            self._touch(case)
            self.record(
                session,
                Action.CONFIRM_IDENTITY,
                case.id,
                method=form.method.value,
                documents=[d.value for d in form.documents],
                authority=[d.value for d, _ in form.authority],
                authority_confirmed=case.authority_confirmed_at is not None,
            )
            session.flush()
            detail = self._detail(session, case)
        if problems:
            # The identity check itself is kept; authority stays unconfirmed, and staff are told why.
            raise AuthorityNotConfirmed(problems, detail)
        return detail

    # ---------------------------------------------------------------- ownership

    def take(self, case_id: int, version: int | None) -> CaseDetail:
        """Take a case; taking one someone else owns is recorded and they are told."""
        if self.actor.user_id is None:
            raise ValidationError("Only a logged-in user can take a case.")
        with self.unit_of_work(Action.TAKE) as session:
            case = self._load(session, case_id, version, Action.TAKE)
            previous = case.owner_id
            if previous == self.actor.user_id:
                return self._detail(session, case)
            case.owner_id = self.actor.user_id
            case.taken_from_id = previous
            self._touch(case)
            self.record(
                session, Action.TAKE, case.id, from_user=previous, to_user=self.actor.user_id
            )
            return self._detail(session, case)

    def assign(self, case_ids: Iterable[int], user_id: int | None) -> int:
        """A supervisor assigns (or unassigns) cases in bulk; returns how many changed."""
        with self.unit_of_work(Action.ASSIGN) as session:
            if user_id is not None:
                user = session.get(User, user_id)
                if user is None or not user.active:
                    raise ValidationError("That user does not exist or is not active.")
            count = 0
            for case_id in case_ids:
                case = self._load(session, case_id, None, Action.ASSIGN)
                if case.owner_id == user_id:
                    continue
                previous = case.owner_id
                case.owner_id = user_id
                case.taken_from_id = previous
                self._touch(case)
                self.record(session, Action.ASSIGN, case.id, from_user=previous, to_user=user_id)
                count += 1
            return count

    def cases_taken_from_me(self) -> list[str]:
        """References of my former cases that someone else took since I last looked."""
        if self.actor.user_id is None:
            return []
        with self.unit_of_work(Action.LIST_CASES) as session:
            rows = session.execute(
                select(Case.id, Case.reference).where(Case.taken_from_id == self.actor.user_id)
            ).all()
            if rows:
                # Only a notice flag: the version stays, so the new owner's open edit is not
                # refused as a conflict by this read.
                session.execute(
                    update(Case)
                    .where(Case.id.in_([r.id for r in rows]))
                    .values(taken_from_id=None)
                    .execution_options(synchronize_session=False)
                )
            return [r.reference for r in rows]

    # ---------------------------------------------------------------- contacts, notes, tasks

    def add_contact(
        self,
        case_id: int,
        version: int | None,
        kind: ContactKind,
        direction: ContactDirection,
        summary: str,
        occurred_at: datetime | None = None,
        dispatch_method: DispatchMethod | None = None,
        tracking_number: str = "",
    ) -> CaseDetail:
        with self.unit_of_work(Action.ADD_CONTACT) as session:
            case = self._load(session, case_id, version, Action.ADD_CONTACT)
            text = self.clean_text(session, summary, "contact note")
            moment = occurred_at or self.context.now()
            if moment > self.context.now():
                raise ValidationError("A contact can not be in the future.")
            session.add(
                Contact(
                    case_id=case.id,
                    kind=kind.value,
                    direction=direction.value,
                    occurred_at=moment,
                    summary=text,
                    dispatch_method=dispatch_method.value if dispatch_method else None,
                    tracking_number=self.clean_text(session, tracking_number, "tracking number"),
                    created_by_login=self.actor.login,
                )
            )
            self._touch(case)
            self.record(
                session, Action.ADD_CONTACT, case.id, kind=kind.value, direction=direction.value
            )
            return self._detail(session, case)

    def add_note(self, case_id: int, version: int | None, text: str) -> CaseDetail:
        with self.unit_of_work(Action.ADD_NOTE) as session:
            case = self._load(session, case_id, version, Action.ADD_NOTE)
            body = require_text(self.clean_text(session, text, "note"), "The note")
            session.add(Note(case_id=case.id, text=body, author_login=self.actor.login))
            self._touch(case)
            self.record(session, Action.ADD_NOTE, case.id)
            return self._detail(session, case)

    def add_task(
        self, case_id: int, version: int | None, title: str, owner_id: int | None = None
    ) -> CaseDetail:
        with self.unit_of_work(Action.ADD_TASK) as session:
            case = self._load(session, case_id, version, Action.ADD_TASK)
            body = require_text(self.clean_text(session, title, "task"), "The task", 500)
            if owner_id is not None and session.get(User, owner_id) is None:
                raise ValidationError("The task's owner does not exist.")
            session.add(Task(case_id=case.id, title=body, owner_id=owner_id))
            self._touch(case)
            self.record(session, Action.ADD_TASK, case.id, owner=owner_id)
            return self._detail(session, case)

    def set_task_done(
        self, case_id: int, version: int | None, task_id: int, done: bool = True
    ) -> CaseDetail:
        with self.unit_of_work(Action.COMPLETE_TASK) as session:
            case = self._load(session, case_id, version, Action.COMPLETE_TASK)
            task = session.get(Task, task_id)
            if task is None or task.case_id != case.id:
                raise ValidationError("That task is not on this case.")
            task.done = done
            task.done_at = self.context.now() if done else None
            self._touch(case)
            self.record(session, Action.COMPLETE_TASK, case.id, task=task_id, done=done)
            return self._detail(session, case)

    # ---------------------------------------------------------------- the case life

    def start_investigation(self, case_id: int, version: int | None) -> CaseDetail:
        with self.unit_of_work(Action.START_INVESTIGATION) as session:
            case = self._load(session, case_id, version, Action.START_INVESTIGATION)
            self._require_identity(case)
            return self._move(session, case, Action.START_INVESTIGATION)

    def pause(
        self, case_id: int, version: int | None, reason: PauseReason | None, note: str = ""
    ) -> CaseDetail:
        with self.unit_of_work(Action.PAUSE) as session:
            case = self._load(session, case_id, version, Action.PAUSE)
            if reason is None:
                raise MissingReason("Pausing the clock needs a reason: choose one.", field="reason")
            text = self.clean_text(session, note, "pause note")
            session.add(
                Pause(
                    case_id=case.id,
                    reason=reason.value,
                    note=text,
                    resume_to=case.status,
                    started_at=self.context.now(),
                )
            )
            return self._move(session, case, Action.PAUSE, reason=reason.value)

    def resume(self, case_id: int, version: int | None) -> CaseDetail:
        with self.unit_of_work(Action.RESUME) as session:
            case = self._load(session, case_id, version, Action.RESUME)
            pause = self._open_pause(session, case.id)
            now = self.context.now()
            calendar = self.context.calendar(session)
            pause.ended_at = now
            pause.business_days = calendar.business_days_between(pause.started_at, now)
            case.paused_business_days += pause.business_days
            self._recompute_due(session, case)
            case.status = pause.resume_to
            self._touch(case)
            self.record(
                session,
                Action.RESUME,
                case.id,
                status=case.status,
                paused_business_days=pause.business_days,
                current_due=case.current_due.isoformat(),
            )
            return self._detail(session, case)

    def extend(self, case_id: int, version: int | None, new_due: date, reason: str) -> CaseDetail:
        with self.unit_of_work(Action.EXTEND) as session:
            case = self._load(session, case_id, version, Action.EXTEND)
            text = rules.require_reason(
                self.clean_text(session, reason, "extension reason"), "An extension"
            )
            calendar = self.context.calendar(session)
            if not calendar.is_business_day(new_due):
                raise ValidationError(f"{new_due.isoformat()} is not a business day of the office.")
            new_moment = at_close_of(new_due)
            if new_moment <= case.current_due:
                raise ValidationError("The new due date must be later than the current one.")
            session.add(
                Extension(
                    case_id=case.id,
                    reason=text,
                    previous_due=case.current_due,
                    new_due=new_moment,
                    created_by_login=self.actor.login,
                )
            )
            case.current_due = new_moment
            case.provisional = calendar.is_provisional(new_due)
            self._touch(case)
            self.record(session, Action.EXTEND, case.id, new_due=new_due.isoformat())
            return self._detail(session, case)

    def record_decision(
        self, case_id: int, version: int | None, measure_id: int, form: DecisionForm
    ) -> CaseDetail:
        with self.unit_of_work(Action.RECORD_DECISION) as session:
            case = self._load(session, case_id, version, Action.RECORD_DECISION)
            measure = session.get(Measure, measure_id)
            if measure is None or measure.case_id != case.id:
                raise ValidationError("That measure is not part of this case.")
            kind = RequestKind(measure.kind)
            reasons = self.clean_text(session, form.reasons, "reasons")
            problem = rules.decision_problem(
                DecisionDraft(kind, form.outcome, reasons, form.disclosure_grounds)
            )
            if problem:
                raise (
                    MissingReason(problem, field="reasons")
                    if "reason" in problem
                    else RuleViolation(problem)
                )
            measure.outcome = form.outcome.value
            measure.reasons = reasons
            measure.disclosure_grounds = join_enum(form.disclosure_grounds)
            measure.withheld_parts = self.clean_text(session, form.withheld_parts, "withheld parts")
            measure.method = form.method.value if form.method else None
            measure.enclosures = self.clean_text(session, form.enclosures, "enclosures")
            measure.changes = self.clean_text(session, form.changes, "changes")
            measure.alternative_measure = self.clean_text(
                session, form.alternative_measure, "alternative measure"
            )
            measure.action_date = form.action_date
            for name in DECISION_TEXTS:
                setattr(
                    measure,
                    name,
                    self.clean_text(session, getattr(form, name), name.replace("_", " ")),
                )
            measure.decided_by_id = self.actor.user_id
            measure.decided_at = self.context.now()
            self._touch(case)
            self.record(
                session,
                Action.RECORD_DECISION,
                case.id,
                measure=measure.id,
                outcome=form.outcome.value,
            )
            return self._detail(session, case)

    def record_fee(
        self,
        case_id: int,
        version: int | None,
        amount_yen: int,
        payment_method: PaymentMethod | None = None,
        received_on: date | None = None,
        pay_by: date | None = None,
        note: str = "",
    ) -> CaseDetail:
        with self.unit_of_work(Action.RECORD_FEE) as session:
            case = self._load(session, case_id, version, Action.RECORD_FEE)
            rules.require_fee_allowed(RequestKind(m.kind) for m in case.measures)
            if amount_yen <= 0:
                raise ValidationError("The fee must be a positive number of yen.")
            session.add(
                Fee(
                    case_id=case.id,
                    amount_yen=amount_yen,
                    payment_method=payment_method.value if payment_method else None,
                    charged_on=self.context.today(),
                    received_on=received_on,
                    pay_by=pay_by,
                    note=self.clean_text(session, note, "fee note"),
                    created_by_login=self.actor.login,
                )
            )
            self._touch(case)
            self.record(session, Action.RECORD_FEE, case.id, amount_yen=amount_yen)
            return self._detail(session, case)

    def propose(self, case_id: int, version: int | None) -> CaseDetail:
        with self.unit_of_work(Action.PROPOSE) as session:
            case = self._load(session, case_id, version, Action.PROPOSE)
            self._require_identity(case)
            for measure in case.measures:
                problem = rules.decision_problem(
                    DecisionDraft(
                        RequestKind(measure.kind),
                        Outcome(measure.outcome) if measure.outcome else None,
                        measure.reasons,
                        split_enum(measure.disclosure_grounds, DisclosureRefusalGround),
                    )
                )
                if problem:
                    raise RuleViolation(f"The decision can not be proposed yet. {problem}")
            case.decision_author_id = self.actor.user_id
            case.proposed_at = self.context.now()
            case.send_back_comment = ""
            return self._move(session, case, Action.PROPOSE)

    def approve(self, case_id: int, version: int | None) -> CaseDetail:
        with self.unit_of_work(Action.APPROVE) as session:
            case = self._load(session, case_id, version, Action.APPROVE)
            rules.require_approver(case.decision_author_id, self.actor.user_id, self.actor.role)
            case.approved_by_id = self.actor.user_id
            case.approved_at = self.context.now()
            return self._move(session, case, Action.APPROVE)

    def send_back(self, case_id: int, version: int | None, comment: str) -> CaseDetail:
        with self.unit_of_work(Action.SEND_BACK) as session:
            case = self._load(session, case_id, version, Action.SEND_BACK)
            text = rules.require_reason(
                self.clean_text(session, comment, "comment"), "Sending a decision back"
            )
            case.send_back_comment = text
            case.approved_by_id = None
            case.approved_at = None
            return self._move(session, case, Action.SEND_BACK)

    def record_notice_sent(
        self,
        case_id: int,
        version: int | None,
        method: DispatchMethod,
        sent_on: date | None = None,
        tracking_number: str = "",
        letter_id: int | None = None,
    ) -> CaseDetail:
        with self.unit_of_work(Action.RECORD_NOTICE_SENT) as session:
            case = self._load(session, case_id, version, Action.RECORD_NOTICE_SENT)
            record_dispatch(
                self,
                session,
                case.id,
                method,
                sent_on,
                tracking_number,
                letter_id,
                "Decision notice sent",
            )
            case.notice_sent_at = self.context.now()
            return self._move(session, case, Action.RECORD_NOTICE_SENT, method=method.value)

    def close(self, case_id: int, version: int | None) -> CaseDetail:
        with self.unit_of_work(Action.CLOSE) as session:
            case = self._load(session, case_id, version, Action.CLOSE)
            case.closure_kind = ClosureKind.NOTIFIED.value
            case.closed_at = self.context.now()
            return self._move(session, case, Action.CLOSE)

    def withdraw(self, case_id: int, version: int | None, note: str = "") -> CaseDetail:
        with self.unit_of_work(Action.WITHDRAW) as session:
            case = self._load(session, case_id, version, Action.WITHDRAW)
            text = self.clean_text(session, note, "withdrawal note")
            if text:
                session.add(Note(case_id=case.id, text=text, author_login=self.actor.login))
            self._end_pause(session, case)
            case.closure_kind = ClosureKind.WITHDRAWN.value
            case.closed_at = self.context.now()
            return self._move(session, case, Action.WITHDRAW)

    def close_identity_unconfirmed(
        self, case_id: int, version: int | None, reason: str
    ) -> CaseDetail:
        with self.unit_of_work(Action.CLOSE_UNCONFIRMED) as session:
            case = self._load(session, case_id, version, Action.CLOSE_UNCONFIRMED)
            rules.require_identity_closure_allowed([RequestKind(m.kind) for m in case.measures])
            text = rules.require_reason(
                self.clean_text(session, reason, "reason"), "Closing for unconfirmed identity"
            )
            session.add(Note(case_id=case.id, text=text, author_login=self.actor.login))
            self._end_pause(session, case)
            case.closure_kind = ClosureKind.IDENTITY_NOT_CONFIRMED.value
            case.closed_at = self.context.now()
            return self._move(session, case, Action.CLOSE_UNCONFIRMED)

    def reopen(self, case_id: int, version: int | None, reason: str) -> CaseDetail:
        with self.unit_of_work(Action.REOPEN) as session:
            case = self._load(session, case_id, version, Action.REOPEN)
            text = rules.require_reason(
                self.clean_text(session, reason, "reason"), "Reopening a case"
            )
            session.add(
                Note(case_id=case.id, text=f"Reopened: {text}", author_login=self.actor.login)
            )
            kinds = [RequestKind(m.kind) for m in case.measures]
            confirmed = case.identity_confirmed_at is not None and (
                not RequesterRole(case.requester_role).needs_authority
                or case.authority_confirmed_at is not None
            )
            case.status = (
                S.IN_INVESTIGATION
                if confirmed or not rules.requires_identity(kinds)
                else S.RECEIVED
            ).value
            case.closure_kind = None
            case.closed_at = None
            case.approved_by_id = None
            case.approved_at = None
            case.notice_sent_at = None
            self._touch(case)
            self.record(session, Action.REOPEN, case.id, status=case.status)
            return self._detail(session, case)

    # ---------------------------------------------------------------- helpers

    def _load(self, session: Session, case_id: int, version: int | None, action: Action) -> Case:
        case = session.get(Case, case_id)
        if case is None:
            raise ValidationError("That case does not exist.")
        if version is not None and case.version != version:
            raise ConflictError(self._changes_since(session, case.id, version))
        rules.require_move(action, S(case.status))
        return case

    def _changes_since(self, session: Session, case_id: int, version: int) -> list[HistoryEntry]:
        entries = session.scalars(
            select(AuditEntry)
            .where(AuditEntry.case_id == case_id, AuditEntry.action != Action.READ_CASE.value)
            .order_by(AuditEntry.id.desc())
            .limit(20)
        ).all()
        changes = []
        for entry in reversed(entries):
            detail = json.loads(entry.detail)
            if detail.get("version", 0) > version:
                changes.append(HistoryEntry(entry.at, entry.actor, entry.action, detail))
        case = session.get(Case, case_id)
        users = {u.id: u.name for u in session.scalars(select(User))}
        measures = {m.id: RequestKind(m.kind) for m in case.measures} if case else {}
        requester = case.requester_id if case else None
        return list(history_words.with_words(changes, users, requester, measures))

    def _touch(self, case: Case) -> None:
        touch(case, self.context.now())

    def record(
        self, session: Session, action: Action | str, case_id: int | None = None, **detail: object
    ) -> None:
        if case_id is not None and action != Action.READ_CASE:
            session.flush()
            case = session.get(Case, case_id)
            if case is not None:
                detail["version"] = case.version
        super().record(session, action, case_id, **detail)

    def _move(self, session: Session, case: Case, action: Action, **detail: object) -> CaseDetail:
        before = S(case.status)
        after = rules.require_move(action, before)
        case.status = after.value
        self._touch(case)
        self.record(
            session, action, case.id, status_from=before.value, status_to=after.value, **detail
        )
        return self._detail(session, case)

    def _require_identity(self, case: Case) -> None:
        rules.require_identity_confirmed(
            [RequestKind(m.kind) for m in case.measures],
            RequesterRole(case.requester_role),
            case.identity_confirmed_at is not None,
            case.authority_confirmed_at is not None,
        )

    def _open_pause(self, session: Session, case_id: int) -> Pause:
        pause = session.scalars(
            select(Pause).where(Pause.case_id == case_id, Pause.ended_at.is_(None))
        ).first()
        if pause is None:
            raise RuleViolation("This case has no open pause to resume.")
        return pause

    def _end_pause(self, session: Session, case: Case) -> None:
        if case.status != S.AWAITING_REQUESTER.value:
            return
        pause = self._open_pause(session, case.id)
        now = self.context.now()
        pause.ended_at = now
        pause.business_days = self.context.calendar(session).business_days_between(
            pause.started_at, now
        )
        case.paused_business_days += pause.business_days

    def _recompute_due(self, session: Session, case: Case) -> None:
        """Original and current due from the clock start, pauses and any extension."""
        calendar = self.context.calendar(session)
        original = calendar.due(case.clock_start, case.target_business_days)
        case.effective_receipt = original.effective_receipt
        case.original_due = original.due
        extension = session.scalars(
            select(Extension).where(Extension.case_id == case.id).order_by(Extension.id.desc())
        ).first()
        if extension is None:
            current = calendar.due(
                case.clock_start, case.target_business_days, case.paused_business_days
            )
            case.current_due = current.due
            case.provisional = current.provisional
        else:
            # Pauses after an extension push the extended date out by the days they took.
            later = sum(
                p.business_days
                for p in session.scalars(
                    select(Pause).where(
                        Pause.case_id == case.id, Pause.started_at >= extension.created_at
                    )
                )
            )
            day = calendar.add_business_days(extension.new_due.astimezone(JST).date(), later)
            case.current_due = at_close_of(day)
            case.provisional = calendar.is_provisional(day)

    def _detail(self, session: Session, case: Case, full: bool = False) -> CaseDetail:
        return build_detail(
            session, case, self.context.calendar(session), self.context.now(), full, self.actor
        )


def touch(case: Case, now: datetime) -> None:
    """Any change to a case raises its version, so a second desk's save is refused.

    Flagged, because two saves within one clock tick would otherwise leave the row unchanged.
    """
    case.updated_at = now
    flag_modified(case, "updated_at")


def record_dispatch(
    service: Service,
    session: Session,
    case_id: int,
    method: DispatchMethod,
    sent_on: date | None,
    tracking_number: str,
    letter_id: int | None,
    summary: str,
) -> None:
    """How and when a letter left: its dispatch fields and an outgoing contact on the case."""
    tracking = service.clean_text(session, tracking_number, "tracking number")
    if method.has_tracking_number and not tracking:
        raise ValidationError(f"{method.en} needs its tracking number.", field="tracking_number")
    day = sent_on or service.context.today()
    if day > service.context.today():
        raise ValidationError("A letter can not be recorded as sent in the future.")
    if letter_id is not None:
        letter = session.get(Letter, letter_id)
        if letter is None or letter.case_id != case_id:
            raise ValidationError("That letter is not on this case.")
        letter.dispatch_method = method.value
        letter.tracking_number = tracking
        letter.dispatched_on = day
    session.add(
        Contact(
            case_id=case_id,
            kind=(ContactKind.FAX if method is DispatchMethod.FAX else ContactKind.LETTER).value,
            direction=ContactDirection.OUT.value,
            occurred_at=service.context.now(),
            summary=summary,
            dispatch_method=method.value,
            tracking_number=tracking,
            letter_id=letter_id,
            created_by_login=service.actor.login,
        )
    )


class AuthorityNotConfirmed(RuleViolation):
    """The identity check was saved but the proof of authority was not good enough."""

    def __init__(self, problems: list[str], detail: CaseDetail) -> None:
        super().__init__(
            "Identity recorded, but authority is not confirmed: "
            + " ".join(problems)
            + " The case can not go on until a valid proof arrives."
        )
        self.problems = problems
        self.detail = detail


def next_serial(session: Session, name: str, block: int = 1) -> int:
    """Reserve block numbers of a counter (the row stays locked until commit); return the first."""
    bumped = session.execute(
        update(Sequence).where(Sequence.name == name).values(value=Sequence.value + block)
    )
    if bumped.rowcount == 0:  # type: ignore[attr-defined]
        session.add(Sequence(name=name, value=block))
        session.flush()
        return 1
    return session.scalars(select(Sequence.value).where(Sequence.name == name)).one() - block + 1


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


def measure_data(m: Measure) -> MeasureData:
    return MeasureData(
        id=m.id,
        position=m.position,
        kind=RequestKind(m.kind),
        requested=m.requested,
        method_requested=DisclosureMethod(m.method_requested) if m.method_requested else None,
        suspension_grounds=split_enum(m.suspension_grounds, SuspensionGround),
        third_party_recipient=m.third_party_recipient,
        outcome=Outcome(m.outcome) if m.outcome else None,
        reasons=m.reasons,
        disclosure_grounds=split_enum(m.disclosure_grounds, DisclosureRefusalGround),
        withheld_parts=m.withheld_parts,
        method=DisclosureMethod(m.method) if m.method else None,
        enclosures=m.enclosures,
        changes=m.changes,
        alternative_measure=m.alternative_measure,
        action_date=m.action_date,
        version=m.version,
        **{name: getattr(m, name) for name in DECISION_TEXTS},
    )


def deadlines_of(
    case: Case, calendar: BusinessCalendar, now: datetime, due_soon: int = 2, warn_days: int = 3
) -> Deadlines:
    status = S(case.status)
    left = calendar.business_days_left(case.current_due, now)
    days_to_line = (
        (case.legal_line - now.astimezone(JST).date()).days
        if case.legal_line and status.is_open and status is not S.NOTICE_SENT
        else None
    )
    near = days_to_line is not None and 0 <= days_to_line <= warn_days
    return Deadlines(
        received_at=case.received_at,
        effective_receipt=case.effective_receipt,
        acknowledgement_due=case.acknowledgement_due,
        original_due=case.original_due,
        current_due=case.current_due,
        paused_business_days=case.paused_business_days,
        legal_line=case.legal_line,
        provisional=case.provisional,
        business_days_left=left,
        state=rules.deadline_state(status, left, due_soon, case.current_due < now),
        legal_line_near=near,
        legal_line_passed=days_to_line is not None and days_to_line < 0,
    )


def _next_step(case: Case, identity_ok: bool, problems: list[str]) -> str:
    status = S(case.status)
    if status is S.RECEIVED:
        if not identity_ok:
            return (
                "Confirm the requester's identity"
                + (" and authority" if RequesterRole(case.requester_role).needs_authority else "")
                + " (Identity tab), or send an identity-request letter and pause."
            )
        return "Start the investigation."
    if status is S.AWAITING_REQUESTER:
        return "Waiting for the requester; resume when their answer arrives."
    if status is S.CLOSED:
        return "Closed. A supervisor can reopen it, with a reason."
    return _NEXT_STEPS.get(status, "")


def build_detail(
    session: Session,
    case: Case,
    calendar: BusinessCalendar,
    now: datetime,
    full: bool = False,
    actor: Actor | None = None,
) -> CaseDetail:
    settings = settings_store.read_all(session)
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
            problems.append("Identity not confirmed.")
        if role.needs_authority and case.authority_confirmed_at is None:
            problems += rules.authority_problems(
                role,
                [AuthorityProof(AuthorityDocument(p.document), p.issued_on) for p in proofs],
                now.astimezone(JST).date(),
                settings["authority_max_age_months"],
            ) or ["Authority not confirmed."]

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
            settings["due_soon_business_days"],
            settings["legal_line_warning_days"],
        ),
        identity_confirmed=case.identity_confirmed_at is not None,
        authority_confirmed=not role.needs_authority or case.authority_confirmed_at is not None,
        identity_problems=tuple(problems),
        next_step=_next_step(case, identity_ok, problems),
        decision_author_id=case.decision_author_id,
        decision_author=users.get(case.decision_author_id) if case.decision_author_id else None,
        approved_by=users.get(case.approved_by_id) if case.approved_by_id else None,
        send_back_comment=case.send_back_comment,
        measures=tuple(measure_data(m) for m in case.measures),
        **extra,  # type: ignore[arg-type]
    )
    # What the actor may do next, and why not (services decide, screens render).
    return replace(detail, actions=case_actions(detail, actor)) if actor else detail


def _full_parts(
    session: Session, case: Case, users: dict[int, str], proofs: list[AuthorityProofRecord]
) -> dict[str, object]:
    def rows(model: type, *order: object) -> list:
        return list(session.scalars(select(model).where(model.case_id == case.id).order_by(*order)))

    links = session.scalars(
        select(Case.reference)
        .join(CaseLink, CaseLink.linked_case_id == Case.id)
        .where(CaseLink.case_id == case.id)
        .order_by(Case.reference)
    ).all()
    history = session.scalars(
        select(AuditEntry)
        .where(AuditEntry.case_id == case.id, AuditEntry.action != Action.READ_CASE.value)
        .order_by(AuditEntry.id)
    ).all()
    return {
        "identity_checks": tuple(
            IdentityCheckData(
                method=IdentityMethod(c.method),
                documents=split_enum(c.documents, IdentityDocument),
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
            ContactData(
                id=c.id,
                kind=ContactKind(c.kind),
                direction=ContactDirection(c.direction),
                occurred_at=c.occurred_at,
                summary=c.summary,
                dispatch_method=DispatchMethod(c.dispatch_method) if c.dispatch_method else None,
                tracking_number=c.tracking_number,
                letter_id=c.letter_id,
                created_by=c.created_by_login,
            )
            for c in rows(Contact, Contact.occurred_at, Contact.id)
        ),
        "notes": tuple(
            NoteData(n.id, n.text, n.author_login, n.created_at) for n in rows(Note, Note.id)
        ),
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
        "letters": tuple(
            letter_data(lt)
            for lt in session.scalars(
                select(Letter).where(Letter.case_id == case.id).order_by(Letter.number)
            )
        ),
        "linked_references": tuple(links),
        "history": history_words.with_words(
            (HistoryEntry(h.at, h.actor, h.action, json.loads(h.detail)) for h in history),
            users,
            case.requester_id,
            {m.id: RequestKind(m.kind) for m in case.measures},
        ),
    }
