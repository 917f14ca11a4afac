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
