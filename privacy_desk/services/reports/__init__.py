"""Reports for the board: a month's or a fiscal year's figures, per office or for both.

`ReportService.report(period, office)` computes them (services/reports/figures.py) and audits the
reading; `ReportService.monthly_on_time(year, office)` gives a fiscal year's on-time rate month by
month (for the trend chart), read and audited once; `export.to_csv` / `export.to_pdf` give them as files. Supervisors and administrators read
reports; they hold counts and durations, never personal data.
"""

from __future__ import annotations

from privacy_desk.domain.rules import Action
from privacy_desk.i18n import translation
from privacy_desk.services.base import Service
from privacy_desk.services.offices import office_by_code
from privacy_desk.services.reports.export import EXPORTS, Report
from privacy_desk.services.reports.figures import (
    FIRST_MONTH_OF_FISCAL_YEAR,
    Figures,
    OnTime,
    Period,
    percentile,
)
from privacy_desk.services.reports.figures import compute as compute_figures
from privacy_desk.storage import audit

__all__ = ["EXPORTS", "Figures", "OnTime", "Period", "Report", "ReportService", "percentile"]


class ReportService(Service):
    def report(self, period: Period, office: str | None, lang: str) -> Report:
        """The figures of `period` for one office (its code) or every office (None)."""
        with self.unit_of_work(Action.VIEW_REPORTS) as session:
            office_row = None if office is None else office_by_code(session, office)
            figures = compute_figures(
                session,
                lambda office_id: self.context.calendar(session, office_id),
                period,
                None if office_row is None else office_row.id,
                None if office_row is None else office_row.code,
            )
            self.record(
                session,
                Action.VIEW_REPORTS,
                None,
                period=period.name,
                office=None if office_row is None else office_row.code,
            )
            session.flush()
            if office_row is None:
                name = translation(lang).gettext("every office")
            else:
                name = office_row.name_ja if lang == "ja" else office_row.name_en
            return Report(figures, name, self.context.now(), audit.head(session))

    def monthly_on_time(self, year: int, office: str | None) -> list[tuple[Period, OnTime]]:
        """Fiscal year `year` month by month, April to March: each month's notices on time against
        their target (every kind together), for one office (its code) or every office (None)."""
        with self.unit_of_work(Action.VIEW_REPORTS) as session:
            office_row = None if office is None else office_by_code(session, office)
            months = [
                Period.month(year + (m - 1) // 12, (m - 1) % 12 + 1)
                for m in range(FIRST_MONTH_OF_FISCAL_YEAR, FIRST_MONTH_OF_FISCAL_YEAR + 12)
            ]
            trend = [
                (
                    month,
                    compute_figures(
                        session,
                        lambda office_id: self.context.calendar(session, office_id),
                        month,
                        None if office_row is None else office_row.id,
                        None if office_row is None else office_row.code,
                    ).on_time_total,
                )
                for month in months
            ]
            self.record(
                session,
                Action.VIEW_REPORTS,
                None,
                period=Period.fiscal_year(year).name,
                office=None if office_row is None else office_row.code,
                months=len(months),
            )
            return trend
