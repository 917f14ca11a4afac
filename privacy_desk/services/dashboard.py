"""The supervisor's dashboard: what is late, what waits, who is loaded, and three trends.

`DashboardService.figures(office)` reads everything in one unit of work. Every figure carries the
ids of exactly the cases it counts, found by the same query that counts them, so that opening a
figure (QueueFilter.case_ids in the All open queue) shows as many rows as the figure says. All
figures count open cases only (the All open queue's cases), of one office or of every office.

The trends reuse the reports' figures (services/reports/figures.py): the on-time rate of each
month of the fiscal year against each case's target, and the business days from the clock start
to the notice of this fiscal year's notices. Open cases per week by kind are counted here: the
cases received before a week's end and not closed by then.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import ColumnElement, exists, func, select
from sqlalchemy.orm import Session

from privacy_desk.domain.calendar import JST
from privacy_desk.domain.rules import PERMISSIONS, Action
from privacy_desk.domain.vocabulary import CaseStatus, Queue, RequestKind
from privacy_desk.services import settings as settings_store
from privacy_desk.services.base import Service
from privacy_desk.services.offices import office_by_code
from privacy_desk.services.queues import QueueService
from privacy_desk.services.reports.figures import (
    FIRST_MONTH_OF_FISCAL_YEAR,
    OnTime,
    Period,
)
from privacy_desk.services.reports.figures import compute as compute_figures
from privacy_desk.storage.models import AuditEntry, Case, Measure, Pause, User

S = CaseStatus
WEEKS = 12  # open cases per week: this week and the eleven before
TAKEN_ACTIONS = (Action.TAKE.value, Action.ASSIGN.value)


@dataclass(frozen=True)
class Figure:
    """One number on the dashboard and the cases behind it (ids, ascending).

    key says what it counts (overdue, due_today, state, kind, staff_open…); subject is the status,
    kind or user id a per-item figure is about."""

    key: str
    case_ids: tuple[int, ...]
    subject: str | int | None = None

    @property
    def count(self) -> int:
        return len(self.case_ids)


@dataclass(frozen=True)
class StaffLoad:
    user_id: int
    name: str
    open: Figure
    overdue: Figure
    due_this_week: Figure


@dataclass(frozen=True)
class DashboardFigures:
    office: str | None  # an office's code, or None for every office
    by_state: tuple[Figure, ...]
    by_kind: tuple[Figure, ...]
    due_today: Figure
    due_soon: Figure
    overdue: Figure
    legal_passed: Figure
    legal_near: Figure
    awaiting_approval: Figure | None  # None for a user who may not approve
    awaiting_requester: Figure
    longest_wait_days: int | None  # business days the longest-waiting of them has waited
    staff: tuple[StaffLoad, ...]
    taken_this_week: Figure
    due_soon_days: int
    legal_warning_days: int
    # Charts
    weeks: tuple[date, ...] = ()  # each week's Monday, oldest first
    open_per_week: dict[RequestKind, tuple[int, ...]] = field(default_factory=dict)
    fiscal_year: int = 0
    on_time_per_month: tuple[tuple[Period, OnTime], ...] = ()
    durations: tuple[int, ...] = ()

    def all_figures(self) -> list[Figure]:
        """Every figure a click can open."""
        figures = [
            *self.by_state,
            *self.by_kind,
            self.due_today,
            self.due_soon,
            self.overdue,
            self.legal_passed,
            self.legal_near,
            self.awaiting_requester,
            self.taken_this_week,
        ]
        if self.awaiting_approval is not None:
            figures.append(self.awaiting_approval)
        for load in self.staff:
            figures += [load.open, load.overdue, load.due_this_week]
        return figures


def week_start(day: date) -> date:
    """The Monday of the week holding `day`."""
    return day - timedelta(days=day.weekday())


def fiscal_year_of(day: date) -> int:
    return day.year if day.month >= FIRST_MONTH_OF_FISCAL_YEAR else day.year - 1


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=JST)


class DashboardService(Service):
    """The dashboard's figures for one office or every office (supervisors, administrators)."""

    def may_approve(self) -> bool:
        return self.actor.role in PERMISSIONS[Action.APPROVE]

    def figures(self, office: str | None = None) -> DashboardFigures:
        queues = QueueService(self.context, self.actor)
        with self.unit_of_work(Action.VIEW_REPORTS, activity=False) as session:
            office_id = None if office is None else office_by_code(session, office).id
            settings = settings_store.load(session)
            now = self.context.now()
            today = self.context.today()
            base: list[ColumnElement[bool]] = [Case.status != S.CLOSED.value]
            if office_id is not None:
                base.append(Case.office_id == office_id)

            def ids(key: str, *where: ColumnElement[bool], subject: str | int | None = None):
                found = session.scalars(select(Case.id).where(*base, *where).order_by(Case.id))
                return Figure(key, tuple(found), subject)

            def queue(q: Queue) -> list[ColumnElement[bool]]:
                return queues._queue_condition(q, session)

            running = Case.status.notin_((S.AWAITING_REQUESTER.value, S.NOTICE_SENT.value))
            at_risk = [Case.legal_line.is_not(None), Case.status != S.NOTICE_SENT.value]
            warn = settings.legal_line_warning_days
            next_week = _midnight(week_start(today) + timedelta(days=7))
            by_state = tuple(
                ids("state", Case.status == status.value, subject=status.value)
                for status in S
                if status is not S.CLOSED
            )
            by_kind = tuple(
                ids(
                    "kind",
                    exists().where(Measure.case_id == Case.id, Measure.kind == kind.value),
                    subject=kind.value,
                )
                for kind in RequestKind
            )
            waiting = ids("awaiting_requester", *queue(Queue.AWAITING_REQUESTER))
            return DashboardFigures(
                office=office,
                by_state=tuple(f for f in by_state if f.count),
                by_kind=tuple(f for f in by_kind if f.count),
                due_today=ids(
                    "due_today",
                    running,
                    Case.current_due >= now,
                    Case.current_due < _midnight(today + timedelta(days=1)),
                ),
                due_soon=ids("due_soon", *queue(Queue.DUE_SOON)),
                overdue=ids("overdue", *queue(Queue.OVERDUE)),
                legal_passed=ids("legal_passed", *at_risk, Case.legal_line < today),
                legal_near=ids(
                    "legal_near",
                    *at_risk,
                    Case.legal_line >= today,
                    Case.legal_line <= today + timedelta(days=warn),
                ),
                awaiting_approval=(
                    ids("awaiting_approval", *queue(Queue.AWAITING_APPROVAL))
                    if self.may_approve()
                    else None
                ),
                awaiting_requester=waiting,
                longest_wait_days=self._longest_wait(session, waiting.case_ids, now),
                staff=self._staff(session, ids, running, now, next_week),
                taken_this_week=ids(
                    "taken_this_week",
                    Case.id.in_(self._taken_since(session, _midnight(week_start(today)))),
                ),
                due_soon_days=settings.due_soon_business_days,
                legal_warning_days=warn,
                **self._charts(session, office_id, today, now),
            )

    def legal_line_cases(self, office: str | None = None) -> Figure:
        """The open rights requests past their legal line or within the warning days of it (the
        strip's legal-line figure), of one office or every office: exactly the cases
        QueueService.legal_line_counts counts."""
        with self.unit_of_work(Action.LIST_CASES, activity=False) as session:
            warn = settings_store.load(session).legal_line_warning_days
            query = select(Case.id).where(
                Case.legal_line.is_not(None),
                Case.status.notin_((S.CLOSED.value, S.NOTICE_SENT.value)),
                Case.legal_line <= self.context.today() + timedelta(days=warn),
            )
            if office is not None:
                query = query.where(Case.office_id == office_by_code(session, office).id)
            return Figure("legal_line", tuple(session.scalars(query.order_by(Case.id))))

    def _staff(self, session: Session, ids, running, now: datetime, next_week: datetime):
        owners = session.execute(
            select(User.id, User.name)
            .where(exists().where(Case.owner_id == User.id, Case.status != S.CLOSED.value))
            .order_by(User.name, User.id)
        ).all()
        loads = []
        for user_id, name in owners:
            mine = Case.owner_id == user_id
            load = StaffLoad(
                user_id=user_id,
                name=name,
                open=ids("staff_open", mine, subject=user_id),
                overdue=ids(
                    "staff_overdue", mine, running, Case.current_due < now, subject=user_id
                ),
                due_this_week=ids(
                    "staff_due_this_week",
                    mine,
                    running,
                    Case.current_due >= now,
                    Case.current_due < next_week,
                    subject=user_id,
                ),
            )
            if load.open.count:
                loads.append(load)
        loads.sort(key=lambda load: (-load.open.count, load.name))
        return tuple(loads)

    def _taken_since(self, session: Session, since: datetime) -> set[int]:
        """Cases taken or assigned away from someone who owned them, since `since`."""
        taken: set[int] = set()
        rows = session.execute(
            select(AuditEntry.case_id, AuditEntry.detail).where(
                AuditEntry.action.in_(TAKEN_ACTIONS),
                AuditEntry.at >= since,
                AuditEntry.case_id.is_not(None),
            )
        )
        for case_id, detail in rows:
            moved = json.loads(detail or "{}")
            before, after = moved.get("from_user"), moved.get("to_user")
            if case_id is not None and before is not None and after not in (None, before):
                taken.add(case_id)
        return taken

    def _longest_wait(self, session: Session, case_ids: tuple[int, ...], now: datetime):
        """Business days (of each case's office) since the longest-running open pause began."""
        if not case_ids:
            return None
        rows = session.execute(
            select(Case.office_id, func.min(Pause.started_at))
            .join(Case, Case.id == Pause.case_id)
            .where(Pause.ended_at.is_(None), Pause.case_id.in_(case_ids))
            .group_by(Case.office_id)
        ).all()
        days = [
            self.context.calendar(session, office_id).business_days_between(started, now)
            for office_id, started in rows
            if started is not None
        ]
        return max(days, default=None)

    def _charts(self, session: Session, office_id: int | None, today: date, now: datetime):
        mondays = tuple(week_start(today) - timedelta(weeks=n) for n in range(WEEKS - 1, -1, -1))
        ends = [min(now, _midnight(monday + timedelta(days=7))) for monday in mondays]
        query = (
            select(Case.id, Measure.kind, Case.received_at, Case.closed_at)
            .join(Measure, Measure.case_id == Case.id)
            .where(
                Case.received_at < now,
                (Case.closed_at.is_(None)) | (Case.closed_at >= _midnight(mondays[0])),
            )
        )
        if office_id is not None:
            query = query.where(Case.office_id == office_id)
        per_kind: dict[RequestKind, list[int]] = {}
        for _id, kind, received, closed in session.execute(query):
            counts = per_kind.setdefault(RequestKind(kind), [0] * WEEKS)
            for index, end in enumerate(ends):
                if received < end and (closed is None or closed >= end):
                    counts[index] += 1
        year = fiscal_year_of(today)
        code = None

        def calendar_of(oid: int):
            return self.context.calendar(session, oid)

        months = [
            Period.month(year + (m - 1) // 12, (m - 1) % 12 + 1)
            for m in range(FIRST_MONTH_OF_FISCAL_YEAR, FIRST_MONTH_OF_FISCAL_YEAR + 12)
        ]
        on_time = tuple(
            (month, compute_figures(session, calendar_of, month, office_id, code).on_time_total)
            for month in months
            if month.start <= today
        )
        year_figures = compute_figures(
            session, calendar_of, Period.fiscal_year(year), office_id, code
        )
        return {
            "weeks": mondays,
            "open_per_week": {
                kind: tuple(per_kind[kind]) for kind in RequestKind if kind in per_kind
            },
            "fiscal_year": year,
            "on_time_per_month": on_time,
            "durations": year_figures.durations,
        }


__all__ = ["DashboardFigures", "DashboardService", "Figure", "StaffLoad"]
