"""Search with and without the search index of revision 0015, on 50,000 demo cases.

Run: python benchmarks/search_bench.py [CASES] [POSTGRESQL_URL]: SQLite, or the server when a URL
is given. Prints times; asserts nothing.

SQLite "without the index" runs the same queries through the LIKE path that two-character words
take (every summary, note and contact read); PostgreSQL's is the same ILIKE with the trigram
indexes dropped for the run (in a database of its own, made and dropped here: give a URL of a
server database this role may create databases from, e.g. postgresql://postgres@127.0.0.1/test).
"""

from __future__ import annotations

import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa

from privacy_desk.domain.vocabulary import Queue
from privacy_desk.services import queues as queues_module
from privacy_desk.services.base import Context
from privacy_desk.services.demo import DemoService
from privacy_desk.services.dto import QueueFilter
from privacy_desk.services.queues import QueueService
from privacy_desk.services.users import authenticate, create_first_admin
from privacy_desk.storage.db import Database, connect

SEARCHES = (
    ("no search (the closed queue alone)", "", Queue.CLOSED),
    ("a rare phrase in 1 summary of 1,000", "特記事項:漏えい", Queue.CLOSED),
    ("a note text on most closed cases", "照会済み", Queue.CLOSED),
    ("a reading, folded (やまだ)", "やまだ", Queue.ALL_OPEN),
    ("nothing matches", "存在しない語句", Queue.CLOSED),
    ("two characters (LIKE either way)", "山田", Queue.ALL_OPEN),
)


def timed(function: Callable[[], Any], repeat: int = 3) -> tuple[float, Any]:
    best = float("inf")
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best * 1000, result


def fill(db: Database, cases: int) -> QueueService:
    context = Context(db)
    create_first_admin(context, "kanri", "管理 次郎", "benchmark password")
    admin = authenticate(context, "kanri", "benchmark password")
    started = time.perf_counter()
    DemoService(context, admin).generate(cases, seed=1)
    with db.engine.begin() as connection:  # a phrase only some cases hold
        connection.execute(
            sa.text("UPDATE cases SET summary = summary || ' 特記事項:漏えい' WHERE id % 1000 = 0")
        )
    print(f"demo data, {cases:,} cases: {time.perf_counter() - started:.1f} s")
    return QueueService(context, admin)


def run(queues: QueueService, label: str) -> dict[str, float]:
    figures = {}
    for name, typed, queue in SEARCHES:
        ms, page = timed(lambda t=typed, q=queue: queues.list(q, QueueFilter(search=t)))
        figures[name] = ms
        print(f"  {label:<14} {name:<40} {ms:9.1f} ms  ({page.total:,} found)")
    return figures


def sqlite(cases: int) -> None:
    print("SQLite (FTS5 trigram)")
    with tempfile.TemporaryDirectory() as folder:
        db = connect(f"sqlite:///{Path(folder) / 'bench.sqlite3'}")
        queues = fill(db, cases)
        run(queues, "with index")
        shortest = queues_module.TRIGRAM
        queues_module.TRIGRAM = 10**9  # every text takes the LIKE path
        try:
            run(queues, "without index")
        finally:
            queues_module.TRIGRAM = shortest
        db.dispose()


def postgresql(cases: int, server_url: str) -> None:
    print("PostgreSQL (pg_trgm GIN)")
    name = f"privacy_desk_bench_{uuid.uuid4().hex[:8]}"
    server = sa.create_engine(server_url, isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)
    with server.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    db = None
    try:
        db = connect(server_url.rsplit("/", 1)[0] + f"/{name}")
        queues = fill(db, cases)
        with db.engine.begin() as connection:
            connection.execute(sa.text("ANALYZE"))
        run(queues, "with index")
        with db.engine.begin() as connection:
            for index in (
                "ix_cases_summary_trgm",
                "ix_notes_text_trgm",
                "ix_contacts_summary_trgm",
                "ix_persons_name_folded_trgm",
                "ix_persons_kana_folded_trgm",
            ):
                connection.execute(sa.text(f"DROP INDEX {index}"))
        run(queues, "without index")
    finally:
        if db is not None:
            db.dispose()
        with server.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        server.dispose()


def main() -> None:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 50_000
    if len(sys.argv) > 2:
        postgresql(cases, sys.argv[2])
    else:
        sqlite(cases)


if __name__ == "__main__":
    main()
