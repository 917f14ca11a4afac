"""persons.form_of_address (Mr / Ms / none, for "Dear Mr Nakamura" in English letters);
dispatch methods as Japan Post sells them; cases.provisional dropped (never read: whether a due
date is provisional is worked out from today's calendar whenever it is shown).

The stored dispatch method "registered" was shown to Japanese staff as 簡易書留, so that is
what they chose: it becomes "simple_registered" (簡易書留). 一般書留 is the new
"general_registered".

Revision ID: 0009
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0004"
branch_labels = None
depends_on = None

_RENAMED = (("registered", "simple_registered"),)
_DISPATCH_TABLES = ("letters", "contacts")


def _rename_dispatch(pairs: tuple[tuple[str, str], ...]) -> None:
    for table_name in _DISPATCH_TABLES:
        table = sa.table(table_name, sa.column("dispatch_method", sa.String))
        for old, new in pairs:
            op.execute(
                sa.update(table).where(table.c.dispatch_method == old).values(dispatch_method=new)
            )


def upgrade() -> None:
    with op.batch_alter_table("persons", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "form_of_address", sa.String(length=10), nullable=False, server_default="none"
            )
        )
    _rename_dispatch(_RENAMED)
    # Not in batch mode: rebuilding `cases` on SQLite would fight the foreign keys that point at
    # it, and SQLite (3.35+) drops an unindexed column in place.
    op.drop_column("cases", "provisional")


def downgrade() -> None:
    op.add_column(
        "cases",
        sa.Column("provisional", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    # Services the older vocabulary did not know go back to the nearest it did.
    _rename_dispatch(
        (
            ("simple_registered", "registered"),
            ("general_registered", "registered"),
            ("recorded_delivery", "post"),
            ("letter_pack_plus", "post"),
            ("letter_pack_light", "post"),
        )
    )
    op.drop_column("persons", "form_of_address")
