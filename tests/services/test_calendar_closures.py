"""Closures per office: a Naha closure on 慰霊の日 moves Naha's due dates only, one of every office
moves both offices' cases each by its own calendar, and removing it moves them back; the year as
Administration › Calendar reads it (holidays, year-end, closures per office); the refusals."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select, update

from privacy_desk.domain.errors import CalendarError, ValidationError
from privacy_desk.i18n import set_language
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.calendar_view import DayOffKind, calendar_year
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import CaseDetail
from privacy_desk.services.users import AdminService, list_closures
from privacy_desk.storage.models import Closure, Office, User
from tests.conftest import Clock
from tests.services.factories import complaint_by_phone, moment

IREI_NO_HI = date(2027, 6, 23)  # a Wednesday; Okinawa's memorial day, no national holiday


def _put_in_naha(context: Context, actor: Actor) -> None:
    with context.db.session() as session:
        naha = session.scalar(select(Office.id).where(Office.code == "naha"))
        session.execute(update(User).where(User.id == actor.user_id).values(office_id=naha))


def _two_cases(context: Context, users: dict[str, Actor], clock: Clock) -> tuple[CaseDetail, ...]:
    """A Tokyo case (taken in by staff) and a Naha case (staff2, put in Naha), both received on
    Monday 14 June 2027 and due after the 23rd."""
    clock.set(2027, 6, 14, 15, 0)
    _put_in_naha(context, users["staff2"])
    tokyo = CaseService(context, users["staff"]).intake(complaint_by_phone(moment(2027, 6, 14, 14)))
    naha = CaseService(context, users["staff2"]).intake(complaint_by_phone(moment(2027, 6, 14, 14)))
    assert (tokyo.office_code, naha.office_code) == ("tokyo", "naha")
    assert tokyo.deadlines.current_due == naha.deadlines.current_due
    assert tokyo.deadlines.current_due.date() > IREI_NO_HI
    return tokyo, naha


def _due(context: Context, users: dict[str, Actor], case: CaseDetail) -> date:
    return CaseService(context, users["staff"]).get(case.id).deadlines.current_due.date()


def test_a_naha_closure_on_irei_no_hi_moves_only_naha_cases(
    context: Context, users: dict[str, Actor], clock: Clock
) -> None:
    tokyo, naha = _two_cases(context, users, clock)
    before = tokyo.deadlines.current_due.date()
    moved = AdminService(context, users["admin"]).add_closure(IREI_NO_HI, "慰霊の日", "naha")
    assert moved == [naha.reference]
    assert _due(context, users, tokyo) == before  # Tokyo works on the 23rd
    assert _due(context, users, naha) > before
    history = CaseService(context, users["staff"]).get(naha.id).history
    assert any(e.action == "due_moved" and "2027-06-23" in e.text for e in history)
    tokyo_history = CaseService(context, users["staff"]).get(tokyo.id).history
    assert not any(e.action == "due_moved" for e in tokyo_history)


def test_a_closure_of_every_office_moves_both_each_by_its_calendar_and_back(
    context: Context, users: dict[str, Actor], clock: Clock
) -> None:
    tokyo, naha = _two_cases(context, users, clock)
    admin = AdminService(context, users["admin"])
    first = tokyo.deadlines.current_due.date()
    admin.add_closure(IREI_NO_HI, "慰霊の日", "naha")
    naha_due = _due(context, users, naha)
    day = date(2027, 6, 25)  # a Friday both offices are open, before both due dates
    assert first > day
    moved = admin.add_closure(day, "臨時休業")
    assert sorted(moved) == sorted([tokyo.reference, naha.reference])
    # Each moves one business day by its own calendar: Naha stays a day behind Tokyo.
    assert _due(context, users, tokyo) > first
    assert _due(context, users, naha) > naha_due > first
    back = admin.remove_closure(day)
    assert sorted(back) == sorted([tokyo.reference, naha.reference])
    assert (_due(context, users, tokyo), _due(context, users, naha)) == (first, naha_due)
    for case in (tokyo, naha):
        history = CaseService(context, users["staff"]).get(case.id).history
        assert sum(e.action == "due_moved" and "2027-06-25" in e.text for e in history) == 2


def test_the_closures_are_listed_per_office(context: Context, users: dict[str, Actor]) -> None:
    admin = AdminService(context, users["admin"])
    admin.add_closure(IREI_NO_HI, "慰霊の日", "naha")
    admin.add_closure(date(2027, 7, 1), "創立記念日")
    admin.add_closure(date(2027, 7, 2), "棚卸し", "tokyo")
    assert list_closures(context, "naha") == [
        (IREI_NO_HI, "慰霊の日"),
        (date(2027, 7, 1), "創立記念日"),
    ]
    assert list_closures(context, "tokyo") == [
        (date(2027, 7, 1), "創立記念日"),
        (date(2027, 7, 2), "棚卸し"),
    ]
    assert list_closures(context) == [(date(2027, 7, 1), "創立記念日")]


def test_the_year_at_a_glance_per_office(context: Context, users: dict[str, Actor]) -> None:
    admin = AdminService(context, users["admin"])
    admin.add_closure(IREI_NO_HI, "慰霊の日", "naha")
    admin.add_closure(date(2027, 7, 1), "創立記念日")
    year = calendar_year(context, users["admin"], 2027)
    assert [(o.code, o.name) for o in year.offices] == [
        ("tokyo", "Head office (Tokyo)"),
        ("naha", "Naha branch"),
    ]
    naha = year.days_off_of("naha")
    tokyo = year.days_off_of("tokyo")
    assert [(d.kind, d.name) for d in naha[IREI_NO_HI]] == [(DayOffKind.CLOSURE, "慰霊の日")]
    assert IREI_NO_HI not in tokyo
    assert [d.office_code for d in year.days_off_of(None)[IREI_NO_HI]] == ["naha"]
    assert naha[date(2027, 7, 1)] == tokyo[date(2027, 7, 1)]
    assert tokyo[date(2027, 5, 3)][0].kind is DayOffKind.HOLIDAY
    assert "Constitution" in tokyo[date(2027, 5, 3)][0].name
    # New Year's Day is a holiday and in the year-end closure: both reasons are there.
    assert [d.kind for d in tokyo[date(2027, 1, 1)]] == [DayOffKind.HOLIDAY, DayOffKind.YEAR_END]
    assert date(2027, 12, 30) in tokyo
    counts = {o.code: o.business_days for o in year.offices}
    assert counts["tokyo"] - counts["naha"] == 1  # 23 June, Naha's own
    assert [(c.day, c.office_code, c.office_name) for c in year.closures_of("tokyo")] == [
        (date(2027, 7, 1), None, "Every office")
    ]
    assert [c.office_code for c in year.closures_of(None)] == ["naha", None]


def test_the_holidays_are_named_in_the_screens_language(
    context: Context, users: dict[str, Actor]
) -> None:
    set_language("ja")
    try:
        year = calendar_year(context, users["admin"], 2027)
    finally:
        set_language("en")
    assert year.days_off_of("tokyo")[date(2027, 5, 3)][0].name == "憲法記念日"
    assert [o.name for o in year.offices] == ["本部（東京）", "那覇支部"]


def test_a_year_outside_the_calendar_is_refused(context: Context, users: dict[str, Actor]) -> None:
    with pytest.raises(CalendarError, match="2100"):
        calendar_year(context, users["admin"], 2100)


@pytest.mark.parametrize(
    ("office", "words"),
    [("osaka", "no office osaka"), ("NAHA ", None)],
    ids=["unknown", "code-typed-loosely"],
)
def test_an_office_code_unknown_is_refused_and_nothing_changes(
    context: Context, users: dict[str, Actor], office: str, words: str | None
) -> None:
    admin = AdminService(context, users["admin"])
    if words is None:  # the code is matched without case and spaces: a real office
        admin.add_closure(IREI_NO_HI, "慰霊の日", office)
        assert list_closures(context, "naha") == [(IREI_NO_HI, "慰霊の日")]
        return
    with pytest.raises(ValidationError, match=words):
        admin.add_closure(IREI_NO_HI, "慰霊の日", office)
    with pytest.raises(ValidationError, match=words):
        admin.remove_closure(IREI_NO_HI, office)
    with context.db.session() as session:
        assert session.scalars(select(Closure)).all() == []


def test_a_second_closure_of_the_same_office_on_a_day_is_refused(
    context: Context, users: dict[str, Actor]
) -> None:
    admin = AdminService(context, users["admin"])
    admin.add_closure(IREI_NO_HI, "慰霊の日", "naha")
    with pytest.raises(ValidationError, match="already a closure day"):
        admin.add_closure(IREI_NO_HI, "別の理由", "naha")
    assert list_closures(context, "naha") == [(IREI_NO_HI, "慰霊の日")]


def test_one_office_can_not_close_on_a_day_every_office_is_closed(
    context: Context, users: dict[str, Actor]
) -> None:
    admin = AdminService(context, users["admin"])
    admin.add_closure(IREI_NO_HI, "臨時休業")
    with pytest.raises(ValidationError, match="closure day of every office"):
        admin.add_closure(IREI_NO_HI, "慰霊の日", "naha")
    with context.db.session() as session:
        assert session.scalars(select(Closure.office_id)).all() == [None]


def test_removing_a_closure_that_is_not_there_is_refused(
    context: Context, users: dict[str, Actor]
) -> None:
    admin = AdminService(context, users["admin"])
    admin.add_closure(IREI_NO_HI, "慰霊の日", "naha")
    with pytest.raises(ValidationError, match="not a closure day"):
        admin.remove_closure(IREI_NO_HI)  # of every office: there is none
    with pytest.raises(ValidationError, match="not a closure day"):
        admin.remove_closure(IREI_NO_HI, "tokyo")
    assert list_closures(context, "naha") == [(IREI_NO_HI, "慰霊の日")]
