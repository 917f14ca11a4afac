"""search index: case summaries, notes, contact summaries and folded names searched through an
index, not a table scan (issue 11).

SQLite: FTS5 tables with the trigram tokenizer, one per searched table, each an "external content"
table over the rows themselves (the texts are not stored twice; a row's id is its rowid in the
index). Triggers keep them in step with every insert, edit and delete, whoever makes it (the
services, a bulk delete of the retention purge, a restore): nothing else needs to remember them,
and the audit trail's state hashing, which reads the model tables only, is not affected. The
index tables are not model tables: backups neither write nor expect them, and a restore fills
them through these triggers (or through this revision's rebuild when the backup is older).

A later revision that rebuilds one of these tables with ``op.batch_alter_table`` on SQLite (copy,
drop, rename) loses its triggers: it must create them again (``create_triggers`` below shows them)
and rebuild that index.

PostgreSQL: the pg_trgm extension and GIN trigram indexes on the same columns, which ILIKE and
LIKE use for patterns of three characters or more. CREATE EXTENSION needs a role allowed to
create it (a superuser, or the database owner where pg_trgm is trusted, as from PostgreSQL 13).
When the server refuses, the revision still completes without the indexes and says so: search
stays correct, only slower (a table scan), until an administrator runs
``CREATE EXTENSION pg_trgm`` and the owner creates the indexes (docs/office-setup.md lists them).

Revision ID: 0015
Revises: 0014 (chained after the inbox revision at merge)
Create Date: 2026-12-01
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")

# index table -> (content table, its searched columns)
SQLITE_INDEXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "search_cases": ("cases", ("summary",)),
    "search_notes": ("notes", ("text",)),
    "search_contacts": ("contacts", ("summary",)),
    "search_persons": ("persons", ("name_folded", "kana_folded")),
}

# index name -> (table, column)
POSTGRES_INDEXES: dict[str, tuple[str, str]] = {
    "ix_cases_summary_trgm": ("cases", "summary"),
    "ix_notes_text_trgm": ("notes", "text"),
    "ix_contacts_summary_trgm": ("contacts", "summary"),
    "ix_persons_name_folded_trgm": ("persons", "name_folded"),
    "ix_persons_kana_folded_trgm": ("persons", "kana_folded"),
}


def create_triggers(index: str) -> list[str]:
    """The statements of the three triggers that keep `index` in step with its table."""
    table, columns = SQLITE_INDEXES[index]
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    insert = f"INSERT INTO {index}(rowid, {names}) VALUES (new.id, {new});"
    remove = f"INSERT INTO {index}({index}, rowid, {names}) VALUES ('delete', old.id, {old});"
    return [
        f"CREATE TRIGGER {index}_insert AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER {index}_delete AFTER DELETE ON {table} BEGIN {remove} END",
        f"CREATE TRIGGER {index}_update AFTER UPDATE OF {names} ON {table} "
        f"BEGIN {remove} {insert} END",
    ]


def _upgrade_sqlite() -> None:
    for index, (table, columns) in SQLITE_INDEXES.items():
        op.execute(
            f"CREATE VIRTUAL TABLE {index} USING fts5({', '.join(columns)}, "
            f"content='{table}', content_rowid='id', tokenize='trigram')"
        )
        for statement in create_triggers(index):
            op.execute(statement)
        op.execute(f"INSERT INTO {index}({index}) VALUES ('rebuild')")


def _upgrade_postgresql() -> None:
    connection = op.get_bind()
    try:
        with connection.begin_nested():
            connection.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError as exc:
        problem = type(getattr(exc, "orig", exc)).__name__
        message = (
            f"0015: the server refused CREATE EXTENSION pg_trgm ({problem}); search works without "
            "the trigram indexes, scanning the tables. Have an administrator run "
            "CREATE EXTENSION pg_trgm in this database and the owner create the indexes listed in "
            "docs/office-setup.md."
        )
        log.warning(message)
        print(message)
        return
    for name, (table, column) in POSTGRES_INDEXES.items():
        op.create_index(
            name,
            table,
            [column],
            postgresql_using="gin",
            postgresql_ops={column: "gin_trgm_ops"},
        )
    ctype = connection.scalar(
        sa.text("SELECT datctype FROM pg_database WHERE datname = current_database()")
    )
    if str(ctype).upper() in C_CTYPES:
        message = (
            f"0015: this database's character type is {ctype}: pg_trgm takes no trigrams from "
            "Japanese text there, so a Japanese search reads the rows instead of the index. "
            "Create the database with LC_CTYPE 'C.UTF-8' (or ja_JP.UTF-8) and restore a backup "
            "into it (docs/office-setup.md)."
        )
        log.warning(message)
        print(message)


C_CTYPES = ("C", "POSIX")  # character types in which pg_trgm skips every non-ASCII character


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _upgrade_sqlite()
    else:
        _upgrade_postgresql()


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for index in SQLITE_INDEXES:
            for kind in ("insert", "delete", "update"):
                op.execute(f"DROP TRIGGER IF EXISTS {index}_{kind}")
            op.execute(f"DROP TABLE IF EXISTS {index}")
        return
    for name in POSTGRES_INDEXES:
        op.execute(f"DROP INDEX IF EXISTS {name}")
    # The extension stays: other databases' objects or an administrator's may use it.
