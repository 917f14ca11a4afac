"""The office's business calendar: business days, office hours and deadlines, in Japan time.

Office hours are 9:00–18:00 Japan time (18:00 itself is after hours), Monday to Friday, except
Japanese national holidays (with substitute and citizens' holidays, from the ``holidays``
package), the year-end closure (29 December to 3 January, an office rule) and the closures the
administrator adds. A request received outside office hours counts from 9:00 of the next business
day.

The ``holidays`` package knows Japan only from 1949 to 2099 and answers nothing outside, which
would make every day there look like a business day; so every method refuses such dates with a
:class:`CalendarError` instead of guessing.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import cache
from types import MappingProxyType

from holidays.countries.japan import Japan

from privacy_desk.domain.errors import CalendarError, ValidationError
from privacy_desk.i18n import N_, _, language

JST = timezone(timedelta(hours=9), "JST")

FIRST_YEAR = 1949
LAST_YEAR = 2099
OPENING_TIME = time(9, 0)
CLOSING_TIME = time(18, 0)
LEGAL_LINE_DAYS = 14

YEAR_END_CLOSURE = N_("Year-end closure")
OFFICE_CLOSURE = N_("Office closure")
_WEEKDAY_NAMES = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)


@dataclass(frozen=True)
class Deadline:
    """When a request counts as received, when it is due, and the legal line (all in JST)."""

    effective_receipt: datetime
    due: datetime
    legal_line: date
    provisional: bool


@dataclass(frozen=True)
class _Year:
    """One year of the office calendar, as sorted ordinals of its business days."""

    business: tuple[int, ...]
    business_set: frozenset[int]


@cache
def _national_holidays(year: int) -> Mapping[date, str]:
    # Asking for English names explicitly: the package's default depends on the machine's locale.
    names = Japan(years=year, language="en_US")
    return MappingProxyType(dict(names.items()))


def national_holidays(year: int, language: str = "en") -> Mapping[date, str]:
    """Japan's national holidays of ``year`` (substitute and citizens' holidays too), date to
    name, the names in Japanese for ``language`` "ja" and in English otherwise."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise _outside(date(min(max(year, 1), 9999), 1, 1))
    if language == "ja":
        return _japanese_holidays(year)
    return _national_holidays(year)


@cache
def _japanese_holidays(year: int) -> Mapping[date, str]:
    return MappingProxyType(dict(Japan(years=year, language="ja").items()))


def is_year_end(d: date) -> bool:
    """Whether ``d`` falls in the office's year-end closure (29 December to 3 January)."""
    return _is_year_end(d)


def closed_by_rule(d: date) -> str | None:
    """Why the office is closed on ``d`` whatever the administrator adds, in the current language
    (a national holiday by its name, the year-end closure, Saturday or Sunday), or None when it is
    a working day but for closures."""
    holiday = national_holidays(d.year, language()).get(d)
    if holiday is not None:
        return _("national holiday: {name}").format(name=holiday)
    if _is_year_end(d):
        return _(YEAR_END_CLOSURE)
    if d.weekday() >= 5:
        return _(_WEEKDAY_NAMES[d.weekday()])
    return None


def _is_year_end(d: date) -> bool:
    return (d.month == 12 and d.day >= 29) or (d.month == 1 and d.day <= 3)


def _outside(d: date) -> CalendarError:
    return CalendarError(
        _("The office calendar covers {first} to {last}; {day} is outside it.").format(
            first=FIRST_YEAR, last=LAST_YEAR, day=d.isoformat()
        )
    )


# What a count counts, for the refusals of _count: a code, and the words people read.
_COUNTED = {
    "business_days": N_("business days"),
    "paused_business_days": N_("paused business days"),
}


