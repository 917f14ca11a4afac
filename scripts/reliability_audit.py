"""Reliability proof, audit section: every kind of tampering, done on a generated database, must be
caught by `audit verify` and named at the right place.

Run from the repository root: ``.venv/bin/python scripts/reliability_audit.py [--cases N]
[--rounds R] [--postgres URL]``. Each round makes a fresh database (demo cases plus worked cases),
anchors it, tampers with it in one way (tests/storage/tampering.py: what someone with the file or
the owner's password can do), runs the check and compares its verdict with what was done. Prints
one line per kind and `caught/total`; exit status 1 if anything was missed or misnamed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa

from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.services import audit_trail
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.demo import DemoService
from privacy_desk.storage.db import Database, connect
from tests.storage import tampering

Kind = Callable[[Database, int], tuple[str, int]]
KINDS: dict[str, Kind] = {
    "edit an entry": lambda db, _c: tampering.edit_entry(db),
    "edit an entry and recompute the chain": lambda db, _c: tampering.edit_entry_and_rechain(db),
    "erase one case's history (renumbered, rechained)": tampering.erase_case_history,
    "remove one entry (rechained)": lambda db, _c: tampering.remove_entry(db),
    "cut the tail": lambda db, _c: tampering.cut_tail(db, 5),
    "append a forged entry": lambda db, _c: tampering.append_forged(db),
    "insert an entry with a taken number": lambda db, _c: tampering.insert_duplicate(db),
    "delete every entry": lambda db, _c: tampering.delete_everything(db),
    "damage an entry (bad JSON)": lambda db, _c: tampering.damage_entry(db),
    "damage an entry (NULL number)": lambda db, _c: tampering.damage_entry(db, "number", None),
    "edit a case row with SQL": tampering.edit_case,
    "edit a person row with SQL": tampering.edit_person,
    "edit a decision with SQL": tampering.edit_decision,
    "edit a user's role with SQL": lambda db, _c: tampering.edit_user(db, 2),
}


def _fresh(url: str | None, folder: Path, cases: int) -> Database:
    if url is None:
        return connect(f"sqlite:///{folder / 'reliability.sqlite3'}")
    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()
    return connect(url)


def _verdict(report: audit_trail.AuditReport, kind: str, where: int) -> bool:
    """Caught and named where the tampering was done."""
    if report.intact:
        return False
    if kind in ("case", "user"):
        found = report.cases if kind == "case" else report.users
        return where in {drift.id for drift in found}
    chain = report.chain
    if chain.problem is None or chain.problem.value != kind:
        return False
    # A damaged entry whose number itself is unreadable is named by its row instead.
    return chain.number == where or (kind == "damaged" and chain.broken_at is not None)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of every kind")
    parser.add_argument("--postgres", help="a PostgreSQL URL whose schema may be wiped")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    caught: Counter[str] = Counter()
    total: Counter[str] = Counter()
    began = time.perf_counter()
    for round_number in range(args.rounds):
        for name, tamper in KINDS.items():
            folder = Path(tempfile.mkdtemp(prefix="reliability-audit-"))
            os.environ["PRIVACY_DESK_DATA_DIR"] = str(folder / "data")
            db = _fresh(args.postgres, folder, args.cases)
            try:
                context = Context(db)
                admin = Actor("reliability", UserRole.ADMIN)
                DemoService(context, admin).generate(args.cases, seed=rng.randint(1, 10**6))
                audit_trail.write_anchor(context)
                assert audit_trail.verify(context).intact, "a fresh database must verify"
                with db.engine.connect() as connection:
                    case_ids = connection.execute(sa.text("SELECT id FROM cases")).scalars().all()
                kind, where = tamper(db, rng.choice(case_ids))
                total[name] += 1
                if _verdict(audit_trail.verify(context), kind, where):
                    caught[name] += 1
                else:
                    print(f"  MISSED in round {round_number + 1}: {name}")
            finally:
                db.dispose()
                shutil.rmtree(folder, ignore_errors=True)
    where = "PostgreSQL" if args.postgres else "SQLite"
    print(f"Audit tampering on {where}, {args.cases} demo cases a database, {args.rounds} rounds:")
    for name in KINDS:
        print(f"  {caught[name]}/{total[name]}  {name}")
    print(
        f"caught {sum(caught.values())}/{sum(total.values())} ({time.perf_counter() - began:.0f} s)"
    )
    return 0 if caught == total else 1


if __name__ == "__main__":
    sys.exit(main())
