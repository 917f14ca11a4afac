"""Users, log-in and office administration (closures, settings).

Passwords are hashed with Argon2id; repeated failures lock the account for a while. Every change
is audited. Only administrators manage users, the calendar and settings.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from privacy_desk.domain.errors import DomainError, ValidationError
from privacy_desk.domain.names import name_sort_key
from privacy_desk.domain.passwords import PASSWORD_TEXT, check_password_policy
from privacy_desk.domain.rules import PERMISSIONS, Action
from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.i18n import _
from privacy_desk.services import settings as settings_store
from privacy_desk.services import settings_pages
from privacy_desk.services.base import (
    Actor,
    Context,
    Service,
    SessionRefused,
    check_actor,
    guard_text,
    require_text,
    session_key,
    unit_of_work,
)
from privacy_desk.services.dto import UserAccount, UserData
from privacy_desk.services.due_dates import move_open_due_dates
from privacy_desk.services.offices import OfficeData, default_office_id, office_by_code, office_data
from privacy_desk.services.offices import _clean as clean_office_item
from privacy_desk.storage import audit
from privacy_desk.storage.models import AuditEntry, Closure, LoginSession, Office, User

_hasher = PasswordHasher()
LOGIN_PATTERN = re.compile(r"^[A-Za-z0-9._-]{2,64}$")
SESSIONS_KEPT = timedelta(days=30)
# The entry in a case's history when a closure added or removed moved its due date.
DUE_MOVED = "due_moved"


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


def _account(user: User) -> UserAccount:
    return UserAccount(
        id=user.id,
        login=user.login,
        name=user.name,
        role=UserRole(user.role),
        active=user.active,
        last_login_at=user.last_login_at,
        failed_logins=user.failed_logins,
        locked_until=user.locked_until,
        must_change_password=user.must_change_password,
    )


def check_password_strength(password: str, login: str = "") -> None:
    """The password policy (domain/passwords.py): refused with a reason, never echoed."""
    check_password_policy(password, login)


def has_users(context: Context) -> bool:
    with context.db.session() as session:
        return (session.scalar(select(func.count(User.id))) or 0) > 0


def create_first_admin(
    context: Context,
    login: str,
    name: str,
    password: str,
    organisation: tuple[str, str] | None = None,
    office: Mapping[str, str] | None = None,
) -> UserData:
    """First start on an empty database: the first administrator, created by whoever starts it.

    `organisation` (its names in Japanese and English) goes into the letterhead and `office`
    (items of offices.EDITABLE) into the first office, when given, in the same transaction,
    audited old → new like any change of settings."""
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
        if organisation is not None:
            _first_organisation(session, context, login, organisation)
        if office:
            _first_office_items(session, context, login, office)
        return _user_data(user)


def first_office(context: Context) -> OfficeData | None:
    """What the first start shows of the first office (None once the database has users)."""
    with context.db.session() as session:
        if session.scalar(select(func.count(User.id))):
            return None
        row = session.get(Office, default_office_id(session))
        return office_data(row) if row is not None else None


def _first_office_items(
    session: Session, context: Context, login: str, items: Mapping[str, str]
) -> None:
    row = session.get(Office, default_office_id(session))
    assert row is not None  # default_office_id found it
    cleaned = {
        key: guard_text(session, clean_office_item(key, v), "setting") for key, v in items.items()
    }
    changed = {
        key: {"old": getattr(row, key), "new": text}
        for key, text in cleaned.items()
        if getattr(row, key) != text
    }
    for key, text in cleaned.items():
        setattr(row, key, text)
    audit.append(
        session,
        f"first-run:{login}",
        Action.MANAGE_SETTINGS.value,
        None,
        {"office": row.code, "changed": changed},
        at=context.now(),
    )


def _first_organisation(
    session: Session, context: Context, login: str, names: tuple[str, str]
) -> None:
    values = {}
    for field, what, text in (
        ("organisation_ja", _("The organisation's name in Japanese"), names[0]),
        ("organisation_en", _("The organisation's name in English"), names[1]),
    ):
        values[f"letterhead.{field}"] = require_text(text, what, 200, field=field)
    changes = settings_pages.apply(session, values)
    audit.append(
        session,
        f"first-run:{login}",
        Action.MANAGE_SETTINGS.value,
        None,
        {"settings": sorted(values), "changes": changes},
        at=context.now(),
    )


def _new_user(session: Session, login: str, name: str, role: UserRole, password: str) -> User:
    login = login.strip()
    if not LOGIN_PATTERN.match(login):
        raise ValidationError(
            _("A login has 2 to 64 letters, digits, dots, hyphens or underscores."), field="login"
        )
    name = require_text(
        guard_text(session, name, "user's name"), _("The user's name"), 200, field="name"
    )
    check_password_strength(password, login)
    if session.scalar(select(User.id).where(func.lower(User.login) == login.lower())):
        raise ValidationError(_("The login '{login}' is taken.").format(login=login), field="login")
    user = User(
        login=login,
        name=name,
        role=role.value,
        password_hash=_hasher.hash(password),
        office_id=default_office_id(session),
    )
    session.add(user)
    session.flush()
    return user


def unknown_login_actor(login: str) -> str:
    """How the audit trail names a failed log-in with a login no active user has.

    The first 8 hex digits of the SHA-256 of what was typed (case-folded): repeated tries of the
    same name stand out, yet the trail never holds the text, which may be a person's name or a
    password typed into the wrong field; 32 bits are too few to confirm a guess at a password.
    """
    digest = hashlib.sha256(login.strip().casefold().encode("utf-8", "replace")).hexdigest()
    return f"unknown:{digest[:8]}"


def _locked_minutes(locked_until: datetime | None, now: datetime) -> int | None:
    if locked_until is None or locked_until <= now:
        return None
    return max(1, math.ceil((locked_until - now).total_seconds() / 60))


def _unknown_login_locked_until(
    session: Session, who: str, limit: int, minutes: int
) -> datetime | None:
    """When a login no active user has would be locked now, had it been a user's: the same
    counting as User.failed_logins/locked_until, replayed from its audited failures, so that
    nothing (the words, the lock) tells whether a login exists."""
    failures, locked_until = 0, cast(datetime | None, None)
    for at in session.scalars(
        select(AuditEntry.at)
        .where(AuditEntry.actor == who, AuditEntry.action == "login_failed")
        .order_by(AuditEntry.id)
    ):
        if locked_until is not None and at < locked_until:
            continue
        failures += 1
        if failures >= limit:
            locked_until, failures = at + timedelta(minutes=minutes), 0
    return locked_until


def _check_password(session: Session, context: Context, login: str, password: str) -> User:
    """The active user with this login and password, or LoginFailed (audited, the same words
    whether or not the login exists; failures counted and the account locked after too many)."""
    user = session.scalars(
        select(User).where(func.lower(User.login) == login.strip().lower())
    ).first()
    now = context.now()
    office = settings_store.load(session)
    refused = LoginFailed(_("The login or password is wrong."))
    if user is None or not user.active:
        who = unknown_login_actor(login)
        until = _unknown_login_locked_until(
            session, who, office.lockout_attempts, office.lockout_minutes
        )
        audit.append(session, who, "login_failed", None, {}, at=now)
        session.commit()
        locked = _locked_minutes(until, now)
        if locked is not None:
            raise AccountLocked(locked)
        raise refused
    locked = _locked_minutes(user.locked_until, now)
    if locked is not None:
        audit.append(session, user.login, "login_failed", None, {}, at=now)
        session.commit()
        raise AccountLocked(locked)
    try:
        _hasher.verify(user.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        user.failed_logins += 1
        if user.failed_logins >= office.lockout_attempts:
            user.locked_until = now + timedelta(minutes=office.lockout_minutes)
            user.failed_logins = 0
        audit.append(session, user.login, "login_failed", None, {}, at=now)
        session.commit()
        raise refused from None
    user.failed_logins = 0
    user.locked_until = None
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return user


def authenticate(context: Context, login: str, password: str) -> Actor:
    """Check a log-in and open a session for it; count failures and lock after too many.

    The Actor returned carries the session's token: every unit of work checks it.
    """
    if not LOGIN_PATTERN.match(str(login).strip()) or not PASSWORD_TEXT.fullmatch(str(password)):
        login = ""  # can not be anyone's: refused below as an unknown login is
    with context.db.session() as session:
        user = _check_password(session, context, login, password)
        now = context.now()
        # The user's sessions unused for SESSIONS_KEPT go (each command line run leaves one).
        session.execute(
            delete(LoginSession).where(
                LoginSession.user_id == user.id,
                LoginSession.last_activity_at < now - SESSIONS_KEPT,
            )
        )
        token = secrets.token_urlsafe(32)
        session.add(
            LoginSession(
                id=session_key(token),
                user_id=user.id,
                started_at=now,
                last_activity_at=now,
                ended_reason="",
            )
        )
        user.last_login_at = now
        audit.append(session, user.login, "login", None, {}, at=now)
        return Actor(
            login=user.login,
            role=UserRole(user.role),
            user_id=user.id,
            name=user.name,
            session_id=token,
            must_change_password=user.must_change_password,
        )


def verify_password(context: Context, actor: Actor, password: str) -> bool:
    """Unlock a locked screen: the same user's password, counted like a log-in; the right one
    takes up the actor's session again (its idle time starts anew). A session that was ended, or
    a user who may no longer act, is refused with SessionRefused."""
    with context.db.session() as session:
        mine = session.get(User, actor.user_id) if actor.user_id is not None else None
        if mine is not None and not mine.active:
            raise SessionRefused(_("Your account was deactivated: ask an administrator."))
        try:
            user = _check_password(session, context, actor.login, password)
        except LoginFailed:
            return False
        if user.id != actor.user_id:
            return False
        row = session.get(LoginSession, session_key(actor.session_id or ""))
        if row is None or row.user_id != user.id or row.ended_at is not None:
            session.commit()  # the password check's counters stay
            raise SessionRefused(_("Your session has ended: log in again."))
        row.last_activity_at = context.now()
        audit.append(session, user.login, "unlock", None, {}, at=context.now())
        return True


def keep_session(context: Context, actor: Actor) -> None:
    """The desk is in use (keys, mouse) though nothing is saved: the session stays alive."""
    with unit_of_work(context, actor, Action.READ_CASE):
        pass  # the check refreshes the session's last activity


def log_out(context: Context, actor: Actor) -> None:
    """End the actor's session (audited); later calls with this actor are refused."""
    with context.db.session() as session:
        row = session.get(LoginSession, session_key(actor.session_id or ""))
        if row is None or row.user_id != actor.user_id or row.ended_at is not None:
            return
        row.ended_at = context.now()
        row.ended_reason = "logout"
        audit.append(session, actor.login, "logout", None, {}, at=context.now())


