"""What every service shares: who is acting, the clock, the unit of work, text guards, conflicts.

One public service call is one user action: it opens a session, checks the actor's role, applies
the domain rules, writes the audit entry in the same transaction, commits or rolls back, and
returns plain dataclasses.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from privacy_desk.domain import text_fields
from privacy_desk.domain.calendar import JST, BusinessCalendar
from privacy_desk.domain.errors import DomainError, ValidationError
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
from privacy_desk.storage.models import Closure

Clock = Callable[[], datetime]

# The texts a person types, by the code a refusal carries in its `field` (screens mark the field
# by it), with the words a refusal shows for it; their limits are declared with them in the domain.
TEXT_FIELDS = {code: declared.label for code, declared in text_fields.TEXT_FIELDS.items()}


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Actor:
    """Who is acting: a logged-in user, or the operating-system user on the command line."""

    login: str
    role: UserRole
    user_id: int | None = None
    name: str = ""

    @classmethod
    def operating_system(cls) -> Actor:
        try:
            who = getpass.getuser()
        except (KeyError, OSError):
            who = "unknown"
        return cls(login=f"os:{who}", role=UserRole.ADMIN, name=who)


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
    _calendar: BusinessCalendar | None = field(default=None, repr=False)

    def now(self) -> datetime:
        moment = self.clock()
        if moment.tzinfo is None:
            raise ValueError("the clock must give aware datetimes")
        return moment

    def today(self) -> date:
        return self.now().astimezone(JST).date()

    def calendar(self, session: Session) -> BusinessCalendar:
        """The business calendar with the closures as the database holds them now.

        Closures are read in every unit of work, so one added on another desk counts at once;
        the calendar (and its per-year holiday tables) is kept while they and the day stay the
        same.
        """
        closures = {row.day: row.reason for row in session.scalars(select(Closure))}
        today = self.today()
        cached = self._calendar
        if cached is None or cached.closures != closures or cached.today != today:
            cached = self._calendar = BusinessCalendar(closures, today=today)
        return cached


class Service:
    """Base of the service classes: one actor working through one context."""

    def __init__(self, context: Context, actor: Actor) -> None:
        self.context = context
        self.actor = actor

    @contextmanager
    def unit_of_work(self, action: Action) -> Iterator[Session]:
        """Check the role, then run one transaction; a stale row or a race another desk won (the
        server stopped this transaction) becomes a ConflictError."""
        require_role(action, self.actor.role)
        try:
            with self.context.db.session() as session:
                yield session
        except (StaleDataError, WriteConflict) as exc:
            raise ConflictError() from exc

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
