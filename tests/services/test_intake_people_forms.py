"""Issue 11, Japanese first: how a person's name, kana, postal code and numbers are stored, and
that one phone number typed two ways finds the same earlier case; users sorted by reading."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import update

from privacy_desk.domain.errors import ValidationError
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.users import list_users
from privacy_desk.storage.models import Person
from tests.services.factories import KEIKO, disclosure_by_parent


def keiko_intake(**changes: str):
    form = disclosure_by_parent()
    return replace(form, requester=replace(KEIKO, **changes))


def test_half_width_kana_postal_code_and_phone_are_stored_the_one_way(
    context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(
        keiko_intake(
            name="鈴木 ｹｲｺ",
            kana="ｽｽﾞｷ ｹｲｺ",
            postal_code="１５００００２",
            phone="+81 90 1111 2222",
            fax="0312345678",
        )
    )
    person = case.requester
    assert person.name == "鈴木 ケイコ"
    assert person.kana == "スズキ ケイコ"
    assert person.postal_code == "150-0002"
    assert person.phone == "090-1111-2222"
    assert person.fax == "03-1234-5678"


@pytest.mark.parametrize(
    ("field", "typed", "where"),
    [
        ("postal_code", "150-002", "requester's postal code"),
        ("phone", "call me", "requester's phone number"),
        ("fax", "12", "requester's fax number"),
    ],
    ids=["postal", "phone", "fax"],
)
def test_an_unreadable_postal_code_or_number_is_refused_beside_its_field(
    context: Context, users: dict[str, Actor], field: str, typed: str, where: str
) -> None:
    staff = CaseService(context, users["staff"])
    with pytest.raises(ValidationError) as refused:
        staff.intake(keiko_intake(**{field: typed}))
    assert refused.value.field == where
    assert staff.similar_cases(name="鈴木 恵子") == []  # nothing was saved


def test_an_edit_stores_the_same_forms(context: Context, users: dict[str, Actor]) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(disclosure_by_parent())
    person = case.requester
    changed = staff.update_person(
        case.id,
        case.version,
        person.id,
        replace(KEIKO, kana="ｽｽﾞｷ ｹｲｺ", postal_code="1500002", phone="+819011112222"),
    )
    assert changed.requester.kana == "スズキ ケイコ"
    assert changed.requester.postal_code == "150-0002"
    assert changed.requester.phone == "090-1111-2222"


def test_international_and_national_forms_find_the_same_earlier_case(
    context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(keiko_intake(phone="+81 90-1234-5678"))
    found = staff.similar_cases(phone="090-1234-5678")
    assert [(c.reference, c.matched_on) for c in found] == [(case.reference, ("phone",))]
    assert staff.similar_cases(phone="090-1234-5679") == []


def test_a_row_keyed_before_numbers_were_parsed_is_still_found(
    context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(keiko_intake(phone="090-1234-5678"))
    with context.db.session() as session:
        # What the desk stored before: the digits as typed, international form.
        session.execute(
            update(Person)
            .where(Person.id == case.requester.id)
            .values(phone="+81 90-1234-5678", phone_digits="819012345678")
        )
    found = staff.similar_cases(phone="090-1234-5678")
    assert [c.reference for c in found] == [case.reference]


def test_users_are_listed_in_japanese_order_not_by_code_point(
    context: Context, users: dict[str, Actor]
) -> None:
    names = [u.name for u in list_users(context, users["staff"])]
    # Code points would give 伊藤, 佐藤, 木村, 森, 管理.
    assert names == ["伊藤 健", "管理 次郎", "佐藤 花子", "森 由美", "木村 直樹"]
