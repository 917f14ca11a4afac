"""The audit trail numbered and anchored: audit.number (1, 2, 3… without gaps, unique),
audit.user_id and audit.state (the hash of a case's or user's state after the action), the
database's own identity for its anchor files, and TRUNCATE refused on PostgreSQL.

The entries already written get their numbers in the order they were written and their hashes
worked out again with the number in them, as far as the old chain was intact: from the first entry
that did not match its old hash, the stored hashes stay as they were, so `audit verify` still
names that entry.

Revision ID: 0007
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import hashlib
import json
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from privacy_desk.storage.audit import GENESIS, digest

revision = "0007"
down_revision = "0004"
branch_labels = None
depends_on = None

_SQLITE_TRIGGERS = {
    "audit_no_update": """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
       BEGIN SELECT RAISE(ABORT, 'the audit trail can not be changed'); END""",
    "audit_no_delete": """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
       BEGIN SELECT RAISE(ABORT, 'the audit trail can not be changed'); END""",
}
_AUDIT = sa.table(
    "audit",
    sa.column("id", sa.Integer),
    sa.column("number", sa.Integer),
    sa.column("at", sa.DateTime),
    sa.column("actor", sa.String),
    sa.column("action", sa.String),
    sa.column("case_id", sa.Integer),
    sa.column("detail", sa.Text),
    sa.column("user_id", sa.Integer),
    sa.column("state", sa.String),
    sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String),
)


def _old_digest(
    prev_hash: str, at: datetime, actor: str, action: str, case_id: int | None, detail: str
) -> str:
    """The hash before this revision (no number, no subject, no state)."""
    payload = json.dumps(
        [prev_hash, at.isoformat(timespec="microseconds"), actor, action, case_id, detail],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _guard_off() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in _SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    else:
        op.execute("ALTER TABLE audit DISABLE TRIGGER audit_no_change")


def _guard_on() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in _SQLITE_TRIGGERS.values():
            op.execute(statement)
    else:
        op.execute("ALTER TABLE audit ENABLE TRIGGER audit_no_change")


def _rechain(to_new: bool) -> None:
    """Rewrite each entry's hash in the other formula while the old chain holds; keep the rest."""
    bind = op.get_bind()
    columns = [c for c in _AUDIT.c if not (to_new and c.name in ("number", "user_id", "state"))]
    rows = bind.execute(sa.select(*columns).order_by(_AUDIT.c.id)).all()
    old_prev = new_prev = GENESIS
    intact = True
    for number, row in enumerate(rows, start=1):
        at = row.at.replace(tzinfo=UTC)
        values: dict[str, object] = {"number": number} if to_new else {}
        if intact:
            if to_new:
                expected = _old_digest(old_prev, at, row.actor, row.action, row.case_id, row.detail)
            else:
                expected = digest(
                    old_prev,
                    at,
                    row.actor,
                    row.action,
                    row.case_id,
                    row.detail,
                    number=number,
                    user_id=row.user_id,
                    state=row.state,
                )
            intact = row.prev_hash == old_prev and row.hash == expected
        if intact:
            if to_new:
                new_hash = digest(
                    new_prev, at, row.actor, row.action, row.case_id, row.detail, number=number
                )
            else:
                new_hash = _old_digest(new_prev, at, row.actor, row.action, row.case_id, row.detail)
            values.update(prev_hash=new_prev, hash=new_hash)
            new_prev = new_hash
        old_prev = row.hash
        if values:
            bind.execute(sa.update(_AUDIT).where(_AUDIT.c.id == row.id).values(values))


def upgrade() -> None:
    op.create_table(
        "database_identity",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_database_identity")),
    )
    identity = sa.table("database_identity", sa.column("id", sa.String))
    op.get_bind().execute(sa.insert(identity).values(id=str(uuid.uuid4())))
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("number", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("user_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("state", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_audit_number"), ["number"], unique=True)
        batch_op.create_index(batch_op.f("ix_audit_user_id"), ["user_id"], unique=False)
    _guard_off()
    _rechain(to_new=True)
    _guard_on()
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            """CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
               FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()"""
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_no_truncate ON audit")
    _guard_off()
    _rechain(to_new=False)
    # Not in batch mode: SQLite (3.35+) drops these columns in place, keeping the table as it is.
    op.drop_index("ix_audit_user_id", table_name="audit")
    op.drop_index("ix_audit_number", table_name="audit")
    op.drop_column("audit", "state")
    op.drop_column("audit", "user_id")
    op.drop_column("audit", "number")
    _guard_on()
    op.drop_table("database_identity")
