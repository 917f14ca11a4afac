"""The board's figures, checked against counts written here (Python over the rows, a day-by-day
business-day count), not against the report's own queries; CSV and PDF read back.

The database is generated (invented demo cases over two fiscal years), with some cases moved to the
Naha office, so that every figure has something to count.
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from pypdf import PdfReader
from sqlalchemy import select, update

from privacy_desk.domain.calendar import JST, BusinessCalendar
from privacy_desk.domain.errors import PermissionDenied
from privacy_desk.domain.vocabulary import Channel, ClosureKind, RequestKind
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.demo import DemoService
from privacy_desk.services.reports import EXPORTS, Period, ReportService, percentile
from privacy_desk.services.reports.export import rows
from privacy_desk.storage.models import Case, Closure, Fee, Measure, Office
from tests.conftest import mark_demo_database

CASES = 240


@pytest.fixture
def office(context: Context, users: dict[str, Actor]) -> Context:
    mark_demo_database(context)  # demo data goes only into a demo database
    DemoService(context, users["admin"]).generate(CASES, seed=7)
    with context.db.session() as session:
        naha = session.scalar(select(Office.id).where(Office.code == "naha"))
        # Every third case to Naha, which closes on 慰霊の日 besides the days of every office.
        session.execute(update(Case).where(Case.id % 3 == 0).values(office_id=naha))
        session.add(
            Closure(
                day=date(2026, 6, 23), office_id=naha, reason="慰霊の日", created_by_login="kanri"
            )
        )
        session.commit()
    return context


def _jst_day(moment: datetime) -> date:
    return moment.astimezone(JST).date()


def _business_days(calendar: BusinessCalendar, start: datetime, end: datetime) -> int:
    """Business-day closings (18:00) after start up to end, counted one day at a time."""
    count, day = 0, _jst_day(start)
    while True:
        closing = datetime(day.year, day.month, day.day, 18, tzinfo=JST)
        if closing > end:
            return count
        if closing > start and calendar.is_business_day(day):
            count += 1
        day += timedelta(days=1)


def _expected(context: Context, period: Period, office_code: str | None) -> dict:
    with context.db.session() as session:
        offices = {o.id: o.code for o in session.scalars(select(Office))}
        cases = [
            c
            for c in session.scalars(select(Case))
            if office_code is None or offices[c.office_id] == office_code
        ]
        ids = {c.id for c in cases}
        measures = [m for m in session.scalars(select(Measure)) if m.case_id in ids]
        fees = [f for f in session.scalars(select(Fee)) if f.case_id in ids]
        calendars = {office_id: context.calendar(session, office_id) for office_id in offices}
    received = [c for c in cases if period.holds(_jst_day(c.received_at))]
    noticed = [c for c in cases if c.notice_sent_at and period.holds(_jst_day(c.notice_sent_at))]
    durations = {
        c.id: max(
            0,
            _business_days(calendars[c.office_id], c.clock_start, c.notice_sent_at)
            - c.paused_business_days,
        )
        for c in noticed
    }
    kinds = Counter(m.kind for m in measures if m.case_id in {c.id for c in received})
    return {
        "received": len(received),
        "by_kind": {RequestKind(k): n for k, n in kinds.items()},
        "by_channel": dict(Counter(Channel(c.channel) for c in received)),
        "notices": len(noticed),
        "durations": sorted(durations.values()),
        "on_time": sum(1 for c in noticed if durations[c.id] <= c.target_business_days),
        "fees_charged_yen": sum(f.amount_yen for f in fees if period.holds(f.charged_on)),
        "fees_received": sum(1 for f in fees if f.received_on and period.holds(f.received_on)),
        "withdrawn": sum(
            1
            for c in cases
            if c.closed_at
            and period.holds(_jst_day(c.closed_at))
            and c.closure_kind == ClosureKind.WITHDRAWN
        ),
        "legal_lines_passed": sum(
            1
            for c in cases
            if c.legal_line
            and period.holds(c.legal_line)
            and (c.notice_sent_at is None or _jst_day(c.notice_sent_at) > c.legal_line)
        ),
    }


@pytest.mark.parametrize(
    ("period", "office_code"),
    [
        (Period.month(2026, 11), None),
        (Period.month(2026, 10), "naha"),
        (Period.fiscal_year(2025), "tokyo"),
        (Period.fiscal_year(2026), None),
    ],
    ids=["nov-both", "oct-naha", "fy2025-tokyo", "fy2026-both"],
)
def test_the_figures_match_an_independent_count(
    office: Context, users: dict[str, Actor], period: Period, office_code: str | None
) -> None:
    figures = ReportService(office, users["supervisor"]).report(period, office_code, "en").figures
    expected = _expected(office, period, office_code)
    assert expected["received"] > 0  # the generated database gives every period cases
    assert figures.received == expected["received"]
    assert figures.by_kind == expected["by_kind"]
    assert figures.by_channel == expected["by_channel"]
    assert figures.notices == expected["notices"]
    assert list(figures.durations) == expected["durations"]
    if expected["durations"]:
        assert figures.median_days == statistics.median(expected["durations"])
    assert figures.on_time_total.on_time == expected["on_time"]
    assert figures.fees_charged_yen == expected["fees_charged_yen"]
    assert figures.fees_received == expected["fees_received"]
    assert figures.closed_without_decision.get(ClosureKind.WITHDRAWN, 0) == expected["withdrawn"]
    assert figures.legal_lines_passed == expected["legal_lines_passed"]


def test_a_month_has_notices_with_durations_to_count(
    office: Context, users: dict[str, Actor]
) -> None:
    figures = (
        ReportService(office, users["supervisor"])
        .report(Period.fiscal_year(2026), None, "en")
        .figures
    )
    assert figures.notices > 10 and len(figures.durations) == figures.notices


def test_paused_days_are_taken_off_the_duration(office: Context, users: dict[str, Actor]) -> None:
    with office.db.session() as session:
        case = session.scalars(
            select(Case).where(Case.notice_sent_at.is_not(None)).order_by(Case.id)
        ).first()
        assert case is not None
        day = _jst_day(case.notice_sent_at)
        case.paused_business_days = 0
        session.commit()
    period = Period.month(day.year, day.month)
    service = ReportService(office, users["supervisor"])
    before = sorted(service.report(period, None, "en").figures.durations)
    with office.db.session() as session:
        session.execute(update(Case).where(Case.id == case.id).values(paused_business_days=2))
        session.commit()
    after = sorted(service.report(period, None, "en").figures.durations)
    assert sum(before) - sum(after) == min(2, max(before))  # that case's days, 2 fewer
    assert len(before) == len(after)


def test_a_case_across_the_fiscal_year_boundary_counts_once_in_each_figure(
    office: Context, users: dict[str, Actor]
) -> None:
    with office.db.session() as session:
        case = session.scalars(
            select(Case).where(Case.notice_sent_at.is_not(None)).order_by(Case.id)
        ).first()
        assert case is not None
        case.received_at = datetime(2026, 3, 31, 17, 0, tzinfo=JST)
        case.clock_start = case.received_at
        case.notice_sent_at = datetime(2026, 4, 1, 10, 0, tzinfo=JST)
        case.paused_business_days = 0
        case_id = case.id
        session.commit()
    service = ReportService(office, users["supervisor"])
    fy2025 = service.report(Period.fiscal_year(2025), None, "en").figures
    fy2026 = service.report(Period.fiscal_year(2026), None, "en").figures
    with office.db.session() as session:
        received_2025 = [
            c.id
            for c in session.scalars(select(Case))
            if Period.fiscal_year(2025).holds(_jst_day(c.received_at))
        ]
    assert case_id in received_2025 and fy2025.received == len(received_2025)
    # Its notice counts in April's year only, with one business day (31 March 18:00 passed).
    expected_2026 = _expected(office, Period.fiscal_year(2026), None)
    assert fy2026.notices == expected_2026["notices"]
    assert 1 in fy2026.durations


def test_each_office_counts_its_own_cases_and_both_make_the_whole(
    office: Context, users: dict[str, Actor]
) -> None:
    service = ReportService(office, users["supervisor"])
    period = Period.fiscal_year(2026)
    tokyo = service.report(period, "tokyo", "en").figures
    naha = service.report(period, "naha", "en").figures
    both = service.report(period, None, "en").figures
    assert tokyo.received > 0 and naha.received > 0
    assert tokyo.received + naha.received == both.received
    assert tokyo.notices + naha.notices == both.notices
    assert sorted(tokyo.durations + naha.durations) == sorted(both.durations)


def test_the_percentile_is_the_nearest_rank() -> None:
    assert percentile([], 90) is None
    assert percentile([5], 90) == 5
    assert percentile(range(1, 11), 90) == 9
    assert percentile(range(1, 12), 90) == 10
    assert percentile([3, 1, 2], 50) == 2


def test_staff_may_not_read_reports(office: Context, users: dict[str, Actor]) -> None:
    with pytest.raises(PermissionDenied):
        ReportService(office, users["staff"]).report(Period.month(2026, 11), None, "en")


def test_the_csv_opens_in_a_japanese_spreadsheet_with_the_figures(
    office: Context, users: dict[str, Actor]
) -> None:
    report = ReportService(office, users["supervisor"]).report(Period.month(2026, 11), None, "ja")
    data = EXPORTS["csv"](report, "ja")
    assert data.startswith(b"\xef\xbb\xbf")  # the byte-order mark
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header = next(i for i, line in enumerate(lines) if len(line) == 3)
    table = lines[header + 1 : -1]
    assert all(len(line) == 3 for line in table)
    assert table == [list(row) for row in rows(report.figures, "ja")]
    assert ["電話", str(report.figures.by_channel[Channel.PHONE])] in [line[1:] for line in table]
    number, digest = report.audit_head
    assert digest in lines[-1][0] and str(number) in lines[-1][0]


def test_the_pdf_reads_back_with_the_figures_and_the_audit_head(
    office: Context, users: dict[str, Actor]
) -> None:
    report = ReportService(office, users["supervisor"]).report(
        Period.fiscal_year(2026), "naha", "en"
    )
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(EXPORTS["pdf"](report, "en"))).pages
    )
    flat = " ".join(text.split())
    assert "Fiscal-year report 2026" in flat and "Naha branch" in flat
    assert f"Total {report.figures.received}" in flat
    assert report.audit_head[1] in flat.replace(" ", "")


def test_the_monthly_trend_is_each_month_of_the_fiscal_year_against_an_independent_count(
    office: Context, users: dict[str, Actor]
) -> None:
    trend = ReportService(office, users["supervisor"]).monthly_on_time(2026, "naha")
    assert [month.name for month, _ in trend] == [
        "2026-04", "2026-05", "2026-06", "2026-07", "2026-08", "2026-09",
        "2026-10", "2026-11", "2026-12", "2027-01", "2027-02", "2027-03",
    ]  # fmt: skip
    assert sum(on_time.total for _, on_time in trend) > 0
    for month, on_time in trend:
        expected = _expected(office, month, "naha")
        assert (on_time.on_time, on_time.total) == (expected["on_time"], expected["notices"])
