"""Retention: closed cases past their period go, nothing else does, and the audit trail holds.

The story, on SQLite and on the PostgreSQL server, today being 2026-11-24:
- A, closed 2023-11-20 (3 years and 4 days ago), with a letter, a note and a link: purged;
- B, closed 2023-11-25 (2 years and 364 days ago): kept;
- C, a new request by A's requester, still open: kept, and so is the person A and C share;
- D, received in 2023 and never closed: kept;
- E, closed 2023-11-21 whose requester asked nothing else: purged with that person.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest
from sqlalchemy import func, select, text

from privacy_desk.domain.calendar import JST
from privacy_desk.domain.errors import PermissionDenied, ValidationError
from privacy_desk.domain.retention import kept_until
from privacy_desk.domain.vocabulary import RequestKind
from privacy_desk.letters import LetterKind
from privacy_desk.services import settings as settings_store
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import CaseDetail, PersonForm
from privacy_desk.services.letters import LetterService
from privacy_desk.services.retention import RetentionService
from privacy_desk.storage import audit
from privacy_desk.storage.db import Database
from privacy_desk.storage.models import AuditEntry, Case, Letter, Note, Person
from tests.conftest import Clock, make_users
from tests.services.factories import complaint_by_phone, correction_by_email

TABLES = (
    "cases",
    "persons",
    "measures",
    "contacts",
    "notes",
    "letters",
    "case_links",
    "identity_checks",
    "tasks",
    "users",
    "settings",
)


def _at(clock: Clock, *when: int) -> datetime:
    clock.set(*when)
    return clock()


def closed_case(
    context: Context,
    staff: Actor,
    clock: Clock,
    day: tuple[int, int, int],
    letter: bool = False,
    **form: object,
) -> CaseDetail:
    received = _at(clock, *day, 10, 0)
    service = CaseService(context, staff)
    case = service.intake(replace(complaint_by_phone(received), **form))
    if letter:
        _at(clock, *day, 11, 0)
        LetterService(context, staff).issue(case.id, None, LetterKind.ACKNOWLEDGEMENT)
    _at(clock, *day, 16, 0)
    return service.withdraw(case.id, None, "取り下げの電話あり")


def story(context: Context, users: dict[str, Actor], clock: Clock) -> dict[str, CaseDetail]:
    staff = users["staff"]
    a = closed_case(context, staff, clock, (2023, 11, 20), letter=True)
    b = closed_case(
        context, staff, clock, (2023, 11, 25), requester=PersonForm("岡本 真司", "オカモト シンジ")
    )
    e = closed_case(
        context, staff, clock, (2023, 11, 21), requester=PersonForm("西田 葵", "ニシダ アオイ")
    )
    _at(clock, 2023, 6, 1, 10, 0)
    d = CaseService(context, staff).intake(correction_by_email(clock()))
    _at(clock, 2026, 11, 24, 11, 0)
    c = CaseService(context, staff).intake(
        replace(
            complaint_by_phone(clock()),
            requester_person_id=a.requester.id,
            link_case_ids=(a.id,),
        )
    )
    _at(clock, 2026, 11, 24, 15, 0)
    return {"A": a, "B": b, "C": c, "D": d, "E": e}


def counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as connection:
        return {t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES}


@pytest.fixture
def clock_db(any_db: Database) -> tuple[Context, dict[str, Actor], Clock]:
    clock = Clock(datetime(2026, 11, 24, 15, 0, tzinfo=JST))
    context = Context(any_db, clock=clock)
    return context, make_users(context), clock


def test_the_dry_run_lists_and_changes_nothing(clock_db) -> None:
    context, users, clock = clock_db
    cases = story(context, users, clock)
    before = counts(context.db)
    plan = RetentionService(context, users["admin"]).review()
    assert [item.reference for item in plan.items] == [cases["A"].reference, cases["E"].reference]
    assert [item.closed_on.isoformat() for item in plan.items] == ["2023-11-20", "2023-11-21"]
    assert plan.persons_removed == 1 and plan.persons_kept == 1  # E's person; A's is C's too
    assert counts(context.db) == before


def test_apply_purges_exactly_the_cases_past_their_period(clock_db) -> None:
    context, users, clock = clock_db
    cases = story(context, users, clock)
    a, e = cases["A"], cases["E"]
    result = RetentionService(context, users["admin"]).apply()
    assert result.references == (a.reference, e.reference)
    assert (result.cases, result.persons_removed, result.persons_kept, result.letters) == (
        2,
        1,
        1,
        1,
    )
    with context.db.session() as session:
        left = set(session.scalars(select(Case.reference)))
        assert left == {cases[k].reference for k in "BCD"}
        assert not session.scalar(select(func.count()).where(Note.case_id.in_((a.id, e.id))))
        assert not session.scalar(select(func.count()).select_from(Letter))  # the PDF is gone
        persons = set(session.scalars(select(Person.id)))
        assert a.requester.id in persons  # shared with C, which is kept
        assert e.requester.id not in persons
        assert audit.verify(session).intact
        entries = session.execute(
            select(AuditEntry.action, AuditEntry.case_id, AuditEntry.detail).where(
                AuditEntry.action.like("retention%")
            )
        ).all()
    purged = [
        (case_id, detail) for action, case_id, detail in entries if action == "retention_purge"
    ]
    assert [case_id for case_id, _ in purged] == [a.id, e.id]
    assert a.reference in purged[0][1] and "2023-11-20" in purged[0][1]
    every_detail = " ".join(detail for _, _, detail in entries)
    for name in ("井上", "西田", "埼玉", "080"):
        assert name not in every_detail
    # C still opens, with its person, and its link to A is gone with A.
    c = CaseService(context, users["staff"]).get(cases["C"].id)
    assert c.requester.id == a.requester.id
    # A second run finds nothing more.
    assert RetentionService(context, users["admin"]).review().items == ()


def test_apply_takes_only_the_cases_the_administrator_saw(clock_db) -> None:
    context, users, clock = clock_db
    cases = story(context, users, clock)
    result = RetentionService(context, users["admin"]).apply([cases["E"].id, cases["B"].id])
    assert result.references == (cases["E"].reference,)  # B is not due: it stays


def test_the_period_is_a_setting_per_kind_and_the_longest_kind_wins(clock_db) -> None:
    context, users, clock = clock_db
    cases = story(context, users, clock)
    with context.db.session() as session:
        settings_store.write(session, "retention_years", {"complaint": 5})
    assert RetentionService(context, users["admin"]).review().items == ()
    with context.db.session() as session:
        settings_store.write(session, "retention_years", {"complaint": 3, "disclosure": 10})
    assert len(RetentionService(context, users["admin"]).review().items) == 2
    years = {kind: 3 for kind in RequestKind} | {RequestKind.DISCLOSURE: 10}
    both = (RequestKind.COMPLAINT, RequestKind.DISCLOSURE)
    assert kept_until(date(2023, 11, 20), both, years) == date(2033, 11, 20)
    assert cases["A"].reference


@pytest.mark.parametrize("bad", [0, -1, 101, "3", 2.5, True])
def test_the_setting_is_checked(clock_db, bad: object) -> None:
    context, _, _ = clock_db
    with pytest.raises(ValidationError), context.db.session() as session:
        settings_store.write(session, "retention_years", {"complaint": bad})


def test_only_administrators_may_purge(clock_db) -> None:
    context, users, _ = clock_db
    for who in ("staff", "supervisor"):
        with pytest.raises(PermissionDenied):
            RetentionService(context, users[who]).review()
        with pytest.raises(PermissionDenied):
            RetentionService(context, users[who]).apply()


def test_a_case_goes_on_its_anniversary_not_a_day_sooner(clock_db) -> None:
    context, users, clock = clock_db
    case = closed_case(context, users["staff"], clock, (2023, 11, 24))
    _at(clock, 2026, 11, 23, 23, 59)
    assert RetentionService(context, users["admin"]).review().items == ()
    _at(clock, 2026, 11, 24, 0, 0)
    items = RetentionService(context, users["admin"]).review().items
    assert [item.reference for item in items] == [case.reference]
    assert items[0].kept_until == date(2026, 11, 24)
