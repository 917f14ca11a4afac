"""Decision texts the notices quote (purposes, answer, effects) and fee terms (pay-by, note).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

MEASURE_TEXTS = (
    "purposes",
    "provided_data_note",
    "effect_on_services",
    "method_difficulty_note",
    "facts",
    "view",
    "measures_taken",
    "apology",
)


def upgrade() -> None:
    with op.batch_alter_table("fees") as batch_op:
        batch_op.add_column(sa.Column("pay_by", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("note", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("measures") as batch_op:
        for name in MEASURE_TEXTS:
            batch_op.add_column(sa.Column(name, sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("measures") as batch_op:
        for name in reversed(MEASURE_TEXTS):
            batch_op.drop_column(name)
    with op.batch_alter_table("fees") as batch_op:
        batch_op.drop_column("note")
        batch_op.drop_column("pay_by")
