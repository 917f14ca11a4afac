"""Desks racing on the PostgreSQL server, with real threads: no deadlock, no raw database error.

Every write takes its locks in one order (storage/locks.py): case rows in ascending id, then
their own rows, counters, and the audit chain last. To make a race happen every time rather than
now and then, a third connection holds the audit chain's lock while the desks start; the test
waits until the server shows them waiting, then lets go.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import text

from privacy_desk.domain.rules import Action
from privacy_desk.letters import LetterKind
from privacy_desk.services.base import ConflictError, Context, Service
from privacy_desk.services.cases import CaseService
from privacy_desk.services.letters import LetterService
from privacy_desk.storage import audit
from privacy_desk.storage.db import Database
from tests.conftest import make_users
from tests.services.factories import complaint_by_phone, correction_by_email
from tests.services.test_two_desks import form_of

pytestmark = pytest.mark.postgres


class Desk(threading.Thread):
    """One desk's call on a thread of its own; keeps the answer or the exception."""

    def __init__(self, call: Callable[[], Any]) -> None:
        super().__init__(daemon=True)
        self.call = call
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.call()
        except BaseException as exc:  # kept for the test to look at
            self.error = exc


def waiting(db: Database) -> int:
    """How many connections to this database wait for a lock now."""
    with db.engine.connect() as connection:
        return connection.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock'"
            )
        )


def wait_until_waiting(db: Database, count: int) -> None:
    deadline = time.monotonic() + 20
    while waiting(db) < count:
        assert time.monotonic() < deadline, f"fewer than {count} desks ever waited"
        time.sleep(0.02)


@contextmanager
def audit_chain_held(db: Database) -> Iterator[None]:
    """Another transaction holds the audit chain's lock until the block ends."""
    session = db.sessions()
    try:
        audit.last_hash(session)
        yield
    finally:
        session.rollback()
        session.close()


def finish(*desks: Desk) -> None:
    for desk in desks:
        desk.join(120)
        assert not desk.is_alive(), "a desk never finished"


def race(db: Database, first: Callable[[], Any], second: Callable[[], Any]) -> tuple[Desk, Desk]:
    """The first call starts and waits at the audit chain (held by another transaction), the
    second starts and waits too; then the chain is let go and both finish."""
    with audit_chain_held(db):
        one = Desk(first)
        one.start()
        wait_until_waiting(db, 1)
        two = Desk(second)
        two.start()
        wait_until_waiting(db, 2)
    finish(one, two)
    return one, two


def test_a_bulk_assign_and_a_save_do_not_deadlock(postgres_db: Database) -> None:
    context = Context(postgres_db)
    users = make_users(context)
    staff = CaseService(context, users["staff"])
    first = staff.intake(correction_by_email())
    second = staff.intake(complaint_by_phone())
    supervisor = CaseService(context, users["supervisor"])
    new_owner = users["staff2"].user_id
    bulk, save = race(  # the assign holds its cases, waits for the chain; then a save
        postgres_db,
        lambda: supervisor.assign([first.id, second.id], new_owner),
        lambda: staff.add_note(second.id, None, "折り返し電話の予定"),
    )
    assert bulk.error is None, type(bulk.error).__name__
    assert save.error is None, type(save.error).__name__
    assert bulk.result == 2
    after = staff.get(second.id)
    assert after.owner_id == new_owner
    assert len(after.notes) == 1


def test_two_desks_issuing_a_letter_at_once_get_the_next_numbers(postgres_db: Database) -> None:
    context = Context(postgres_db)
    users = make_users(context)
    case = CaseService(context, users["staff"]).intake(complaint_by_phone())
    desk_a = LetterService(Context(postgres_db), users["staff"])
    desk_b = LetterService(Context(postgres_db), users["staff2"])
    first, second = race(
        postgres_db,
        lambda: desk_a.issue(case.id, None, LetterKind.ACKNOWLEDGEMENT),
        lambda: desk_b.issue(case.id, None, LetterKind.ACKNOWLEDGEMENT),
    )
    assert first.error is None, type(first.error).__name__
    assert second.error is None, type(second.error).__name__
    assert sorted([first.result.number, second.result.number]) == [1, 2]


def test_two_desks_issuing_from_the_same_version_one_is_told_of_the_conflict(
    postgres_db: Database,
) -> None:
    context = Context(postgres_db)
    users = make_users(context)
    case = CaseService(context, users["staff"]).intake(complaint_by_phone())
    desk_a = LetterService(Context(postgres_db), users["staff"])
    desk_b = LetterService(Context(postgres_db), users["staff2"])
    first, second = race(
        postgres_db,
        lambda: desk_a.issue(case.id, case.version, LetterKind.ACKNOWLEDGEMENT),
        lambda: desk_b.issue(case.id, case.version, LetterKind.ACKNOWLEDGEMENT),
    )
    assert first.error is None, type(first.error).__name__
    assert isinstance(second.error, ConflictError)
    assert "changed by someone else" in second.error.message
    assert first.result.number == 1
    letters = CaseService(context, users["staff"]).get(case.id).letters
    assert [letter.number for letter in letters] == [1]


def test_two_desks_saving_one_person_through_two_cases_both_land(postgres_db: Database) -> None:
    context = Context(postgres_db)
    users = make_users(context)
    staff = CaseService(context, users["staff"])
    first = staff.intake(correction_by_email())
    second = staff.intake(replace(complaint_by_phone(), requester_person_id=first.requester.id))
    person = first.requester

    desk_a = CaseService(Context(postgres_db), users["staff"])
    desk_b = CaseService(Context(postgres_db), users["staff2"])
    phone, email = form_of(person, phone="03-7777-8888"), form_of(person, email="new@example.jp")
    a, b = race(
        postgres_db,
        lambda: desk_a.update_person(first.id, None, person.id, phone, opened=person),
        lambda: desk_b.update_person(second.id, None, person.id, email, opened=person),
    )
    assert a.error is None, type(a.error).__name__
    assert b.error is None, type(b.error).__name__
    saved = staff.get(first.id).requester
    assert (saved.phone, saved.email) == ("03-7777-8888", "new@example.jp")


class Racer(Service):
    """A call that takes two case locks in the order it is given: the wrong way round on purpose."""

    def lock_both(self, first: int, second: int, meet: threading.Barrier) -> None:
        with self.unit_of_work(Action.ASSIGN) as session:
            for case_id in (first, second):
                session.execute(
                    text("SELECT id FROM cases WHERE id = :id FOR UPDATE"), {"id": case_id}
                )
                if case_id == first:
                    meet.wait(60)


def test_a_race_the_server_stops_is_the_clear_conflict_never_a_database_error(
    postgres_db: Database,
) -> None:
    """If a ring of waits ever happens anyway, the desk it stops is told "changed by someone
    else", not shown a database error."""
    context = Context(postgres_db)
    users = make_users(context)
    staff = CaseService(context, users["staff"])
    one, two = staff.intake(correction_by_email()).id, staff.intake(complaint_by_phone()).id
    meet = threading.Barrier(2)
    racers = [
        Desk(lambda: Racer(Context(postgres_db), users["supervisor"]).lock_both(one, two, meet)),
        Desk(lambda: Racer(Context(postgres_db), users["supervisor"]).lock_both(two, one, meet)),
    ]
    for racer in racers:
        racer.start()
    finish(*racers)
    errors = [racer.error for racer in racers if racer.error is not None]
    # The server stopped one of the two (deadlock detected).
    assert len(errors) == 1, [type(error).__name__ for error in errors]
    assert isinstance(errors[0], ConflictError), type(errors[0]).__name__
