"""A case's due dates worked out again from its clock start, its pauses, its latest extension and
the calendar as it is now.

One place for it, because three things move a due date: a pause ending, identity confirmed when the
clock starts there (setting clock_start = "identity"), and an administrator adding or removing an
office closure. Every one of them recomputes the whole date instead of adjusting the stored one, so
no change is counted twice or forgotten.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from privacy_desk.domain.calendar import JST, BusinessCalendar
from privacy_desk.domain.vocabulary import CaseStatus
from privacy_desk.storage.models import Case, Extension, Pause


def at_close_of(day: date) -> datetime:
    """18:00 Japan time of a day: the moment a due date falls due."""
    return datetime.combine(day, time(18, 0), tzinfo=JST)


def counted_pause_days(calendar: BusinessCalendar, pause: Pause, clock_start: datetime) -> int:
    """The business days of an ended pause that stopped a running clock.

    Only the part after the clock started counts: with the clock starting at confirmed identity,
    days spent awaiting the requester's documents before that are no pause of the clock at all.
    """
    if pause.ended_at is None or pause.ended_at <= clock_start:
        return 0
    return calendar.business_days_between(max(pause.started_at, clock_start), pause.ended_at)


def recompute_due(session: Session, calendar: BusinessCalendar, case: Case) -> None:
    """Set the case's effective receipt, original and current due and paused days afresh."""
    pauses = list(session.scalars(select(Pause).where(Pause.case_id == case.id)))
    case.paused_business_days = sum(
        counted_pause_days(calendar, p, case.clock_start) for p in pauses
    )
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
        return
    # Pauses after an extension push the extended date out by the days they took.
    later = sum(
        counted_pause_days(calendar, p, case.clock_start)
        for p in pauses
        if p.started_at >= extension.created_at
    )
    day = calendar.add_business_days(extension.new_due.astimezone(JST).date(), later)
    if not calendar.is_business_day(day):
        # A closure added later on the extended date: the office answers on its next open day.
        day = calendar.add_business_days(day, 1)
    case.current_due = at_close_of(day)


def move_open_due_dates(
    session: Session,
    calendar_of: Callable[[int], BusinessCalendar],
    day: date,
    office_id: int | None = None,
) -> list[tuple[Case, datetime]]:
    """Recompute the due dates of the open cases a closure on `day` (added or removed) can move:
    those whose due date is at or after it, of one office or (office_id None) of every office,
    each by its own office's calendar (`calendar_of(office_id)`); the cases whose due date moved,
    each with its due date before.
    """
    moved = []
    # A notice sent ends the wait; its due date no longer drives anything.
    open_statuses = [s for s in CaseStatus if s.is_open and s is not CaseStatus.NOTICE_SENT]
    start_of_day = datetime.combine(day, time(0, 0), tzinfo=JST)
    affected = select(Case).where(Case.status.in_(open_statuses), Case.current_due >= start_of_day)
    if office_id is not None:
        affected = affected.where(Case.office_id == office_id)
    for case in session.scalars(affected.order_by(Case.id)):
        before = case.current_due
        recompute_due(session, calendar_of(case.office_id), case)
        if case.current_due != before:
            moved.append((case, before))
    return moved
