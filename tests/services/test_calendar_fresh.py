"""A closure added on another desk counts at once: the calendar reads closures in every unit of work."""

from __future__ import annotations

from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.users import AdminService
from tests.services.factories import complaint_by_phone


def test_closure_added_on_another_desk_moves_the_next_due_date(
    context: Context, users: dict[str, Actor], clock
) -> None:
    desk_a = CaseService(context, users["staff"])
    first = desk_a.intake(complaint_by_phone())
    due = first.deadlines.current_due.date()

    other_desk = Context(context.db, clock=clock)  # the same database, another desk's memory
    AdminService(other_desk, users["admin"]).add_closure(due, "臨時休業")

    second = desk_a.intake(complaint_by_phone())
    assert second.deadlines.current_due.date() > due