def _count(value: int, what: str) -> int:
    """`value` as a whole number of at least 0; `what` is a key of _COUNTED (the field)."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(
            _("The number of {what} must be a whole number.").format(what=_(_COUNTED[what])),
            field=what,
        )
    if value < 0:
        raise ValidationError(
            _("The number of {what} can not be negative.").format(what=_(_COUNTED[what])),
            field=what,
        )
    return value


class BusinessCalendar:
    """Business days, office hours and deadlines of the privacy office, in Japan time.

    ``closures`` are the administrator's extra closing days, either as a mapping from date to
    reason or as plain dates. ``today`` fixes the day used to decide whether a year's equinox
    days are already official (see :meth:`is_provisional`); by default it is the current date in
    Japan, read at each call so a long-running session stays right.
    """

    def __init__(
        self,
        closures: Mapping[date, str] | Iterable[date] = (),
        *,
        today: date | None = None,
    ) -> None:
        items: Iterable[tuple[date, str]]
        if isinstance(closures, Mapping):
            items = closures.items()
        else:
            items = ((d, OFFICE_CLOSURE) for d in closures)
        parsed: dict[date, str] = {}
        for day, reason in items:
            # A datetime here would carry a time zone question nobody asked; closures are days.
            if isinstance(day, datetime) or not isinstance(day, date):
                raise CalendarError(
                    _("An office closure must be a calendar date, not {value}.").format(
                        value=repr(day)
                    )
                )
            if not FIRST_YEAR <= day.year <= LAST_YEAR:
                raise _outside(day)
            parsed[day] = (reason or "").strip() or OFFICE_CLOSURE
        self._closures: Mapping[date, str] = MappingProxyType(parsed)
        if today is not None and isinstance(today, datetime):
            today = today.astimezone(JST).date() if today.tzinfo else today.date()
        self._fixed_today = today
        self._years: dict[int, _Year] = {}

    # -- configuration -------------------------------------------------------------------

    @property
    def closures(self) -> Mapping[date, str]:
        """The administrator's extra closures, date to reason (read-only)."""
        return self._closures

    @property
    def today(self) -> date:
        """The date used for the provisional rule: the fixed one, or today in Japan."""
        if self._fixed_today is not None:
            return self._fixed_today
        return datetime.now(JST).date()

    # -- days ----------------------------------------------------------------------------

    def is_business_day(self, d: date) -> bool:
        """Whether the office is open on ``d``."""
        day = self._check_date(d)
        return day.toordinal() in self._year(day.year).business_set

    def closed_reason(self, d: date) -> str | None:
        """Why the office is closed on ``d`` (holiday name, closure reason, weekday), or None.

        Holiday names are the ``holidays`` package's English ones; the closure reason is the
        administrator's own text; the year-end closure and weekdays are in the current language.
        """
        day = self._check_date(d)
        if day.toordinal() in self._year(day.year).business_set:
            return None
        holiday = _national_holidays(day.year).get(day)
        if holiday is not None:
            return holiday
        if _is_year_end(day):
            return _(YEAR_END_CLOSURE)
        closure = self._closures.get(day)
        if closure is not None:
            return closure
        return _(_WEEKDAY_NAMES[day.weekday()])

    def add_business_days(self, d: date, n: int) -> date:
        """The ``n``-th business day after ``d`` (``d`` itself not counted); ``d`` when n is 0."""
        day = self._check_date(d)
        remaining = _count(n, "business_days")
        if remaining == 0:
            return day
        after = day.toordinal()
        year = day.year
        while True:
            business = self._year(year).business
            start = bisect_right(business, after)
            available = len(business) - start
            if remaining <= available:
                return date.fromordinal(business[start + remaining - 1])
            remaining -= available
            year += 1
            if year > LAST_YEAR:
                raise CalendarError(
                    _(
                        "The office calendar covers {first} to {last}; {n} business days after "
                        "{day} fall beyond it."
                    ).format(first=FIRST_YEAR, last=LAST_YEAR, n=n, day=day.isoformat())
                )

    def is_provisional(self, d: date) -> bool:
        """Whether ``d``'s year still has unofficial equinox days.

        The equinox days of year Y are published in February of year Y-1, so year Y counts as
        confirmed from 1 February of Y-1.
        """
        day = self._check_date(d)
        return not self._confirmed(day.year, self.today)

    # -- moments -------------------------------------------------------------------------

    def to_jst(self, moment: datetime) -> datetime:
        """``moment`` in Japan time; a naive datetime is taken to be Japan time already."""
        if not isinstance(moment, datetime):
            raise TypeError(f"Expected a datetime, got {type(moment).__name__}.")
        if moment.tzinfo is None or moment.utcoffset() is None:
            converted = moment.replace(tzinfo=JST)
        else:
            try:
                converted = moment.astimezone(JST)
            except OverflowError:
                raise _outside(moment.date()) from None
        if not FIRST_YEAR <= converted.year <= LAST_YEAR:
            raise _outside(converted.date())
        return converted

    def effective_receipt(self, moment: datetime) -> datetime:
        """When a request arriving at ``moment`` starts to count (JST).

        Inside office hours on a business day that is the moment itself; before 9:00 on a
        business day it is 9:00 that day; otherwise 9:00 of the next business day.
        """
        local = self.to_jst(moment)
        day = local.date()
        if self.is_business_day(day):
            clock = local.time()
            if OPENING_TIME <= clock < CLOSING_TIME:
                return local
            if clock < OPENING_TIME:
                return datetime.combine(day, OPENING_TIME, tzinfo=JST)
        return datetime.combine(self.add_business_days(day, 1), OPENING_TIME, tzinfo=JST)

    def legal_line(self, received: datetime) -> date:
        """The day a requester may sue (APPI Art. 39): arrival date in Japan + 14 calendar days."""
        return self.to_jst(received).date() + timedelta(days=LEGAL_LINE_DAYS)

    def due(
        self, received: datetime, business_days: int, paused_business_days: int = 0
    ) -> Deadline:
        """The deadline for a request received at ``received``.

        Due at 18:00 JST on the (business_days + paused_business_days)-th business day after the
        effective-receipt day. Provisional when a year it spans is not yet confirmed.
        """
        total = _count(business_days, "business_days") + _count(
            paused_business_days, "paused_business_days"
        )
        effective = self.effective_receipt(received)
        due_day = self.add_business_days(effective.date(), total)
        today = self.today
        provisional = any(
            not self._confirmed(year, today) for year in range(effective.year, due_day.year + 1)
        )
        return Deadline(
            effective_receipt=effective,
            due=datetime.combine(due_day, CLOSING_TIME, tzinfo=JST),
            legal_line=self.legal_line(received),
            provisional=provisional,
        )

    def business_days_between(self, start: datetime, end: datetime) -> int:
        """Business days elapsed from ``start`` to ``end``, to count the days a case was paused.

        The business days d with effective_receipt(start).date() < d <= end day, where the end
        day is effective_receipt(end).date(), except that an end at exactly 18:00 on a business
        day belongs to that day: the close has been reached, the next day has not begun. In
        other words, the number of business-day closings (18:00) strictly between start and
        end, so that business_days_between(t, due(t, n).due) == n for t inside office hours.
        """
        first = self.to_jst(start)
        last = self.to_jst(end)
        if last <= first:
            return 0
        start_day = self.effective_receipt(first).date()
        end_date = last.date()
        if last.time() == CLOSING_TIME and self.is_business_day(end_date):
            end_day = end_date
        else:
            end_day = self.effective_receipt(last).date()
        return self._business_days_in(start_day, end_day)

    def business_days_left(self, due: datetime, now: datetime) -> int:
        """Business days from ``now``'s date to ``due``'s date (JST); negative once overdue.

        0 means due today. Counts the business days after the earlier date up to and including
        the later one.
        """
        due_day = self.to_jst(due).date()
        today = self.to_jst(now).date()
        if due_day >= today:
            return self._business_days_in(today, due_day)
        return -self._business_days_in(due_day, today)

    # -- internals -----------------------------------------------------------------------

    def _check_date(self, d: date) -> date:
        if isinstance(d, datetime):
            return self.to_jst(d).date()
        if not isinstance(d, date):
            raise TypeError(f"Expected a date, got {type(d).__name__}.")
        if not FIRST_YEAR <= d.year <= LAST_YEAR:
            raise _outside(d)
        return d

    @staticmethod
    def _confirmed(year: int, today: date) -> bool:
        return today >= date(year - 1, 2, 1)

    def _business_days_in(self, after: date, until: date) -> int:
        """Number of business days d with after < d <= until."""
        if until <= after:
            return 0
        low, high = after.toordinal(), until.toordinal()
        total = 0
        for year in range(after.year, until.year + 1):
            business = self._year(year).business
            total += bisect_right(business, high) - bisect_right(business, low)
        return total

    def _year(self, year: int) -> _Year:
        cached = self._years.get(year)
        if cached is not None:
            return cached
        national = _national_holidays(year)
        business: list[int] = []
        day = date(year, 1, 1)
        one_day = timedelta(days=1)
        while day.year == year:
            if (
                day.weekday() < 5
                and day not in national
                and not _is_year_end(day)
                and day not in self._closures
            ):
                business.append(day.toordinal())
            day += one_day
        built = _Year(business=tuple(business), business_set=frozenset(business))
        self._years[year] = built
        return built
