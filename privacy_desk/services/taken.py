"""The notice a staff member gets when cases of theirs were taken or reassigned: which cases, by
whom, and who holds each now."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from privacy_desk.domain.rules import Action
from privacy_desk.storage.locks import lock_cases
from privacy_desk.storage.models import AuditEntry, Case, User


@dataclass(frozen=True)
class TakenCase:
    """One former case: its reference, who took or reassigned it, and its owner now."""

    reference: str
    by: str  # the user's name (their login if the account is gone)
    owner: str | None  # None: nobody holds it now


def taken_from(session: Session, user_id: int) -> list[TakenCase]:
    """The cases taken from the user since they last looked; the notice flag is cleared."""
    rows = session.execute(
        select(Case.id, Case.reference, User.name.label("owner"))
        .outerjoin(User, User.id == Case.owner_id)
        .where(Case.taken_from_id == user_id)
        .order_by(Case.reference)
    ).all()
    if not rows:
        return []
    ids = [r.id for r in rows]
    lock_cases(session, ids)
    # Who took it: the last take or assignment of each case in the audit trail.
    by_case: dict[int, str] = {}
    for case_id, actor in session.execute(
        select(AuditEntry.case_id, AuditEntry.actor)
        .where(
            AuditEntry.case_id.in_(ids),
            AuditEntry.action.in_((Action.TAKE.value, Action.ASSIGN.value)),
        )
        .order_by(AuditEntry.id)
    ):
        if case_id is not None:
            by_case[case_id] = actor
    logins = sorted(set(by_case.values()))
    names = {
        login: name
        for login, name in session.execute(
            select(User.login, User.name).where(User.login.in_(logins))
        )
    }
    # Only a notice flag: the version stays, so the new owner's open edit is not refused as a
    # conflict by this read.
    session.execute(
        update(Case)
        .where(Case.id.in_(ids))
        .values(taken_from_id=None)
        .execution_options(synchronize_session=False)
    )
    return [
        TakenCase(
            r.reference,
            names.get(by_case.get(r.id, ""), by_case.get(r.id, "")),
            r.owner,
        )
        for r in rows
    ]
