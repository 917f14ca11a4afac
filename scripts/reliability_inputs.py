"""Reliability figures for bad input: generated values through every service input.

    .venv/bin/python scripts/reliability_inputs.py [--inputs 50000] [--postgres URL] [--seed N]

Not part of the test suite (tests/services/test_bad_input.py is its quick form). Each input is
one call of one service with one generated value (text with control characters, NUL bytes, lone
surrogates, My Numbers in many spellings, 120,000 characters; huge and negative numbers; naive
datetimes) on a fresh database made by the real migrations, SQLite by default, and PostgreSQL
too when --postgres names an empty database (its schema is dropped and made again). A call ends
accepted, refused by a DomainError with nothing written (rows counted in every table before and
after), or as a failure: a crash (any other exception) or a partial write (refused, yet rows
changed). Prints the counts per database; the expected figures are 0 crashes and 0 partial rows.
Password hashing uses cheap Argon2 parameters, as the tests do, so that log-ins do not dominate.
"""

from __future__ import annotations

import argparse
import collections
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from argon2 import PasswordHasher
from hypothesis import HealthCheck, Phase, given, seed, settings

from privacy_desk.services import users
from privacy_desk.storage.db import connect
from tests.conftest import _reset_postgres
from tests.services.bad_inputs import Desk, attempt, operations


def _feed(
    desk: Desk,
    count: int,
    random_seed: int,
    counts: collections.Counter[str],
    failures: collections.Counter[str],
) -> None:
    """Up to `count` generated inputs through the desk's services, counted by outcome."""
    fed = [0]

    @seed(random_seed)
    @settings(
        max_examples=count,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(operations())
    def feed(call: tuple[str, Any]) -> None:
        if fed[0] >= count:
            return
        fed[0] += 1
        name, value = call
        result = attempt(desk, name, value)
        counts[result.kind] += 1
        counts[f"op:{name}"] += 1
        if result.kind in ("crash", "partial"):
            failures[result.detail] += 1

    feed()


def run(
    fresh: Callable[[int], str], inputs: int, random_seed: int, batch: int
) -> collections.Counter[str]:
    """Feed `inputs` generated inputs, `batch` at a time, each batch on a fresh database made
    by `fresh(n)` (so the figures do not depend on how much earlier batches stored)."""
    counts: collections.Counter[str] = collections.Counter()
    failures: collections.Counter[str] = collections.Counter()
    began = time.perf_counter()

    def done() -> int:
        return counts["accepted"] + counts["refused"] + counts["crash"] + counts["partial"]

    number = 0
    while done() < inputs:
        db = connect(fresh(number))
        desk = Desk.make(db)
        target = min(inputs, done() + batch)

        while done() < target:
            _feed(desk, target - done(), random_seed, counts, failures)
            random_seed += 1
        db.dispose()
        number += 1
        print(
            f"  {done()} inputs, {time.perf_counter() - began:.0f} s: crashes {counts['crash']}, "
            f"partial rows {counts['partial']}",
            flush=True,
        )
    counts["seconds"] = round(time.perf_counter() - began)
    counts["batches"] = number
    for detail, n in failures.most_common():
        print(f"  FAILURE x{n}: {detail}")
    return counts


def report(label: str, counts: collections.Counter[str]) -> None:
    total = counts["accepted"] + counts["refused"] + counts["crash"] + counts["partial"]
    operations_seen = sum(1 for key in counts if key.startswith("op:"))
    print(
        f"{label}: {total} generated inputs through {operations_seen} service inputs "
        f"({counts['batches']} fresh databases) in {counts['seconds']} s: {counts['accepted']} accepted, {counts['refused']} refused "
        f"with a clear message; crashes {counts['crash']}, partial rows {counts['partial']}"
    )


def _fresh_postgres(url: str) -> str:
    _reset_postgres(url)  # the schema dropped and made again, as the tests do
    return url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=50_000)
    parser.add_argument("--batch", type=int, default=5_000, help="inputs per fresh database")
    parser.add_argument("--postgres", metavar="URL", help="an empty PostgreSQL database to use too")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args()
    users._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    results = []
    with tempfile.TemporaryDirectory() as folder:
        if not args.no_sqlite:
            print("SQLite:")
            counts = run(
                lambda n: f"sqlite:///{folder}/desk-{n}.sqlite3", args.inputs, args.seed, args.batch
            )
            results.append(("SQLite", counts))
    if args.postgres:
        print("PostgreSQL:")
        url = args.postgres
        counts = run(lambda n: _fresh_postgres(url), args.inputs, args.seed, args.batch)
        results.append(("PostgreSQL", counts))
    for label, counts in results:
        report(label, counts)
    return 0 if all(c["crash"] == 0 and c["partial"] == 0 for _, c in results) else 1


if __name__ == "__main__":
    sys.exit(main())
