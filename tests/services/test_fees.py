"""A fee as recorded is the fee shown: every field kept, the amount checked, a stale version
refused (written to kill the surviving mutants of services/decisions.record_fee)."""

from __future__ import annotations

from datetime import date

import pytest

from privacy_desk.domain.errors import RuleViolation, ValidationError
from privacy_desk.domain.vocabulary import PaymentMethod
from privacy_desk.services.base import ConflictError, Context
from privacy_desk.services.cases import CaseService
from tests.services.factories import complaint_by_phone, disclosure_by_parent


def test_every_field_of_a_fee_is_kept(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(disclosure_by_parent())
    case = staff.record_fee(
        case.id,
        case.version,
        300,
        PaymentMethod.POSTAL_ORDER,
        received_on=date(2026, 11, 26),
        pay_by=date(2026, 12, 10),
        note="定額小為替で受領",
    )
    (fee,) = case.fees
    assert (fee.amount_yen, fee.payment_method, fee.received_on, fee.pay_by, fee.note) == (
        300,
        PaymentMethod.POSTAL_ORDER,
        date(2026, 11, 26),
        date(2026, 12, 10),
        "定額小為替で受領",
    )
    assert fee.charged_on == context.today()
    bare = staff.record_fee(case.id, case.version, 1).fees[-1]
    assert (bare.amount_yen, bare.payment_method, bare.received_on, bare.pay_by, bare.note) == (
        1,
        None,
        None,
        None,
        "",
    )


@pytest.mark.parametrize("amount", [0, -300])
def test_a_fee_of_no_yen_is_refused(context: Context, users: dict, amount: int) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(disclosure_by_parent())
    with pytest.raises(ValidationError) as refused:
        staff.record_fee(case.id, case.version, amount)
    assert refused.value.message == "The fee must be a positive number of yen."
    assert staff.get(case.id).fees == ()


def test_a_fee_at_a_stale_version_is_refused(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(disclosure_by_parent())
    staff.add_note(case.id, case.version, "先に保存されたメモ")
    with pytest.raises(ConflictError):
        staff.record_fee(case.id, case.version, 300)
    with pytest.raises(RuleViolation):
        closed = staff.intake(complaint_by_phone())
        staff.record_fee(closed.id, closed.version, 300)  # a complaint carries no fee


def test_a_fee_on_a_withdrawn_case_is_refused(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(disclosure_by_parent())
    case = staff.withdraw(case.id, case.version, "取り下げの連絡あり")
    with pytest.raises(RuleViolation) as refused:
        staff.record_fee(case.id, case.version, 300)
    assert refused.value.message.startswith("You can not record a fee on a case that is")
    assert staff.get(case.id).fees == ()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        (1_000_001, "The fee must be between 1 and 1000000."),
        ("300", "The fee must be a whole number."),
    ],
    ids=["too-much", "text"],
)
def test_a_fee_that_is_no_fee_is_refused_on_its_field(
    context: Context, users: dict, amount: object, message: str
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(disclosure_by_parent())
    with pytest.raises(ValidationError) as refused:
        staff.record_fee(case.id, case.version, amount)  # type: ignore[arg-type]
    assert (refused.value.message, refused.value.field) == (message, "amount_yen")
    assert staff.get(case.id).fees == ()


def test_a_fee_is_audited_on_its_case_with_its_amount(context: Context, users: dict) -> None:
    import json

    from sqlalchemy import select

    from privacy_desk.storage.models import AuditEntry

    staff = CaseService(context, users["staff"])
    case = staff.intake(disclosure_by_parent())
    staff.record_fee(case.id, case.version, 300)
    with context.db.session() as session:
        (entry,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "record_fee"))
        assert entry.case_id == case.id
        assert json.loads(entry.detail)["amount_yen"] == 300


def test_a_fee_note_with_a_my_number_is_masked_when_the_office_masks(
    context: Context, users: dict
) -> None:
    from privacy_desk.services.users import AdminService

    AdminService(context, users["admin"]).set_setting("individual_number_policy", "mask")
    staff = CaseService(context, users["staff"])
    case = staff.intake(disclosure_by_parent())
    case = staff.record_fee(case.id, case.version, 300, note="控え 1234 5678 9018")
    assert case.fees[-1].note == "控え ＊＊＊＊ ＊＊＊＊ ＊＊＊＊"
