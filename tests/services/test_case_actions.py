"""Which actions the services open on a case for each user, and why they keep the others closed."""

from __future__ import annotations

import pytest

from privacy_desk.domain import rules
from privacy_desk.domain.errors import RuleViolation
from privacy_desk.domain.rules import Action
from privacy_desk.domain.vocabulary import CaseStatus, ClosureKind, IdentityMethod, RequestKind
from privacy_desk.i18n import set_language
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.case_actions import CASE_ACTIONS
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import IdentityForm
from tests.services.factories import complaint_by_phone, correction_by_email


def test_every_workspace_action_has_a_state_for_every_reader(
    context: Context, users: dict[str, Actor]
) -> None:
    case = CaseService(context, users["staff"]).intake(complaint_by_phone())
    for actor in users.values():
        detail = CaseService(context, actor).get(case.id)
        assert set(detail.actions) == set(CASE_ACTIONS)
        for action, state in detail.actions.items():
            may = actor.role in rules.PERMISSIONS[action]
            assert state.visible == may  # a received case: proposing is still ahead
            if not state.enabled:
                assert state.reason, action


def test_roles_and_statuses_open_and_close_actions(
    context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    actions = staff.get(case.id).actions
    assert actions[Action.START_INVESTIGATION].enabled
    assert actions[Action.CLOSE_UNCONFIRMED].enabled
    assert not actions[Action.RESUME].enabled
    assert actions[Action.RESUME].reason == "Not possible while the case is 'Received'."
    assert not actions[Action.REOPEN].visible
    assert actions[Action.REOPEN].reason == "Your role can not do this."
    assert not actions[Action.APPROVE].visible

    admin = CaseService(context, users["admin"]).get(case.id).actions
    assert not any(state.visible for state in admin.values())

    supervisor = CaseService(context, users["supervisor"]).get(case.id).actions
    assert supervisor[Action.APPROVE].visible and not supervisor[Action.APPROVE].enabled


def test_take_is_closed_for_the_owner_and_open_for_the_others(
    context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    taken = staff.take(case.id, case.version)
    assert not taken.actions[Action.TAKE].enabled
    assert taken.actions[Action.TAKE].reason == "You own this case."
    other = CaseService(context, users["staff2"]).get(case.id)
    assert other.actions[Action.TAKE].enabled


def test_the_states_are_in_the_language_of_the_screen(
    context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    set_language("ja")
    try:
        actions = staff.get(case.id).actions
    finally:
        set_language("en")
    assert actions[Action.CLOSE_UNCONFIRMED].reason == "本人確認が必要なのは開示等の請求だけです。"
    assert actions[Action.REOPEN].reason == "あなたの役割ではこの操作はできません。"


# ---- closing for unconfirmed identity is limited to rights requests


def test_rule_closing_for_unconfirmed_identity_needs_a_rights_request() -> None:
    rules.require_identity_closure_allowed([RequestKind.CORRECTION])
    rules.require_identity_closure_allowed([RequestKind.COMPLAINT, RequestKind.DISCLOSURE])
    with pytest.raises(RuleViolation, match="Only rights requests"):
        rules.require_identity_closure_allowed([RequestKind.COMPLAINT])


def test_an_inquiry_can_not_be_closed_for_unconfirmed_identity(
    context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    closed = staff.get(case.id).actions[Action.CLOSE_UNCONFIRMED]
    assert closed.visible and not closed.enabled
    assert closed.reason == "Only rights requests need a confirmed identity."
    with pytest.raises(RuleViolation, match="Only rights requests"):
        staff.close_identity_unconfirmed(case.id, case.version, "No answer to our letter")
    assert staff.get(case.id).status is CaseStatus.RECEIVED


def test_a_rights_request_can_be_closed_for_unconfirmed_identity(
    context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    closed = staff.close_identity_unconfirmed(case.id, case.version, "No answer to our letter")
    assert closed.closure_kind is ClosureKind.IDENTITY_NOT_CONFIRMED
    assert not closed.actions[Action.CLOSE_UNCONFIRMED].enabled


def test_a_state_changing_call_returns_the_next_actions(
    context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    case = staff.confirm_identity(case.id, case.version, IdentityForm(IdentityMethod.CALL_BACK))
    started = staff.start_investigation(case.id, case.version)
    assert started.actions[Action.RECORD_DECISION].enabled
    assert started.actions[Action.PROPOSE].enabled
    assert not started.actions[Action.START_INVESTIGATION].enabled


def test_an_open_action_carries_no_reason(context: Context, users: dict[str, Actor]) -> None:
    case = CaseService(context, users["staff"]).intake(complaint_by_phone())
    opened = {a: s for a, s in case.actions.items() if s.enabled}
    assert Action.ADD_NOTE in opened
    assert all(state.reason == "" for state in opened.values())
