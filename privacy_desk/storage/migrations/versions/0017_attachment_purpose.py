"""attachment purpose: a kept file is correspondence or an identity document; an identity
document's bytes are deleted once the identity check is recorded (or some days later, as the
setting identity_scans_keep_days says), and the row stays with the day they were deleted.

Two added columns, no table rebuilt: ``purpose`` (every existing row is correspondence) and
``deleted_at`` (empty: nothing deleted yet). Plain ``ADD COLUMN`` on SQLite and PostgreSQL alike.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column(
        "attachments",
        sa.Column(
            "purpose",
            sa.String(length=30),
            nullable=False,
            server_default="correspondence",
        ),
    )
    op.add_column("attachments", sa.Column("deleted_at", sa.DateTime(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("purpose")
