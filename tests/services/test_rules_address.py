"""Issue 10: earlier cases of the same person are found by address too, however it was typed."""

from __future__ import annotations

import pytest

from privacy_desk.domain.names import fold_address
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.storage.db import Database
from tests.conftest import make_users
from tests.services.factories import correction_by_email
from tests.storage.test_migrations import _migrate, _raw


@pytest.mark.parametrize(
    "typed",
    [
        "東京都新宿区新宿3-5-8",  # as stored
        "東京都 新宿区 新宿３－５－８",  # full width, spaces, full-width hyphen
        "東京都新宿区新宿3ー5ー8",  # long-vowel marks for hyphens
        "東京都新宿区新宿３丁目５番８号",
        "東京都新宿区新宿3丁目5番地8",
    ],
)
def test_earlier_cases_are_found_by_address(
    context: Context, users: dict[str, Actor], typed: str
) -> None:
    staff = CaseService(context, users["staff"])
    earlier = staff.intake(correction_by_email())  # 田中 一郎, 東京都新宿区新宿3-5-8
    found = staff.similar_cases(name="田中 花子", address=typed)  # another name, same address
    assert [(s.case_id, s.matched_on) for s in found] == [(earlier.id, ("address",))]


@pytest.mark.parametrize("typed", ["東京都新宿区新宿3-5-9", "東京都新宿区", "東京都"])
def test_another_or_a_partial_address_is_no_match(
    context: Context, users: dict[str, Actor], typed: str
) -> None:
    staff = CaseService(context, users["staff"])
    staff.intake(correction_by_email())
    assert staff.similar_cases(address=typed) == []


def test_a_corrected_address_is_found_under_its_new_form(
    context: Context, users: dict[str, Actor]
) -> None:
    from dataclasses import replace

    from tests.services.factories import ICHIRO

    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    moved = replace(ICHIRO, address="大阪府大阪市北区梅田1-2-3")
    staff.update_person(case.id, case.version, case.requester.id, moved)
    assert staff.similar_cases(address="大阪府大阪市北区梅田１丁目２番３号")
    assert staff.similar_cases(address="東京都新宿区新宿3-5-8") == []


def test_the_address_key_is_filled_for_people_stored_before_it(any_db: Database, clock) -> None:
    context = Context(any_db, clock=clock)
    staff = CaseService(context, make_users(context)["staff"])
    staff.intake(correction_by_email())
    _migrate(any_db, "0003", down=True)
    _migrate(any_db, "head")
    assert _raw(any_db, "SELECT address_folded FROM persons") == ["東京都新宿区新宿3-5-8"]


def test_fold_address_keeps_what_tells_addresses_apart() -> None:
    assert fold_address("渋谷２丁目１番１号 センタービル３階") == "渋谷2-1-1せんた-びる3階"
    assert fold_address("渋谷2-1-1") != fold_address("渋谷2-1-11")
    assert fold_address("") == ""
