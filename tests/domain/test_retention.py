"""How long a closed case is kept (domain/retention.py): the longest of its kinds' periods, whole
years after its closing day, and the default when a case names no kind."""

from __future__ import annotations

from datetime import date

from privacy_desk.domain.retention import (
    DEFAULT_RETENTION_YEARS,
    kept_until,
    retention_years,
    years_after,
)
from privacy_desk.domain.vocabulary import RequestKind

YEARS = {kind: 3 for kind in RequestKind} | {RequestKind.COMPLAINT: 5, RequestKind.DISCLOSURE: 7}


def test_the_longest_period_of_the_cases_kinds_wins() -> None:
    assert retention_years([RequestKind.COMPLAINT], YEARS) == 5
    assert retention_years([RequestKind.COMPLAINT, RequestKind.DISCLOSURE], YEARS) == 7
    assert retention_years([RequestKind.INQUIRY, RequestKind.COMPLAINT], YEARS) == 5


def test_a_case_naming_no_kind_is_kept_the_default_period() -> None:
    assert DEFAULT_RETENTION_YEARS == 3
    assert retention_years([], YEARS) == DEFAULT_RETENTION_YEARS
    assert kept_until(date(2023, 12, 1), [], YEARS) == date(2026, 12, 1)


def test_a_case_is_kept_until_its_anniversary() -> None:
    assert kept_until(date(2023, 12, 1), [RequestKind.INQUIRY], YEARS) == date(2026, 12, 1)
    assert kept_until(date(2020, 2, 29), [RequestKind.DISCLOSURE], YEARS) == date(2027, 3, 1)
    assert years_after(date(2024, 2, 29), 4) == date(2028, 2, 29)


def test_anniversaries() -> None:
    assert years_after(date(2024, 2, 29), 3) == date(2027, 3, 1)
    assert years_after(date(2023, 11, 25), 3) == date(2026, 11, 25)
