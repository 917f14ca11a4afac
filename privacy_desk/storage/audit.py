"""The audit trail: append-only, each entry numbered and chained to the previous by SHA-256.

The database refuses UPDATE, DELETE (and on PostgreSQL TRUNCATE) on the table; the hash chain shows
any change made around them, the anchor files outside the database (storage/anchors.py) show a
chain recomputed, cut or emptied, and the state hashes (storage/audit_state.py) show a case or user
edited outside the application. Entries hold field names and states, never personal data.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from privacy_desk.storage import audit_state
from privacy_desk.storage.models import AuditEntry, Sequence, utcnow

GENESIS = "0" * 64


def digest(
    prev_hash: str,
    at: datetime,
    actor: str,
    action: str,
    case_id: int | None,
    detail: str,
    *,
    number: int,
    user_id: int | None = None,
    state: str | None = None,
) -> str:
    payload = json.dumps(
        [
            prev_hash,
            number,
            at.isoformat(timespec="microseconds"),
            actor,
            action,
            case_id,
            user_id,
            state,
            detail,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def canonical(detail: dict[str, Any]) -> str:
    return json.dumps(detail, ensure_ascii=False, sort_keys=True, default=str)


def last_hash(session: Session) -> str:
    """The newest entry's hash, after taking the chain's lock for this transaction."""
    # Bumping the counter row first serialises writers, so two desks never fork the chain.
    bumped = session.execute(
        update(Sequence).where(Sequence.name == "audit").values(value=Sequence.value + 1)
    )
    if bumped.rowcount == 0:  # type: ignore[attr-defined]
        session.add(Sequence(name="audit", value=1))
        session.flush()
    last = session.scalars(select(AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)).first()
    return last or GENESIS


def last_number(session: Session) -> int:
    """The newest entry's number (0 for none); call after last_hash took the chain's lock."""
    number = session.scalars(
        select(AuditEntry.number).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    return number if isinstance(number, int) else 0


def head(session: Session) -> tuple[int, str]:
    """The chain's head: the newest entry's number and hash, (0, GENESIS) for an empty trail."""
    row = session.execute(
        select(AuditEntry.number, AuditEntry.hash).order_by(AuditEntry.id.desc()).limit(1)
    ).first()
    if row is None:
        return 0, GENESIS
    return (row.number if isinstance(row.number, int) else 0), str(row.hash)


def append(
    session: Session,
    actor: str,
    action: str,
    case_id: int | None = None,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Add one entry to the chain inside the caller's transaction.

    The caller's changes are flushed first: an entry about a case (or a user) whose rows this
    transaction changed carries the hash of their state now (audit_state.subject_state).
    """
    session.flush()
    subject = audit_state.subject_state(session, case_id)
    prev_hash = last_hash(session)
    number = last_number(session) + 1
    moment = (at or utcnow()).astimezone(UTC)
    text = canonical(detail or {})
    entry = AuditEntry(
        number=number,
        at=moment,
        actor=actor,
        action=action,
        case_id=case_id,
        detail=text,
        user_id=subject.user_id,
        state=subject.state,
        prev_hash=prev_hash,
        hash=digest(
            prev_hash,
            moment,
            actor,
            action,
            case_id,
            text,
            number=number,
            user_id=subject.user_id,
            state=subject.state,
        ),
    )
    session.add(entry)
    session.flush()
    audit_state.remember_actor(session, actor)
    return entry


def append_many(session: Session, rows: list[dict[str, Any]]) -> None:
    """Many entries at once (demo data): each row gives at, actor, action, case_id, detail (a
    dict) and may give state; numbers and hashes are added here, in the rows' order."""
    prev = last_hash(session)
    number = last_number(session)
    for row in rows:
        number += 1
        row["at"] = row["at"].astimezone(UTC)
        row["detail"] = canonical(row["detail"])
        row.setdefault("user_id", None)
        row.setdefault("state", None)
        row["number"] = number
        row["prev_hash"] = prev
        row["hash"] = prev = digest(
            prev,
            row["at"],
            row["actor"],
            row["action"],
            row["case_id"],
            row["detail"],
            number=number,
            user_id=row["user_id"],
            state=row["state"],
        )
    if rows:
        session.execute(insert(AuditEntry), rows)


