"""Revision 0009 (letters): persons.form_of_address, dispatch methods as Japan Post sells them
("registered" was shown as 簡易書留, so it becomes simple_registered), cases.provisional dropped;
down and up with the data kept, on SQLite and on PostgreSQL."""

from __future__ import annotations

from sqlalchemy import inspect, select, text

from privacy_desk.domain.vocabulary import DispatchMethod, FormOfAddress
from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.storage.db import Database, current_revision
from privacy_desk.storage.models import Contact, Person
from tests.conftest import make_users
from tests.services.factories import complaint_by_phone
from tests.storage.test_migrations import _migrate, _raw


def test_dispatch_methods_and_forms_of_address_survive_down_and_up(any_db: Database, clock) -> None:
    context = Context(any_db, clock=clock)
    users = make_users(context)
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    _migrate(any_db, "0004", down=True)
    assert current_revision(any_db) == "0004"
    assert "provisional" in {c["name"] for c in inspect(any_db.engine).get_columns("cases")}
    assert "form_of_address" not in {
        c["name"] for c in inspect(any_db.engine).get_columns("persons")
    }
    with any_db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO contacts (case_id, kind, direction, occurred_at, summary, "
                "dispatch_method, tracking_number, created_by_login, created_at) VALUES "
                f"({case.id}, 'letter', 'out', '2026-11-25 01:00:00', '', 'registered', "
                "'JP-1', 'sato', '2026-11-25 01:00:00')"
            )
        )
    _migrate(any_db, "head")
    assert "provisional" not in {c["name"] for c in inspect(any_db.engine).get_columns("cases")}
    with any_db.session() as session:
        contact = session.scalars(select(Contact).where(Contact.tracking_number == "JP-1")).one()
        assert contact.dispatch_method is DispatchMethod.SIMPLE_REGISTERED
        person = session.get(Person, case.requester.id)
        assert person is not None and person.form_of_address is FormOfAddress.NONE
        person.form_of_address = FormOfAddress.MS
        session.commit()
    _migrate(any_db, "0004", down=True)
    assert _raw(any_db, "SELECT dispatch_method FROM contacts WHERE tracking_number = 'JP-1'") == [
        "registered"
    ]
    _migrate(any_db, "head")
