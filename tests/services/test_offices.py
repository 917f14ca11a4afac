"""The two offices: pre-filled from the privacy policy, edited by administrators (audited, old ->
new), checked; cases belong to the office of the user who takes them in, and count by its
calendar (closures of every office and of their own)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select, update

from privacy_desk.domain.errors import PermissionDenied, ValidationError
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.offices import OfficeService, list_offices
from privacy_desk.services.users import AdminService
from privacy_desk.storage.models import AuditEntry, Office, User
from tests.services.factories import complaint_by_phone


def _put_in_naha(context: Context, actor: Actor) -> None:
    with context.db.session() as session:
        naha = session.scalar(select(Office.id).where(Office.code == "naha"))
        session.execute(update(User).where(User.id == actor.user_id).values(office_id=naha))


def test_the_two_offices_come_from_the_policy(context: Context, users: dict[str, Actor]) -> None:
    offices = list_offices(context, users["staff"])
    assert [o.code for o in offices] == ["tokyo", "naha"]
    tokyo, naha = offices
    assert tokyo.address("ja") == "〒170-0013 東京都豊島区東池袋4-21-1 アウルタワー609"
    assert naha.address("en") == "1-7-14 Nishi, Naha City, Okinawa 900-0036, Japan"
    assert naha.tel == "03-5904-8973"


def test_an_administrator_edits_an_office_and_the_trail_keeps_old_and_new(
    context: Context, users: dict[str, Actor]
) -> None:
    changed = OfficeService(context, users["admin"]).update_office(
        "naha", {"tel": "０９８-８６１-０００１", "hours_ja": "9:00～17:00"}
    )
    assert changed.tel == "098-861-0001"  # full-width digits typed, stored half-width
    with context.db.session() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert entry is not None and entry.action == "manage_settings"
    detail = json.loads(entry.detail)
    assert detail["office"] == "naha"
    assert detail["changed"]["tel"] == {"old": "03-5904-8973", "new": "098-861-0001"}
    assert set(detail["changed"]) == {"tel", "hours_ja"}


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"postal_code": "9000036"}, "170-0013"),
        ({"tel": "電話なし"}, "telephone"),
        ({"email": "info.jacces.or.jp"}, "email"),
        ({"address_ja": "   "}, "needed"),
        ({"colour": "blue"}, "no item"),
        ({"name_en": "x" * 201}, "at most 200"),
    ],
    ids=["postal", "tel", "email", "empty-address", "unknown-item", "too-long"],
)
def test_a_bad_office_value_is_refused_and_nothing_changes(
    context: Context, users: dict[str, Actor], changes: dict[str, str], words: str
) -> None:
    before = list_offices(context, users["admin"])
    with pytest.raises(ValidationError, match=words):
        OfficeService(context, users["admin"]).update_office(
            "naha", {"hours_en": "9-17", **changes}
        )
    assert list_offices(context, users["admin"]) == before


def test_an_unknown_office_is_named_with_the_known_ones(
    context: Context, users: dict[str, Actor]
) -> None:
    with pytest.raises(ValidationError, match="tokyo, naha"):
        OfficeService(context, users["admin"]).update_office("osaka", {"tel": "06-1234-5678"})


def test_only_administrators_edit_offices(context: Context, users: dict[str, Actor]) -> None:
    with pytest.raises(PermissionDenied):
        OfficeService(context, users["supervisor"]).update_office("naha", {"fax": "098-1"})


def test_a_case_belongs_to_its_takers_office_and_counts_by_its_calendar(
    context: Context, users: dict[str, Actor]
) -> None:
    tokyo_case = CaseService(context, users["staff"]).intake(complaint_by_phone())
    _put_in_naha(context, users["staff"])
    due = tokyo_case.deadlines.current_due.date()
    moved = AdminService(context, users["admin"]).add_closure(due, "慰霊の日", "naha")
    assert moved == []  # the Tokyo case works on
    naha_case = CaseService(context, users["staff"]).intake(complaint_by_phone())
    assert (tokyo_case.office_code, naha_case.office_code) == ("tokyo", "naha")
    assert naha_case.deadlines.current_due.date() > due  # the Naha day off counts for Naha only
    tokyo_again = CaseService(context, users["staff"]).get(tokyo_case.id)
    assert tokyo_again.deadlines.current_due.date() == due


def test_a_closure_of_every_office_moves_the_cases_of_both_and_says_so_in_their_history(
    context: Context, users: dict[str, Actor]
) -> None:
    tokyo_case = CaseService(context, users["staff"]).intake(complaint_by_phone())
    due = tokyo_case.deadlines.current_due.date()
    moved = AdminService(context, users["admin"]).add_closure(due, "臨時休業")
    assert moved == [tokyo_case.reference]
    later = CaseService(context, users["staff"]).get(tokyo_case.id)
    assert later.deadlines.current_due.date() > due
    assert any(
        entry.action == "due_moved" and due.isoformat() in entry.text for entry in later.history
    )
    back = AdminService(context, users["admin"]).remove_closure(due)
    assert back == [tokyo_case.reference]


def test_the_same_day_may_close_one_office_and_then_every_office(
    context: Context, users: dict[str, Actor]
) -> None:
    admin = AdminService(context, users["admin"])
    day = date(2027, 6, 23)
    admin.add_closure(day, "慰霊の日", "naha")
    with pytest.raises(ValidationError):
        admin.add_closure(day, "慰霊の日", "naha")
    admin.add_closure(day, "棚卸し")
    admin.remove_closure(day, "naha")
    with pytest.raises(ValidationError):
        admin.remove_closure(day, "naha")
