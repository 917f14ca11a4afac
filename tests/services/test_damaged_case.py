"""A case whose stored text is damaged opens with a clear message, never a traceback.

The damage is written the way it happens: straight into the SQLite file, outside the program
(invalid JSON in a list column, a word outside the vocabulary, bytes that are not UTF-8).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from privacy_desk.services import case_view
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.damage import DamagedCase
from privacy_desk.services.dto import CaseDetail
from privacy_desk.storage.db import Database
from tests.conftest import Clock, make_users
from tests.services.factories import complaint_by_phone

# (what is damaged, SQL run outside the program on the case with id :id, the column named)
DAMAGE = [
    ("invalid JSON", "UPDATE cases SET kinds = '[\"complaint\"' WHERE id = :id", "cases.kinds"),
    ("unknown word", "UPDATE cases SET channel = 'pigeon' WHERE id = :id", "cases.channel"),
    (
        "unknown outcome",
        "UPDATE measures SET outcome = 'maybe' WHERE case_id = :id",
        "measures.outcome",
    ),
    (
        "bad UTF-8",
        "UPDATE persons SET address = CAST(X'e69db1e4baacff41' AS TEXT) "
        "WHERE id = (SELECT requester_id FROM cases WHERE id = :id)",
        "persons.address",
    ),
]


def damage(context: Context, statement: str, case_id: int) -> None:
    path = context.db.sqlite_path
    assert path is not None
    writer = sqlite3.connect(path)
    try:
        writer.execute(statement, {"id": case_id})
        writer.commit()
    finally:
        writer.close()


def stored_case(context: Context, staff: Actor) -> CaseDetail:
    return CaseService(context, staff).intake(complaint_by_phone())


@pytest.mark.parametrize(("what", "statement", "column"), DAMAGE, ids=[d[0] for d in DAMAGE])
def test_a_damaged_case_is_refused_in_words(
    context: Context, users: dict[str, Actor], what: str, statement: str, column: str
) -> None:
    case = stored_case(context, users["staff"])
    damage(context, statement, case.id)
    service = CaseService(context, users["staff"])
    for read in (lambda: service.get(case.id), lambda: service.get_by_reference(case.reference)):
        with pytest.raises(DamagedCase) as refused:
            read()
        message = refused.value.message
        assert case.reference in message and column in message
        assert "Nothing was changed" in message
        assert "東京" not in message and "井上" not in message  # never the stored text


def test_other_cases_still_open(context: Context, users: dict[str, Actor]) -> None:
    damaged = stored_case(context, users["staff"])
    sound = stored_case(context, users["staff"])
    damage(context, DAMAGE[0][1], damaged.id)
    assert CaseService(context, users["staff"]).get(sound.id).reference == sound.reference


def test_a_failure_that_is_not_damage_is_not_called_damage(
    context: Context, users: dict[str, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    case = stored_case(context, users["staff"])

    def broken(*_args: object, **_kwargs: object) -> CaseDetail:
        raise KeyError("a bug, not damage")

    monkeypatch.setattr(case_view, "build_detail", broken)
    with pytest.raises(KeyError):
        CaseService(context, users["staff"]).get(case.id)


def test_the_log_names_the_column_not_the_text(
    context: Context, users: dict[str, Actor], caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    case = stored_case(context, users["staff"])
    damage(context, DAMAGE[3][1], case.id)
    with pytest.raises(DamagedCase):
        CaseService(context, users["staff"]).get(case.id)
    logged = caplog.text
    assert "persons.address" in logged and "東" not in logged


@pytest.mark.parametrize(
    ("what", "statement", "column"), DAMAGE[:3], ids=[d[0] for d in DAMAGE[:3]]
)
def test_a_damaged_case_is_refused_in_words_on_both_databases(
    any_db: Database, clock: Clock, what: str, statement: str, column: str
) -> None:
    """Invalid JSON and words outside the vocabulary can be written on PostgreSQL too (bad
    UTF-8 can not: the server refuses it)."""
    context = Context(any_db, clock=clock)
    users = make_users(context)
    case = stored_case(context, users["staff"])
    with any_db.engine.begin() as connection:
        connection.execute(text(statement), {"id": case.id})
    with pytest.raises(DamagedCase) as refused:
        CaseService(context, users["staff"]).get(case.id)
    assert case.reference in refused.value.message and column in refused.value.message
