"""The state of a case or a user as the audit trail saw it: one SHA-256 over its rows.

A case's state covers its own row, its requester and data subject, and every row that belongs to
it (measures with their decisions, identity and authority checks, contacts, notes, tasks, pauses,
extensions, fees, letters by their hash, links); a user's covers login, name, role, active and
password hash. An audit entry about a case or user that the transaction changed carries the
state after the change, so `audit verify` can name every case and user whose rows differ from
their last audited state: an edit made outside the application.

Changes are noticed from the session itself (after every flush), so every service is covered,
including ones that forget to say which case they touched: before commit, a case or user changed
since its last entry in the transaction gets an entry of its own ("state") when its state moved.
Bulk statements bypass the session: call `mark_changed` for the rows they touch.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any

from sqlalchemy import bindparam, event, or_, select
from sqlalchemy.orm import Session

from privacy_desk.storage.models import (
    AuditEntry,
    AuthorityProofRecord,
    Base,
    Case,
    CaseLink,
    Contact,
    Extension,
    Fee,
    IdentityCheck,
    Letter,
    Measure,
    Note,
    Pause,
    Person,
    Task,
    User,
)

STATE_ACTION = "state"  # the entry a transaction adds for a change no other entry carried
_CHUNK = 500


# The columns a state covers, named once: a column added later by a migration joins only when it
# is named here, so adding one never makes every stored state differ. Left out on purpose: the
# notice flag `cases.taken_from_id` (cleared by reading the queue), `cases.updated_at` (the
# version says as much), a letter's bytes (its SHA-256 stands for them) and a user's log-in
# counters.
def _names(text: str) -> tuple[str, ...]:
    return tuple(text.split())


_STATE_COLUMNS: dict[str, tuple[str, ...]] = {
    "cases": _names(
        "id reference year serial channel status closure_kind requester_role requester_id "
        "subject_id owner_id summary kinds letter_language large_print received_at "
        "effective_receipt clock_start acknowledgement_due target_business_days original_due "
        "current_due paused_business_days legal_line identity_confirmed_at "
        "authority_confirmed_at decision_author_id proposed_at approved_by_id approved_at "
        "send_back_comment notice_sent_at closed_at created_at version"
    ),
    "persons": _names(
        "id name kana name_folded kana_folded birth_date postal_code address address_folded "
        "phone phone_digits fax email organisation form_of_address created_at version"
    ),
    "measures": _names(
        "id case_id position kind requested method_requested suspension_grounds "
        "third_party_recipient third_party_grounds outcome disclosure_grounds reasons "
        "withheld_parts method enclosures changes alternative_measure action_date purposes "
        "provided_data_note effect_on_services method_difficulty_note facts view measures_taken "
        "apology decided_by_id decided_at version"
    ),
    "identity_checks": _names(
        "id case_id method documents confirmed note checked_by_id checked_by_login checked_at"
    ),
    "authority_proofs": _names("id case_id document issued_on checked_by_login checked_at"),
    "contacts": _names(
        "id case_id kind direction occurred_at summary dispatch_method tracking_number letter_id "
        "created_by_login created_at"
    ),
    "notes": _names("id case_id text author_login created_at version"),
    "tasks": _names("id case_id title owner_id done done_at created_at version"),
    "pauses": _names("id case_id reason note resume_to started_at ended_at business_days"),
    "extensions": _names("id case_id reason previous_due new_due created_by_login created_at"),
    "fees": _names(
        "id case_id amount_yen payment_method charged_on received_on pay_by note created_by_login"
    ),
    "letters": _names(
        "id case_id number kind language sha256 issued_by_login issued_at dispatch_method "
        "tracking_number dispatched_on"
    ),
    "users": _names("id login name role active password_hash"),
}
_CHILDREN: tuple[type[Base], ...] = (
    Measure,
    IdentityCheck,
    AuthorityProofRecord,
    Contact,
    Note,
    Task,
    Pause,
    Extension,
    Fee,
    Letter,
)
_PENDING = "audit_state.changed"
_ACTOR = "audit_state.actor"


def _plain(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, bytes):
        return hashlib.sha256(value).hexdigest()
    raise TypeError(type(value).__name__)


def _hash(parts: object) -> str:
    text = json.dumps(parts, ensure_ascii=False, sort_keys=True, default=_plain)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _columns(table: Any) -> list[Any]:
    return [table.c[name] for name in _STATE_COLUMNS[table.name]]


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(set(ids))
    for start in range(0, len(ordered), _CHUNK):
        yield ordered[start : start + _CHUNK]


@cache
def _query(table_name: str, key: str) -> Any:
    """The rows of a table whose `key` is among :ids, built once (a statement built per call
    would cost more than running it)."""
    table = Base.metadata.tables[table_name]
    return (
        select(*_columns(table))
        .where(table.c[key].in_(bindparam("ids", expanding=True)))
        .order_by(*table.primary_key.columns)
    )


def _rows(session: Session, table: str, key: str, ids: list[int]) -> Iterator[dict[str, Any]]:
    for row in session.execute(_query(table, key), {"ids": ids}):
        yield dict(row._mapping)


@cache
def _links_query() -> Any:
    links = CaseLink.__table__
    ids: Any = bindparam("ids", expanding=True)
    return (
        select(links.c.case_id, links.c.linked_case_id)
        .where(or_(links.c.case_id.in_(ids), links.c.linked_case_id.in_(ids)))
        .order_by(links.c.case_id, links.c.linked_case_id)
    )


def case_states(session: Session, case_ids: Iterable[int]) -> dict[int, str]:
    """Each case's state hash (a case with no row has the state of an absent case).

    One query per table for up to 500 cases at a time; values are read through the column types,
    so SQLite and PostgreSQL give the same hash for the same rows (a backup moves between them).
    """
    states: dict[int, str] = {}
    for ids in _chunks(case_ids):
        parts: dict[int, dict[str, Any]] = {i: {"case": None} for i in ids}
        person_ids: set[int] = set()
        for row in _rows(session, "cases", "id", ids):
            parts[row["id"]]["case"] = row
            person_ids.update((row["requester_id"], row["subject_id"]))
        people = {row["id"]: row for row in _rows(session, "persons", "id", list(person_ids))}
        for part in parts.values():
            row = part["case"]
            if row is not None:
                part["requester"] = people.get(row["requester_id"])
                part["subject"] = people.get(row["subject_id"])
        for model in _CHILDREN:
            name = model.__tablename__
            for row in _rows(session, name, "case_id", ids):
                parts[row["case_id"]].setdefault(name, []).append(row)
        for one, other in session.execute(_links_query(), {"ids": ids}):
            for case_id in {one, other} & parts.keys():
                parts[case_id].setdefault("links", []).append([one, other])
        states.update({case_id: _hash(part) for case_id, part in parts.items()})
    return states


def user_states(session: Session, user_ids: Iterable[int]) -> dict[int, str]:
    """Each user's state hash: login, name, role, active, password hash (None for no row)."""
    states: dict[int, str] = {}
    for ids in _chunks(user_ids):
        found = {row["id"]: row for row in _rows(session, "users", "id", ids)}
        for user_id in ids:
            row = found.get(user_id)
            states[user_id] = _hash(row)
    return states


