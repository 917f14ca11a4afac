"""Issue 10, the rules of time: due dates follow the clock start, the closures and the calendar of
today, not what was stored when the case came in."""

from __future__ import annotations

from datetime import date

from privacy_desk.domain.calendar import JST, BusinessCalendar
from privacy_desk.domain.vocabulary import IdentityMethod, PauseReason, Queue
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import IdentityForm
from privacy_desk.services.queues import QueueService
from privacy_desk.services.users import AdminService
from tests.conftest import Clock
from tests.services.factories import complaint_by_phone, correction_by_email


def due_day(detail) -> date:
    return detail.deadlines.current_due.astimezone(JST).date()


def test_days_awaiting_documents_before_identity_are_not_paused_days(
    context: Context, users: dict[str, Actor], clock: Clock
) -> None:
    """clock_start=identity: a pause that ended before the clock started adds nothing."""
    AdminService(context, users["admin"]).set_setting("clock_start", "identity")
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())  # Tue 2026-11-24 11:00, 10 business days
    clock.set(2026, 11, 25, 10, 0)
    case = staff.pause(case.id, case.version, PauseReason.IDENTITY_DOCUMENTS)
    clock.set(2026, 12, 1, 10, 0)  # the documents arrive: 4 business days later
    case = staff.resume(case.id, case.version)
    clock.set(2026, 12, 1, 11, 0)
    case = staff.confirm_identity(case.id, case.version, IdentityForm(IdentityMethod.CALL_BACK))
    assert case.deadlines.paused_business_days == 0
    assert due_day(case) == date(2026, 12, 15)  # 10 business days from 1 December, no more
    assert case.deadlines.original_due == case.deadlines.current_due


def test_only_the_part_of_a_pause_after_identity_counts(
    context: Context, users: dict[str, Actor], clock: Clock
) -> None:
    """Identity confirmed while the case still waits: the clock pauses from then on only."""
    AdminService(context, users["admin"]).set_setting("clock_start", "identity")
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    clock.set(2026, 11, 25, 10, 0)
    case = staff.pause(case.id, case.version, PauseReason.IDENTITY_DOCUMENTS)
    clock.set(2026, 11, 30, 10, 0)  # Monday: identity confirmed, the clarification still awaited
    case = staff.confirm_identity(case.id, case.version, IdentityForm(IdentityMethod.CALL_BACK))
    assert due_day(case) == date(2026, 12, 14)
    clock.set(2026, 12, 1, 10, 0)
    case = staff.resume(case.id, case.version)
    assert case.deadlines.paused_business_days == 1  # 30 November only, not 25 November on
    assert due_day(case) == date(2026, 12, 15)


def test_with_the_clock_at_receipt_every_paused_day_still_counts(
    context: Context, users: dict[str, Actor], clock: Clock
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())  # due 2026-12-08
    clock.set(2026, 11, 25, 10, 0)
    case = staff.pause(case.id, case.version, PauseReason.CLARIFICATION)
    clock.set(2026, 12, 1, 10, 0)
    case = staff.resume(case.id, case.version)
    assert case.deadlines.paused_business_days == 4
    assert due_day(case) == date(2026, 12, 14)


