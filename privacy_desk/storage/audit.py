"""The audit trail: append-only, each entry chained to the previous by SHA-256.

The database refuses UPDATE and DELETE on the table (triggers from the first migration); the hash
chain shows any change made around them. Entries hold field names and states, never personal data.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from privacy_desk.storage.models import AuditEntry, Sequence, utcnow

GENESIS = "0" * 64


def digest(
    prev_hash: str, at: datetime, actor: str, action: str, case_id: int | None, detail: str
) -> str:
    payload = json.dumps(
        [prev_hash, at.isoformat(timespec="microseconds"), actor, action, case_id, detail],
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


def append(
    session: Session,
    actor: str,
    action: str,
    case_id: int | None = None,
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    """Add one entry to the chain inside the caller's transaction."""
    prev_hash = last_hash(session)
    moment = (at or utcnow()).astimezone(UTC)
    text = canonical(detail or {})
    entry = AuditEntry(
        at=moment,
        actor=actor,
        action=action,
        case_id=case_id,
        detail=text,
        prev_hash=prev_hash,
        hash=digest(prev_hash, moment, actor, action, case_id, text),
    )
    session.add(entry)
    session.flush()
    return entry


@dataclass(frozen=True)
class ChainReport:
    entries: int
    broken_at: int | None  # id of the first entry that does not match

    @property
    def intact(self) -> bool:
        return self.broken_at is None


def verify(session: Session) -> ChainReport:
    """Walk the whole chain; report the first entry whose hash or link does not match."""
    prev = GENESIS
    count = 0
    rows = session.execute(
        select(
            AuditEntry.id,
            AuditEntry.at,
            AuditEntry.actor,
            AuditEntry.action,
            AuditEntry.case_id,
            AuditEntry.detail,
            AuditEntry.prev_hash,
            AuditEntry.hash,
        ).order_by(AuditEntry.id)
    )
    for row in rows:
        count += 1
        expected = digest(prev, row.at, row.actor, row.action, row.case_id, row.detail)
        if row.prev_hash != prev or row.hash != expected:
            return ChainReport(entries=count, broken_at=row.id)
        prev = row.hash
    return ChainReport(entries=count, broken_at=None)
