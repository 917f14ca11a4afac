"""On the real PostgreSQL server: a desk connected as the desk role works normally (log-in, intake,
saving a case, audit entries) but can not alter history: no UPDATE, DELETE or TRUNCATE on the
audit table, no dropping or disabling its trigger, no changing the database's identity."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import DBAPIError

from privacy_desk.domain.vocabulary import IdentityMethod
from privacy_desk.services import audit_trail
from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import IdentityForm
from privacy_desk.services.users import authenticate
from privacy_desk.storage import roles
from privacy_desk.storage.db import Database, connect
from tests.conftest import PASSWORD, _reset_postgres, make_users
from tests.services.factories import complaint_by_phone

pytestmark = pytest.mark.postgres

FORBIDDEN = [
    "UPDATE audit SET actor = 'someone'",
    "DELETE FROM audit",
    "TRUNCATE audit",
    "ALTER TABLE audit DISABLE TRIGGER audit_no_change",
    "ALTER TABLE audit DISABLE TRIGGER ALL",
    "DROP TRIGGER audit_no_change ON audit",
    "UPDATE database_identity SET id = 'other'",
    "DELETE FROM alembic_version",
    "CREATE TABLE audit_copy (id integer)",
]


@pytest.fixture
def owner_and_desk(postgres_url: str, clock) -> Iterator[tuple[Database, Database, str]]:
    _reset_postgres(postgres_url)
    owner = connect(postgres_url)  # the owner creates the schema (migrations)
    role = f"desk_{uuid.uuid4().hex[:8]}"
    database = sa.engine.make_url(postgres_url).database
    with owner.engine.begin() as connection:
        connection.execute(sa.text(f'CREATE ROLE "{role}" LOGIN'))
        connection.execute(sa.text(f'GRANT CONNECT ON DATABASE "{database}" TO "{role}"'))
    roles.grant_desk_role(owner.engine, role)
    desk_url = sa.engine.make_url(postgres_url).set(username=role).render_as_string(False)
    desk = connect(desk_url)
    try:
        yield owner, desk, role
    finally:
        desk.dispose()
        with owner.engine.begin() as connection:
            connection.execute(sa.text(f'DROP OWNED BY "{role}"'))
            connection.execute(sa.text(f'DROP ROLE "{role}"'))
        owner.dispose()


def test_the_desk_role_works_but_can_not_alter_history(owner_and_desk, clock) -> None:
    owner, desk, role = owner_and_desk
    with desk.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT current_user")).scalar() == role
    make_users(Context(owner, clock=clock))
    context = Context(desk, clock=clock)
    staff = CaseService(context, authenticate(context, "sato", PASSWORD))
    case = staff.intake(complaint_by_phone())
    case = staff.confirm_identity(case.id, case.version, IdentityForm(IdentityMethod.IN_PERSON))
    staff.get(case.id)
    report = audit_trail.verify(context)
    assert report.intact and report.chain.entries > 5

    for statement in FORBIDDEN:
        with pytest.raises(DBAPIError) as refused, desk.engine.begin() as connection:
            connection.execute(sa.text(statement))
        assert "permission denied" in str(refused.value.orig) or "must be owner" in str(
            refused.value.orig
        ), statement
    # Nothing of it happened: the trail and its guard are as they were.
    assert audit_trail.verify(context).intact
    with owner.engine.connect() as connection:
        enabled = connection.execute(
            sa.text("SELECT tgenabled FROM pg_trigger WHERE tgname = 'audit_no_change'")
        ).scalar()
    assert enabled == "O"


def test_the_owner_can_still_be_stopped_by_the_trigger(owner_and_desk, clock) -> None:
    owner, _desk, _role = owner_and_desk
    make_users(Context(owner, clock=clock))  # row triggers need rows to refuse
    for statement in ("UPDATE audit SET actor = 'x'", "DELETE FROM audit", "TRUNCATE audit"):
        with pytest.raises(DBAPIError, match="can not be changed"), owner.engine.begin() as c:
            c.execute(sa.text(statement))


def test_the_grants_as_sql() -> None:
    statements = roles.desk_grants("desk", ["audit", "cases", "alembic_version"])
    assert 'GRANT SELECT, INSERT ON TABLE "audit" TO "desk"' in statements
    assert 'GRANT SELECT ON TABLE "alembic_version" TO "desk"' in statements
    assert 'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "cases" TO "desk"' in statements
    with pytest.raises(ValueError):
        roles.desk_grants('desk"; DROP TABLE audit; --', ["audit"])
