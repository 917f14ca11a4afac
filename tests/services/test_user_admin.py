"""Administering users: roles, disabling, password resets, unlocking, the last administrator.

Every change leaves one audit entry saying who changed what from what to what, never a password.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.services.base import Actor, Context, SessionRefused
from privacy_desk.services.queues import QueueService
from privacy_desk.services.users import (
    AccountLocked,
    AdminService,
    LoginFailed,
    authenticate,
    change_own_password,
    keep_session,
)
from privacy_desk.storage.models import AuditEntry, User
from tests.conftest import PASSWORD, Clock

TEMPORARY = "仮のパスワード 2026"
CHOSEN = "新しい合言葉 みどり"


def entries(context: Context) -> list[tuple[str, str, dict]]:
    with context.db.session() as session:
        rows = session.execute(
            select(AuditEntry.actor, AuditEntry.action, AuditEntry.detail).order_by(AuditEntry.id)
        ).all()
    return [(actor, action, json.loads(detail)) for actor, action, detail in rows]


def audit_text(context: Context) -> str:
    with context.db.session() as session:
        return " ".join(session.scalars(select(AuditEntry.detail)))


def stored(context: Context, login: str) -> User:
    with context.db.session() as session:
        user = session.scalars(select(User).where(User.login == login)).one()
        session.expunge(user)
        return user


def test_set_role_is_audited_old_to_new(context: Context, users: dict[str, Actor]) -> None:
    admin = AdminService(context, users["admin"])
    changed = admin.set_role(users["staff"].user_id, UserRole.SUPERVISOR)
    assert changed.role is UserRole.SUPERVISOR
    actor, action, detail = entries(context)[-1]
    assert (actor, action) == ("kanri", "manage_users")
    assert detail == {"user": "sato", "role": ["staff", "supervisor"]}
    # The session opened with the old role must log in again.
    with pytest.raises(SessionRefused, match="role was changed"):
        QueueService(context, users["staff"]).counts()
    with pytest.raises(ValidationError, match="already has this role"):
        admin.set_role(users["staff"].user_id, UserRole.SUPERVISOR)


def test_disable_and_enable(context: Context, users: dict[str, Actor]) -> None:
    admin = AdminService(context, users["admin"])
    admin.set_active(users["staff"].user_id, False)
    assert entries(context)[-1][2] == {"user": "sato", "active": [True, False]}
    with pytest.raises(LoginFailed):
        authenticate(context, "sato", PASSWORD)
    with pytest.raises(ValidationError, match="already disabled"):
        admin.set_active(users["staff"].user_id, False)
    admin.set_active(users["staff"].user_id, True)
    assert entries(context)[-1][2] == {"user": "sato", "active": [False, True]}
    assert authenticate(context, "sato", PASSWORD).login == "sato"
    # Never deleted: the list still holds everyone.
    assert {a.login for a in admin.accounts()} == {"sato", "kimura", "ito", "mori", "kanri"}


def test_the_last_active_administrator_stays(context: Context, users: dict[str, Actor]) -> None:
    admin = AdminService(context, users["admin"])
    me = users["admin"].user_id
    before = len(entries(context))
    with pytest.raises(ValidationError, match="last active administrator"):
        admin.set_active(me, False)
    with pytest.raises(ValidationError, match="last active administrator"):
        admin.set_role(me, UserRole.SUPERVISOR)
    assert len(entries(context)) == before
    assert stored(context, "kanri").active and stored(context, "kanri").role is UserRole.ADMIN
    # A second administrator, disabled, does not count; once enabled, kanri may step down.
    second = admin.add_user("yoshida", "吉田 恵", UserRole.ADMIN, "吉田さんの長い合言葉")
    admin.set_active(second.id, False)
    with pytest.raises(ValidationError, match="last active administrator"):
        admin.set_role(me, UserRole.STAFF)
    admin.set_active(second.id, True)
    admin.set_role(me, UserRole.SUPERVISOR)
    assert stored(context, "kanri").role is UserRole.SUPERVISOR
    # Now yoshida is the last one.
    yoshida = authenticate(context, "yoshida", "吉田さんの長い合言葉")
    with pytest.raises(ValidationError, match="yoshida is the last active administrator"):
        AdminService(context, yoshida).set_active(second.id, False)


def test_reset_password_then_the_user_must_choose_one(
    context: Context, users: dict[str, Actor]
) -> None:
    admin = AdminService(context, users["admin"])
    old_hash = stored(context, "sato").password_hash
    account = admin.reset_password(users["staff"].user_id, TEMPORARY)
    assert account.must_change_password
    assert stored(context, "sato").password_hash != old_hash
    assert entries(context)[-1][2] == {"user": "sato", "password_reset": True}
    # The open session can do nothing more; the old password no longer opens one.
    with pytest.raises(SessionRefused, match="password was reset"):
        keep_session(context, users["staff"])
    with pytest.raises(LoginFailed):
        authenticate(context, "sato", PASSWORD)
    sato = authenticate(context, "sato", TEMPORARY)
    assert sato.must_change_password
    with pytest.raises(SessionRefused, match="password was reset"):
        QueueService(context, sato).counts()
    # The policy applies to the new one, and it must differ from the temporary one.
    with pytest.raises(ValidationError, match="must differ"):
        change_own_password(context, sato, TEMPORARY, TEMPORARY)
    with pytest.raises(ValidationError, match="too easy to guess"):
        change_own_password(context, sato, TEMPORARY, "Password2026!")
    with pytest.raises(ValidationError, match="login"):
        change_own_password(context, sato, TEMPORARY, "Sato-no-heya-123")
    with pytest.raises(ValidationError, match="current password is wrong"):
        change_own_password(context, sato, "not the one", CHOSEN)
    sato = change_own_password(context, sato, TEMPORARY, CHOSEN)
    assert not sato.must_change_password and not stored(context, "sato").must_change_password
    QueueService(context, sato).counts()  # works again, in the same session
    assert entries(context)[-1][:2] == ("sato", "password_changed")
    assert authenticate(context, "sato", CHOSEN).login == "sato"
    # No password, temporary or chosen, is anywhere in the audit trail.
    text = audit_text(context)
    for password in (PASSWORD, TEMPORARY, CHOSEN, "Password2026!"):
        assert json.dumps(password)[1:-1] not in text and password not in text


def test_reset_password_refuses_a_weak_one_and_ones_own(
    context: Context, users: dict[str, Actor]
) -> None:
    admin = AdminService(context, users["admin"])
    before = len(entries(context))
    with pytest.raises(ValidationError, match="too easy to guess") as refused:
        admin.reset_password(users["staff"].user_id, "qwertyuiop")
    assert "qwertyuiop" not in refused.value.message
    with pytest.raises(ValidationError, match="own password"):
        admin.reset_password(users["admin"].user_id, TEMPORARY)
    with pytest.raises(ValidationError, match="does not exist"):
        admin.reset_password(999_999, TEMPORARY)
    assert len(entries(context)) == before
    assert not stored(context, "sato").must_change_password


def test_unlock_and_the_listing(context: Context, users: dict[str, Actor], clock: Clock) -> None:
    admin = AdminService(context, users["admin"])
    for _ in range(5):
        with pytest.raises(LoginFailed):
            authenticate(context, "kimura", "wrong one")
    with pytest.raises(AccountLocked):
        authenticate(context, "kimura", PASSWORD)
    kimura = next(a for a in admin.accounts() if a.login == "kimura")
    assert kimura.locked(clock()) and kimura.locked_until is not None
    assert kimura.last_login_at is not None  # make_users logged everyone in
    admin.unlock(kimura.id)
    assert entries(context)[-1][2] == {
        "user": "kimura",
        "locked": [True, False],
        "failed_logins": [0, 0],
    }
    assert authenticate(context, "kimura", PASSWORD).login == "kimura"
    with pytest.raises(ValidationError, match="not locked"):
        admin.unlock(kimura.id)
    with pytest.raises(LoginFailed):
        authenticate(context, "kimura", "wrong again")
    assert next(a for a in admin.accounts() if a.login == "kimura").failed_logins == 1
    admin.unlock(kimura.id)
    assert entries(context)[-1][2]["failed_logins"] == [1, 0]


def test_authenticate_stores_the_last_log_in(context: Context, users: dict, clock: Clock) -> None:
    clock.moment += timedelta(days=3)
    authenticate(context, "ito", PASSWORD)
    ito = stored(context, "ito")
    assert ito.last_login_at == clock() and ito.failed_logins == 0
