"""Proposing, approving and sending back a decision: the version the user had open, who
approved, the send-back comment's checks (written to kill the surviving mutants of
services/decisions.py)."""

from __future__ import annotations

import pytest

from privacy_desk.domain.errors import IndividualNumberRefused, MissingReason
from privacy_desk.services.base import ConflictError, Context
from privacy_desk.services.cases import CaseService
from tests.services.service_calls import World


def test_each_step_refuses_a_stale_version(context: Context, users: dict) -> None:
    world = World(context, users)
    steps = [
        (world.decided, lambda s, c: s.staff.propose(c.id, c.version)),
        (world.proposed, lambda s, c: s.supervisor.approve(c.id, c.version)),
        (world.proposed, lambda s, c: s.supervisor.send_back(c.id, c.version, "理由を補って")),
    ]
    for prepare, step in steps:
        case = prepare()
        world.staff.add_note(case.id, case.version, "先に保存されたメモ")
        with pytest.raises(ConflictError):
            step(world, case)


def test_the_approver_is_recorded_and_a_send_back_clears_it(context: Context, users: dict) -> None:
    world = World(context, users)
    case = world.approved()
    assert case.approved_by == "伊藤 健"
    assert case.decision_author == "佐藤 花子"
    again = world.proposed()
    back = world.supervisor.send_back(again.id, again.version, "理由を補ってください")
    assert back.approved_by is None and back.send_back_comment == "理由を補ってください"


def test_a_send_back_needs_a_comment_without_a_my_number(context: Context, users: dict) -> None:
    world = World(context, users)
    case = world.proposed()
    with pytest.raises(MissingReason) as refused:
        world.supervisor.send_back(case.id, case.version, "  ")
    assert refused.value.message == (
        "Sending a decision back needs a reason: write one before saving."
    )
    with pytest.raises(IndividualNumberRefused) as refused:
        world.supervisor.send_back(case.id, case.version, "番号 1234 5678 9018 を確認")
    assert refused.value.field == "comment"
    assert CaseService(context, users["staff"]).get(case.id).send_back_comment in ("", None)


def _investigated_disclosure(world: World):
    from tests.services.service_calls import LICENCE_AND_REGISTER

    case = world.disclosure()
    case = world.staff.confirm_identity(case.id, case.version, LICENCE_AND_REGISTER)
    return world.staff.start_investigation(case.id, case.version)


def test_a_decision_is_checked_before_it_is_kept(context: Context, users: dict) -> None:
    from datetime import date

    from privacy_desk.domain.errors import RuleViolation, ValidationError
    from privacy_desk.domain.vocabulary import DisclosureMethod, Outcome
    from privacy_desk.services.dto import DecisionForm

    world = World(context, users)
    case = _investigated_disclosure(world)
    other = world.investigating()
    measure = case.measures[0].id
    record = world.staff.record_decision
    with pytest.raises(ValidationError) as refused:
        record(case.id, case.version, other.measures[0].id, DecisionForm(Outcome.DISCLOSED_FULL))
    assert refused.value.message == "That measure is not part of this case."
    with pytest.raises(MissingReason) as missing:
        record(case.id, case.version, measure, DecisionForm(Outcome.NOT_DISCLOSED))
    assert missing.value.field == "reasons"
    with pytest.raises(RuleViolation) as ground:
        record(case.id, case.version, measure, DecisionForm(Outcome.NOT_DISCLOSED, "理由"))
    assert not isinstance(ground.value, MissingReason) and "Art. 33(2)" in ground.value.message
    with pytest.raises(IndividualNumberRefused) as number:
        record(
            case.id, case.version, measure, DecisionForm(Outcome.NOT_DISCLOSED, "1234 5678 9018")
        )
    assert number.value.field == "reasons"
    world.staff.add_note(case.id, case.version, "先に保存されたメモ")
    with pytest.raises(ConflictError):
        record(case.id, case.version, measure, DecisionForm(Outcome.DISCLOSED_FULL))
    fresh = world.staff.get(case.id)
    done = record(
        fresh.id,
        fresh.version,
        measure,
        DecisionForm(
            Outcome.DISCLOSED_FULL,
            method=DisclosureMethod.PAPER,
            action_date=date(2026, 11, 27),
        ),
    )
    assert done.measures[0].outcome is Outcome.DISCLOSED_FULL
    assert done.measures[0].action_date == date(2026, 11, 27)


def test_four_eyes_the_supervisor_who_proposed_or_recorded_can_not_approve(
    context: Context, users: dict
) -> None:
    from privacy_desk.domain.errors import PermissionDenied
    from privacy_desk.domain.vocabulary import Outcome
    from privacy_desk.services.dto import DecisionForm

    world = World(context, users)
    case = world.decided()  # recorded by staff
    case = world.supervisor.propose(case.id, case.version)
    with pytest.raises(PermissionDenied) as refused:
        world.supervisor.approve(case.id, case.version)
    assert refused.value.message == (
        "You proposed this decision, so you can not approve it: another supervisor must."
    )
    case = world.investigating()
    case = world.supervisor.record_decision(
        case.id, case.version, case.measures[0].id, DecisionForm(Outcome.ANSWERED)
    )
    case = world.staff.propose(case.id, case.version)
    with pytest.raises(PermissionDenied) as refused:
        world.supervisor.approve(case.id, case.version)
    assert refused.value.message.startswith("Four eyes: you recorded or changed an outcome")
    assert world.staff.get(case.id).approved_by is None


