"""The office's figures for a month or a fiscal year (April to March), per office or for all.

Counts and durations only: no name, reference, address or free text ever enters a report
(extension reasons are free text, so extensions are counted, not quoted; pauses count by their
reason, which is a fixed list).

Where a case counts, so that a case spanning two periods counts once in each figure:
- requests (by kind, channel, requester role) in the period the case was received;
- notices, outcomes, durations and on-time rates in the period its notice was sent;
- closures without a decision (withdrawn, identity not confirmed) in the period it was closed;
- extensions and pauses in the period they were made / began;
- fees charged and received on the days they were;
- a legal line passed in the period the line fell in, when the notice was not sent by that day.

Durations are business days of the case's office from the clock start (the effective receipt, or
the identity confirmation when the clock starts there) to the notice, the paused business days
taken off; the 90th percentile is the nearest-rank one (the smallest duration at least 90% of the
cases did not exceed). A notice is on time when its duration is at most the case's target.
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any, TypeVar

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from privacy_desk.domain.calendar import JST, BusinessCalendar
from privacy_desk.domain.vocabulary import (
    Channel,
    ClosureKind,
    DisclosureRefusalGround,
    Outcome,
    PauseReason,
    RequesterRole,
    RequestKind,
    SuspensionGround,
    ThirdPartyStopGround,
)
from privacy_desk.storage.models import Case, Extension, Fee, Measure, Pause

FIRST_MONTH_OF_FISCAL_YEAR = 4  # April: the Japanese fiscal year runs April to March


@dataclass(frozen=True)
class Period:
    """Whole days from `start` up to, not including, `end` (Japan time)."""

    start: date
    end: date
    kind: str  # "month" or "fiscal_year"

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        end = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
        return cls(date(year, month, 1), end, "month")

    @classmethod
    def fiscal_year(cls, year: int) -> Period:
        """Fiscal year `year`: 1 April `year` to 31 March `year + 1`."""
        return cls(
            date(year, FIRST_MONTH_OF_FISCAL_YEAR, 1),
            date(year + 1, FIRST_MONTH_OF_FISCAL_YEAR, 1),
            "fiscal_year",
        )

    @property
    def first_moment(self) -> datetime:
        return datetime.combine(self.start, time(0, 0), tzinfo=JST)

    @property
    def end_moment(self) -> datetime:
        return datetime.combine(self.end, time(0, 0), tzinfo=JST)

    def holds(self, day: date) -> bool:
        return self.start <= day < self.end

    @property
    def name(self) -> str:
        """2026-11 for a month, FY2026 for a fiscal year (language-neutral)."""
        if self.kind == "month":
            return f"{self.start.year}-{self.start.month:02d}"
        return f"FY{self.start.year}"


@dataclass(frozen=True)
class OnTime:
    on_time: int = 0
    total: int = 0

    @property
    def rate(self) -> float | None:
        return None if self.total == 0 else self.on_time / self.total


@dataclass(frozen=True)
class Figures:
    period: Period
    office: str | None  # an office's code, or None for every office
    received: int = 0
    by_kind: dict[RequestKind, int] = field(default_factory=dict)
    by_channel: dict[Channel, int] = field(default_factory=dict)
    by_role: dict[RequesterRole, int] = field(default_factory=dict)
    notices: int = 0
    by_outcome: dict[Outcome, int] = field(default_factory=dict)
    closed_without_decision: dict[ClosureKind, int] = field(default_factory=dict)
    durations: tuple[int, ...] = ()
    on_time: dict[RequestKind, OnTime] = field(default_factory=dict)  # a case in each of its kinds
    on_time_total: OnTime = OnTime()  # each case once
    extensions: int = 0
    pauses: dict[PauseReason, int] = field(default_factory=dict)
    disclosure_refusals: dict[DisclosureRefusalGround, int] = field(default_factory=dict)
    suspension_grounds: dict[SuspensionGround, int] = field(default_factory=dict)
    third_party_grounds: dict[ThirdPartyStopGround, int] = field(default_factory=dict)
    fees_charged: int = 0
    fees_charged_yen: int = 0
    fees_received: int = 0
    fees_received_yen: int = 0
    legal_lines_passed: int = 0

    @property
    def median_days(self) -> float | None:
        return statistics.median(self.durations) if self.durations else None

    @property
    def p90_days(self) -> int | None:
        return percentile(self.durations, 90)


def percentile(values: Iterable[int], p: int) -> int | None:
    """The nearest-rank percentile: the smallest value that p% of the values do not exceed."""
    ordered = sorted(values)
    if not ordered:
        return None
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


K = TypeVar("K")


def _counted(keys: Iterable[K], order: Iterable[K]) -> dict[K, int]:
    counts = Counter(keys)
    return {key: counts[key] for key in order if counts[key]}


def compute(
    session: Session,
    calendar_of: Callable[[int], BusinessCalendar],
    period: Period,
    office_id: int | None = None,
    office_code: str | None = None,
) -> Figures:
    """The figures of one period, for one office (office_id) or every office (None)."""

    def of_office(query: Select) -> Select:
        return query if office_id is None else query.where(Case.office_id == office_id)

    first, end = period.first_moment, period.end_moment
    received = session.execute(
        of_office(
            select(Case.id, Case.channel, Case.requester_role).where(
                Case.received_at >= first, Case.received_at < end
            )
        )
    ).all()
    received_kinds = session.scalars(
        of_office(
            select(Measure.kind)
            .join(Case, Case.id == Measure.case_id)
            .where(Case.received_at >= first, Case.received_at < end)
        )
    ).all()

    noticed = session.execute(
        of_office(
            select(
                Case.id,
                Case.office_id,
                Case.clock_start,
                Case.notice_sent_at,
                Case.paused_business_days,
                Case.target_business_days,
            ).where(Case.notice_sent_at >= first, Case.notice_sent_at < end)
        )
    ).all()
    noticed_ids = [row.id for row in noticed]
    measures = (
        session.execute(
            select(
                Measure.case_id,
                Measure.kind,
                Measure.outcome,
                Measure.disclosure_grounds,
                Measure.suspension_grounds,
                Measure.third_party_grounds,
            ).where(Measure.case_id.in_(noticed_ids))
        ).all()
        if noticed_ids
        else []
    )
    durations: dict[int, int] = {}
    for row in noticed:
        calendar = calendar_of(row.office_id)
        days = calendar.business_days_between(row.clock_start, row.notice_sent_at)
        durations[row.id] = max(0, days - (row.paused_business_days or 0))
    targets = {row.id: row.target_business_days for row in noticed}
    on_time: dict[RequestKind, OnTime] = {}
    for kind in RequestKind:
        cases = {m.case_id for m in measures if m.kind == kind}
        if cases:
            on_time[kind] = OnTime(sum(1 for c in cases if durations[c] <= targets[c]), len(cases))

    closed = session.scalars(
        of_office(
            select(Case.closure_kind).where(
                Case.closed_at >= first,
                Case.closed_at < end,
                Case.closure_kind != ClosureKind.NOTIFIED.value,
            )
        )
    ).all()

    def of_cases(column: Any, key: Any, when: Any, low: Any, high: Any) -> list[Any]:
        """`column` of the rows of a case's table whose `when` falls in [low, high)."""
        query = select(column).join(Case, Case.id == key).where(when >= low, when < high)
        return list(session.scalars(of_office(query)).all())

    extensions = of_cases(Extension.id, Extension.case_id, Extension.created_at, first, end)
    pauses = of_cases(Pause.reason, Pause.case_id, Pause.started_at, first, end)
    charged = of_cases(Fee.amount_yen, Fee.case_id, Fee.charged_on, period.start, period.end)
    paid = of_cases(Fee.amount_yen, Fee.case_id, Fee.received_on, period.start, period.end)
    lines = session.execute(
        of_office(
            select(Case.legal_line, Case.notice_sent_at).where(
                Case.legal_line >= period.start, Case.legal_line < period.end
            )
        )
    ).all()
    passed = sum(1 for line, sent in lines if sent is None or sent.astimezone(JST).date() > line)
    return Figures(
        period=period,
        office=office_code,
        received=len(received),
        by_kind=_counted((RequestKind(k) for k in received_kinds), RequestKind),
        by_channel=_counted((Channel(r.channel) for r in received), Channel),
        by_role=_counted((RequesterRole(r.requester_role) for r in received), RequesterRole),
        notices=len(noticed),
        by_outcome=_counted((Outcome(m.outcome) for m in measures if m.outcome), Outcome),
        closed_without_decision=_counted((ClosureKind(k) for k in closed if k), ClosureKind),
        durations=tuple(sorted(durations.values())),
        on_time=on_time,
        on_time_total=OnTime(
            sum(1 for c, days in durations.items() if days <= targets[c]), len(durations)
        ),
        extensions=len(extensions),
        pauses=_counted((PauseReason(r) for r in pauses), PauseReason),
        disclosure_refusals=_counted(
            (DisclosureRefusalGround(g) for m in measures for g in m.disclosure_grounds or ()),
            DisclosureRefusalGround,
        ),
        suspension_grounds=_counted(
            (SuspensionGround(g) for m in measures for g in m.suspension_grounds or ()),
            SuspensionGround,
        ),
        third_party_grounds=_counted(
            (ThirdPartyStopGround(g) for m in measures for g in m.third_party_grounds or ()),
            ThirdPartyStopGround,
        ),
        fees_charged=len(charged),
        fees_charged_yen=sum(charged),
        fees_received=len(paid),
        fees_received_yen=sum(paid),
        legal_lines_passed=passed,
    )
