"""Dates as letters write them: Japanese era (令和8年11月25日), Japanese Western, English.

Era years are counted from the first day of each era; the first year is written 元年
(令和元年5月1日). Japan adopted the Gregorian calendar on 明治6年1月1日 (1873-01-01); before
that day an era date would need the old lunisolar calendar, so earlier dates are written in the
Western form even when an era date is asked for.
"""

from __future__ import annotations

from datetime import date

# (first day, name), newest first.
ERAS: tuple[tuple[date, str], ...] = (
    (date(2019, 5, 1), "令和"),
    (date(1989, 1, 8), "平成"),
    (date(1926, 12, 25), "昭和"),
    (date(1912, 7, 30), "大正"),
    (date(1868, 1, 25), "明治"),
)
GREGORIAN_ADOPTED = date(1873, 1, 1)

_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def era_year(d: date) -> tuple[str, int]:
    """The era name and the year within it (1 for the first year) of a Gregorian date."""
    for start, name in ERAS:
        if d >= start:
            return name, d.year - start.year + 1
    raise ValueError(f"{d.isoformat()} is before the Meiji era")


def format_date(d: date, lang: str, era: bool) -> str:
    """The date as a letter in `lang` writes it; `era` picks 令和 over Western years (ja only)."""
    if lang != "ja":
        return f"{d.day} {_MONTHS_EN[d.month - 1]} {d.year}"
    if era and d >= GREGORIAN_ADOPTED:
        name, year = era_year(d)
        year_text = "元" if year == 1 else str(year)
        return f"{name}{year_text}年{d.month}月{d.day}日"
    return f"{d.year}年{d.month}月{d.day}日"
