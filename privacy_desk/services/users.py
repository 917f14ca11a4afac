"""Users, log-in and office administration (closures, settings).

Passwords are hashed with Argon2id; repeated failures lock the account for a while. Every change
is audited. Only administrators manage users, the calendar and settings.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, object_session

from privacy_desk.domain.calendar import JST, closed_by_rule
from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.names import name_sort_key
from privacy_desk.domain.rules import PERMISSIONS, Action
from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.i18n import _
from privacy_desk.services import settings as settings_store
from privacy_desk.services import settings_pages
from privacy_desk.services.base import (
    Actor,
    Context,
    Service,
    guard_text,
    require_text,
    unit_of_work,
)
from privacy_desk.services.dto import UserAccount, UserData
from privacy_desk.services.due_dates import move_open_due_dates
from privacy_desk.services.login import (
    LOGIN_PATTERN as LOGIN_PATTERN,
)
from privacy_desk.services.login import (
    SESSIONS_KEPT as SESSIONS_KEPT,
)
from privacy_desk.services.login import (
    AccountLocked as AccountLocked,
)
from privacy_desk.services.login import (
    LoginFailed as LoginFailed,
)
from privacy_desk.services.login import (
    _check_password as _check_password,
)
from privacy_desk.services.login import (
    _hasher as _hasher,
)
from privacy_desk.services.login import (
    _locked_minutes as _locked_minutes,
)
from privacy_desk.services.login import (
    _unknown_login_locked_until as _unknown_login_locked_until,
)
from privacy_desk.services.login import (
    authenticate as authenticate,
)
from privacy_desk.services.login import (
    change_own_password as change_own_password,
)
from privacy_desk.services.login import (
    check_password_strength as check_password_strength,
)
from privacy_desk.services.login import (
    keep_session as keep_session,
)
from privacy_desk.services.login import (
    log_out as log_out,
)
from privacy_desk.services.login import (
    unknown_login_actor as unknown_login_actor,
)
from privacy_desk.services.login import (
    verify_password as verify_password,
)
from privacy_desk.services.offices import (
    OfficeData,
    OfficeView,
    default_office_id,
    office_by_code,
    office_data,
    office_view_of,
)
from privacy_desk.services.offices import _clean as clean_office_item
from privacy_desk.storage import audit, demo_mark
from privacy_desk.storage.models import Closure, Office, User

# The entry in a case's history when a closure added or removed moved its due date.
DUE_MOVED = "due_moved"


def _user_data(user: User, office_code: str | None = None) -> UserData:
    if office_code is None:
        session = object_session(user)
        office_code = (
            session.scalar(select(Office.code).where(Office.id == user.office_id))
            if session is not None
            else None
        ) or ""
    return UserData(user.id, user.login, user.name, UserRole(user.role), user.active, office_code)


def _account(user: User, office_code: str = "") -> UserAccount:
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
        office_code=office_code,
    )


def has_users(context: Context) -> bool:
    with context.db.session() as session:
        return (session.scalar(select(func.count(User.id))) or 0) > 0


def create_first_admin(
    context: Context,
    login: str,
    name: str,
    password: str,
    organisation: tuple[str, ...] | None = None,
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
    session: Session, context: Context, login: str, names: tuple[str, ...]
) -> None:
    """names: the organisation's name in Japanese, in English and, when given, its short name
    (written in the letters' running text in both languages, and what the letters' document
    numbers start with: 「{short}個第」 and "{short} Privacy No. ", changed later in Settings)."""
    short = _("The organisation's short name")
    fields = [
        ("organisation_ja", _("The organisation's name in Japanese"), names[0]),
        ("organisation_en", _("The organisation's name in English"), names[1]),
    ]
    if len(names) > 2:
        fields += [
            ("organisation_short_ja", short, names[2]),
            ("organisation_short_en", short, names[2]),
        ]
    values = {}
    for field, what, text in fields:
        values[f"letterhead.{field}"] = require_text(text, what, 200, field=field)
    if len(names) > 2:
        chosen = values["letterhead.organisation_short_ja"]
        values["letterhead.document_number_prefix"] = f"{chosen}個第"
        values["letterhead.document_number_prefix_en"] = f"{chosen} Privacy No. "
    changes = settings_pages.apply(session, values)
    audit.append(
        session,
        f"first-run:{login}",
        Action.MANAGE_SETTINGS.value,
        None,
        {"settings": sorted(values), "changes": changes},
        at=context.now(),
    )


def _new_user(
    session: Session,
    login: str,
    name: str,
    role: UserRole,
    password: str,
    office: str | None = None,
) -> User:
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
        office_id=default_office_id(session)
        if office is None
        else _active_office(session, office).id,
    )
    session.add(user)
    session.flush()
    return user


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


def _active_office(session: Session, code: str) -> Office:
    office = office_by_code(session, code)
    if not office.active:
        raise ValidationError(_("The office {code} is closed for good.").format(code=office.code))
    return office


class AdminService(Service):
    def add_user(
        self, login: str, name: str, role: UserRole, password: str, office: str | None = None
    ) -> UserData:
        """Add a user in an office (its code; None: the first office, the head office)."""
        with self.unit_of_work(Action.MANAGE_USERS) as session:
            user = _new_user(session, login, name, role, password, office)
            data = _user_data(user)
            self.record(
                session,
                Action.MANAGE_USERS,
                None,
                added=user.login,
                role=role.value,
                office=data.office_code,
            )
            return data

    def set_user_office(self, user_id: int, office_code: str) -> UserData:
        """Move a staff member to another office: their new cases are made there and their
        queues show it by default. Audited old -> new."""
        with self.unit_of_work(Action.MANAGE_USERS) as session:
            user = session.get(User, user_id)
            if user is None:
                raise ValidationError(_("That user does not exist."))
            office = _active_office(session, office_code)
            before = _user_data(user).office_code
            user.office_id = office.id
            session.flush()
            self.record(
                session,
                Action.MANAGE_USERS,
                None,
                user=user.login,
                office={"old": before, "new": office.code},
            )
            return _user_data(user, office.code)

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
            codes = {row.id: row.code for row in session.execute(select(Office.id, Office.code))}
            users = session.scalars(select(User).order_by(User.active.desc(), User.login))
            return [_account(u, codes.get(u.office_id, "")) for u in users]

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
            why = closed_by_rule(day)
            if why is not None:
                raise ValidationError(
                    _(
                        "{day} is already a day the office is closed ({why}); a closure can be "
                        "added only on a business day."
                    ).format(day=day.isoformat(), why=why)
                )
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
                reason=text,
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
            reason = row.reason
            session.delete(row)
            session.flush()
            moved = self._move_due_dates(session, day, office_id)
            self.record(
                session,
                Action.MANAGE_CALENDAR,
                None,
                removed_closure=day.isoformat(),
                reason=reason,
                office=office,
                moved_due=len(moved),
            )
            return moved

    def _move_due_dates(self, session: Session, day: date, office_id: int | None) -> list[str]:
        """Due dates moved by a closure added or removed, each written in its case's history."""
        moved = move_open_due_dates(
            session, lambda office: self.context.calendar(session, office), day, office_id
        )
        for case, before in moved:
            self.record(
                session,
                DUE_MOVED,
                case.id,
                closure=day.isoformat(),
                due={
                    "old": before.astimezone(JST).isoformat(),
                    "new": case.current_due.astimezone(JST).isoformat(),
                },
            )
        return [case.reference for case, _before in moved]

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
    # The offices the queues may show, and which at first (staff: their own).
    offices: OfficeView | None = None
    demo: bool = False  # a demo database (its title and letters say so)


def desk_start(context: Context, actor: Actor) -> DeskStart:
    with unit_of_work(context, actor, Action.READ_CASE) as session:
        return DeskStart(
            settings_store.load(session),
            _users_in_order(session),
            office_view_of(session, actor),
            demo=demo_mark.is_demo(session),
        )


def list_users(context: Context, actor: Actor) -> list[UserData]:
    with unit_of_work(context, actor, Action.READ_CASE) as session:
        return _users_in_order(session)


def _users_in_order(session: Session) -> list[UserData]:
    """Every user, with their office, by name as a Japanese office reads them
    (domain.names.name_sort_key)."""
    codes = {row.id: row.code for row in session.execute(select(Office.id, Office.code))}
    users = [_user_data(u, codes.get(u.office_id, "")) for u in session.scalars(select(User))]
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
