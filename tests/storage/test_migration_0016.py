"""Revision 0016 (saved filters): the table goes down and comes back up, on SQLite and on
PostgreSQL, and its unique (owner, name) holds in the database itself."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from privacy_desk.services.base import Context
from privacy_desk.services.dto import QueueFilter
from privacy_desk.services.saved_filters import SavedFilterService
from privacy_desk.storage.db import Database, current_revision
from tests.conftest import make_users
from tests.storage.test_migrations import _migrate, _raw


def test_saved_filters_go_down_and_up(any_db: Database, clock) -> None:
    context = Context(any_db, clock=clock)
    users = make_users(context)
    kept = SavedFilterService(context, users["staff"]).save("至急", QueueFilter(search="x"), True)
    assert _raw(any_db, "SELECT name FROM saved_filters") == ["至急"]
    _migrate(any_db, "0015", down=True)
    assert current_revision(any_db) == "0015"
    assert "saved_filters" not in inspect(any_db.engine).get_table_names()
    _migrate(any_db, "head")
    assert "saved_filters" in inspect(any_db.engine).get_table_names()
    again = SavedFilterService(context, users["staff"]).save("至急", QueueFilter(), False)
    assert again.id >= 1 and kept.id >= 1
    # The database refuses a second name of one owner even when the service is bypassed.
    with pytest.raises(IntegrityError), any_db.engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO saved_filters (name, owner_id, office_id, shared, filter, "
                f"created_at) VALUES ('至急', {users['staff'].user_id}, NULL, false, '{{}}', "
                "'2026-12-01 00:00:00')"
            )
        )
