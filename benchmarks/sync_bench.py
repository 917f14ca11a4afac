"""What synchronous=FULL costs on SQLite: saves per second with NORMAL and with FULL.

A save is one ordinary service call (a note added to a case: one transaction, its audit entry,
one commit). FULL syncs the WAL at every commit, so an acknowledged save survives a power cut;
NORMAL syncs only at checkpoints and may lose the last saves. Each mode runs on a fresh file in
the given folder (default: a temporary folder; pass one on the disk you care about).

Run: python benchmarks/sync_bench.py [SAVES] [FOLDER]. Prints figures; asserts nothing.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.users import AdminService, authenticate, create_first_admin
from privacy_desk.storage import db as storage
from privacy_desk.storage.db import connect
from tests.services.factories import complaint_by_phone

PASSWORD = "benchmark password 1"


def saves_per_second(folder: Path, mode: str, saves: int) -> float:
    storage.SQLITE_SYNCHRONOUS = mode
    database = connect(f"sqlite:///{folder / f'sync-{mode.lower()}.sqlite3'}")
    try:
        context = Context(database)
        create_first_admin(context, "kanri", "管理 次郎", PASSWORD)
        admin = AdminService(context, authenticate(context, "kanri", PASSWORD))
        admin.add_user("bench", "ベンチ 太郎", UserRole.STAFF, PASSWORD)
        staff = CaseService(context, authenticate(context, "bench", PASSWORD))
        case = staff.intake(complaint_by_phone())
        version = case.version
        started = time.perf_counter()
        for number in range(saves):
            version = staff.add_note(case.id, version, f"記録 {number}").version
        return saves / (time.perf_counter() - started)
    finally:
        database.dispose()


def bare_commits_per_second(folder: Path, mode: str, commits: int) -> float:
    """The disk alone: one small row and a commit, in WAL mode, with nothing of ours around it."""
    path = folder / f"bare-{mode.lower()}.sqlite3"
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(f"PRAGMA synchronous={mode}")
        connection.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, text TEXT)")
        started = time.perf_counter()
        for number in range(commits):
            connection.execute("BEGIN IMMEDIATE")
            connection.execute("INSERT INTO t (text) VALUES (?)", (f"row {number}",))
            connection.execute("COMMIT")
        return commits / (time.perf_counter() - started)
    finally:
        connection.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def main() -> None:
    saves = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(temporary)
        figures = {}
        for mode in ("NORMAL", "FULL", "NORMAL", "FULL"):  # twice each, best kept
            rate = saves_per_second(folder, mode, saves)
            figures[mode] = max(figures.get(mode, 0.0), rate)
            for suffix in ("", "-wal", "-shm"):
                (folder / f"sync-{mode.lower()}.sqlite3{suffix}").unlink(missing_ok=True)
        for mode, rate in figures.items():
            print(f"synchronous={mode:<7} {rate:8.1f} saves/s  ({1000 / rate:6.2f} ms a save)")
        cost = 1 - figures["FULL"] / figures["NORMAL"]
        print(f"FULL costs {cost:.0%} of NORMAL's rate ({saves} saves each, best of two)")
        bare = {
            mode: bare_commits_per_second(folder, mode, saves * 4) for mode in ("NORMAL", "FULL")
        }
        for mode, rate in bare.items():
            print(f"bare SQLite commits, synchronous={mode:<7} {rate:9.1f} commits/s")


if __name__ == "__main__":
    main()
