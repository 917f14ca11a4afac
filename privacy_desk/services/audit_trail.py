"""The audit trail's safekeeping: anchoring its head outside the database, and the full check.

`write_anchor(context)` appends the chain's head (and every entry since the last anchor) to this
database's anchor file in the folder of the setting `audit_anchor_folder`; the desk calls it when
it starts and closes, `privacy-desk audit anchor` on demand, and a backup calls it to put the head
in its manifest. `verify(context)` checks the chain, the chain against the anchor, and every case
and user against its last audited state.
"""

from __future__ import annotations

import dataclasses
import logging
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from privacy_desk.domain.errors import DomainError
from privacy_desk.i18n import _
from privacy_desk.services import settings as settings_store
from privacy_desk.services.base import Context
from privacy_desk.storage import anchors, audit
from privacy_desk.storage.audit_check import AuditReport, check
from privacy_desk.storage.db import data_dir

log = logging.getLogger(__name__)
DEFAULT_FOLDER = "audit-anchors"


class AnchorError(DomainError):
    """The anchor could not be written (folder not writable, database without identity)."""


def anchor_folder(session: Session) -> Path:
    """The folder the administrator chose, else `audit-anchors` in this desk's data folder."""
    chosen = settings_store.load(session).audit_anchor_folder
    return Path(chosen) if chosen else data_dir() / DEFAULT_FOLDER


def head(context: Context) -> tuple[int, str]:
    """The chain's head (number, hash) as the database holds it now."""
    with context.db.session() as session:
        return audit.head(session)


def write_anchor(context: Context) -> anchors.AnchorWritten:
    """Anchor the chain's head now; `refused` says why nothing was written (the database no
    longer matches the anchor: run `privacy-desk audit verify`)."""
    with context.db.session() as session:
        folder = anchor_folder(session)
        try:
            return anchors.write(session, folder, context.now())
        except LookupError as exc:
            raise AnchorError(
                _("The database has lost its identity row: its audit trail can not be anchored.")
            ) from exc
        except OSError as exc:
            raise AnchorError(
                _("Can not write the audit anchor in the folder {folder}: {problem}").format(
                    folder=folder, problem=exc.strerror or type(exc).__name__
                )
            ) from exc


def anchor_quietly(context: Context) -> anchors.AnchorWritten | None:
    """Anchor at a desk's start or close: a failure is logged (no personal data), never raised."""
    try:
        written = write_anchor(context)
    except (DomainError, SQLAlchemyError) as exc:
        log.warning("audit anchor not written (%s)", type(exc).__name__)
        return None
    if written.refused is not None:
        log.warning("audit anchor refused: the trail does not match it (%s)", written.refused)
    return written


def verify(context: Context) -> AuditReport:
    """Chain, anchor and states, in one read-only pass."""
    with context.db.session() as session:
        folder = anchor_folder(session)
        identity = anchors.database_id(session)
        if identity is None:
            return dataclasses.replace(check(session, None), identity_lost=True)
        return check(session, anchors.read(anchors.path_for(folder, identity)))
