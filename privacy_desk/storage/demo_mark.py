"""Whether this database is a demo database, and marking it as one.

The mark sits on the database's identity row (one row, made by the migrations), so a backup and
its restore keep it. Nothing unmarks a database: a demo database stays one.
"""

from __future__ import annotations

import uuid

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from privacy_desk.storage.models import Case, DatabaseIdentity, User


def is_demo(session: Session) -> bool:
    return bool(session.scalars(select(DatabaseIdentity.demo).limit(1)).first())


def mark_demo(session: Session) -> None:
    """Mark the database as a demo one (in the caller's transaction)."""
    if session.scalars(select(DatabaseIdentity.id).limit(1)).first() is None:
        session.add(DatabaseIdentity(id=str(uuid.uuid4()), demo=True))
    else:
        session.execute(update(DatabaseIdentity).values(demo=True))


def holds_real_data(session: Session) -> bool:
    """Whether a database that is not marked demo holds cases, or users besides the first one
    (the first administrator, who may add the demo data)."""
    if session.scalar(select(Case.id).limit(1)) is not None:
        return True
    return (session.scalar(select(func.count()).select_from(User)) or 0) > 1


def is_empty(session: Session) -> bool:
    """No users and no cases: a database nobody has started to use."""
    return (
        session.scalar(select(User.id).limit(1)) is None
        and session.scalar(select(Case.id).limit(1)) is None
    )
