"""The whole audit check: the chain, the chain against its anchor, every case and user against
its last audited state. Never raises for damaged rows: it names them."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from privacy_desk.storage import anchors, audit
from privacy_desk.storage.audit_state import case_states, user_states
from privacy_desk.storage.models import AuditEntry, Case, Letter, User


@dataclass(frozen=True)
class Drift:
    """A case or user whose rows differ from their last audited state (label: its reference or
    login, or "#id" for one whose row is gone)."""

    id: int
    label: str
    reason: str  # "changed", "no history" (no audit entry at all), "unreadable"


@dataclass(frozen=True)
class AuditReport:
    chain: audit.ChainReport
    anchor: anchors.AnchorFile | None
    cases: tuple[Drift, ...]
    users: tuple[Drift, ...]
    unsealed: int  # cases and users whose entries all predate state hashes
    identity_lost: bool = False  # the database's identity row is gone: no anchor can be found

    @property
    def intact(self) -> bool:
        damaged_anchor = self.anchor is not None and bool(self.anchor.damaged_lines)
        clean = self.chain.intact and not self.cases and not self.users and not damaged_anchor
        return clean and not self.identity_lost


def _safe_states(session: Session, ids: list[int], kind: str) -> dict[int, str | None]:
    """The states, one by one where a batch meets a row it can not read (None for that row)."""
    work = case_states if kind == "case" else user_states
    try:
        return dict(work(session, ids))
    except (ValueError, LookupError, TypeError, SQLAlchemyError):
        result: dict[int, str | None] = {}
        for one in ids:
            try:
                result[one] = work(session, [one])[one]
            except (ValueError, LookupError, TypeError, SQLAlchemyError):
                result[one] = None
        return result


def _added_users(session: Session) -> set[str]:
    """Logins whose adding was audited before entries carried the user (detail "added")."""
    logins: set[str] = set()
    query = select(AuditEntry.detail).where(AuditEntry.action == "manage_users")
    for detail in session.scalars(query):
        try:
            value = json.loads(detail)
        except (TypeError, ValueError):
            continue
        if isinstance(value, dict) and isinstance(value.get("added"), str):
            logins.add(value["added"])
    return logins


def _drifts(session: Session, kind: str) -> tuple[tuple[Drift, ...], int]:
    column = AuditEntry.case_id if kind == "case" else AuditEntry.user_id
    model = Case if kind == "case" else User
    label_column = Case.reference if kind == "case" else User.login
    audited: dict[int, str | None] = {}
    for subject, state in session.execute(
        select(column, AuditEntry.state).where(column.is_not(None)).order_by(AuditEntry.id)
    ):
        if isinstance(subject, int) and (state is not None or subject not in audited):
            audited[subject] = state if isinstance(state, str) else audited.get(subject)
    labels = {
        row_id: str(label) for row_id, label in session.execute(select(model.id, label_column))
    }
    ids = sorted(set(labels) | {i for i, s in audited.items() if s is not None})
    current = _safe_states(session, ids, kind)
    legacy = _added_users(session) if kind == "user" else set()
    found: list[Drift] = []
    unsealed = 0
    for subject in ids:
        label = labels.get(subject, f"#{subject}")
        last = audited.get(subject)
        if current[subject] is None:
            found.append(Drift(subject, label, "unreadable"))
        elif last is not None:
            if current[subject] != last:
                found.append(Drift(subject, label, "changed"))
        elif subject in audited or label in legacy:
            unsealed += 1  # audited before state hashes existed: checked from its next change
        else:
            found.append(Drift(subject, label, "no history"))
    return tuple(found), unsealed


def _letters_swapped(session: Session) -> set[int]:
    """Cases with an issued letter whose stored PDF no longer has the SHA-256 recorded for it
    (a case's state covers the hash, not the bytes, so this reads the bytes themselves)."""
    swapped: set[int] = set()
    query = select(Letter.case_id, Letter.pdf, Letter.sha256).execution_options(yield_per=50)
    for case_id, pdf, recorded in session.execute(query):
        if not isinstance(pdf, bytes) or hashlib.sha256(pdf).hexdigest() != recorded:
            swapped.add(case_id)
    return swapped


def check(session: Session, anchor_file: anchors.AnchorFile | None) -> AuditReport:
    chain = audit.verify(session)
    if anchor_file is not None:
        chain = anchors.check(chain, anchor_file)
    cases, unsealed_cases = _drifts(session, "case")
    named = {drift.id for drift in cases}
    labels = {row.id: row.reference for row in session.execute(select(Case.id, Case.reference))}
    cases += tuple(
        Drift(case_id, str(labels.get(case_id, f"#{case_id}")), "changed")
        for case_id in sorted(_letters_swapped(session) - named)
    )
    users, unsealed_users = _drifts(session, "user")
    return AuditReport(chain, anchor_file, cases, users, unsealed_cases + unsealed_users)
