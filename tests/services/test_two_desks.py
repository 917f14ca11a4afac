"""Two desks, one person: a person shared by two cases keeps both desks' changes.

Each desk is its own service on its own connection to the same database (one SQLite file, or the
PostgreSQL server). A desk saves only the fields its user changed; a group of fields (a name with
its reading, an address with its postal code, any other field alone) changed on both desks
differently is refused as "changed by someone else", and nothing of the second desk is written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from privacy_desk.services.base import ConflictError, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import CaseDetail, PersonData, PersonForm
from privacy_desk.storage.db import Database, connect
from tests.conftest import Clock, make_users
from tests.services.factories import complaint_by_phone, correction_by_email


@dataclass
class Desks:
    a: CaseService
    b: CaseService
    case_a: CaseDetail  # the person is this case's requester…
    case_b: CaseDetail  # …and this one's too


@pytest.fixture
def desks(any_db: Database, clock: Clock) -> Iterator[Desks]:
    desk_a = Context(any_db, clock=clock)
    other = connect(any_db.url, upgrade=False)  # the second desk's own engine
    desk_b = Context(other, clock=clock)
    users = make_users(desk_a)
    a, b = CaseService(desk_a, users["staff"]), CaseService(desk_b, users["staff2"])
    first = a.intake(correction_by_email())
    again = dataclasses.replace(complaint_by_phone(), requester_person_id=first.requester.id)
    second = b.intake(again)
    try:
        yield Desks(a, b, a.get(first.id), b.get(second.id))
    finally:
        other.dispose()


def form_of(person: PersonData, **changes: object) -> PersonForm:
    fields = {f.name: getattr(person, f.name) for f in dataclasses.fields(PersonForm)}
    return PersonForm(**{**fields, **changes})  # type: ignore[arg-type]


def save(desk: CaseService, case: CaseDetail, **changes: object) -> CaseDetail:
    """Save the person as this desk's screen showed it, with the user's changes."""
    person = case.requester
    form = form_of(person, **changes)
    return desk.update_person(case.id, case.version, person.id, form, opened=person)


def test_the_two_cases_share_one_person(desks: Desks) -> None:
    assert desks.case_a.requester.id == desks.case_b.requester.id


def test_a_second_desk_keeps_the_first_desks_change_to_a_shared_person(desks: Desks) -> None:
    save(desks.a, desks.case_a, phone="03-9999-0000")
    saved = save(desks.b, desks.case_b, email="ichiro.new@example.jp")
    assert saved.requester.phone == "03-9999-0000"  # desk A's change, not reverted
    assert saved.requester.email == "ichiro.new@example.jp"
    assert desks.a.get(desks.case_a.id).requester == saved.requester


def test_both_desks_changing_the_same_field_differently_is_refused(desks: Desks) -> None:
    save(desks.a, desks.case_a, address="東京都新宿区新宿3-5-9")
    with pytest.raises(ConflictError, match="changed by someone else"):
        save(desks.b, desks.case_b, address="東京都新宿区西新宿1-1-1", phone="03-1212-3434")
    person = desks.a.get(desks.case_b.id).requester
    assert person.address == "東京都新宿区新宿3-5-9"
    assert person.phone == "03-3333-4444"  # nothing of desk B's refused save was written


def test_an_address_and_its_postal_code_are_one_group(desks: Desks) -> None:
    save(desks.a, desks.case_a, postal_code="160-0023")
    with pytest.raises(ConflictError):
        save(desks.b, desks.case_b, address="東京都新宿区西新宿1-1-1")


def test_the_same_change_on_both_desks_is_no_conflict(desks: Desks) -> None:
    save(desks.a, desks.case_a, kana="タナカ イチロー")
    saved = save(desks.b, desks.case_b, kana="タナカ イチロー", phone="03-1212-3434")
    assert (saved.requester.kana, saved.requester.phone) == ("タナカ イチロー", "03-1212-3434")


def test_a_save_raises_the_persons_own_version(desks: Desks) -> None:
    before = desks.case_a.requester.version
    saved = save(desks.a, desks.case_a, fax="03-5555-0000")
    assert saved.requester.version == before + 1
