"""Write locks, taken in one order everywhere so that two desks never wait for each other in a ring.

The order (docs/architecture.md, "Locks"):

1. case rows, in ascending id (`lock_cases`, or `_load` in the case calls for a single case);
2. the rows that belong to those cases or hang off them: their persons (`lock_person`), letters,
   contacts, measures; a case's letter numbers are counted under its case lock;
3. counters (`Sequence` rows other than the audit chain: reference numbers);
4. the audit chain's counter row, last (storage/audit.last_hash), just before the commit.

On PostgreSQL these are row locks (SELECT … FOR NO KEY UPDATE, UPDATE). SQLite has one write lock for
the whole file: `begin_write` takes it at the start of a write (BEGIN IMMEDIATE), so what the call
reads from then on is what it writes against, and waiting for another desk happens there, under
the busy timeout, never half-way through a transaction that already read.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from privacy_desk.storage.models import Case, Person

# Locks are FOR NO KEY UPDATE: a row another desk only points at (a new letter, a link to the case,
# a case of the same person) is not blocked by it, so those references can never close a ring of
# waits. Only the row named is locked, not the rows an eager load joins to it.


def begin_write(session: Session) -> None:
    """SQLite: take the file's write lock now, unless this transaction already holds it.

    The driver (pysqlite) runs reads outside a transaction and begins one at the first write;
    BEGIN IMMEDIATE waits for another desk's write under the busy timeout. PostgreSQL: nothing
    (its locks are per row).
    """
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return
    driver = connection.connection.driver_connection
    if driver is not None and not driver.in_transaction:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def lock_case(session: Session, case_id: int) -> Case | None:
    """The case, read fresh under its write lock (None if there is no such case)."""
    lock_cases(session, [case_id])
    return session.get(Case, case_id, populate_existing=True)


def lock_cases(session: Session, case_ids: Iterable[int]) -> None:
    """Lock several cases at once, in ascending id order (the one order of every desk)."""
    ids = sorted(set(case_ids))
    begin_write(session)
    if ids:
        session.execute(
            select(Case.id)
            .where(Case.id.in_(ids))
            .order_by(Case.id)
            .with_for_update(key_share=True)
        ).all()


def lock_person(session: Session, person_id: int) -> Person | None:
    """A person, read fresh under its write lock; take it after the case that holds it.

    Fresh: a copy loaded with its case before the lock (another desk may have saved it since)
    is overwritten with the row as it is now.
    """
    begin_write(session)
    session.execute(select(Person.id).where(Person.id == person_id).with_for_update(key_share=True))
    return session.get(Person, person_id, populate_existing=True)
