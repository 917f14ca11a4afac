"""Case work: the case's own fields and people, identity, ownership, contacts, notes, tasks, the
investigation and its pauses and extensions, and the ways a case closes and reopens."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import select

from privacy_desk.domain import rules
from privacy_desk.domain.calendar import JST
from privacy_desk.domain.errors import MissingReason, RuleViolation, ValidationError
from privacy_desk.domain.names import fold, fold_address
from privacy_desk.domain.rules import Action, AuthorityProof
from privacy_desk.domain.text_fields import check_moment, check_text
from privacy_desk.domain.tracking import normalise_tracking_number
from privacy_desk.domain.vocabulary import (
    CaseStatus,
    ClosureKind,
    ContactDirection,
    ContactKind,
    DispatchMethod,
    FormOfAddress,
    PauseReason,
    RequesterRole,
    RequestKind,
)
from privacy_desk.i18n import _
from privacy_desk.services import settings as settings_store
from privacy_desk.services.base import ConflictError, require_text
from privacy_desk.services.case_base import CaseCalls, digits, tidy_person_text
from privacy_desk.services.dto import (
    CaseDetail,
    IdentityForm,
    PersonData,
    PersonForm,
)
from privacy_desk.services.due_dates import at_close_of
from privacy_desk.services.identity_scans import delete_due
from privacy_desk.services.offices import office_by_code
from privacy_desk.services.taken import TakenCase, taken_from
from privacy_desk.storage.locks import lock_cases, lock_person
from privacy_desk.storage.models import (
    AuthorityProofRecord,
    Contact,
    Extension,
    IdentityCheck,
    Note,
    Office,
    Pause,
    Person,
    Task,
    User,
)

S = CaseStatus

PERSON_TEXT_FIELDS = (
    "name",
    "kana",
    "postal_code",
    "address",
    "phone",
    "fax",
    "email",
    "organisation",
)
PERSON_FIELDS = (*PERSON_TEXT_FIELDS, "birth_date", "form_of_address")
# Fields that are saved, merged or refused together when two desks edit one person at once: a
# name with its reading, an address with its postal code. Every other field stands alone, so a
# phone number typed on one desk and an email on another both stay (docs/architecture.md).
PERSON_FIELD_GROUPS = (
    frozenset({"name", "kana"}),
    frozenset({"postal_code", "address"}),
    frozenset({"birth_date"}),
    frozenset({"phone"}),
    frozenset({"fax"}),
    frozenset({"email"}),
    frozenset({"organisation"}),
    frozenset({"form_of_address"}),
)


class CaseWorkCalls(CaseCalls):
    """What staff record on a case: its fields and people, identity, ownership, contacts, notes
    and tasks."""

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
                    raise ValidationError(
                        _("Letters are written in Japanese (ja) or English (en).")
                    )
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
        self,
        case_id: int,
        version: int | None,
        person_id: int,
        form: PersonForm,
        opened: PersonData | None = None,
    ) -> CaseDetail:
        """Save the fields of a person that the user changed.

        opened is the person as the user's screen showed it: only the fields that differ from it
        are written, so another desk's change to the same person (a person may be shared by
        several cases) is kept. A group of fields changed here and, differently, on another desk
        since is refused as a conflict (PERSON_FIELD_GROUPS). Without opened every field of the
        form counts as typed.
        """
        with self.unit_of_work(Action.EDIT_CASE) as session:
            case = self._load(session, case_id, version, Action.EDIT_CASE)
            if person_id not in (case.requester_id, case.subject_id):
                raise ValidationError(_("That person is not part of this case."))
            person = lock_person(session, person_id)  # after its case: storage/locks
            assert person is not None
            typed: dict[str, object] = {}
            for field_name in PERSON_TEXT_FIELDS:
                field = field_name.replace("_", " ")
                value = self.clean_text(session, getattr(form, field_name), field)
                value = tidy_person_text(field_name, value, field)
                if field_name == "name":
                    value = require_text(value, _("The name"), 200, field="name")
                typed[field_name] = value
            typed["birth_date"] = form.birth_date
            typed["form_of_address"] = FormOfAddress(form.form_of_address)
            changed = self._person_changes(person, typed, opened)
            acts_for_other = person_id == case.subject_id != case.requester_id
            if "birth_date" in changed and acts_for_other:
                rules.require_role_fits_subject(
                    RequesterRole(case.requester_role),
                    form.birth_date,
                    case.received_at.astimezone(JST).date(),
                )
            for field_name in changed:
                setattr(person, field_name, typed[field_name])
            person.name_folded = fold(person.name)
            person.kana_folded = fold(person.kana)
            person.phone_digits = digits(person.phone)
            person.address_folded = fold_address(person.address)
            if changed:
                self._touch(case)
                self.record(session, Action.EDIT_CASE, case.id, person=person_id, fields=changed)
            return self._detail(session, case)

    def _person_changes(
        self, person: Person, typed: dict[str, object], opened: PersonData | None
    ) -> list[str]:
        """The fields to write: typed here and not already so; a group that another desk changed
        differently since the screen opened the person is a conflict."""
        if opened is None:
            return [f for f in PERSON_FIELDS if typed[f] != getattr(person, f)]
        mine = {f for f in PERSON_FIELDS if typed[f] != getattr(opened, f)}
        if opened.version != person.version:
            theirs = {f for f in PERSON_FIELDS if getattr(person, f) != getattr(opened, f)}
            for group in PERSON_FIELD_GROUPS:
                both = group & mine and group & theirs
                if both and any(typed[f] != getattr(person, f) for f in group):
                    raise ConflictError()
        return [f for f in PERSON_FIELDS if f in mine and typed[f] != getattr(person, f)]

    # ---------------------------------------------------------------- identity

    def confirm_identity(self, case_id: int, version: int | None, form: IdentityForm) -> CaseDetail:
        """Record how identity (and authority) was checked.

        An identity check that does not confirm identity is refused. Proofs of authority that
        fall short are kept, authority stays unconfirmed, and the detail says why in `warnings`
        (and in identity_problems).
        """
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
                settings_store.load(session).authority_max_age_months,
            )
            session.add(
                IdentityCheck(
                    case_id=case.id,
                    method=form.method.value,
                    documents=tuple(form.documents),
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
            session.flush()
            delete_due(self, session, [case.id])  # identity scans not kept some days
            if role.needs_authority and not problems:
                case.authority_confirmed_at = now
            if settings_store.load(session).clock_start == "identity" and (
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
                authority=[d.value for d, _issued in form.authority],
                authority_confirmed=case.authority_confirmed_at is not None,
            )
            detail = self._detail(session, case)
            if problems:
                # The check is kept and authority stays unconfirmed: a warning, not a refusal.
                warning = _(
                    "Identity recorded, but authority is not confirmed: {problems} The case can "
                    "not go on until a valid proof arrives."
                ).format(problems=_join_sentences(problems))
                detail = replace(detail, warnings=(warning,))
            return detail

    # ---------------------------------------------------------------- ownership

    def take(self, case_id: int, version: int | None) -> CaseDetail:
        """Take a case; taking one someone else owns is recorded and they are told."""
        if self.actor.user_id is None:
            raise ValidationError(_("Only a logged-in user can take a case."))
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
                    raise ValidationError(_("That user does not exist or is not active."))
            count = 0
            case_ids = list(case_ids)
            lock_cases(session, case_ids)  # all at once, in the one order (storage/locks)
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

    def move_to_office(self, case_id: int, version: int | None, office_code: str) -> CaseDetail:
        """Move a case to another office: its due dates follow that office's calendar from now
        on (worked out again from the clock start), its letters that office's letterhead."""
        with self.unit_of_work(Action.MOVE_OFFICE) as session:
            case = self._load(session, case_id, version, Action.MOVE_OFFICE)
            office = office_by_code(session, office_code)
            if not office.active:
                raise ValidationError(
                    _("The office {code} is closed for good.").format(code=office.code)
                )
            if office.id == case.office_id:
                raise ValidationError(_("The case already belongs to this office."), field="office")
            before = session.scalar(select(Office.code).where(Office.id == case.office_id))
            due_before = case.current_due
            case.office_id = office.id
            self._recompute_due(session, case)
            self._touch(case)
            self.record(
                session,
                Action.MOVE_OFFICE,
                case.id,
                from_office=before,
                to_office=office.code,
                due_from=due_before.isoformat(),
                current_due=case.current_due.isoformat(),
            )
            return self._detail(session, case)

    def cases_taken_from_me(self) -> list[TakenCase]:
        """My former cases that someone else took or reassigned since I last looked, with who
        did it and who holds each now."""
        if self.actor.user_id is None:
            return []
        with self.unit_of_work(Action.LIST_CASES) as session:
            return taken_from(session, self.actor.user_id)

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
            tracking = normalise_tracking_number(check_text(tracking_number, "tracking number"))
            moment = occurred_at or self.context.now()
            check_moment(moment, _("The time of the contact"), field="occurred_at")
            if moment > self.context.now():
                raise ValidationError(_("A contact can not be in the future."))
            session.add(
                Contact(
                    case_id=case.id,
                    kind=kind.value,
                    direction=direction.value,
                    occurred_at=moment,
                    summary=text,
                    dispatch_method=dispatch_method.value if dispatch_method else None,
                    tracking_number=tracking,
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
            body = require_text(self.clean_text(session, text, "note"), _("The note"), field="note")
            session.add(Note(case_id=case.id, text=body, author_login=self.actor.login))
            self._touch(case)
            self.record(session, Action.ADD_NOTE, case.id)
            return self._detail(session, case)

    def add_task(
        self, case_id: int, version: int | None, title: str, owner_id: int | None = None
    ) -> CaseDetail:
        with self.unit_of_work(Action.ADD_TASK) as session:
            case = self._load(session, case_id, version, Action.ADD_TASK)
            body = require_text(
                self.clean_text(session, title, "task"), _("The task"), 500, field="task"
            )
            if owner_id is not None and session.get(User, owner_id) is None:
                raise ValidationError(_("The task's owner does not exist."))
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
                raise ValidationError(_("That task is not on this case."))
            task.done = done
            task.done_at = self.context.now() if done else None
            self._touch(case)
            self.record(session, Action.COMPLETE_TASK, case.id, task=task_id, done=done)
            return self._detail(session, case)


class CaseLifeCalls(CaseCalls):
    """The case's life between intake and decision, and closing or reopening it."""

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
                raise MissingReason(
                    _("Pausing the clock needs a reason: choose one."), field="reason"
                )
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
            calendar = self.context.calendar(session, case.office_id)
            pause.ended_at = now
            pause.business_days = calendar.business_days_between(pause.started_at, now)
            self._recompute_due(session, case)  # counts the pauses afresh from the clock start
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
                self.clean_text(session, reason, "extension reason"), _("An extension")
            )
            calendar = self.context.calendar(session, case.office_id)
            if not calendar.is_business_day(new_due):
                raise ValidationError(
                    _("{day} is not a business day of the office.").format(day=new_due.isoformat())
                )
            new_moment = at_close_of(new_due)
            if new_moment <= case.current_due:
                raise ValidationError(_("The new due date must be later than the current one."))
            session.add(
                Extension(
                    case_id=case.id,
                    reason=text,
                    previous_due=case.current_due,
                    new_due=new_moment,
                    created_by_login=self.actor.login,
                    # The desk's clock, as the pauses' times: recompute_due compares them.
                    created_at=self.context.now(),
                )
            )
            case.current_due = new_moment
            self._touch(case)
            self.record(session, Action.EXTEND, case.id, new_due=new_due.isoformat())
            return self._detail(session, case)

    def close(self, case_id: int, version: int | None) -> CaseDetail:
        with self.unit_of_work(Action.CLOSE) as session:
            case = self._load(session, case_id, version, Action.CLOSE)
            case.closure_kind = ClosureKind.NOTIFIED
            case.closed_at = self.context.now()
            return self._move(session, case, Action.CLOSE)

    def withdraw(self, case_id: int, version: int | None, note: str = "") -> CaseDetail:
        with self.unit_of_work(Action.WITHDRAW) as session:
            case = self._load(session, case_id, version, Action.WITHDRAW)
            text = self.clean_text(session, note, "withdrawal note")
            if text:
                session.add(Note(case_id=case.id, text=text, author_login=self.actor.login))
            self._end_pause(session, case)
            case.closure_kind = ClosureKind.WITHDRAWN
            case.closed_at = self.context.now()
            return self._move(session, case, Action.WITHDRAW)

    def close_identity_unconfirmed(
        self, case_id: int, version: int | None, reason: str
    ) -> CaseDetail:
        with self.unit_of_work(Action.CLOSE_UNCONFIRMED) as session:
            case = self._load(session, case_id, version, Action.CLOSE_UNCONFIRMED)
            rules.require_identity_closure_allowed([RequestKind(m.kind) for m in case.measures])
            text = rules.require_reason(
                self.clean_text(session, reason, "reason"), _("Closing for unconfirmed identity")
            )
            session.add(Note(case_id=case.id, text=text, author_login=self.actor.login))
            self._end_pause(session, case)
            case.closure_kind = ClosureKind.IDENTITY_NOT_CONFIRMED
            case.closed_at = self.context.now()
            return self._move(session, case, Action.CLOSE_UNCONFIRMED)

    def reopen(self, case_id: int, version: int | None, reason: str) -> CaseDetail:
        with self.unit_of_work(Action.REOPEN) as session:
            case = self._load(session, case_id, version, Action.REOPEN)
            text = rules.require_reason(
                self.clean_text(session, reason, "reason"), _("Reopening a case")
            )
            session.add(Note(case_id=case.id, text=text, author_login=self.actor.login))
            kinds = [RequestKind(m.kind) for m in case.measures]
            confirmed = case.identity_confirmed_at is not None and (
                not RequesterRole(case.requester_role).needs_authority
                or case.authority_confirmed_at is not None
            )
            case.status = (
                S.IN_INVESTIGATION
                if confirmed or not rules.requires_identity(kinds)
                else S.RECEIVED
            )
            case.closure_kind = None
            case.closed_at = None
            case.approved_by_id = None
            case.approved_at = None
            case.notice_sent_at = None
            self._touch(case)
            self.record(session, Action.REOPEN, case.id, status=case.status)
            return self._detail(session, case)


def _join_sentences(sentences: list[str]) -> str:
    """Sentences one after the other: a space after a full stop, none after the ideographic "。"."""
    return "".join(
        text if i == len(sentences) - 1 or text.endswith("。") else text + " "
        for i, text in enumerate(sentences)
    )
