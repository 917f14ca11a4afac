"""Lists of vocabulary values as JSON arrays instead of comma-separated strings.

cases.kinds, measures.suspension_grounds, measures.disclosure_grounds and
identity_checks.documents held "a,b,c"; they now hold ["a", "b", "c"] in a text column. Queue
filters by kind read the measures rows instead of matching the text.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

# table -> (column, its old length)
LISTS = {
    "cases": (("kinds", 200),),
    "measures": (("suspension_grounds", 200), ("disclosure_grounds", 100)),
    "identity_checks": (("documents", 300),),
}


def _rewrite(table: str, column: str, convert: object) -> None:
    bind = op.get_bind()
    rows = sa.table(table, sa.column("id", sa.Integer), sa.column(column, sa.Text))
    for row_id, value in bind.execute(sa.select(rows.c.id, rows.c[column])).all():
        new = convert(value)  # type: ignore[operator]
        if new != value:
            bind.execute(sa.update(rows).where(rows.c.id == row_id).values({column: new}))


def _to_json(value: str | None) -> str:
    return json.dumps([item for item in (value or "").split(",") if item])


def _to_commas(value: str | None) -> str:
    return ",".join(json.loads(value or "[]"))


def _retype(table: str, column: str, new: sa.types.TypeEngine, old: sa.types.TypeEngine) -> None:
    # SQLite keeps any length of text in a VARCHAR column, and rebuilding `cases` there would
    # fight the foreign keys that point at it: only servers that enforce the length change type.
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column(table, column, type_=new, existing_type=old, existing_nullable=False)


def upgrade() -> None:
    for table, columns in LISTS.items():
        for column, length in columns:
            _retype(table, column, sa.Text(), sa.String(length))
            _rewrite(table, column, _to_json)


def downgrade() -> None:
    for table, columns in LISTS.items():
        for column, length in columns:
            _rewrite(table, column, _to_commas)
            _retype(table, column, sa.String(length), sa.Text())
