"""Figures for a 100,000-case office: demo data, queue pages, counts and search on SQLite.

Run: python benchmarks/queue_bench.py [CASES]. Prints times; asserts nothing.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from privacy_desk.domain.vocabulary import Queue
from privacy_desk.services.base import Context
from privacy_desk.services.demo import DemoService
from privacy_desk.services.dto import QueueFilter
from privacy_desk.services.queues import QueueService
from privacy_desk.services.users import authenticate, create_first_admin
from privacy_desk.storage.db import connect


def timed(label: str, function, repeat: int = 3):
    best = float("inf")
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    print(f"{label:<48} {best * 1000:9.1f} ms")
    return result


def main() -> None:
    cases = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    with tempfile.TemporaryDirectory() as folder:
        context = Context(connect(f"sqlite:///{Path(folder) / 'bench.sqlite3'}"))
        create_first_admin(context, "kanri", "管理 次郎", "benchmark password")
        admin = authenticate(context, "kanri", "benchmark password")
        started = time.perf_counter()
        DemoService(context, admin).generate(cases, seed=1)
        print(
            f"{'demo-data ' + format(cases, ',') + ' cases':<48} {time.perf_counter() - started:9.1f} s"
        )
        queues = QueueService(context, admin)
        timed(
            "first page (200) of all open, by due date",
            lambda: queues.list(Queue.ALL_OPEN, limit=200),
        )
        timed(
            "page 50 (offset 10,000) of closed",
            lambda: queues.list(Queue.CLOSED, offset=10_000, limit=200),
        )
        timed("overdue queue, first page", lambda: queues.list(Queue.OVERDUE, limit=200))
        timed("counts of all eight queues", queues.counts)
        timed(
            "search 'やまだ' (kana, folded) in all open",
            lambda: queues.list(Queue.ALL_OPEN, QueueFilter(search="やまだ")),
        )
        timed(
            "search a note text in closed",
            lambda: queues.list(Queue.CLOSED, QueueFilter(search="照会済み")),
        )
        page = queues.list(Queue.ALL_OPEN, sort="requester", limit=200)
        print(f"open cases: {page.total:,}")


if __name__ == "__main__":
    main()
