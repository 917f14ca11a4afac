"""What the audit trail's state hashes cost: per recorded action, and for a whole verify.

Run from the repository root: ``.venv/bin/python benchmarks/audit_state_bench.py [--cases N]
[--database-url URL]`` (default: a fresh SQLite file in a temporary folder, 1,000 demo cases).
Prints the milliseconds one case's state takes (the extra work of every audited change), a note
added through the service with it, and a full `audit verify` (chain, anchor, every state).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select

from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.services import audit_trail
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.demo import DEMO_PASSWORD, DemoService
from privacy_desk.services.users import authenticate
from privacy_desk.storage.audit_state import case_states
from privacy_desk.storage.db import connect
from privacy_desk.storage.models import Case


def _ms(samples: list[float]) -> str:
    return f"median {statistics.median(samples) * 1000:.2f} ms, max {max(samples) * 1000:.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--database-url")
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="audit-bench-"))
    os.environ.setdefault("PRIVACY_DESK_DATA_DIR", str(folder / "data"))
    db = connect(args.database_url or f"sqlite:///{folder / 'bench.sqlite3'}")
    context = Context(db)
    admin = Actor("bench-admin", UserRole.ADMIN)
    began = time.perf_counter()
    DemoService(context, admin).generate(args.cases)
    print(f"{args.cases:,} demo cases made in {time.perf_counter() - began:.1f} s ({db.url[:10]}…)")
    with db.session() as session:
        ids = list(session.scalars(select(Case.id).order_by(Case.id)))
        open_ids = list(
            session.scalars(select(Case.id).where(Case.closed_at.is_(None)).order_by(Case.id))
        )
    chosen = ids[:: max(1, len(ids) // args.samples)][: args.samples]

    single = []
    with db.session() as session:
        for case_id in chosen:
            started = time.perf_counter()
            case_states(session, [case_id])
            single.append(time.perf_counter() - started)
    print(f"one case's state hash ({len(chosen)} cases): {_ms(single)}")

    started = time.perf_counter()
    with db.session() as session:
        case_states(session, ids)
    whole = time.perf_counter() - started
    print(
        f"every case's state in batches of 500: {whole:.2f} s ({whole / len(ids) * 1e3:.3f} ms a case)"
    )

    staff = CaseService(context, authenticate(context, "sato", DEMO_PASSWORD))
    notes = []
    for case_id in open_ids[:50]:
        detail = staff.get(case_id)
        started = time.perf_counter()
        staff.add_note(case_id, detail.version, "進捗を確認（ベンチマーク）。")
        notes.append(time.perf_counter() - started)
    print(f"add_note through the service, state included (50 cases): {_ms(notes)}")

    audit_trail.write_anchor(context)
    started = time.perf_counter()
    report = audit_trail.verify(context)
    print(
        f"audit verify: {report.chain.entries:,} entries, {len(ids):,} cases, "
        f"{time.perf_counter() - started:.2f} s, intact={report.intact}"
    )
    db.dispose()


if __name__ == "__main__":
    main()
