"""Every service input, fed generated bad values on SQLite and on PostgreSQL: the only exceptions
are the domain's own (a clear message), and a refused call writes nothing (rows counted in every
table before and after). The heavier run with its figures is scripts/reliability_inputs.py."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from privacy_desk.storage.db import Database
from tests.services.bad_inputs import (
    LOGIN_OPERATIONS,
    MOMENT_OPERATIONS,
    NUMBER_OPERATIONS,
    TEXT_OPERATIONS,
    Desk,
    attempt,
    operations,
)


@pytest.fixture
def desk(any_db: Database) -> Desk:
    return Desk.make(any_db)


def test_every_service_input_refuses_bad_values_cleanly_and_writes_nothing(desk: Desk) -> None:
    failures: list[str] = []

    @settings(
        max_examples=200,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(operations())
    def run(call: tuple[str, Any]) -> None:
        name, value = call
        result = attempt(desk, name, value)
        if result.kind in ("crash", "partial"):
            failures.append(result.detail)
        assert result.kind not in ("crash", "partial"), result.detail

    run()
    assert failures == []


WORST_TEXTS = [
    "\x00",
    "\ud800",
    "名前\ud800名前",
    "名前\x00名前",
    "長" * 120_000,
    "1234.5678.9018",
    "a\x1bb",
    "\u2028",
]
WORST_NUMBERS = [-(2**80), 2**80, 2**63, -1, 0]


def test_each_input_with_the_worst_values(any_db: Database) -> None:
    """Every operation meets every worst value of its type once (hypothesis may not pick them)."""
    desk = Desk.make(any_db)
    cases = [(name, value) for name in TEXT_OPERATIONS for value in WORST_TEXTS]
    cases += [(name, value) for name in LOGIN_OPERATIONS for value in WORST_TEXTS]
    cases += [(name, value) for name in NUMBER_OPERATIONS for value in WORST_NUMBERS]
    cases += [(name, datetime(2026, 11, 24, 10, 0)) for name in MOMENT_OPERATIONS]
    results = [attempt(desk, name, value) for name, value in cases]
    assert [r.detail for r in results if r.kind in ("crash", "partial")] == []
