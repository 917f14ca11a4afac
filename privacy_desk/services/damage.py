"""Stored values the program did not write: a clear refusal instead of a traceback.

A row edited outside the application, or a damaged page that still passes SQLite's checks, can
hold a value no reader expects: text that is not JSON in a list column, a word that is not in the
vocabulary, bytes that are not UTF-8. When reading a case fails, :func:`reading_case` looks at
the case's stored rows as raw bytes: if one of them holds such a value, the failure becomes
:class:`DamagedCase`, whose message names the case's reference and the column, never the damaged
text (it may hold personal data); if none does, the failure is not damage and goes on as it was
(a busy database, or a bug, is never called damage). The log gets ids and names only.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Enum as SqlEnum
from sqlalchemy import LargeBinary, String, Text, cast, select, type_coerce
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from privacy_desk.domain.errors import DomainError
from privacy_desk.i18n import _
from privacy_desk.storage import models
from privacy_desk.storage.models import Case, EnumList, Person

log = logging.getLogger(__name__)

# The rows that belong to one case (by case_id), besides the case and its two persons.
_CASE_ROWS: tuple[type[Any], ...] = (
    models.Measure,
    models.IdentityCheck,
    models.AuthorityProofRecord,
    models.Contact,
    models.Note,
    models.Task,
    models.Pause,
    models.Extension,
    models.Fee,
    models.Letter,
)


class DamagedCase(DomainError):
    """Part of a case's stored data is not in a form the program wrote."""


def _fault(column: Any, raw: bytes) -> bool:
    """Whether raw (a column's stored bytes) is something this program never writes there."""
    try:
        value = raw.decode("utf-8")
    except UnicodeDecodeError:
        return True
    kind = column.type
    if isinstance(kind, EnumList):
        try:
            items = json.loads(value)
            if not isinstance(items, list):
                return True
            for item in items:
                kind.enum(item)
        except (ValueError, TypeError):
            return True
    elif isinstance(kind, SqlEnum):
        return value not in kind.enums
    return False


def damaged_columns(session: Session, case_id: int) -> list[str]:
    """The case's stored values no reader accepts, as "table.column" (empty: none)."""
    found: list[str] = []
    ids = session.execute(
        select(Case.requester_id, Case.subject_id).where(Case.id == case_id)
    ).first()
    targets: list[tuple[type[Any], Any]] = [(Case, Case.id == case_id)]
    if ids is not None:
        targets.append((Person, Person.id.in_(tuple(ids))))
    targets += [(model, model.case_id == case_id) for model in _CASE_ROWS]
    for model, where in targets:
        columns = [
            column
            for column in model.__table__.columns
            if isinstance(column.type, String | Text | SqlEnum | EnumList)
        ]
        query = select(*(_raw(session, column) for column in columns)).where(where)
        for row in session.execute(query):
            for column, raw in zip(columns, row, strict=True):
                if raw is not None and _fault(column, _as_bytes(raw)):
                    found.append(f"{model.__tablename__}.{column.name}")
    return sorted(set(found))


def _raw(session: Session, column: Any) -> Any:
    """The column as stored: bytes on SQLite (which keeps whatever bytes it was given); on
    PostgreSQL, whose text is always valid, the text itself."""
    if session.get_bind().dialect.name == "sqlite":
        return cast(column, LargeBinary)
    return type_coerce(column, Text())  # plain text: none of the column type's own reading


def _as_bytes(raw: object) -> bytes:
    return bytes(raw) if isinstance(raw, bytes | bytearray | memoryview) else str(raw).encode()


def _reference(session: Session, case_id: int) -> str:
    try:
        raw = session.scalar(select(_raw(session, Case.reference)).where(Case.id == case_id))
        reference = _as_bytes(raw).decode("utf-8") if raw is not None else ""
    except (SQLAlchemyError, UnicodeDecodeError):
        reference = ""
    return reference if reference.isprintable() and reference else f"#{case_id}"


@contextmanager
def reading_case(session: Session, case_id: int) -> Iterator[None]:
    """Say :class:`DamagedCase` when reading case `case_id` fails on a damaged stored value."""
    try:
        yield
    except DomainError:
        raise
    except Exception as exc:
        session.rollback()
        try:
            columns = damaged_columns(session, case_id)
        except SQLAlchemyError:
            columns = []
        if not columns:
            raise
        log.warning(
            "case id %s: damaged stored values in %s (%s)",
            case_id,
            ", ".join(columns),
            type(exc).__name__,
        )
        raise DamagedCase(
            _(
                "The case {reference} can not be shown: part of its stored data is damaged "
                "({columns}), not in a form Privacy Desk writes. Nothing was changed. Tell your "
                "administrator, who can compare it with the last backup."
            ).format(reference=_reference(session, case_id), columns=", ".join(columns))
        ) from exc
