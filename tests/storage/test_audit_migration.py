"""Revision 0007 numbers the entries already written and works their hashes out again with the
number in them, as far as the old chain held; down again, the old chain verifies as before."""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import text

from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.users import authenticate
from privacy_desk.storage import audit
from privacy_desk.storage.db import MIGRATIONS, Database, alembic_config
from tests.conftest import PASSWORD, make_users
from tests.services.factories import complaint_by_phone
from tests.storage.tampering import drop_guards

_spec = importlib.util.spec_from_file_location(
    "audit_anchor_revision", MIGRATIONS / "versions" / "0007_audit_anchor.py"
)
assert _spec is not None and _spec.loader is not None
revision = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(revision)


def _migrate(db: Database, target: str, down: bool = False) -> None:
    config = alembic_config(db)
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, target)


def _old_chain_holds(db: Database) -> int | None:
    """The id of the first entry that breaks the chain as it was before 0007, None if intact."""
    prev = audit.GENESIS
    with db.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT id, at, actor, action, case_id, detail, prev_hash, hash FROM audit")
        ).all()
    for row in sorted(rows, key=lambda r: r.id):
        at = row.at if isinstance(row.at, datetime) else datetime.fromisoformat(row.at)
        expected = revision._old_digest(
            prev, at.replace(tzinfo=UTC), row.actor, row.action, row.case_id, row.detail
        )
        if row.prev_hash != prev or row.hash != expected:
            return int(row.id)
        prev = row.hash
    return None


def test_entries_are_numbered_and_rechained_both_ways(any_db: Database, clock) -> None:
    context = Context(any_db, clock=clock)
    users = make_users(context)
    CaseService(context, users["staff"]).intake(complaint_by_phone())
    _migrate(any_db, "0004", down=True)
    assert _old_chain_holds(any_db) is None
    _migrate(any_db, "head")
    with any_db.session() as session:
        report = audit.verify(session)
        count = report.entries
    assert report.intact and report.last_number == count > 5
    # Going down to 0004 took the log-in sessions (0005) with it: log in again.
    staff = authenticate(context, "sato", PASSWORD)
    CaseService(context, staff).intake(complaint_by_phone())  # the chain goes on
    with any_db.session() as session:
        assert audit.verify(session).intact


def test_an_entry_broken_before_the_upgrade_stays_named(any_db: Database, clock) -> None:
    context = Context(any_db, clock=clock)
    make_users(context)
    _migrate(any_db, "0004", down=True)
    with any_db.engine.begin() as connection:
        drop_guards(connection)
        target = connection.execute(text("SELECT id FROM audit ORDER BY id")).scalars().all()[3]
        connection.execute(text("UPDATE audit SET actor = 'x' WHERE id = :i"), {"i": target})
    assert _old_chain_holds(any_db) == target
    # The upgrade puts the guards back (SQLite's were dropped above: the revision makes them).
    _migrate(any_db, "head")
    with any_db.session() as session:
        report = audit.verify(session)
    assert report.problem is audit.Problem.ALTERED and report.broken_at == target
