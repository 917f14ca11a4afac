"""persons.address_folded, a search key so that earlier cases of a person are found by address;
measures.third_party_grounds, the grounds claimed for stopping provision to third parties.

Filled for the people already stored with domain.names.fold_address (width, spaces, kana, every
kind of hyphen, 丁目/番地/号 between numbers).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from privacy_desk.domain.names import fold_address

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("measures", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("third_party_grounds", sa.Text(), nullable=False, server_default="[]")
        )
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("address_folded", sa.String(length=400), nullable=False, server_default="")
        )
        batch_op.create_index(
            batch_op.f("ix_persons_address_folded"), ["address_folded"], unique=False
        )
    bind = op.get_bind()
    persons = sa.table(
        "persons",
        sa.column("id", sa.Integer),
        sa.column("address", sa.String),
        sa.column("address_folded", sa.String),
    )
    for person_id, address in bind.execute(sa.select(persons.c.id, persons.c.address)).all():
        key = fold_address(address or "")
        if key:
            bind.execute(
                sa.update(persons).where(persons.c.id == person_id).values(address_folded=key)
            )


def downgrade() -> None:
    # Not in batch mode: rebuilding `persons` on SQLite would fight the foreign keys that point
    # at it, and SQLite (3.35+) drops an unindexed column in place.
    op.drop_index("ix_persons_address_folded", table_name="persons")
    op.drop_column("persons", "address_folded")
    op.drop_column("measures", "third_party_grounds")
