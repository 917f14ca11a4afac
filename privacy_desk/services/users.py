"""Users, log-in and office administration (closures, settings).

Passwords are hashed with Argon2id; repeated failures lock the account for a while. Every change
is audited. Only administrators manage users, the calendar and settings.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from privacy_desk.domain.errors import DomainError, ValidationError
from privacy_desk.domain.rules import PERMISSIONS, Action
from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.i18n import _
from privacy_desk.services import settings as settings_store
from privacy_desk.services.base import Actor, Context, Service, guard_text, require_text
from privacy_desk.services.dto import UserData
from privacy_desk.services.due_dates import move_open_due_dates
from privacy_desk.storage import audit
from privacy_desk.storage.models import Closure, User

_hasher = PasswordHasher()
LOGIN_PATTERN = re.compile(r"^[A-Za-z0-9._-]{2,64}$")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024
# Printable text only: no control character, no lone surrogate (Argon2 hashes UTF-8 bytes).
_PASSWORD_TEXT = re.compile(f"[^\\x00-\\x1f\\x7f\\ud800-\\udfff]{{0,{MAX_PASSWORD}}}")


class LoginFailed(DomainError):
    """Wrong login or password, or a locked account. Never says which of the two was wrong."""


class AccountLocked(LoginFailed):
    """Too many failed log-ins: the account is locked for `minutes` more minutes."""

    def __init__(self, minutes: int) -> None:
        super().__init__(
            _(
                "This account is locked after repeated failed log-ins. Try again in {minutes} "
                "minutes, or ask an administrator."
            ).format(minutes=minutes)
        )
        self.minutes = minutes


def _user_data(user: User) -> UserData:
    return UserData(user.id, user.login, user.name, UserRole(user.role), user.active)


def check_password_strength(password: str) -> None:
    if not isinstance(password, str) or not _PASSWORD_TEXT.fullmatch(password):
        raise ValidationError(
            _(
                "The password may have at most {n} characters and no control characters or "
                "broken Unicode."
            ).format(n=MAX_PASSWORD),
            field="password",
        )
    if len(password) < MIN_PASSWORD:
        raise ValidationError(
            _("The password must have at least {n} characters.").format(n=MIN_PASSWORD)
        )


def has_users(context: Context) -> bool:
    with context.db.session() as session:
        return (session.scalar(select(func.count(User.id))) or 0) > 0


def create_first_admin(context: Context, login: str, name: str, password: str) -> UserData:
    """First start on an empty database: the first administrator, created by whoever starts it."""
    with context.db.session() as session:
        if session.scalar(select(func.count(User.id))):
            raise ValidationError(_("This database already has users: log in instead."))
        user = _new_user(session, login, name, UserRole.ADMIN, password)
        audit.append(
            session,
            f"first-run:{login}",
            Action.MANAGE_USERS.value,
            None,
            {"added": login, "role": UserRole.ADMIN.value},
            at=context.now(),
        )
        return _user_data(user)


def _new_user(session: Session, login: str, name: str, role: UserRole, password: str) -> User:
    login = login.strip()
    if not LOGIN_PATTERN.match(login):
        raise ValidationError(
            _("A login has 2 to 64 letters, digits, dots, hyphens or underscores."), field="login"
        )
    name = require_text(
        guard_text(session, name, "user's name"), _("The user's name"), 200, field="name"
    )
    check_password_strength(password)
    if session.scalar(select(User.id).where(func.lower(User.login) == login.lower())):
        raise ValidationError(_("The login '{login}' is taken.").format(login=login), field="login")
    user = User(login=login, name=name, role=role.value, password_hash=_hasher.hash(password))
    session.add(user)
    session.flush()
    return user


def authenticate(context: Context, login: str, password: str) -> Actor:
    """Check a log-in; count failures and lock the account after too many."""
    if not LOGIN_PATTERN.match(str(login).strip()) or not _PASSWORD_TEXT.fullmatch(str(password)):
        login = ""  # can not be anyone's: refused below as an unknown login is
    with context.db.session() as session:
        user = session.scalars(
            select(User).where(func.lower(User.login) == login.strip().lower())
        ).first()
        now = context.now()
        refused = LoginFailed(_("The login or password is wrong."))
        if user is None or not user.active:
            audit.append(session, "anonymous", "login_failed", None, {}, at=now)
            raise refused
        if user.locked_until is not None and user.locked_until > now:
            raise AccountLocked(max(1, math.ceil((user.locked_until - now).total_seconds() / 60)))
        try:
            _hasher.verify(user.password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            user.failed_logins += 1
            limit = settings_store.load(session).lockout_attempts
            if user.failed_logins >= limit:
                user.locked_until = now + timedelta(
                    minutes=settings_store.load(session).lockout_minutes
                )
                user.failed_logins = 0
            audit.append(session, user.login, "login_failed", None, {}, at=now)
            session.commit()
            raise refused from None
        user.failed_logins = 0
        user.locked_until = None
        if _hasher.check_needs_rehash(user.password_hash):
            user.password_hash = _hasher.hash(password)
        audit.append(session, user.login, "login", None, {}, at=now)
        return Actor(login=user.login, role=UserRole(user.role), user_id=user.id, name=user.name)


def verify_password(context: Context, actor: Actor, password: str) -> bool:
    """Unlock a locked screen: the same user's password, counted like a log-in."""
    try:
        again = authenticate(context, actor.login, password)
    except LoginFailed:
        return False
    return again.user_id == actor.user_id


