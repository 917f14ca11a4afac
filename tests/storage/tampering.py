"""What someone with the SQLite file (or the database owner's password) can do to the audit trail
and the data around the application: each function is one kind of tampering, done as carefully
as such a person would (guards dropped, the hash chain worked out again where that hides the
change). Used by the tests and by scripts/reliability_audit.py."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, text

from privacy_desk.storage.audit import GENESIS, digest
from privacy_desk.storage.db import Database

_COLUMNS = "id, number, at, actor, action, case_id, user_id, state, detail"


def drop_guards(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        connection.execute(text("DROP TRIGGER IF EXISTS audit_no_update"))
        connection.execute(text("DROP TRIGGER IF EXISTS audit_no_delete"))
    else:
        connection.execute(text("ALTER TABLE audit DISABLE TRIGGER USER"))


def _at(value: Any) -> datetime:
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC)


def rechain(connection: Connection, renumber: bool = False) -> None:
    """Work out every hash again (and the numbers 1, 2, 3… when renumber), as an attacker
    hiding an edit would."""
    rows = connection.execute(text(f"SELECT {_COLUMNS} FROM audit ORDER BY id")).all()
    prev = GENESIS
    for position, row in enumerate(rows, start=1):
        number = position if renumber else row.number
        new = digest(
            prev,
            _at(row.at),
            row.actor,
            row.action,
            row.case_id,
            row.detail,
            number=number,
            user_id=row.user_id,
            state=row.state,
        )
        connection.execute(
            text("UPDATE audit SET number = :n, prev_hash = :p, hash = :h WHERE id = :id"),
            {"n": -number if renumber else number, "p": prev, "h": new, "id": row.id},
        )
        prev = new
    if renumber:  # two steps, so the unique numbers never collide on the way
        connection.execute(text("UPDATE audit SET number = -number WHERE number < 0"))


def numbers(db: Database, where: str = "1 = 1") -> list[int]:
    with db.engine.connect() as connection:
        return list(
            connection.execute(text(f"SELECT number FROM audit WHERE {where} ORDER BY id"))
            .scalars()
            .all()
        )


def _middle(db: Database) -> int:
    all_numbers = numbers(db)
    return all_numbers[len(all_numbers) // 2]


# ------------------------------------------------------------------ the kinds of tampering
# Each takes the database and returns what verify must report: (problem, entry number) for the
# chain, or ("case"/"user", id) for a row changed outside the application.


def edit_entry(db: Database) -> tuple[str, int]:
    """Change one entry's detail, leave the hashes: the chain itself shows it."""
    target = _middle(db)
    with db.engine.begin() as connection:
        drop_guards(connection)
        connection.execute(
            text("UPDATE audit SET detail = :d WHERE number = :n"),
            {"d": json.dumps({"forged": True}), "n": target},
        )
    return "altered", target


def edit_entry_and_rechain(db: Database) -> tuple[str, int]:
    """Change one entry and work the whole chain out again: only the anchor shows it."""
    target = _middle(db)
    with db.engine.begin() as connection:
        drop_guards(connection)
        connection.execute(
            text("UPDATE audit SET actor = 'someone-else' WHERE number = :n"), {"n": target}
        )
        rechain(connection)
    return "rewritten", target


def erase_case_history(db: Database, case_id: int) -> tuple[str, int]:
    """Delete every entry of one case, renumber and rechain so no gap is left."""
    first = numbers(db, f"case_id = {int(case_id)}")[0]
    with db.engine.begin() as connection:
        drop_guards(connection)
        connection.execute(text("DELETE FROM audit WHERE case_id = :c"), {"c": case_id})
        rechain(connection, renumber=True)
    return "rewritten", first


def remove_entry(db: Database, target: int | None = None) -> tuple[str, int]:
    """Delete one entry and rechain, keeping the other numbers: the gap shows."""
    target = target or _middle(db)
    with db.engine.begin() as connection:
        drop_guards(connection)
        connection.execute(text("DELETE FROM audit WHERE number = :n"), {"n": target})
        rechain(connection)
    return "removed", target


