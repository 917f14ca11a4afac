"""One SQLite file, several desks: a long write never stops the others, and a wait is told plainly.

Every read writes an audit entry, so a desk that holds the file's write lock stops log-in, queues
and opening a case everywhere else. Writes are kept short (demo data is committed batch by batch);
a desk that still has to wait longer than the busy timeout is told "the database is busy with
another desk's work" (DatabaseBusy, a message for people), never a raw driver error.
"""

from __future__ import annotations

import pytest

from privacy_desk.domain.vocabulary import Queue
from privacy_desk.i18n import set_language
from privacy_desk.services import demo
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.demo import DemoService
from privacy_desk.services.queues import QueueService
from privacy_desk.services.users import authenticate
from privacy_desk.storage import db as db_module
from privacy_desk.storage.db import DatabaseBusy, connect
from privacy_desk.storage.models import AuditEntry
from tests.conftest import PASSWORD, Clock, make_users, mark_demo_database
from tests.services.factories import complaint_by_phone
from tests.test_logs_private import write_locked  # another desk holds a write transaction


@pytest.fixture
def short_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """Connections made from now on wait 0.2 s for another desk's write, not 10 s."""
    monkeypatch.setattr(db_module, "SQLITE_BUSY_TIMEOUT_MS", 200)


def every_read(context: Context, staff: Actor, case_id: int) -> None:
    """Log in, list a queue and open a case, as a desk does first thing."""
    authenticate(context, "sato", PASSWORD)
    QueueService(context, staff).list(Queue.ALL_OPEN)
    CaseService(context, staff).get(case_id)


def audit_entries(context: Context) -> int:
    with context.db.session() as session:
        return session.query(AuditEntry).count()


def test_while_another_desk_writes_log_in_queues_and_opening_say_the_database_is_busy(
    sqlite_url: str, context: Context, short_wait: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    staff = make_users(context)["staff"]
    case = CaseService(context, staff).intake(complaint_by_phone())
    other = connect(sqlite_url)
    desk = Context(other, clock=context.clock)
    before = audit_entries(context)
    try:
        with write_locked(sqlite_url, monkeypatch):
            with pytest.raises(DatabaseBusy, match="busy with another desk's work"):
                authenticate(desk, "sato", PASSWORD)
            with pytest.raises(DatabaseBusy):
                QueueService(desk, staff).list(Queue.ALL_OPEN)
            with pytest.raises(DatabaseBusy):
                CaseService(desk, staff).get(case.id)
            with pytest.raises(DatabaseBusy):
                CaseService(desk, staff).add_note(case.id, None, "電話で確認済み")
        assert audit_entries(context) == before  # nothing half-written
        every_read(desk, staff, case.id)  # and all is well once the other desk is done
    finally:
        other.dispose()


def test_the_busy_message_is_in_japanese_too(
    sqlite_url: str, context: Context, short_wait: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_users(context)
    other = connect(sqlite_url)
    set_language("ja")
    try:
        with write_locked(sqlite_url, monkeypatch), pytest.raises(DatabaseBusy) as busy:
            authenticate(Context(other), "sato", PASSWORD)
        assert "他の端末" in busy.value.message
    finally:
        set_language("en")
        other.dispose()


def test_demo_data_lets_other_desks_work_between_its_batches(
    sqlite_url: str,
    clock: Clock,
    short_wait: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(demo, "BATCH", 40)
    maker = connect(sqlite_url)
    desk_db = connect(sqlite_url)
    try:
        making = Context(maker, clock=clock)
        users = make_users(making)
        case = CaseService(making, users["staff"]).intake(complaint_by_phone())
        desk = Context(desk_db, clock=clock)
        batches: list[int] = []

        def meanwhile(done: int, total: int) -> bool:
            # Between two batches another desk logs in, lists and opens a case at once.
            every_read(desk, users["staff"], case.id)
            batches.append(done)
            return True

        mark_demo_database(making)
        made = DemoService(making, users["admin"]).generate(120, seed=5, progress=meanwhile)
        assert made == 120
        assert batches == [40, 80, 120]
    finally:
        maker.dispose()
        desk_db.dispose()
