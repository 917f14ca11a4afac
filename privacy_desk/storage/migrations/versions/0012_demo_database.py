"""demo database: a mark on the database's identity row that its cases and users are invented.

Revision ID: 0012
Revises: 0013 (chained after the offices, users and attachments revisions at merge)
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Every database made so far is the office's own: not a demo one.
    with op.batch_alter_table("database_identity", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("demo", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("database_identity", schema=None) as batch_op:
        batch_op.drop_column("demo")
