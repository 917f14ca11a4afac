"""Revision 0017 (attachments' purpose and deletion day) down and up, on SQLite and PostgreSQL:
the rows and their content stay; rows from before it are correspondence, nothing deleted."""

from __future__ import annotations

from alembic import command
from sqlalchemy import inspect, text

from privacy_desk.domain.vocabulary import AttachmentPurpose
from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.storage.db import Database, alembic_config, current_revision, head_revision
from tests.conftest import make_users
from tests.services import scans
from tests.services.factories import correction_by_email


def _migrate(db: Database, revision: str, down: bool = False) -> None:
    config = alembic_config(db)
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)


def _columns(db: Database) -> set[str]:
    with db.engine.connect() as connection:
        return {c["name"] for c in inspect(connection).get_columns("attachments")}


def test_0017_adds_purpose_and_deleted_at_and_keeps_rows(any_db: Database, clock) -> None:
    context = Context(any_db, clock=clock)
    staff = CaseService(context, make_users(context)["staff"])
    case = staff.intake(correction_by_email())
    content = scans.png()
    staff.attach_scans(
        case.id, case.version, (("id.png", content),), purpose=AttachmentPurpose.IDENTITY_DOCUMENT
    )
    assert {"purpose", "deleted_at"} <= _columns(any_db)

    _migrate(any_db, "0015", down=True)
    assert current_revision(any_db) == "0015"
    assert not {"purpose", "deleted_at"} & _columns(any_db)

    _migrate(any_db, "head")
    assert current_revision(any_db) == head_revision()
    with any_db.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT file_name, purpose, deleted_at, content FROM attachments")
        ).all()
    assert [(r[0], r[1], r[2], bytes(r[3])) for r in rows] == [
        ("id.png", "correspondence", None, content)
    ]