def test_a_closure_on_an_open_cases_due_day_moves_the_due_date(
    context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    admin = AdminService(context, users["admin"])
    case = staff.intake(complaint_by_phone())
    due = due_day(case)
    admin.add_closure(due, "臨時休業")
    moved = staff.get(case.id)
    calendar = BusinessCalendar({due: "臨時休業"})
    assert due_day(moved) == calendar.add_business_days(due, 1)
    assert calendar.is_business_day(due_day(moved))
    assert moved.deadlines.current_due.astimezone(JST).hour == 18
    admin.remove_closure(due)
    assert due_day(staff.get(case.id)) == due


def test_a_closure_on_an_extended_due_day_moves_it_to_the_next_open_day(
    context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    case = staff.extend(case.id, case.version, date(2027, 1, 15), "調査に時間を要するため")
    AdminService(context, users["admin"]).add_closure(date(2027, 1, 15), "臨時休業")
    assert due_day(staff.get(case.id)) == date(2027, 1, 18)  # Friday closed: Monday


def test_a_closure_leaves_closed_cases_alone(context: Context, users: dict[str, Actor]) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    due = due_day(case)
    case = staff.withdraw(case.id, case.version, "取り下げ")
    AdminService(context, users["admin"]).add_closure(due, "臨時休業")
    assert due_day(staff.get(case.id)) == due


def test_provisional_follows_the_calendar_of_today(
    context: Context, users: dict[str, Actor], clock: Clock
) -> None:
    """A due date in 2028 is provisional until 2028's equinox days are published (Feb 2027)."""
    staff = CaseService(context, users["staff"])
    queue = QueueService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    assert case.deadlines.provisional is False
    case = staff.extend(case.id, case.version, date(2028, 1, 7), "関係先の調査に長期間を要するため")
    assert case.deadlines.provisional is True
    clock.set(2027, 1, 29, 17, 0)
    assert staff.get(case.id).deadlines.provisional is True
    assert [r.provisional for r in queue.list(Queue.ALL_OPEN).rows] == [True]
    clock.set(2027, 2, 1, 9, 0)
    assert staff.get(case.id).deadlines.provisional is False
    assert [r.provisional for r in queue.list(Queue.ALL_OPEN).rows] == [False]


def test_an_extended_due_date_is_at_the_close_of_that_day(
    context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    case = staff.extend(case.id, case.version, date(2027, 1, 15), "調査に時間を要するため")
    due = case.deadlines.current_due.astimezone(JST)
    assert (due.date(), due.hour, due.minute) == (date(2027, 1, 15), 18, 0)


def test_the_closure_entry_counts_the_due_dates_it_moved(
    context: Context, users: dict[str, Actor]
) -> None:
    import json

    from sqlalchemy import select

    from privacy_desk.storage.models import AuditEntry

    staff = CaseService(context, users["staff"])
    admin = AdminService(context, users["admin"])
    due = due_day(staff.intake(complaint_by_phone()))
    staff.intake(complaint_by_phone())  # the same due day: two cases move
    admin.add_closure(due, "臨時休業")
    admin.remove_closure(due)
    with context.db.session() as session:
        details = [
            json.loads(detail)
            for detail in session.scalars(
                select(AuditEntry.detail)
                .where(AuditEntry.action == "manage_calendar")
                .order_by(AuditEntry.id)
            )
        ]
    assert [d["moved_due"] for d in details] == [2, 2]


def test_only_pauses_after_an_extension_move_the_extended_date(
    context: Context, users: dict[str, Actor], clock: Clock
) -> None:
    staff = CaseService(context, users["staff"])
    admin = AdminService(context, users["admin"])
    case = staff.intake(complaint_by_phone())  # Tue 2026-11-24
    clock.set(2026, 11, 25, 10, 0)
    case = staff.pause(case.id, case.version, PauseReason.CLARIFICATION)
    clock.set(2026, 11, 27, 10, 0)
    case = staff.resume(case.id, case.version)
    assert case.deadlines.paused_business_days == 2
    clock.set(2026, 11, 30, 10, 0)
    case = staff.extend(case.id, case.version, date(2027, 1, 15), "調査に時間を要するため")
    assert due_day(case) == date(2027, 1, 15)  # the pause before the extension is in its date
    clock.set(2026, 12, 1, 10, 0)
    case = staff.pause(case.id, case.version, PauseReason.CLARIFICATION)
    clock.set(2026, 12, 3, 10, 0)
    case = staff.resume(case.id, case.version)
    assert case.deadlines.paused_business_days == 4
    assert due_day(case) == date(2027, 1, 19)  # Friday + 2 business days: Tuesday
    admin.add_closure(date(2027, 1, 12), "臨時休業")  # recomputed again: the same
    assert due_day(staff.get(case.id)) == date(2027, 1, 19)