def cut_tail(db: Database, how_many: int = 3) -> tuple[str, int]:
    """Delete the newest entries: what is left is a perfect chain, shorter than the anchor."""
    last = numbers(db)[-1]
    with db.engine.begin() as connection:
        drop_guards(connection)
        connection.execute(text("DELETE FROM audit WHERE number > :n"), {"n": last - how_many})
    return "cut", last - how_many + 1


def append_forged(db: Database) -> tuple[str, int]:
    """Add an entry after the head with a made-up hash (no trigger needed: inserts are allowed)."""
    last = numbers(db)[-1]
    with db.engine.begin() as connection:
        head = connection.execute(text("SELECT hash FROM audit ORDER BY id DESC LIMIT 1")).scalar()
        connection.execute(
            text(
                "INSERT INTO audit (number, at, actor, action, case_id, detail, prev_hash, hash) "
                "VALUES (:n, :at, 'kanri', 'approve', NULL, '{}', :p, :h)"
            ),
            {"n": last + 1, "at": datetime(2026, 11, 30, 1, 0), "p": head, "h": "f" * 64},
        )
    return "altered", last + 1


def insert_duplicate(db: Database) -> tuple[str, int]:
    """Slip an entry in with a number already taken (the unique index dropped first)."""
    target = _middle(db)
    with db.engine.begin() as connection:
        connection.execute(text("DROP INDEX ix_audit_number"))
        connection.execute(
            text(
                "INSERT INTO audit (number, at, actor, action, case_id, detail, prev_hash, hash) "
                "VALUES (:n, :at, 'kanri', 'approve', NULL, '{}', :p, :h)"
            ),
            {"n": target, "at": datetime(2026, 11, 30, 1, 0), "p": "0" * 64, "h": "e" * 64},
        )
    return "inserted", target


def delete_everything(db: Database) -> tuple[str, int]:
    with db.engine.begin() as connection:
        drop_guards(connection)
        connection.execute(text("DELETE FROM audit"))
    return "emptied", 1


def damage_entry(db: Database, column: str = "detail", value: Any = "{not json") -> tuple[str, int]:
    """A value no entry can have: bad JSON, NULL, a wrong type."""
    target = _middle(db)
    with db.engine.begin() as connection:
        drop_guards(connection)
        connection.execute(
            text(f"UPDATE audit SET {column} = :v WHERE number = :n"), {"v": value, "n": target}
        )
    return "damaged", target


def edit_case(db: Database, case_id: int) -> tuple[str, int]:
    with db.engine.begin() as connection:
        connection.execute(
            text("UPDATE cases SET summary = '書き換え' WHERE id = :c"), {"c": case_id}
        )
    return "case", case_id


def edit_person(db: Database, case_id: int) -> tuple[str, int]:
    """Change the requester's address: the case naming them shows it."""
    with db.engine.begin() as connection:
        connection.execute(
            text(
                "UPDATE persons SET address = '沖縄県那覇市泊1-1-1' "
                "WHERE id = (SELECT requester_id FROM cases WHERE id = :c)"
            ),
            {"c": case_id},
        )
    return "case", case_id


def edit_decision(db: Database, case_id: int) -> tuple[str, int]:
    with db.engine.begin() as connection:
        connection.execute(
            text("UPDATE measures SET reasons = '別の理由' WHERE case_id = :c"), {"c": case_id}
        )
    return "case", case_id


def edit_user(db: Database, user_id: int) -> tuple[str, int]:
    """Make a user an administrator behind the application's back."""
    with db.engine.begin() as connection:
        connection.execute(text("UPDATE users SET role = 'admin' WHERE id = :u"), {"u": user_id})
    return "user", user_id


Tampering = Callable[..., tuple[str, int]]
