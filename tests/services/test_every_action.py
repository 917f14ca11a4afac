"""Every action the services offer leaves exactly one audit entry, named by the action.

Table-driven over domain/rules.Action: each Action needs at least one row in
tests/services/service_calls.py that names it (a new Action without one fails), and each such
row's call, made by a role allowed to, adds one audit entry and no other. Rows that name no
Action only read: they add none.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from privacy_desk.domain.rules import PERMISSIONS, Action
from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.services.base import Context
from privacy_desk.storage.audit_state import STATE_ACTION
from privacy_desk.storage.models import AuditEntry
from tests.services.service_calls import ROWS, World

ACTION_NAMES = {action.value for action in Action}
ROLE_USER = {UserRole.STAFF: "staff", UserRole.SUPERVISOR: "supervisor", UserRole.ADMIN: "admin"}


def entries(context: Context) -> list[tuple[str, int | None]]:
    with context.db.session() as session:
        return list(
            session.execute(select(AuditEntry.action, AuditEntry.id).order_by(AuditEntry.id))
        )


def test_every_action_has_a_row_that_takes_it() -> None:
    taken = {row.action for row in ROWS.values()} | {
        Action(name) for row in ROWS.values() for name in row.entries if name in ACTION_NAMES
    }
    missing = [action.value for action in Action if action not in taken]
    assert not missing, f"add a row to tests/services/service_calls.py for: {missing}"
    assert set(PERMISSIONS) == set(Action)


@pytest.mark.parametrize("method", sorted(ROWS))
def test_a_call_leaves_one_audit_entry_named_by_its_action(
    context: Context, users: dict, method: str
) -> None:
    row = ROWS[method]
    prepared = row.prepare(World(context, users))
    role = min(row.roles, key=list(UserRole).index)
    before = entries(context)
    row.call(context, users[ROLE_USER[role]], prepared)
    # A "state" entry seals what a change did to another case or user: not an action of its own.
    added = [action for action, _ in entries(context)[len(before) :] if action != STATE_ACTION]
    assert tuple(added) == row.entries, method
