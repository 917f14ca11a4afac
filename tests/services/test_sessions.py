"""Who may do what: every unit of work checks the log-in's session and its user in the database.

A made-up Actor, an ended or idle session, a deactivated, locked or re-roled user are refused with
words for people, and nothing is written. Four eyes: whoever authored any part of a decision can
not approve it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from privacy_desk.domain.errors import PermissionDenied
from privacy_desk.domain.rules import Action
from privacy_desk.domain.vocabulary import (
    CaseStatus,
    IdentityMethod,
    Outcome,
    UserRole,
)
from privacy_desk.services.base import Actor, Context, SessionRefused
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import DecisionForm, IdentityForm
from privacy_desk.services.queues import QueueService
from privacy_desk.services.users import (
    AccountLocked,
    AdminService,
    LoginFailed,
    authenticate,
    keep_session,
    list_users,
    log_out,
    unknown_login_actor,
    verify_password,
)
from privacy_desk.storage.db import Database
from privacy_desk.storage.models import AuditEntry, Case, LoginSession, User
from tests.conftest import PASSWORD, Clock, make_users
from tests.services.factories import (
    correction_by_email,
    disclosure_by_parent,
    propose_story_1_disclosure,
)


@pytest.fixture
def any_context(any_db: Database, clock: Clock) -> Context:
    return Context(any_db, clock=clock)


ENDED = "Your session has ended: log in again."


def _rows(context: Context) -> tuple[int, int, int]:
    """Users, cases and audit entries: what a refused call must leave as it was."""
    with context.db.session() as session:
        return (
            session.scalar(select(func.count(User.id))) or 0,
            session.scalar(select(func.count(Case.id))) or 0,
            session.scalar(select(func.count(AuditEntry.id))) or 0,
        )


def _refused(context: Context, call, message: str) -> None:
    before = _rows(context)
    with pytest.raises(SessionRefused) as refusal:
        call()
    assert refusal.value.message == message
    assert _rows(context) == before


def _add_user(actor: Actor, context: Context) -> None:
    AdminService(context, actor).add_user("nise", "偽 太郎", UserRole.ADMIN, "a long password")


def test_a_made_up_actor_is_refused_and_writes_nothing(any_context: Context) -> None:
    users = make_users(any_context)
    admin, staff = users["admin"], users["staff"]
    made_up = Actor(login="kanri", role=UserRole.ADMIN, user_id=admin.user_id, name="管理 次郎")
    _refused(any_context, lambda: _add_user(made_up, any_context), ENDED)
    # A staff member's real session, claiming to be an administrator.
    claimed = replace(staff, role=UserRole.ADMIN)
    _refused(
        any_context, lambda: _add_user(claimed, any_context), "Your role was changed: log in again."
    )
    # Another user's session under the administrator's name.
    borrowed = replace(admin, session_id=staff.session_id)
    _refused(any_context, lambda: _add_user(borrowed, any_context), ENDED)
    # The staff member's own session and login, with the administrator's user id.
    renumbered = replace(staff, user_id=admin.user_id)
    _refused(any_context, lambda: CaseService(any_context, renumbered).get(1), ENDED)
    # A supervisor that does not exist can not approve (nor read).
    ghost = Actor(login="ghost", role=UserRole.SUPERVISOR, user_id=999, session_id="x" * 43)
    _refused(any_context, lambda: CaseService(any_context, ghost).get(1), ENDED)
    _add_user(admin, any_context)  # the real one may


def test_a_deactivated_users_open_window_is_refused_on_the_next_save(any_context: Context) -> None:
    users = make_users(any_context)
    staff = CaseService(any_context, users["staff"])
    case = staff.intake(correction_by_email())
    AdminService(any_context, users["admin"]).set_active(users["staff"].user_id, False)
    _refused(
        any_context,
        lambda: staff.confirm_identity(
            case.id, case.version, IdentityForm(IdentityMethod.CALL_BACK)
        ),
        "Your account was deactivated: ask an administrator. Nothing was saved.",
    )
    _refused(
        any_context,
        lambda: staff.get(case.id),
        "Your account was deactivated: ask an administrator. Nothing was saved.",
    )


def test_a_locked_account_and_a_changed_role_are_refused(context: Context, clock: Clock) -> None:
    users = make_users(context)
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    for _ in range(5):  # someone at another desk guesses the password
        with pytest.raises(LoginFailed):
            authenticate(context, "sato", "wrong password")
    _refused(
        context,
        lambda: staff.get(case.id),
        "Your account is locked after repeated failed log-ins: nothing was saved. Log in again "
        "when it opens, or ask an administrator.",
    )
    clock.moment += timedelta(minutes=16)
    assert staff.get(case.id).id == case.id
    with context.db.session() as session:
        session.get(User, users["staff"].user_id).role = UserRole.SUPERVISOR  # type: ignore[union-attr]
    _refused(context, lambda: staff.get(case.id), "Your role was changed: log in again.")


def test_the_idle_lock_expires_the_session_and_unlocking_takes_it_up(
    context: Context, clock: Clock
) -> None:
    users = make_users(context)
    AdminService(context, users["admin"]).set_setting("idle_lock_minutes", 10)
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    clock.moment += timedelta(minutes=9)
    staff.get(case.id)  # an activity: the idle time starts anew
    clock.moment += timedelta(minutes=9)
    keep_session(context, users["staff"])  # keys and mouse at the desk, nothing saved
    clock.moment += timedelta(minutes=9)
    staff.get(case.id)
    clock.moment += timedelta(minutes=12)
    _refused(
        context,
        lambda: staff.get(case.id),
        "Your session ended after 10 minutes without use: log in again.",
    )
    assert not verify_password(context, users["staff"], "wrong password")
    assert verify_password(context, users["staff"], PASSWORD)
    assert staff.get(case.id).id == case.id


def test_the_screens_own_refreshes_do_not_keep_the_session_alive(
    context: Context, clock: Clock
) -> None:
    users = make_users(context)
    AdminService(context, users["admin"]).set_setting("idle_lock_minutes", 10)
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    queues = QueueService(context, users["staff"])
    for _ in range(11):  # the queue counts every minute, nobody at the desk
        clock.moment += timedelta(minutes=1)
        queues.counts()
    clock.moment += timedelta(minutes=1)
    _refused(
        context,
        lambda: staff.get(case.id),
        "Your session ended after 10 minutes without use: log in again.",
    )


def test_log_out_ends_the_session(context: Context, clock: Clock) -> None:
    users = make_users(context)
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    log_out(context, users["staff"])
    _refused(context, lambda: staff.get(case.id), ENDED)
    with pytest.raises(SessionRefused, match="session has ended"):
        verify_password(context, users["staff"], PASSWORD)  # an ended session stays ended
    with context.db.session() as session:
        row = session.scalars(select(LoginSession).where(LoginSession.ended_at.is_not(None))).one()
        assert row.ended_reason == "logout" and len(row.id) == 64
        assert row.id != users["staff"].session_id  # only its hash is stored
    again = authenticate(context, "sato", PASSWORD)  # a new log-in, a new session
    assert CaseService(context, again).get(case.id).id == case.id
    clock.moment += timedelta(days=31)
    authenticate(context, "sato", PASSWORD)  # the sessions unused for 30 days are gone
    with context.db.session() as session:
        kept = session.scalars(select(LoginSession.user_id).order_by(LoginSession.user_id)).all()
    assert kept.count(users["staff"].user_id) == 1 and users["admin"].user_id in kept


def test_a_failed_log_in_says_the_same_and_is_audited_without_the_login(context: Context) -> None:
    make_users(context)
    with pytest.raises(LoginFailed) as unknown:
        authenticate(context, "yamada.taro", PASSWORD)
    with pytest.raises(LoginFailed) as wrong:
        authenticate(context, "sato", "wrong password")
    assert str(unknown.value) == str(wrong.value) == "The login or password is wrong."
    with context.db.session() as session:
        failed = session.execute(
            select(AuditEntry.actor, AuditEntry.detail).where(AuditEntry.action == "login_failed")
        ).all()
    assert [actor for actor, _ in failed] == [unknown_login_actor("yamada.taro"), "sato"]
    assert all("yamada" not in actor + detail for actor, detail in failed)
    # An unknown login locks as a real one does: the lock does not tell either.
    for login in ("yamada.taro", "sato"):  # each had one failure above
        for _ in range(4):
            with pytest.raises(LoginFailed):
                authenticate(context, login, "wrong password")
    for login in ("yamada.taro", "sato"):
        with pytest.raises(AccountLocked) as locked:
            authenticate(context, login, PASSWORD)
        assert locked.value.minutes == 15


def test_reads_of_users_and_settings_need_a_session(context: Context) -> None:
    users = make_users(context)
    assert {u.login for u in list_users(context, users["staff"])} >= {"sato", "kanri"}
    log_out(context, users["staff"])
    with pytest.raises(SessionRefused):
        list_users(context, users["staff"])


# ---------------------------------------------------------------- four eyes


def _proposed_by_staff_after_the_supervisor_decided(context: Context, users: dict) -> Case:
    staff = CaseService(context, users["staff"])
    supervisor = CaseService(context, users["supervisor"])
    case = staff.intake(correction_by_email())
    case = staff.confirm_identity(case.id, case.version, IdentityForm(IdentityMethod.CALL_BACK))
    case = staff.start_investigation(case.id, case.version)
    case = supervisor.record_decision(
        case.id,
        case.version,
        case.measures[0].id,
        DecisionForm(Outcome.NOT_CORRECTED, "登録住所はご本人の記入どおりであった"),
    )
    return staff.propose(case.id, case.version)


def test_four_eyes_a_supervisor_who_recorded_the_decision_can_not_approve_it(
    context: Context,
) -> None:
    users = make_users(context)
    case = _proposed_by_staff_after_the_supervisor_decided(context, users)
    # The workspace says so before the click: Approve is off for the co-author, with the rule.
    approve = CaseService(context, users["supervisor"]).get(case.id).actions[Action.APPROVE]
    assert (approve.visible, approve.enabled) == (True, False)
    assert approve.reason.startswith("Four eyes: you recorded or changed an outcome")
    assert CaseService(context, users["supervisor2"]).get(case.id).actions[Action.APPROVE].enabled
    with pytest.raises(PermissionDenied, match="Four eyes: you recorded or changed an outcome"):
        CaseService(context, users["supervisor"]).approve(case.id, case.version)
    assert CaseService(context, users["staff"]).get(case.id).status is CaseStatus.DECISION_PROPOSED
    approved = CaseService(context, users["supervisor2"]).approve(case.id, case.version)
    assert approved.status is CaseStatus.APPROVED


def test_four_eyes_a_fee_changed_by_the_supervisor(context: Context, clock: Clock) -> None:
    users = make_users(context)
    case = CaseService(context, users["staff"]).intake(disclosure_by_parent())
    case = propose_story_1_disclosure(context, users, clock, case)
    case = CaseService(context, users["supervisor"]).record_fee(case.id, case.version, 300)
    with pytest.raises(PermissionDenied, match="Four eyes"):
        CaseService(context, users["supervisor"]).approve(case.id, case.version)
    assert CaseService(context, users["supervisor2"]).approve(case.id, case.version).status is (
        CaseStatus.APPROVED
    )