def test_the_approval_keeps_its_time(context: Context, users: dict) -> None:
    from privacy_desk.storage.models import Case

    world = World(context, users)
    case = world.approved()
    with context.db.session() as session:
        assert session.get(Case, case.id).approved_at == context.now()


def test_a_decision_is_proposed_only_when_each_measure_is_decided(
    context: Context, users: dict
) -> None:
    from privacy_desk.domain.errors import RuleViolation
    from privacy_desk.domain.vocabulary import CaseStatus, DisclosureRefusalGround, Outcome
    from privacy_desk.services.dto import DecisionForm

    world = World(context, users)
    case = world.investigating()
    with pytest.raises(RuleViolation) as refused:
        world.staff.propose(case.id, case.version)
    assert refused.value.message == (
        "The decision can not be proposed yet. Complaint: choose an outcome."
    )
    assert world.staff.get(case.id).status is case.status
    # A refusal with its reasons and its Art. 33(2) ground, as recorded, is proposed.
    case = _investigated_disclosure(world)
    case = world.staff.record_decision(
        case.id,
        case.version,
        case.measures[0].id,
        DecisionForm(
            Outcome.NOT_DISCLOSED,
            "第三者の権利利益を害するおそれがあるため",
            disclosure_grounds=(DisclosureRefusalGround.HARM_TO_PERSON_OR_THIRD_PARTY,),
        ),
    )
    proposed = world.staff.propose(case.id, case.version)
    assert proposed.status is CaseStatus.DECISION_PROPOSED
    assert proposed.decision_author == "佐藤 花子"


def test_a_proposal_keeps_its_time(context: Context, users: dict) -> None:
    from privacy_desk.storage.models import Case

    world = World(context, users)
    case = world.proposed()
    with context.db.session() as session:
        assert session.get(Case, case.id).proposed_at == context.now()


def test_no_decision_on_a_withdrawn_case(context: Context, users: dict) -> None:
    from privacy_desk.domain.errors import RuleViolation
    from privacy_desk.domain.vocabulary import Outcome
    from privacy_desk.services.dto import DecisionForm

    world = World(context, users)
    case = world.investigating()
    case = world.staff.withdraw(case.id, case.version, "取り下げの連絡あり")
    with pytest.raises(RuleViolation):
        world.staff.record_decision(
            case.id, case.version, case.measures[0].id, DecisionForm(Outcome.ANSWERED)
        )
    assert world.staff.get(case.id).measures[0].outcome is None


def test_every_text_of_a_decision_is_kept_in_its_own_field(context: Context, users: dict) -> None:
    from privacy_desk.domain.vocabulary import DisclosureMethod, DisclosureRefusalGround, Outcome
    from privacy_desk.services.dto import DECISION_TEXTS, DecisionForm
    from privacy_desk.services.users import AdminService
    from privacy_desk.storage.models import Measure

    AdminService(context, users["admin"]).set_setting("individual_number_policy", "mask")
    world = World(context, users)
    case = _investigated_disclosure(world)
    texts = {name: f"{name}の記載" for name in DECISION_TEXTS}
    texts["enclosures"] = "控え 1234 5678 9018"  # masked, as the office's setting says
    form = DecisionForm(
        Outcome.DISCLOSED_PART,
        disclosure_grounds=(DisclosureRefusalGround.HARM_TO_PERSON_OR_THIRD_PARTY,),
        method=DisclosureMethod.PAPER,
        **texts,
    )
    done = world.staff.record_decision(case.id, case.version, case.measures[0].id, form)
    measure = done.measures[0]
    assert measure.method is DisclosureMethod.PAPER
    for name in DECISION_TEXTS:
        expected = "控え ＊＊＊＊ ＊＊＊＊ ＊＊＊＊" if name == "enclosures" else texts[name]
        assert getattr(measure, name) == expected, name
    with context.db.session() as session:
        row = session.get(Measure, measure.id)
        assert (row.decided_by_id, row.decided_at) == (users["staff"].user_id, context.now())


def test_a_refusal_without_reasons_says_what_is_missing(context: Context, users: dict) -> None:
    from privacy_desk.domain.vocabulary import DisclosureRefusalGround, Outcome
    from privacy_desk.services.dto import DecisionForm

    world = World(context, users)
    case = _investigated_disclosure(world)
    with pytest.raises(MissingReason) as refused:
        world.staff.record_decision(
            case.id,
            case.version,
            case.measures[0].id,
            DecisionForm(
                Outcome.NOT_DISCLOSED,
                disclosure_grounds=(DisclosureRefusalGround.HARM_TO_PERSON_OR_THIRD_PARTY,),
            ),
        )
    assert refused.value.message.startswith("Disclosure: 'Not disclosed' refuses in whole or part")


def test_a_decision_is_audited_on_its_case_with_its_measure_and_outcome(
    context: Context, users: dict
) -> None:
    import json

    from sqlalchemy import select

    from privacy_desk.storage.models import AuditEntry

    world = World(context, users)
    case = world.decided()
    with context.db.session() as session:
        (entry,) = session.scalars(select(AuditEntry).where(AuditEntry.action == "record_decision"))
        detail = json.loads(entry.detail)
    assert entry.case_id == case.id
    assert (detail["measure"], detail["outcome"]) == (case.measures[0].id, "answered")
