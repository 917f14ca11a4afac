"""offices: the head office in Tokyo and the branch in Naha, each with its letterhead data; every
case and every user belongs to one (the existing ones to the head office); closures are per office
or for all (office_id NULL), so the closures table gets its own id.

The two offices are pre-filled from the privacy policy's contact section (31 August 2023): both
publish the same TEL, FAX, email and hours; the policy gives the branch no number of its own.

Revision ID: 0010
Revises: 0005
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0005"
branch_labels = None
depends_on = None

_CONTACT = {
    "tel": "03-5904-8973",
    "fax": "03-5904-8974",
    "email": "info@jacces.or.jp",
    "hours_ja": "9:00～18:00（土曜日・日曜日・祝日を除く）",
    "hours_en": "9:00–18:00 (excluding Saturdays, Sundays and holidays)",
}
OFFICES = (
    {
        "id": 1,
        "code": "tokyo",
        "position": 1,
        "name_ja": "本部（東京）",
        "name_en": "Head office (Tokyo)",
        "postal_code": "170-0013",
        "address_ja": "東京都豊島区東池袋4-21-1 アウルタワー609",
        "address_en": "609 Owl Tower, 4-21-1 Higashi-Ikebukuro, Toshima-ku, Tokyo 170-0013, Japan",
        **_CONTACT,
    },
    {
        "id": 2,
        "code": "naha",
        "position": 2,
        "name_ja": "那覇支部",
        "name_en": "Naha branch",
        "postal_code": "900-0036",
        "address_ja": "沖縄県那覇市西1-7-14",
        "address_en": "1-7-14 Nishi, Naha City, Okinawa 900-0036, Japan",
        **_CONTACT,
    },
)
HEAD_OFFICE_ID = 1
_OLD_CLOSURES = sa.table(
    "closures",
    sa.column("day", sa.Date),
    sa.column("reason", sa.String),
    sa.column("created_by_login", sa.String),
)


def _add_office_column(table: str) -> None:
    """office_id on cases and users, the head office for the rows there are.

    PostgreSQL: NOT NULL with its foreign key. SQLite can not add a column with a foreign key and
    a default other than NULL while foreign keys are on, nor rebuild a table others point at
    inside a transaction: there the column is added nullable (the application always fills it)
    and filled; a downgrade leaves it in place (SQLite can not drop a column with a foreign key),
    which an upgrade then reuses.
    """
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        if "office_id" not in {c["name"] for c in sa.inspect(bind).get_columns(table)}:
            op.execute(f"ALTER TABLE {table} ADD COLUMN office_id INTEGER REFERENCES offices (id)")
        op.execute(f"UPDATE {table} SET office_id = {HEAD_OFFICE_ID} WHERE office_id IS NULL")
    else:
        op.add_column(
            table,
            sa.Column(
                "office_id", sa.Integer(), nullable=False, server_default=str(HEAD_OFFICE_ID)
            ),
        )
        op.create_foreign_key(
            op.f(f"fk_{table}_office_id_offices"), table, "offices", ["office_id"], ["id"]
        )
        op.alter_column(table, "office_id", server_default=None)
    op.create_index(op.f(f"ix_{table}_office_id"), table, ["office_id"])


def _drop_office_column(table: str) -> None:
    op.drop_index(op.f(f"ix_{table}_office_id"), table_name=table)
    if op.get_bind().dialect.name == "sqlite":
        op.execute(f"UPDATE {table} SET office_id = NULL")  # so that `offices` can go
    else:
        op.drop_constraint(op.f(f"fk_{table}_office_id_offices"), table, type_="foreignkey")
        op.drop_column(table, "office_id")


def upgrade() -> None:
    offices = op.create_table(
        "offices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=20), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name_ja", sa.String(length=200), nullable=False),
        sa.Column("name_en", sa.String(length=200), nullable=False),
        sa.Column("postal_code", sa.String(length=16), nullable=False),
        sa.Column("address_ja", sa.String(length=400), nullable=False),
        sa.Column("address_en", sa.String(length=400), nullable=False),
        sa.Column("tel", sa.String(length=40), nullable=False),
        sa.Column("fax", sa.String(length=40), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("hours_ja", sa.String(length=200), nullable=False),
        sa.Column("hours_en", sa.String(length=200), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_offices")),
        sa.UniqueConstraint("code", name=op.f("uq_offices_code")),
    )
    op.bulk_insert(offices, [{**office, "active": True, "version": 1} for office in OFFICES])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval('offices_id_seq', (SELECT max(id) FROM offices))")

    for table in ("cases", "users"):
        _add_office_column(table)

    # Rebuilt rather than renamed, so that its constraints keep their names on PostgreSQL.
    bind = op.get_bind()
    kept = bind.execute(sa.select(*_OLD_CLOSURES.c)).all()
    op.drop_table("closures")
    closures = op.create_table(
        "closures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("office_id", sa.Integer(), nullable=True),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("created_by_login", sa.String(length=80), nullable=False),
        sa.ForeignKeyConstraint(
            ["office_id"], ["offices.id"], name=op.f("fk_closures_office_id_offices")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_closures")),
    )
    op.create_index(op.f("ix_closures_day"), "closures", ["day"])
    op.bulk_insert(
        closures,
        [
            {"day": day, "office_id": None, "reason": reason, "created_by_login": login}
            for day, reason, login in sorted(kept)
        ],
    )


def downgrade() -> None:
    # Office closures can not be kept by a table of days for every office: they are dropped.
    bind = op.get_bind()
    new = sa.table(
        "closures",
        sa.column("day", sa.Date),
        sa.column("reason", sa.String),
        sa.column("created_by_login", sa.String),
        sa.column("office_id", sa.Integer),
    )
    kept = bind.execute(
        sa.select(new.c.day, new.c.reason, new.c.created_by_login).where(new.c.office_id.is_(None))
    ).all()
    op.drop_index(op.f("ix_closures_day"), table_name="closures")
    op.drop_table("closures")
    closures = op.create_table(
        "closures",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.Column("created_by_login", sa.String(length=80), nullable=False),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_closures")),
    )
    op.bulk_insert(
        closures,
        [{"day": day, "reason": reason, "created_by_login": login} for day, reason, login in kept],
    )
    for table in ("users", "cases"):
        _drop_office_column(table)
    op.drop_table("offices")
