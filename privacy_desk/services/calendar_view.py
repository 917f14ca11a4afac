"""One year of the offices' calendar as Administration › Calendar shows it.

The days that are not business days besides weekends: national holidays (named in the screen's
language), the year-end closure, and the closures the administrators added, of every office or of
one; with each office's count of business days. Adding and removing closures is AdminService's
(services/users.py); this module only reads.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from sqlalchemy import or_, select

from privacy_desk.domain.calendar import YEAR_END_CLOSURE, is_year_end, national_holidays
from privacy_desk.domain.rules import Action
from privacy_desk.i18n import N_, _, language
from privacy_desk.services.base import Actor, Context, unit_of_work
from privacy_desk.services.offices import office_by_code, offices
from privacy_desk.storage.models import Closure, Office

EVERY_OFFICE = N_("Every office")


class DayOffKind(StrEnum):
    """Why a weekday is not a business day, in the order the screen names them."""

    HOLIDAY = "holiday"
    YEAR_END = "year_end"
    CLOSURE = "closure"


@dataclass(frozen=True)
class ClosureDay:
    """A closure an administrator added: its office's code, or None for every office."""

    day: date
    reason: str
    office_code: str | None
    office_name: str  # in the screen's language; "Every office" for None


@dataclass(frozen=True)
class DayOff:
    """One reason a day is off: a holiday's name, the year-end closure, or a closure's reason."""

    day: date
    kind: DayOffKind
    name: str
    office_code: str | None = None  # a closure's office; None: every office


@dataclass(frozen=True)
class OfficeYear:
    code: str
    name: str
    business_days: int


@dataclass(frozen=True)
class CalendarYear:
    year: int
    offices: list[OfficeYear]
    days_off: list[DayOff]  # by day; a day may have several (a closure on a holiday)
    closures: list[ClosureDay]  # by day, then office (every office first)

    def office_name(self, code: str | None) -> str:
        if code is None:
            return _(EVERY_OFFICE)
        return next((o.name for o in self.offices if o.code == code), code)

    def days_off_of(self, code: str | None) -> dict[date, list[DayOff]]:
        """The days off by day: of one office (code), i.e. its own closures and those of every
        office; or, code None, of every office and each office alike (each says whose it is)."""
        days: dict[date, list[DayOff]] = defaultdict(list)
        for off in self.days_off:
            if code is None or off.office_code is None or off.office_code == code:
                days[off.day].append(off)
        return dict(days)

    def closures_of(self, code: str | None) -> list[ClosureDay]:
        """The closures that close one office (code), or all of them (None)."""
        return [c for c in self.closures if code is None or c.office_code in (None, code)]


def _days(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days)]


def calendar_year(context: Context, actor: Actor, year: int) -> CalendarYear:
    """The year's holidays, year-end closure and closures of every office and of each, with
    each office's business days; refused (CalendarError) outside the years the calendar knows."""
    lang = language()
    holidays = national_holidays(year, lang)  # refuses a year outside the calendar first
    with unit_of_work(context, actor, Action.READ_CASE) as session:
        every = offices(session)
        codes = {o.id: o.code for o in every}
        names = {o.id: (o.name_ja if lang == "ja" else o.name_en) for o in every}
        rows = session.execute(
            select(Closure.day, Closure.reason, Closure.office_id)
            .where(Closure.day >= date(year, 1, 1), Closure.day <= date(year, 12, 31))
            .order_by(Closure.day, Closure.office_id.is_not(None), Closure.office_id)
        ).all()
        closures = [
            ClosureDay(
                day,
                reason,
                None if office_id is None else codes[office_id],
                _(EVERY_OFFICE) if office_id is None else names[office_id],
            )
            for day, reason, office_id in rows
        ]
        days = _days(year)
        office_years = []
        for office in every:
            calendar = context.calendar(session, office.id)
            office_years.append(
                OfficeYear(
                    office.code,
                    names[office.id],
                    sum(1 for d in days if calendar.is_business_day(d)),
                )
            )
    days_off = [DayOff(d, DayOffKind.HOLIDAY, name) for d, name in holidays.items()]
    days_off += [
        DayOff(d, DayOffKind.YEAR_END, _(YEAR_END_CLOSURE)) for d in days if is_year_end(d)
    ]
    days_off += [DayOff(c.day, DayOffKind.CLOSURE, c.reason, c.office_code) for c in closures]
    order = list(DayOffKind)
    days_off.sort(key=lambda off: (off.day, order.index(off.kind), off.office_code or ""))
    return CalendarYear(year, office_years, days_off, closures)


def list_closure_days(
    context: Context, actor: Actor, office: str | None = None
) -> list[ClosureDay]:
    """Every closure with its office, by day; given an office's code, those that close it (its
    own and those of every office). An unknown code is refused with the known ones."""
    lang = language()
    with unit_of_work(context, actor, Action.READ_CASE) as session:
        query = select(Closure.day, Closure.reason, Office.code, Office.name_ja, Office.name_en)
        query = query.outerjoin(Office, Office.id == Closure.office_id)
        if office is not None:
            office_id = office_by_code(session, office).id
            query = query.where(or_(Closure.office_id.is_(None), Closure.office_id == office_id))
        rows = session.execute(
            query.order_by(Closure.day, Closure.office_id.is_not(None), Closure.office_id)
        ).all()
        return [
            ClosureDay(
                day,
                reason,
                code,
                _(EVERY_OFFICE) if code is None else (name_ja if lang == "ja" else name_en),
            )
            for day, reason, code, name_ja, name_en in rows
        ]
