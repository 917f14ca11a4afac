"""Log-in: Argon2 hashes, lock-out after repeated failures, clear refusals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.services.base import Context
from privacy_desk.services.users import (
    AccountLocked,
    AdminService,
    LoginFailed,
    authenticate,
    create_first_admin,
    has_users,
    list_users,
    verify_password,
)
from privacy_desk.storage.models import User
from tests.conftest import Clock, first_admin


def test_first_admin_then_login(context: Context) -> None:
    assert not has_users(context)
    admin = create_first_admin(context, "kanri", "管理 次郎", "a long password")
    assert admin.role is UserRole.ADMIN and has_users(context)
    with pytest.raises(ValidationError, match="already has users"):
        create_first_admin(context, "other", "他 人", "a long password")
    actor = authenticate(context, "KANRI", "a long password")
    assert actor.login == "kanri" and actor.role is UserRole.ADMIN
    with context.db.session() as session:
        stored = session.scalars(select(User.password_hash)).one()
    assert stored.startswith("$argon2id$") and "a long password" not in stored


def test_lockout(context: Context, clock: Clock) -> None:
    AdminService(context, first_admin(context)).add_user(
        "sato", "佐藤 花子", UserRole.STAFF, "right password"
    )
    for _ in range(4):
        with pytest.raises(LoginFailed, match="login or password is wrong"):
            authenticate(context, "sato", "wrong")
    authenticate(context, "sato", "right password")  # success resets the count
    for _ in range(5):
        with pytest.raises(LoginFailed):
            authenticate(context, "sato", "wrong")
    with pytest.raises(AccountLocked, match="locked") as locked:
        authenticate(context, "sato", "right password")
    assert locked.value.minutes == 15
    clock.moment += timedelta(minutes=16)
    assert authenticate(context, "sato", "right password").login == "sato"


def test_user_validation(context: Context) -> None:
    admin = AdminService(context, first_admin(context))
    with pytest.raises(ValidationError, match="at least 10"):
        admin.add_user("sato", "佐藤 花子", UserRole.STAFF, "short")
    with pytest.raises(ValidationError, match="letters, digits"):
        admin.add_user("sa to", "佐藤 花子", UserRole.STAFF, "long enough!")
    admin.add_user("sato", "佐藤 花子", UserRole.STAFF, "long enough!")
    with pytest.raises(ValidationError, match="taken"):
        admin.add_user("SATO", "佐藤 二郎", UserRole.STAFF, "long enough!")
    assert {u.login for u in list_users(context, first_admin(context))} == {"kanri", "sato"}


def test_unknown_user_and_inactive(context: Context) -> None:
    admin = AdminService(context, first_admin(context))
    user = admin.add_user("sato", "佐藤 花子", UserRole.STAFF, "long enough!")
    with pytest.raises(LoginFailed, match="login or password is wrong"):
        authenticate(context, "nobody", "long enough!")
    actor = authenticate(context, "sato", "long enough!")
    assert verify_password(context, actor, "long enough!")
    assert not verify_password(context, actor, "nope")
    admin.set_active(user.id, False)
    with pytest.raises(LoginFailed):
        authenticate(context, "sato", "long enough!")