def change_own_password(context: Context, actor: Actor, current: str, new: str) -> Actor:
    """The user chooses a new password (the policy applies; not the current one again); the
    one a reset gave must be replaced this way before anything else. Audited, without either
    password. The actor returned may work again (its must_change_password is cleared)."""
    with context.db.session() as session:
        check_actor(session, context, actor, Action.READ_CASE, changing_password=True)
        try:
            user = _check_password(session, context, actor.login, current)
        except AccountLocked:
            raise
        except LoginFailed:
            raise ValidationError(
                _("Your current password is wrong."), field="current password"
            ) from None
        check_password_strength(new, user.login)
        if new == current:
            raise ValidationError(
                _("The new password must differ from the current one."), field="password"
            )
        user.password_hash = _hasher.hash(new)
        user.must_change_password = False
        audit.append(
            session, user.login, "password_changed", None, {"user": user.login}, at=context.now()
        )
        return replace(actor, must_change_password=False)


def _user_to_manage(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise ValidationError(_("That user does not exist."))
    return user


def _keep_an_administrator(session: Session, user: User) -> None:
    """Refuse to disable or demote the last active administrator (the office would have nobody
    left to manage it). The administrators' rows are locked until the transaction ends, so two
    desks can not each remove the other's."""
    if UserRole(user.role) is not UserRole.ADMIN or not user.active:
        return
    admins = session.scalars(
        select(User.id).where(User.role == UserRole.ADMIN, User.active.is_(True)).with_for_update()
    ).all()
    if not set(admins) - {user.id}:
        raise ValidationError(
            _(
                "{login} is the last active administrator: make another user an administrator "
                "first, so that someone can still manage the office."
            ).format(login=user.login)
        )


class AdminService(Service):
    def add_user(self, login: str, name: str, role: UserRole, password: str) -> UserData:
        with self.unit_of_work(Action.MANAGE_USERS) as session:
            user = _new_user(session, login, name, role, password)
            self.record(session, Action.MANAGE_USERS, None, added=user.login, role=role.value)
            return _user_data(user)

    def set_active(self, user_id: int, active: bool) -> UserData:
        """Disable (the user can no longer log in nor act) or enable a user; never a deletion:
        the history keeps the name. The last active administrator is not disabled."""
        with self.unit_of_work(Action.MANAGE_USERS) as session:
            user = _user_to_manage(session, user_id)
            if user.active == active:
                raise ValidationError(
                    _("{login} is already active.").format(login=user.login)
                    if active
                    else _("{login} is already disabled.").format(login=user.login)
                )
            if not active:
                _keep_an_administrator(session, user)
            user.active = active
            self.record(
                session, Action.MANAGE_USERS, None, user=user.login, active=[not active, active]
            )
            return _user_data(user)

    def set_role(self, user_id: int, role: UserRole) -> UserData:
        """Give a user another role; their open sessions must log in again (check_actor)."""
        role = UserRole(role)
        with self.unit_of_work(Action.MANAGE_USERS) as session:
            user = _user_to_manage(session, user_id)
            old = UserRole(user.role)
            if old is role:
                raise ValidationError(
                    _("{login} already has this role.").format(login=user.login), field="role"
                )
            if old is UserRole.ADMIN:
                _keep_an_administrator(session, user)
            user.role = role
            self.record(
                session, Action.MANAGE_USERS, None, user=user.login, role=[old.value, role.value]
            )
            return _user_data(user)

    def reset_password(self, user_id: int, new_temporary_password: str) -> UserAccount:
        """A temporary password the user must replace at their next log-in; a lock is lifted
        with it (the audit entry says so, never the password)."""
        with self.unit_of_work(Action.MANAGE_USERS) as session:
            user = _user_to_manage(session, user_id)
            if user.id == self.actor.user_id:
                raise ValidationError(
                    _(
                        "You can not reset your own password: change it with File › Change my "
                        "password (or `privacy-desk user password`), or ask another administrator."
                    )
                )
            check_password_strength(new_temporary_password, user.login)
            was_locked = _locked_minutes(user.locked_until, self.context.now()) is not None
            user.password_hash = _hasher.hash(new_temporary_password)
            user.must_change_password = True
            user.failed_logins = 0
            user.locked_until = None
            detail: dict[str, Any] = {"user": user.login, "password_reset": True}
            if was_locked:
                detail["locked"] = [True, False]
            self.record(session, Action.MANAGE_USERS, None, **detail)
            return _account(user)

    def unlock(self, user_id: int) -> UserAccount:
        """Lift a lock-out and forget the failed log-ins counted so far."""
        with self.unit_of_work(Action.MANAGE_USERS) as session:
            user = _user_to_manage(session, user_id)
            now = self.context.now()
            locked = _locked_minutes(user.locked_until, now) is not None
            if not locked and not user.failed_logins:
                raise ValidationError(
                    _("{login} is not locked and has no failed log-ins.").format(login=user.login)
                )
            self.record(
                session,
                Action.MANAGE_USERS,
                None,
                user=user.login,
                locked=[locked, False],
                failed_logins=[user.failed_logins, 0],
            )
            user.failed_logins = 0
            user.locked_until = None
            return _account(user)

    def accounts(self) -> list[UserAccount]:
        """Every user with their role, state, last log-in and failed attempts (administrators)."""
        with self.unit_of_work(Action.MANAGE_USERS) as session:
            users = session.scalars(select(User).order_by(User.active.desc(), User.login))
            return [_account(u) for u in users]

    def add_closure(self, day: date, reason: str, office: str | None = None) -> list[str]:
        """Close one office (its code) or every office (None) on a day; the open cases due on
        or after it are worked out again. Returns the references of the cases whose due date
        moved (each case's history says so)."""
        with self.unit_of_work(Action.MANAGE_CALENDAR) as session:
            text = require_text(
                self.clean_text(session, reason, "closure reason"),
                _("The reason"),
                field="closure reason",
            )
            office_id = None if office is None else office_by_code(session, office).id
            calendar = self.context.calendar(session, office_id)
            calendar.is_business_day(day)  # refuses years it can not cover
            if _closure(session, day, office_id) is not None:
                raise ValidationError(
                    _("{day} is already a closure day.").format(day=day.isoformat())
                )
            if office_id is not None and _closure(session, day, None) is not None:
                # One office closed on a day every office is closed would change nothing, and
                # would stay behind, unseen, when the closure of every office is removed.
                raise ValidationError(
                    _("{day} is already a closure day of every office.").format(day=day.isoformat())
                )
            session.add(
                Closure(
                    day=day, office_id=office_id, reason=text, created_by_login=self.actor.login
                )
            )
            session.flush()
            moved = self._move_due_dates(session, day, office_id)
            self.record(
                session,
                Action.MANAGE_CALENDAR,
                None,
                closure=day.isoformat(),
                office=office,
                moved_due=len(moved),
            )
            return moved

    def remove_closure(self, day: date, office: str | None = None) -> list[str]:
        with self.unit_of_work(Action.MANAGE_CALENDAR) as session:
            office_id = None if office is None else office_by_code(session, office).id
            row = _closure(session, day, office_id)
            if row is None:
                raise ValidationError(_("{day} is not a closure day.").format(day=day.isoformat()))
            session.delete(row)
            session.flush()
            moved = self._move_due_dates(session, day, office_id)
            self.record(
                session,
                Action.MANAGE_CALENDAR,
                None,
                removed_closure=day.isoformat(),
                office=office,
                moved_due=len(moved),
            )
            return moved

    def _move_due_dates(self, session: Session, day: date, office_id: int | None) -> list[str]:
        """Due dates moved by a closure added or removed, each written in its case's history."""
        moved = move_open_due_dates(
            session, lambda office: self.context.calendar(session, office), day, office_id
        )
        for case in moved:
            self.record(
                session,
                DUE_MOVED,
                case.id,
                closure=day.isoformat(),
                current_due=case.current_due.isoformat(),
            )
        return [case.reference for case in moved]

    def set_setting(self, key: str, value: Any) -> None:
        """One setting, or one item of a mapping (`letterhead.organisation_ja`); audited with
        what changed, old → new."""
        self.set_settings({key: value})

    def set_settings(self, values: Mapping[str, Any]) -> settings_store.OfficeSettings:
        """Several settings (or items) at once, all or none; one audit entry with each change
        old → new. Gives the settings as they are now."""
        with self.unit_of_work(Action.MANAGE_SETTINGS) as session:
            changes = settings_pages.apply(session, values)
            self.record(
                session,
                Action.MANAGE_SETTINGS,
                None,
                settings=sorted(values),
                changes=changes,
            )
            return settings_store.load(session)


@dataclass(frozen=True)
class DeskStart:
    """What the main window is built from: the office settings and the users, read at once."""

    settings: settings_store.OfficeSettings
    users: list[UserData]


def desk_start(context: Context, actor: Actor) -> DeskStart:
    with unit_of_work(context, actor, Action.READ_CASE) as session:
        return DeskStart(settings_store.load(session), _users_in_order(session))


def list_users(context: Context, actor: Actor) -> list[UserData]:
    with unit_of_work(context, actor, Action.READ_CASE) as session:
        return _users_in_order(session)


def _users_in_order(session: Session) -> list[UserData]:
    """Every user by name as a Japanese office reads them (domain.names.name_sort_key)."""
    users = map(_user_data, session.scalars(select(User)))
    return sorted(users, key=lambda u: (name_sort_key(u.name), u.login))


def list_task_owners(context: Context, actor: Actor) -> list[UserData]:
    """Who a task may be given to: the active users whose role works on cases."""
    workers = PERMISSIONS[Action.COMPLETE_TASK]
    return [u for u in list_users(context, actor) if u.active and u.role in workers]


def _closure(session: Session, day: date, office_id: int | None) -> Closure | None:
    return session.scalar(
        select(Closure).where(
            Closure.day == day,
            Closure.office_id.is_(None) if office_id is None else Closure.office_id == office_id,
        )
    )


def list_closures(context: Context, office: str | None = None) -> list[tuple[date, str]]:
    """The closure days of every office and, given an office's code, its own."""
    with context.db.session() as session:
        office_id = None if office is None else office_by_code(session, office).id
        return sorted(context.calendar(session, office_id).closures.items())


def read_settings(context: Context, actor: Actor) -> settings_store.OfficeSettings:
    """The office settings, typed, as declared once in services/settings.py."""
    with unit_of_work(context, actor, Action.READ_CASE) as session:
        return settings_store.load(session)