class AdminService(Service):
    def add_user(self, login: str, name: str, role: UserRole, password: str) -> UserData:
        with self.unit_of_work(Action.MANAGE_USERS) as session:
            user = _new_user(session, login, name, role, password)
            self.record(session, Action.MANAGE_USERS, None, added=user.login, role=role.value)
            return _user_data(user)

    def set_active(self, user_id: int, active: bool) -> UserData:
        with self.unit_of_work(Action.MANAGE_USERS) as session:
            user = session.get(User, user_id)
            if user is None:
                raise ValidationError(_("That user does not exist."))
            user.active = active
            self.record(session, Action.MANAGE_USERS, None, user=user.login, active=active)
            return _user_data(user)

    def add_closure(self, day: date, reason: str) -> None:
        with self.unit_of_work(Action.MANAGE_CALENDAR) as session:
            text = require_text(
                self.clean_text(session, reason, "closure reason"),
                _("The reason"),
                field="closure reason",
            )
            self.context.calendar(session).is_business_day(day)  # refuses years it can not cover
            if session.get(Closure, day) is not None:
                raise ValidationError(
                    _("{day} is already a closure day.").format(day=day.isoformat())
                )
            session.add(Closure(day=day, reason=text, created_by_login=self.actor.login))
            session.flush()
            moved = move_open_due_dates(session, self.context.calendar(session), day)
            self.record(
                session, Action.MANAGE_CALENDAR, None, closure=day.isoformat(), moved_due=moved
            )

    def remove_closure(self, day: date) -> None:
        with self.unit_of_work(Action.MANAGE_CALENDAR) as session:
            row = session.get(Closure, day)
            if row is None:
                raise ValidationError(_("{day} is not a closure day.").format(day=day.isoformat()))
            session.delete(row)
            session.flush()
            moved = move_open_due_dates(session, self.context.calendar(session), day)
            self.record(
                session,
                Action.MANAGE_CALENDAR,
                None,
                removed_closure=day.isoformat(),
                moved_due=moved,
            )

    def set_setting(self, key: str, value: Any) -> None:
        with self.unit_of_work(Action.MANAGE_SETTINGS) as session:
            settings_store.write(session, key, value)
            self.record(session, Action.MANAGE_SETTINGS, None, setting=key)


@dataclass(frozen=True)
class DeskStart:
    """What the main window is built from: the office settings and the users, read at once."""

    settings: settings_store.OfficeSettings
    users: list[UserData]


def desk_start(context: Context) -> DeskStart:
    with context.db.session() as session:
        return DeskStart(
            settings_store.load(session),
            [_user_data(u) for u in session.scalars(select(User).order_by(User.name))],
        )


def list_users(context: Context) -> list[UserData]:
    with context.db.session() as session:
        return [_user_data(u) for u in session.scalars(select(User).order_by(User.name))]


def list_task_owners(context: Context) -> list[UserData]:
    """Who a task may be given to: the active users whose role works on cases."""
    workers = PERMISSIONS[Action.COMPLETE_TASK]
    return [u for u in list_users(context) if u.active and u.role in workers]


def list_closures(context: Context) -> list[tuple[date, str]]:
    with context.db.session() as session:
        return [(c.day, c.reason) for c in session.scalars(select(Closure).order_by(Closure.day))]


def read_settings(context: Context) -> settings_store.OfficeSettings:
    """The office settings, typed, as declared once in services/settings.py."""
    with context.db.session() as session:
        return settings_store.load(session)
