"""Every role × every service action: allowed or refused in the service layer, below any screen."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from privacy_desk.domain.errors import DomainError, PermissionDenied
from privacy_desk.domain.vocabulary import (
    ContactDirection,
    ContactKind,
    DispatchMethod,
    IdentityMethod,
    Outcome,
    PauseReason,
    Queue,
    UserRole,
)
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.demo import DemoService
from privacy_desk.services.dto import DecisionForm, IdentityForm
from privacy_desk.services.queues import QueueService
from privacy_desk.services.users import AdminService
from tests.services.factories import complaint_by_phone

WORKERS = {UserRole.STAFF, UserRole.SUPERVISOR}
SUPERVISOR = {UserRole.SUPERVISOR}
ADMIN = {UserRole.ADMIN}
EVERYONE = set(UserRole)

# action name → (roles allowed, call(context, actor, case_id, version))
Call = Callable[[Context, Actor, int, int], object]
ACTIONS: dict[str, tuple[set[UserRole], Call]] = {
    "intake": (WORKERS, lambda c, a, i, v: CaseService(c, a).intake(complaint_by_phone())),
    "read case": (EVERYONE, lambda c, a, i, v: CaseService(c, a).get(i)),
    "similar cases": (
        EVERYONE,
        lambda c, a, i, v: CaseService(c, a).similar_cases(name="井上優子"),
    ),
    "list queue": (EVERYONE, lambda c, a, i, v: QueueService(c, a).list(Queue.ALL_OPEN)),
    "queue counts": (EVERYONE, lambda c, a, i, v: QueueService(c, a).counts()),
    "reveal name": (EVERYONE, lambda c, a, i, v: QueueService(c, a).reveal_name(i)),
    "edit case": (WORKERS, lambda c, a, i, v: CaseService(c, a).update_case(i, v, summary="x")),
    "add contact": (
        WORKERS,
        lambda c, a, i, v: CaseService(c, a).add_contact(
            i, v, ContactKind.CALL, ContactDirection.IN, "x"
        ),
    ),
    "add note": (WORKERS, lambda c, a, i, v: CaseService(c, a).add_note(i, v, "x")),
    "add task": (WORKERS, lambda c, a, i, v: CaseService(c, a).add_task(i, v, "x")),
    "confirm identity": (
        WORKERS,
        lambda c, a, i, v: CaseService(c, a).confirm_identity(
            i, v, IdentityForm(IdentityMethod.CALL_BACK)
        ),
    ),
    "take": (WORKERS, lambda c, a, i, v: CaseService(c, a).take(i, v)),
    "assign": (SUPERVISOR, lambda c, a, i, v: CaseService(c, a).assign([i], None)),
    "start investigation": (
        WORKERS,
        lambda c, a, i, v: CaseService(c, a).start_investigation(i, v),
    ),
    "pause": (WORKERS, lambda c, a, i, v: CaseService(c, a).pause(i, v, PauseReason.CLARIFICATION)),
    "resume": (WORKERS, lambda c, a, i, v: CaseService(c, a).resume(i, v)),
    "extend": (WORKERS, lambda c, a, i, v: CaseService(c, a).extend(i, v, date(2026, 12, 25), "x")),
    "record decision": (
        WORKERS,
        lambda c, a, i, v: CaseService(c, a).record_decision(
            i, v, 1, DecisionForm(Outcome.ANSWERED)
        ),
    ),
    "record fee": (WORKERS, lambda c, a, i, v: CaseService(c, a).record_fee(i, v, 300)),
    "propose": (WORKERS, lambda c, a, i, v: CaseService(c, a).propose(i, v)),
    "approve": (SUPERVISOR, lambda c, a, i, v: CaseService(c, a).approve(i, v)),
    "send back": (SUPERVISOR, lambda c, a, i, v: CaseService(c, a).send_back(i, v, "x")),
    "record notice sent": (
        WORKERS,
        lambda c, a, i, v: CaseService(c, a).record_notice_sent(i, v, DispatchMethod.POST),
    ),
    "close": (WORKERS, lambda c, a, i, v: CaseService(c, a).close(i, v)),
    "withdraw": (WORKERS, lambda c, a, i, v: CaseService(c, a).withdraw(i, v)),
    "close unconfirmed": (
        WORKERS,
        lambda c, a, i, v: CaseService(c, a).close_identity_unconfirmed(i, v, "x"),
    ),
    "reopen": (SUPERVISOR, lambda c, a, i, v: CaseService(c, a).reopen(i, v, "x")),
    "link cases": (WORKERS, lambda c, a, i, v: CaseService(c, a).link(i, v, i)),
    "add user": (
        ADMIN,
        lambda c, a, i, v: AdminService(c, a).add_user(
            "newuser", "新井 翼", UserRole.STAFF, "long enough pw"
        ),
    ),
    "add closure": (
        ADMIN,
        lambda c, a, i, v: AdminService(c, a).add_closure(date(2026, 12, 25), "x"),
    ),
    "change setting": (
        ADMIN,
        lambda c, a, i, v: AdminService(c, a).set_setting("due_soon_business_days", 3),
    ),
    "demo data": (ADMIN, lambda c, a, i, v: DemoService(c, a).generate(1)),
}
ROLE_USER = {UserRole.STAFF: "staff", UserRole.SUPERVISOR: "supervisor", UserRole.ADMIN: "admin"}


@pytest.mark.parametrize("action", sorted(ACTIONS))
@pytest.mark.parametrize("role", list(UserRole))
def test_role_may_or_may_not(context: Context, users: dict, action: str, role: UserRole) -> None:
    case = CaseService(context, users["staff"]).intake(complaint_by_phone())
    allowed, call = ACTIONS[action]
    actor = users[ROLE_USER[role]]
    if role in allowed:
        try:
            call(context, actor, case.id, case.version)
        except PermissionDenied as exc:  # pragma: no cover - this is the failure being tested
            pytest.fail(f"{role.value} was refused {action}: {exc}")
        except DomainError:
            pass  # allowed by role; refused by a rule of the case's state, which is fine here
    else:
        with pytest.raises(PermissionDenied):
            call(context, actor, case.id, case.version)
