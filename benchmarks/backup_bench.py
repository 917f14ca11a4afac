"""Figures for backups of a 5,000-case desk: create, verify and restore, their time and size.

Run: python benchmarks/backup_bench.py [CASES] [POSTGRES_ADMIN_URL]. SQLite always; with the
PostgreSQL server reachable (default postgresql+psycopg://postgres@127.0.0.1:5432/test), also the
desk restored into a new server database and backed up from there. Prints figures; asserts nothing.
"""

from __future__ import annotations

import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa

from privacy_desk.services.backup import restore_backup, verify_backup, write_backup
from privacy_desk.services.base import Context
from privacy_desk.services.demo import DemoService
from privacy_desk.services.users import authenticate, create_first_admin
from privacy_desk.storage.db import connect

PASSPHRASE = "benchmark passphrase 2026"


def timed(label: str, function):
    started = time.perf_counter()
    result = function()
    print(f"{label:<52} {time.perf_counter() - started:8.2f} s")
    return result


def size(label: str, path: Path) -> None:
    print(f"{label:<52} {path.stat().st_size / 1e6:8.2f} MB")


def main() -> None:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000
    server = (
        sys.argv[2] if len(sys.argv) > 2 else "postgresql+psycopg://postgres@127.0.0.1:5432/test"
    )
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        desk = folder / "desk.sqlite3"
        db = connect(f"sqlite:///{desk}")
        create_first_admin(Context(db), "kanri", "管理 次郎", "benchmark password")
        admin = authenticate(Context(db), "kanri", "benchmark password")
        timed(
            f"demo-data {cases:,} cases",
            lambda: DemoService(Context(db), admin).generate(cases, seed=1),
        )
        db.engine.dispose()
        with db.engine.connect() as connection:
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        size("SQLite database file", desk)
        file = folder / "desk.pdbackup"
        report = timed("backup create (SQLite)", lambda: write_backup(db, file, PASSPHRASE))
        size(f"backup file ({report.manifest.rows:,} rows)", file)
        timed(
            "backup verify (decrypt, load in memory, check)",
            lambda: verify_backup(file, PASSPHRASE),
        )
        restored = folder / "restored.sqlite3"
        timed(
            "backup restore into a new SQLite file, checked",
            lambda: restore_backup(file, PASSPHRASE, f"sqlite:///{restored}"),
        )
        db.dispose()
        try:
            admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
            with admin.connect() as connection:
                database = f"privacy_desk_bench_{uuid.uuid4().hex[:8]}"
                connection.exec_driver_sql(f'CREATE DATABASE "{database}"')
        except Exception as exc:  # no server: SQLite figures only
            print(f"PostgreSQL not reachable ({type(exc).__name__}): SQLite figures only")
            return
        url = server.rsplit("/", 1)[0] + f"/{database}"
        try:
            timed(
                "backup restore SQLite -> PostgreSQL, checked",
                lambda: restore_backup(file, PASSPHRASE, url),
            )
            pg = connect(url)
            again = folder / "server.pdbackup"
            timed("backup create (PostgreSQL)", lambda: write_backup(pg, again, PASSPHRASE))
            size("backup file from PostgreSQL", again)
            pg.dispose()
        finally:
            with admin.connect() as connection:
                connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            admin.dispose()


if __name__ == "__main__":
    main()
