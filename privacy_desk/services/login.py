"""Log-in: passwords (Argon2id, the policy), sessions, lock-outs after repeated failures.

Split from services/users.py (users and office administration), which re-exports these names.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
from dataclasses import replace
from datetime import datetime, timedelta
from typing import cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from privacy_desk.domain.errors import DomainError, ValidationError
from privacy_desk.domain.passwords import PASSWORD_TEXT, check_password_policy
from privacy_desk.domain.rules import Action
from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.i18n import _
from privacy_desk.services import settings as settings_store
from privacy_desk.services.base import (
    Actor,
    Context,
    SessionRefused,
    check_actor,
    session_key,
    unit_of_work,
)
from privacy_desk.storage import audit
from privacy_desk.storage.models import AuditEntry, LoginSession, User

_hasher = PasswordHasher()
LOGIN_PATTERN = re.compile(r"^[A-Za-z0-9._-]{2,64}$")
SESSIONS_KEPT = timedelta(days=30)


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


def check_password_strength(password: str, login: str = "") -> None:
    """The password policy (domain/passwords.py): refused with a reason, never echoed."""
    check_password_policy(password, login)


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
