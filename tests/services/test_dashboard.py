"""The dashboard's figures, checked against counts written here in Python over the rows (not the
service's queries); every figure's cases open exactly in the All open queue.

The database is generated (invented demo cases), a third moved to Naha, and a few cases taken and
assigned this week so that "taken from someone else" has something to count.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select, update

from privacy_desk.domain.calendar import JST
from privacy_desk.domain.errors import PermissionDenied
from privacy_desk.domain.vocabulary import CaseStatus, Queue
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dashboard import DashboardService, week_start
from privacy_desk.services.demo import DemoService
from privacy_desk.services.dto import QueueFilter
from privacy_desk.services.queues import QueueService
from privacy_desk.storage.models import AuditEntry, Case, Measure, Office
from tests.conftest import Clock, mark_demo_database

S = CaseStatus


@pytest.fixture
def office(context: Context, users: dict[str, Actor], clock: Clock) -> Context:
    mark_demo_database(context)
    DemoService(context, users["admin"]).generate(200, seed=11)
    with context.db.session() as session:
        naha = session.scalar(select(Office.id).where(Office.code == "naha"))
        session.execute(update(Case).where(Case.id % 3 == 0).values(office_id=naha))
        session.commit()
    clock.set(2026, 12, 3, 10, 0)  # a Thursday a week on: some cases are overdue by now
    return context


def _jst(moment: datetime):
    return moment.astimezone(JST)


def _expected(context: Context, actor: Actor, office_code: str | None) -> dict[str, set[int]]:
    """Each figure's cases, worked out case by case in Python."""
    now = context.now()
    today = now.astimezone(JST).date()
    with context.db.session() as session:
        codes = {o.id: o.code for o in session.scalars(select(Office))}
        cases = [
            c
            for c in session.scalars(select(Case))
            if c.status is not S.CLOSED
            and (office_code is None or codes[c.office_id] == office_code)
        ]
        kinds: dict[int, set[str]] = {}
        for m in session.scalars(select(Measure)):
            kinds.setdefault(m.case_id, set()).add(str(m.kind))
        limits = {}
        for office_id in codes:
            day = context.calendar(session, office_id).add_business_days(today, 2)
            limits[office_id] = datetime.combine(day, time(18, 0), tzinfo=JST)
        monday = datetime.combine(week_start(today), time(0), tzinfo=JST)
        taken = set()
        for entry in session.scalars(select(AuditEntry).where(AuditEntry.at >= monday)):
            detail = json.loads(entry.detail)
            if (
                entry.action in ("take", "assign")
                and detail.get("from_user")
                not in (
                    None,
                    detail.get("to_user"),
                )
                and detail.get("to_user") is not None
            ):
                taken.add(entry.case_id)
    running = [c for c in cases if c.status not in (S.AWAITING_REQUESTER, S.NOTICE_SENT)]
    at_risk = [c for c in cases if c.legal_line is not None and c.status is not S.NOTICE_SENT]
    expected = {
        "overdue": {c.id for c in running if c.current_due < now},
        "due_today": {
            c.id for c in running if c.current_due >= now and _jst(c.current_due).date() == today
        },
        "due_soon": {c.id for c in running if now <= c.current_due <= limits[c.office_id]},
        "legal_passed": {c.id for c in at_risk if c.legal_line < today},
        "legal_near": {c.id for c in at_risk if today <= c.legal_line <= today + timedelta(days=3)},
        "awaiting_requester": {c.id for c in cases if c.status is S.AWAITING_REQUESTER},
        "awaiting_approval": {
            c.id
            for c in cases
            if c.status is S.DECISION_PROPOSED and c.decision_author_id != actor.user_id
        },
        "taken_this_week": {c.id for c in cases if c.id in taken},
    }
    for status in S:
        expected[f"state:{status.value}"] = {c.id for c in cases if c.status is status}
    for c in cases:
        for kind in kinds.get(c.id, ()):
            expected.setdefault(f"kind:{kind}", set()).add(c.id)
    next_monday = monday + timedelta(days=7)
    for c in cases:
        if c.owner_id is None:
            continue
        expected.setdefault(f"staff_open:{c.owner_id}", set()).add(c.id)
        if c in running and c.current_due < now:
            expected.setdefault(f"staff_overdue:{c.owner_id}", set()).add(c.id)
        if c in running and now <= c.current_due < next_monday:
            expected.setdefault(f"staff_due_this_week:{c.owner_id}", set()).add(c.id)
    return expected


