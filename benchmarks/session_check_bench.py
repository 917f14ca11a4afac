"""The cost of checking the log-in in every unit of work (services.base.check_actor).

An empty unit of work with the check, against the same transaction without it, on an SQLite file
(and on PostgreSQL at 127.0.0.1:5432 when it answers): the difference is what every service call
now pays. "with refresh" moves the clock a minute between calls, so each check also writes the
session's last activity (what happens at most once a minute per desk).

Run: python benchmarks/session_check_bench.py [CALLS]. Prints times; asserts nothing.

Measured 2026-12-01 on the 2-core machine (shared, best of 3 x 2,000 calls): the check adds
about 0.3 ms to a unit of work on SQLite and 0.1-0.8 ms on PostgreSQL (one prepared query); the
refresh, a write committed at most once a minute per desk, about 3.5 ms on SQLite (synchronous=FULL;
1.3 ms with NORMAL) and 4 ms on PostgreSQL.
"""

from __future__ import annotations

import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa

from privacy_desk.domain.rules import Action
from privacy_desk.services.base import Context, unit_of_work
from privacy_desk.services.users import authenticate, create_first_admin
from privacy_desk.storage.db import Database, connect

POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


class Clock:
    def __init__(self) -> None:
        self.moment = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.moment


def per_call_ms(function, calls: int) -> float:
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for _ in range(calls):
            function()
        best = min(best, (time.perf_counter() - started) / calls)
    return best * 1000


def measure(label: str, db: Database, calls: int) -> None:
    clock = Clock()
    context = Context(db, clock=clock)
    create_first_admin(context, "kanri", "管理 次郎", "benchmark password")
    actor = authenticate(context, "kanri", "benchmark password")

    def bare() -> None:
        with db.session() as session:
            session.execute(sa.select(1))

    def checked() -> None:
        with unit_of_work(context, actor, Action.READ_CASE) as session:
            session.execute(sa.select(1))

    def checked_with_refresh() -> None:
        clock.moment += timedelta(seconds=61)
        checked()

    plain, check, refresh = (per_call_ms(f, calls) for f in (bare, checked, checked_with_refresh))
    print(
        f"{label:<12} transaction alone {plain:6.3f} ms   with the check {check:6.3f} ms "
        f"(+{check - plain:.3f})   with the check and a refresh {refresh:6.3f} ms "
        f"(+{refresh - plain:.3f})"
    )


def main() -> None:
    calls = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    with tempfile.TemporaryDirectory() as folder:
        db = connect(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        try:
            measure("SQLite", db, calls)
        finally:
            db.dispose()
    try:
        admin = sa.create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
        name = f"privacy_desk_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # no server: SQLite only
        print(f"PostgreSQL not measured ({type(exc).__name__})")
        return
    db = connect(POSTGRES.rsplit("/", 1)[0] + f"/{name}")
    try:
        measure("PostgreSQL", db, calls)
    finally:
        db.dispose()
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE "{name}"'))
        admin.dispose()


if __name__ == "__main__":
    main()