class Problem(StrEnum):
    """What verify found wrong with the chain (the first such place is reported)."""

    ALTERED = "altered"  # an entry's hash or link does not match its content
    REMOVED = "removed"  # a gap in the numbers
    INSERTED = "inserted"  # a number repeated or out of order
    DAMAGED = "damaged"  # a value that can not be read (NULL, wrong type, bad JSON)
    CUT = "cut"  # fewer entries than the anchor recorded
    EMPTIED = "emptied"  # no entries at all, but the anchor recorded some
    REWRITTEN = "rewritten"  # an entry differs from the anchor: the chain was recomputed


@dataclass(frozen=True)
class ChainReport:
    entries: int
    broken_at: int | None  # id of the first entry that does not match (None: none, or cut)
    problem: Problem | None = None
    number: int | None = None  # the number of the first entry concerned
    last_number: int = 0
    # number -> hash of every readable entry, for the check against the anchor
    hashes: dict[int, str] = field(default_factory=dict, repr=False, compare=False)

    @property
    def intact(self) -> bool:
        return self.problem is None


_COLUMNS = "id, number, at, actor, action, case_id, user_id, state, detail, prev_hash, hash"


def _moment(value: object) -> datetime:
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        moment = datetime.fromisoformat(value)
    else:
        raise ValueError("not a time")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _optional_int(value: object) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise ValueError("not a whole number")


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("not a text")
    return value


def _expected_hash(row: Any, prev: str) -> tuple[int, str, str]:
    """(number, stored hash, the hash its content gives); ValueError for a damaged row."""
    number = _optional_int(row.number)
    if number is None:
        raise ValueError("no number")
    detail = _text(row.detail)
    if not isinstance(json.loads(detail), dict):
        raise ValueError("detail is not an object")
    state = row.state
    if state is not None:
        _text(state)
    stored = _text(row.hash)
    _text(row.prev_hash)
    expected = digest(
        prev,
        _moment(row.at),
        _text(row.actor),
        _text(row.action),
        _optional_int(row.case_id),
        detail,
        number=number,
        user_id=_optional_int(row.user_id),
        state=state,
    )
    return number, stored, expected


def verify(session: Session) -> ChainReport:
    """Walk the whole chain in the order it was written; report the first entry that is damaged,
    does not match its hash or link, or breaks the numbering. Never raises for a bad row."""
    prev = GENESIS
    count = 0
    expected_number = 1
    found: tuple[Problem, int, int | None] | None = None  # problem, row id, number
    hashes: dict[int, str] = {}
    rows = session.connection().exec_driver_sql(f"SELECT {_COLUMNS} FROM audit ORDER BY id")
    for row in rows:
        count += 1
        try:
            number, stored, expected = _expected_hash(row, prev)
        except (ValueError, TypeError):
            raw = row.number
            number_seen = raw if isinstance(raw, int) and not isinstance(raw, bool) else None
            if found is None:
                found = (Problem.DAMAGED, row.id, number_seen)
            prev = row.hash if isinstance(row.hash, str) else GENESIS
            expected_number = (number_seen or expected_number) + 1
            continue
        hashes.setdefault(number, stored)
        if found is None:
            if number > expected_number:
                found = (Problem.REMOVED, row.id, expected_number)
            elif number < expected_number:
                found = (Problem.INSERTED, row.id, number)
            elif row.prev_hash != prev or stored != expected:
                found = (Problem.ALTERED, row.id, number)
        prev = stored
        expected_number = number + 1
    last = expected_number - 1
    if found is None:
        return ChainReport(count, None, last_number=last, hashes=hashes)
    problem, row_id, number_at = found
    return ChainReport(count, row_id, problem, number_at, last, hashes)