def _key(figure) -> str:
    return figure.key if figure.subject is None else f"{figure.key}:{figure.subject}"


@pytest.mark.parametrize("office_code", [None, "tokyo", "naha"])
def test_every_figure_is_its_cases_and_opens_exactly_them(
    office: Context, users: dict[str, Actor], office_code: str | None
) -> None:
    supervisor = users["supervisor"]
    # Taken this week: a supervisor assigns two cases away from their owners, staff takes one.
    mine, theirs = users["staff"].user_id, users["staff2"].user_id
    with office.db.session() as session:
        owned = list(
            session.scalars(
                select(Case.id)
                .where(Case.owner_id.notin_((mine, theirs)), Case.status != S.CLOSED)
                .order_by(Case.id)
                .limit(3)
            )
        )
    assert CaseService(office, supervisor).assign(owned[:2], theirs) == 2
    CaseService(office, users["staff"]).take(owned[2], None)

    figures = DashboardService(office, supervisor).figures(office_code)
    expected = _expected(office, supervisor, office_code)
    got = {_key(f): set(f.case_ids) for f in figures.all_figures()}
    nonempty = {k: v for k, v in expected.items() if v}
    for key, cases in got.items():
        assert cases == expected.get(key, set()), key
    # Every per-item figure with cases is shown (none left out), and a few hold something.
    assert {k for k in nonempty if ":" in k} <= set(got)
    assert figures.overdue.count and figures.awaiting_requester.count
    assert figures.by_state and figures.by_kind and len(figures.staff) >= 2
    loads = [load.open.count for load in figures.staff]
    assert loads == sorted(loads, reverse=True)  # the most loaded first
    if office_code is None:
        assert figures.taken_this_week.count == 3

    queues = QueueService(office, supervisor)
    for figure in figures.all_figures():
        page = queues.list(
            Queue.ALL_OPEN,
            QueueFilter(office=office_code, case_ids=figure.case_ids),
            limit=10_000,
        )
        assert page.total == figure.count, _key(figure)
        assert sorted(r.id for r in page.rows) == list(figure.case_ids)


def test_the_charts_count_open_cases_per_week_and_reuse_the_reports(
    office: Context, users: dict[str, Actor]
) -> None:
    figures = DashboardService(office, users["supervisor"]).figures(None)
    assert len(figures.weeks) == 12 and figures.weeks[-1] == week_start(office.today())
    now = office.now()
    with office.db.session() as session:
        rows = session.execute(
            select(Case.received_at, Case.closed_at, Measure.kind).join(
                Measure, Measure.case_id == Case.id
            )
        ).all()
    # This week's point: the cases open now, per kind.
    open_now = Counter(str(k) for r, c, k in rows if r < now and (c is None or c >= now))
    assert {str(k): v[-1] for k, v in figures.open_per_week.items()} == {
        k: n for k, n in open_now.items()
    }
    assert figures.on_time_per_month and all(
        m.start <= office.today() for m, _t in figures.on_time_per_month
    )
    assert sum(t.total for _m, t in figures.on_time_per_month) == len(figures.durations)


def test_awaiting_my_approval_only_for_who_may_approve(
    office: Context, users: dict[str, Actor]
) -> None:
    assert DashboardService(office, users["supervisor"]).figures().awaiting_approval is not None
    assert DashboardService(office, users["admin"]).figures().awaiting_approval is None
    with pytest.raises(PermissionDenied):
        DashboardService(office, users["staff"]).figures()