# ------------------------------------------------------------------ what a transaction changed


@dataclass
class _Changed:
    cases: set[int]
    persons: set[int]
    users: set[int]


def _changed(session: Session) -> _Changed:
    changed = session.info.get(_PENDING)
    if changed is None:
        changed = session.info[_PENDING] = _Changed(set(), set(), set())
    return changed


def mark_changed(session: Session, *, cases: Iterable[int] = (), users: Iterable[int] = ()) -> None:
    """Say which cases and users a bulk statement (which the session does not see) changed."""
    changed = _changed(session)
    changed.cases.update(cases)
    changed.users.update(users)


@event.listens_for(Session, "after_flush")
def _note_flushed(session: Session, _context: object) -> None:
    # Still the pre-flush lists here: everything this flush wrote, added or deleted.
    changed = _changed(session)
    for item in (*session.new, *session.dirty, *session.deleted):
        if isinstance(item, AuditEntry):
            continue
        if isinstance(item, Case):
            changed.cases.add(item.id)
        elif isinstance(item, Person):
            changed.persons.add(item.id)
        elif isinstance(item, User):
            changed.users.add(item.id)
        elif isinstance(item, CaseLink):
            changed.cases.update((item.case_id, item.linked_case_id))
        else:
            case_id = getattr(item, "case_id", None)
            if isinstance(case_id, int):
                changed.cases.add(case_id)


def _resolve_persons(session: Session, changed: _Changed) -> None:
    """A changed person changes the state of every case that names them."""
    if not changed.persons:
        return
    persons = list(changed.persons)
    changed.persons.clear()
    for ids in _chunks(persons):
        query = select(Case.id).where(or_(Case.requester_id.in_(ids), Case.subject_id.in_(ids)))
        changed.cases.update(session.scalars(query))


@dataclass(frozen=True)
class Subject:
    user_id: int | None
    state: str | None


def subject_state(session: Session, case_id: int | None) -> Subject:
    """What the next entry carries: the state of its case when this transaction changed it, else
    of the one user the transaction changed (if exactly one); nothing for a mere read."""
    changed = _changed(session)
    _resolve_persons(session, changed)
    if case_id is not None:
        if case_id not in changed.cases:
            return Subject(None, None)
        changed.cases.discard(case_id)
        return Subject(None, case_states(session, [case_id])[case_id])
    if len(changed.users) == 1:
        user_id = changed.users.pop()
        return Subject(user_id, user_states(session, [user_id])[user_id])
    return Subject(None, None)


def remember_actor(session: Session, actor: str) -> None:
    session.info[_ACTOR] = actor


def _last_states(session: Session, column: Any, ids: list[int]) -> dict[int, str]:
    query = (
        select(column, AuditEntry.state)
        .where(column.in_(ids), AuditEntry.state.is_not(None))
        .order_by(AuditEntry.id)
    )
    return {subject: state for subject, state in session.execute(query)}


@event.listens_for(Session, "before_commit")
def _seal(session: Session) -> None:
    """Changes no entry of this transaction carried get an entry of their own before commit."""
    from privacy_desk.storage import audit

    if session.info.get(_PENDING) is None:
        return
    session.flush()
    changed = _changed(session)
    _resolve_persons(session, changed)
    if not (changed.cases or changed.users):
        return
    cases, users = sorted(changed.cases), sorted(changed.users)
    changed.cases.clear()
    changed.users.clear()
    actor = session.info.get(_ACTOR, "system")
    known = _last_states(session, AuditEntry.case_id, cases)
    for case_id, state in case_states(session, cases).items():
        if known.get(case_id) != state:
            changed.cases.add(case_id)
            audit.append(session, actor, STATE_ACTION, case_id)
    known = _last_states(session, AuditEntry.user_id, users)
    for user_id, state in user_states(session, users).items():
        if known.get(user_id) != state:
            changed.users.add(user_id)
            audit.append(session, actor, STATE_ACTION, None)
    session.info.pop(_PENDING, None)


@event.listens_for(Session, "after_rollback")
def _forget(session: Session) -> None:
    session.info.pop(_PENDING, None)
