"""What the opening check costs: quick_check, integrity_check and foreign_key_check on SQLite.

Run: python benchmarks/integrity_bench.py [CASES ...] (default 5000). Makes an invented demo
database of each size, then times each check on a fresh read-only connection (best of 5), and
the whole opening of the file (connect, which runs integrity_check and foreign_key_check).
Prints figures; asserts nothing.
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from privacy_desk.services.base import Context
from privacy_desk.services.demo import DemoService
from privacy_desk.services.users import authenticate, create_first_admin
from privacy_desk.storage.db import connect


def best_of(function, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def pragma(path: Path, name: str) -> None:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        connection.execute(f"PRAGMA {name}").fetchall()
    finally:
        connection.close()


def main() -> None:
    sizes = [int(arg) for arg in sys.argv[1:]] or [5000]
    for cases in sizes:
        with tempfile.TemporaryDirectory() as folder:
            measure(Path(folder) / "bench.sqlite3", cases)


def measure(path: Path, cases: int) -> None:
    db = connect(f"sqlite:///{path}")
    create_first_admin(Context(db), "kanri", "管理 次郎", "benchmark password")
    admin = authenticate(Context(db), "kanri", "benchmark password")
    DemoService(Context(db), admin).generate(cases, seed=1)
    db.dispose()
    print(f"{cases} cases, {path.stat().st_size / 1e6:.1f} MB")
    for name in ("quick_check", "integrity_check", "foreign_key_check"):
        print(f"  PRAGMA {name:<20} {best_of(lambda n=name: pragma(path, n)) * 1000:8.1f} ms")
    opening = best_of(lambda: connect(f"sqlite:///{path}").dispose())
    print(f"  {'connect (whole opening check)':<27} {opening * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
