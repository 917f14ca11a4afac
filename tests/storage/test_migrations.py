"""Revision 0003: lists of vocabulary values move from comma strings to JSON arrays, both ways,
with the data kept, on SQLite and on PostgreSQL; queues filter kinds through the measures rows."""

from __future__ import annotations

import json

from alembic import command
from sqlalchemy import select, text

from privacy_desk.domain.vocabulary import (
    DisclosureRefusalGround,
    IdentityDocument,
    IdentityMethod,
    RequestKind,
    SuspensionGround,
)
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import IdentityForm, QueueFilter
from privacy_desk.services.queues import QueueService
from privacy_desk.storage.db import Database, alembic_config, current_revision, head_revision
from privacy_desk.storage.models import Case, IdentityCheck, Measure
from tests.conftest import make_users
from tests.services.factories import complaint_by_phone, suspension_by_fax

GROUNDS = (
    DisclosureRefusalGround.HARM_TO_PERSON_OR_THIRD_PARTY,
    DisclosureRefusalGround.VIOLATION_OF_LAW,
)
DOCUMENTS = (IdentityDocument.HEALTH_INSURANCE, IdentityDocument.PENSION_BOOK)


def _migrate(db: Database, revision: str, down: bool = False) -> None:
    config = alembic_config(db)
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def _raw(db: Database, sql: str) -> list[str]:
    with db.engine.connect() as connection:
        return [row[0] for row in connection.execute(text(sql))]


def test_lists_survive_the_migration_down_and_up(any_db: Database, clock) -> None:
    context = Context(any_db, clock=clock)
    users = make_users(context)
    staff = CaseService(context, users["staff"])
    case = staff.intake(suspension_by_fax())
    staff.confirm_identity(case.id, None, IdentityForm(IdentityMethod.DOCUMENTS, DOCUMENTS))
    with any_db.session() as session:
        measure = session.scalars(select(Measure).where(Measure.case_id == case.id)).first()
        assert measure is not None
        measure.disclosure_grounds = GROUNDS
        session.commit()

    _migrate(any_db, "0002", down=True)
    assert current_revision(any_db) == "0002"
    assert _raw(any_db, f"SELECT kinds FROM cases WHERE id = {case.id}") == [
        "suspension,third_party_stop"
    ]
    assert SuspensionGround.BEYOND_PURPOSE.value in _raw(
        any_db, "SELECT suspension_grounds FROM measures"
    )
    assert ",".join(GROUNDS) in _raw(any_db, "SELECT disclosure_grounds FROM measures")
    assert _raw(any_db, "SELECT documents FROM identity_checks") == [",".join(DOCUMENTS)]

    _migrate(any_db, "head")
    assert current_revision(any_db) == head_revision()
    assert json.loads(_raw(any_db, f"SELECT kinds FROM cases WHERE id = {case.id}")[0]) == [
        "suspension",
        "third_party_stop",
    ]
    with any_db.session() as session:
        stored = session.get(Case, case.id)
        assert stored is not None
        assert stored.kinds == (RequestKind.SUSPENSION, RequestKind.THIRD_PARTY_STOP)
        measures = sorted(stored.measures, key=lambda m: m.position)
        assert measures[0].suspension_grounds == (SuspensionGround.BEYOND_PURPOSE,)
        assert measures[0].disclosure_grounds == GROUNDS
        assert measures[1].suspension_grounds == ()
        check = session.scalars(select(IdentityCheck)).one()
        assert check.documents == DOCUMENTS


def test_queue_filters_kinds_through_the_measures(
    context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    suspension = staff.intake(suspension_by_fax())
    complaint = staff.intake(complaint_by_phone())
    queue = QueueService(context, users["supervisor"])
    stop = queue.list(filters=QueueFilter(kinds=(RequestKind.THIRD_PARTY_STOP,)))
    assert [row.reference for row in stop.rows] == [suspension.reference]
    assert stop.rows[0].kinds == (RequestKind.SUSPENSION, RequestKind.THIRD_PARTY_STOP)
    both = queue.list(filters=QueueFilter(kinds=(RequestKind.COMPLAINT, RequestKind.SUSPENSION)))
    assert {row.reference for row in both.rows} == {suspension.reference, complaint.reference}
