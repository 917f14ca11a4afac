"""How long a closed case is kept: whole years after the day it closed, per kind of request.

A case asking for several measures is kept as long as the longest of its kinds' periods. It goes
on the anniversary of its closing day (Japan time) that many years later, not a day sooner: a
case closed on 2023-12-01 with a 3-year period stays through 2026-11-30 and goes from 2026-12-01.
A closing day of 29 February counts its anniversaries from 1 March in other years.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from privacy_desk.domain.vocabulary import RequestKind

DEFAULT_RETENTION_YEARS = 3
# Bounds of the setting: at least a year (a 0 would purge a case the day it closes), at most 100.
MIN_RETENTION_YEARS = 1
MAX_RETENTION_YEARS = 100


def years_after(day: date, years: int) -> date:
    """The same day `years` later (29 February becomes 1 March in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return date(day.year + years, 3, 1)


def retention_years(kinds: Iterable[RequestKind], years: Mapping[RequestKind, int]) -> int:
    """The period of a case asking for `kinds`: the longest of theirs."""
    return max((years[kind] for kind in kinds), default=DEFAULT_RETENTION_YEARS)


def kept_until(
    closed_on: date, kinds: Iterable[RequestKind], years: Mapping[RequestKind, int]
) -> date:
    """The first day the closed case may be purged."""
    return years_after(closed_on, retention_years(kinds, years))
