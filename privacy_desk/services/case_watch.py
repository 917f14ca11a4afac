"""Whether a case open on one desk was changed on another: one cheap read, polled by the case
page, so the person at the desk hears of it at once, not only when a save is refused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from privacy_desk.domain.rules import Action
from privacy_desk.services.base import Service
from privacy_desk.storage.models import AuditEntry, Case, User

# Entries that leave the case as it was: a reading is not a change.
_NOT_CHANGES = (Action.READ_CASE.value, Action.REVEAL_NAME.value)


@dataclass(frozen=True)
class CaseChange:
    """The case's version now, and who made its last change, when."""

    version: int
    login: str
    name: str
    at: datetime | None


class CaseWatch(Service):
    """The version of one case and its last change, read without counting as activity."""

    def change(self, case_id: int) -> CaseChange | None:
        """None when there is no such case."""
        with self.unit_of_work(Action.READ_CASE, activity=False) as session:
            version = session.scalar(select(Case.version).where(Case.id == case_id))
            if version is None:
                return None
            last = session.execute(
                select(AuditEntry.actor, AuditEntry.at)
                .where(AuditEntry.case_id == case_id, AuditEntry.action.notin_(_NOT_CHANGES))
                .order_by(AuditEntry.id.desc())
                .limit(1)
            ).first()
            if last is None:
                return CaseChange(version, "", "", None)
            name = session.scalar(select(User.name).where(User.login == last.actor))
            return CaseChange(version, last.actor, name or last.actor, last.at)
