"""PostgreSQL roles for an office: the owner runs migrations, the desks work with fewer rights.

A desk's role may read and write the case tables, but on the audit table only read and insert:
no UPDATE, DELETE or TRUNCATE, and, not being the table's owner, it can neither drop nor disable
the trigger that refuses changes. The migration record and the database's identity it may only
read. docs/office-setup.md walks an office through it; `privacy-desk db grant-desk-role ROLE`
runs these statements as the owner (run it again after every upgrade: new tables need grants).
"""

from __future__ import annotations

import re

from sqlalchemy import Engine, inspect, text

APPEND_ONLY = frozenset({"audit"})
READ_ONLY = frozenset({"alembic_version", "database_identity"})
ROLE_PATTERN = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def desk_grants(role: str, tables: list[str]) -> list[str]:
    """The statements that give `role` a desk's rights on these tables (schema public)."""
    if not ROLE_PATTERN.match(role):
        raise ValueError("a role name has lower-case letters, digits and underscores")
    who = f'"{role}"'
    statements = [
        f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {who}",
        f"REVOKE CREATE ON SCHEMA public FROM {who}",
        f"GRANT USAGE ON SCHEMA public TO {who}",
    ]
    for table in sorted(tables):
        if table in APPEND_ONLY:
            rights = "SELECT, INSERT"
        elif table in READ_ONLY:
            rights = "SELECT"
        else:
            rights = "SELECT, INSERT, UPDATE, DELETE"
        statements.append(f'GRANT {rights} ON TABLE "{table}" TO {who}')
    statements.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {who}")
    return statements


def grant_desk_role(engine: Engine, role: str) -> list[str]:
    """Give an existing role a desk's rights on this database; run as the owner."""
    statements = desk_grants(role, inspect(engine).get_table_names(schema="public"))
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
    return statements
