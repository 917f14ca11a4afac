"""What every case call shares: loading a case at the version the user opened, moving it along
its life, recomputing its due dates, the audit entry that carries the new version, and counters.

The use-case families (intake, casework, decisions, dispatch) are CaseCalls; CaseService in
cases.py puts them together.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from privacy_desk.domain import rules
from privacy_desk.domain.contact_numbers import format_phone, format_postal_code, phone_key
from privacy_desk.domain.errors import RuleViolation, ValidationError
from privacy_desk.domain.names import widen_kana
from privacy_desk.domain.rules import Action
from privacy_desk.domain.vocabulary import (
    CaseStatus,
    RequesterRole,
    RequestKind,
)
from privacy_desk.i18n import _
from privacy_desk.services import history as history_words
from privacy_desk.services.base import ConflictError, Service
from privacy_desk.services.case_view import detail_for
from privacy_desk.services.dto import (
    CaseDetail,
    HistoryEntry,
)
from privacy_desk.services.due_dates import counted_pause_days, recompute_due
from privacy_desk.storage.locks import lock_case
from privacy_desk.storage.models import (
    AuditEntry,
    Case,
    Pause,
    Sequence,
    User,
)

S = CaseStatus


def digits(text: str) -> str:
    """The search key of a phone number (``phone_digits``): one rule, domain.contact_numbers."""
    return phone_key(text)


def tidy_person_text(name: str, value: str, field: str) -> str:
    """A person's field as it is stored: half-width kana widened in names and readings, a
    postal code as 170-0013, phone and fax numbers parsed and formatted (a ValidationError about
    ``field`` when they can not be read)."""
    if name in ("name", "kana"):
        return widen_kana(value)
    if name == "postal_code":
        return format_postal_code(value, field=field)
    if name in ("phone", "fax"):
        return format_phone(value, field=field)
    return value


class CaseCalls(Service):
    """The shared steps of the calls that change one case."""

    def _load(self, session: Session, case_id: int, version: int | None, action: Action) -> Case:
        """The case under its write lock (the first lock of the house's order, storage/locks)."""
        case = lock_case(session, case_id)
        if case is None:
            raise ValidationError(_("That case does not exist."))
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
        case.status = after
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
            raise RuleViolation(_("This case has no open pause to resume."))
        return pause

    def _end_pause(self, session: Session, case: Case) -> None:
        if case.status != S.AWAITING_REQUESTER.value:
            return
        pause = self._open_pause(session, case.id)
        now = self.context.now()
        pause.ended_at = now
        calendar = self.context.calendar(session, case.office_id)
        pause.business_days = calendar.business_days_between(pause.started_at, now)
        case.paused_business_days = sum(
            counted_pause_days(calendar, p, case.clock_start)
            for p in session.scalars(select(Pause).where(Pause.case_id == case.id))
        )

    def _recompute_due(self, session: Session, case: Case) -> None:
        """Original and current due from the clock start, pauses and any extension."""
        recompute_due(session, self.context.calendar(session, case.office_id), case)

    def _detail(self, session: Session, case: Case, full: bool = True) -> CaseDetail:
        # The whole case, so the screen shows what it needs next without reading it again.
        return detail_for(self, session, case, full)


def touch(case: Case, now: datetime) -> None:
    """Any change to a case raises its version, so a second desk's save is refused.

    Flagged, because two saves within one clock tick would otherwise leave the row unchanged.
    """
    case.updated_at = now
    flag_modified(case, "updated_at")


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
