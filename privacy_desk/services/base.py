"""What every service shares: who is acting, the clock, the unit of work, text guards, conflicts.

One public service call is one user action: it opens a session, checks the actor's role, applies
the domain rules, writes the audit entry in the same transaction, commits or rolls back, and
returns plain dataclasses.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from privacy_desk.domain import text_fields
from privacy_desk.domain.calendar import JST, BusinessCalendar
from privacy_desk.domain.errors import (
    DomainError,
    PermissionDenied,
    ValidationError,
)
from privacy_desk.domain.individual_number import (
    contains_individual_number,
    mask_individual_numbers,
)
from privacy_desk.domain.rules import Action, require_role
from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.i18n import _
from privacy_desk.services import settings as settings_store
from privacy_desk.services.dto import HistoryEntry
from privacy_desk.storage import audit
from privacy_desk.storage.db import Database, WriteConflict
from privacy_desk.storage.models import Closure, LoginSession, Setting, User

Clock = Callable[[], datetime]

# The texts a person types, by the code a refusal carries in its `field` (screens mark the field
# by it), with the words a refusal shows for it; their limits are declared with them in the domain.
TEXT_FIELDS = {code: declared.label for code, declared in text_fields.TEXT_FIELDS.items()}


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Actor:
    """Who is acting: a user who logged in, with the session their log-in opened.

    Only :func:`privacy_desk.services.users.authenticate` makes a usable one: every unit of work
    checks `session_id` and the user behind it against the database, so an Actor put together by
    hand (no session, another user's session, a role the user does not hold) is refused.
    """

    login: str
    role: UserRole
    user_id: int | None = None
    name: str = ""
    session_id: str | None = field(default=None, repr=False)


class ConflictError(DomainError):
    """Someone else saved the case after you opened it; nothing of yours was written."""

    def __init__(self, changes: list[HistoryEntry] | None = None) -> None:
        super().__init__(
            _(
                "This case was changed by someone else since you opened it. Nothing of yours was "
                "saved and your typing is kept: reload the case, look at what changed, and save "
                "again."
            )
        )
        self.changes = changes or []


@dataclass
class Context:
    """The database, the clock and the calendar that every service of one desk shares."""

    db: Database
    clock: Clock = system_clock
    _calendars: dict[int | None, BusinessCalendar] = field(default_factory=dict, repr=False)

    def now(self) -> datetime:
        moment = self.clock()
        if moment.tzinfo is None:
            raise ValueError("the clock must give aware datetimes")
        return moment

    def today(self) -> date:
        return self.now().astimezone(JST).date()

    def calendar(self, session: Session, office_id: int | None = None) -> BusinessCalendar:
        """The business calendar of an office with the closures as the database holds them now:
        those of every office and, given an office, its own.

        Closures are read in every unit of work, so one added on another desk counts at once;
        the calendar (and its per-year holiday tables) is kept per office while they and the day
        stay the same. Without an office, only the closures of every office count.
        """
        query = select(Closure.day, Closure.reason).where(
            Closure.office_id.is_(None)
            if office_id is None
            else or_(Closure.office_id.is_(None), Closure.office_id == office_id)
        )
        closures: dict[date, str] = {}
        for day, reason in session.execute(query.order_by(Closure.day, Closure.office_id)):
            closures.setdefault(day, reason)
        today = self.today()
        cached = self._calendars.get(office_id)
        if cached is None or cached.closures != closures or cached.today != today:
            cached = self._calendars[office_id] = BusinessCalendar(closures, today=today)
        return cached


class SessionRefused(PermissionDenied):
    """The log-in behind a call is no longer good: ended, expired, or its user may not act."""


# A unit of work refreshes its session's last activity when it is older than this: the idle
# lock counts in minutes, and most reads then write nothing for the session.
ACTIVITY_STEP = timedelta(seconds=60)
IDLE_SETTING = "idle_lock_minutes"

# One query, built once: the session, its user and the idle-lock setting (columns, not objects).
_CHECK = (
    select(
        LoginSession.ended_at,
        LoginSession.last_activity_at,
        User.id,
        User.login,
        User.role,
        User.active,
        User.locked_until,
        Setting.value,
    )
    .join(User, User.id == LoginSession.user_id)
    .outerjoin(Setting, Setting.key == IDLE_SETTING)
    .where(LoginSession.id == bindparam("session_key"))
)


def session_key(token: str) -> str:
    """The sessions table's id for a session token (the token itself is kept only in memory)."""
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def check_actor(
    session: Session, context: Context, actor: Actor, action: Action, activity: bool = True
) -> UserRole:
    """Check `actor` against the database inside `session`'s transaction; give the stored role.

    Refused (SessionRefused, nothing written) unless the session exists and is the actor's, is
    not ended nor idle for longer than the idle-lock minutes, and its user exists, is active, is
    not locked and still has the login and role the actor claims; then the stored role must allow
    `action`. An accepted check refreshes the session's last activity, unless the call is not the
    user's `activity` (a screen's periodic refresh).
    """
    ended = SessionRefused(_("Your session has ended: log in again."))
    if not actor.session_id or actor.user_id is None:
        raise ended
    key = session_key(actor.session_id)
    found = session.execute(_CHECK, {"session_key": key}).first()
    if found is None:
        raise ended
    ended_at, last_activity, user_id, login, stored_role, active, locked_until, idle = found
    if user_id != actor.user_id or login != actor.login or ended_at is not None:
        raise ended
    now = context.now()
    idle_minutes = (
        settings_store.DEFAULTS.idle_lock_minutes
        if idle is None
        else settings_store.SETTINGS[IDLE_SETTING].parse(IDLE_SETTING, json.loads(idle))
    )
    # One ACTIVITY_STEP of slack: the last activity stored may be that much older than the last.
    if idle_minutes and now - last_activity > timedelta(minutes=idle_minutes) + ACTIVITY_STEP:
        raise SessionRefused(
            _("Your session ended after {minutes} minutes without use: log in again.").format(
                minutes=idle_minutes
            )
        )
    if not active:
        raise SessionRefused(
            _("Your account was deactivated: ask an administrator. Nothing was saved.")
        )
    if locked_until is not None and locked_until > now:
        raise SessionRefused(
            _(
                "Your account is locked after repeated failed log-ins: nothing was saved. Log "
                "in again when it opens, or ask an administrator."
            )
        )
    role = UserRole(stored_role)
    if role is not actor.role:
        raise SessionRefused(_("Your role was changed: log in again."))
    require_role(action, role)
    if activity and now - last_activity >= ACTIVITY_STEP:
        session.execute(
            update(LoginSession).where(LoginSession.id == key).values(last_activity_at=now)
        )
    return role


@contextmanager
def unit_of_work(
    context: Context, actor: Actor, action: Action, activity: bool = True
) -> Iterator[Session]:
    """One transaction on behalf of `actor`, who is first checked (:func:`check_actor`) in it."""
    try:
        with context.db.session() as session:
            check_actor(session, context, actor, action, activity)
            yield session
    except (StaleDataError, WriteConflict) as exc:
        # A stale row, or a race another desk won (the server stopped this transaction).
        raise ConflictError() from exc


class Service:
    """Base of the service classes: one actor working through one context."""

    def __init__(self, context: Context, actor: Actor) -> None:
        self.context = context
        self.actor = actor

    @contextmanager
    def unit_of_work(self, action: Action, *, activity: bool = True) -> Iterator[Session]:
        """Check the actor and their role in the database, then run one transaction in which
        that check was made; a stale row becomes a ConflictError. activity=False: a refresh
        the screen makes by itself, which does not keep the session from the idle lock."""
        with unit_of_work(self.context, self.actor, action, activity) as session:
            yield session

    def check(self, action: Action) -> None:
        """The check of unit_of_work alone, for work done outside the database (a file)."""
        with self.unit_of_work(action):
            pass

    def record(
        self,
        session: Session,
        action: Action | str,
        case_id: int | None = None,
        **detail: Any,
    ) -> None:
        audit.append(session, self.actor.login, str(action), case_id, detail, at=self.context.now())

    def clean_text(self, session: Session, value: str | None, field_name: str) -> str:
        """The text, stripped, if the field may hold it; an Individual Number in it is refused
        (or masked, as settings say).

        field_name is a code of TEXT_FIELDS: the refusal carries it, and shows its words.
        """
        return guard_text(session, value, field_name)


def guard_text(session: Session, value: object, field_name: str) -> str:
    """What Service.clean_text does, for the calls that have a session but no service."""
    # Line breaks are looked at last: a number written over three lines is refused as a number.
    text = text_fields.check_text(value, field_name, lines=False)
    if (
        text
        and contains_individual_number(text)
        and settings_store.load(session).individual_number_policy == "mask"
    ):
        text = mask_individual_numbers(text)
    text_fields.refuse_individual_number(text, field_name)
    return text_fields.check_lines(text, field_name)


def require_text(
    value: str, what: str, max_length: int | None = None, *, field: str | None = None
) -> str:
    """The text, stripped; `what` names it in the current language ("The note"), `field` is the
    code a screen marks (what itself when not given). A code of TEXT_FIELDS as field also checks
    the text against its declaration (length, control characters, valid Unicode)."""
    if field is not None and field in text_fields.TEXT_FIELDS:
        value = text_fields.check_text(value, field)
    text = value.strip()
    if not text:
        raise ValidationError(_("{what} is required.").format(what=what), field=field or what)
    if max_length is not None and len(text) > max_length:
        raise ValidationError(
            _("{what} is longer than {limit} characters.").format(what=what, limit=max_length),
            field=field or what,
        )
    return text
