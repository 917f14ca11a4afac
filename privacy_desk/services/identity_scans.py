"""Scans of identity documents are kept only as long as the identity check needs them.

A scan attached as an identity document (purpose ``identity_document``: a licence, a passport, a
health insurance card) has its content deleted once the identity check is recorded on its case,
or, when the setting ``identity_scans_keep_days`` keeps them N days, N days after that. A scan
attached after the check waits for the next purge (or check). What stays is the row: the file name, the type, the
pages, the SHA-256 of what was received and the day it was deleted; and the identity check
itself, which names the documents seen.

The deletion runs in the transaction that records the check (`delete_due` from
CaseWorkCalls.confirm_identity), and for scans kept some days in `IdentityScanService.purge()`:
at the start of the application and by ``privacy-desk retention run --apply``. Each deletion is
audited per case with counts only (files, pages, days kept), never a file name: a name may well
be the person's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from privacy_desk.domain.rules import Action
from privacy_desk.domain.vocabulary import AttachmentPurpose
from privacy_desk.services import settings as settings_store
from privacy_desk.services.base import Service
from privacy_desk.storage.models import Attachment, Case

AUDIT_ACTION = "identity_scans_deleted"


@dataclass(frozen=True)
class ScanPurge:
    """What a purge deleted: how many scans, of how many cases (no names)."""

    files: int
    cases: int


def _due(
    session: Session, now: datetime, keep_days: int, case_ids: Iterable[int] | None
) -> dict[int, list[tuple[int, int]]]:
    """The identity scans whose time is over: case id -> [(attachment id, pages)]."""
    query = (
        select(Attachment.id, Attachment.case_id, Attachment.pages, Case.identity_confirmed_at)
        .join(Case, Case.id == Attachment.case_id)
        .where(
            Attachment.purpose == AttachmentPurpose.IDENTITY_DOCUMENT,
            Attachment.deleted_at.is_(None),
            Case.identity_confirmed_at.is_not(None),
        )
        .order_by(Attachment.id)
    )
    if case_ids is not None:
        query = query.where(Attachment.case_id.in_(list(case_ids)))
    due: dict[int, list[tuple[int, int]]] = defaultdict(list)
    keep = timedelta(days=keep_days)
    for attachment_id, case_id, pages, confirmed_at in session.execute(query):
        if confirmed_at is not None and confirmed_at + keep <= now:
            due[case_id].append((attachment_id, pages or 0))
    return dict(due)


def delete_due(service: Service, session: Session, case_ids: Iterable[int] | None = None) -> int:
    """Delete the content of the identity scans whose time is over (of `case_ids`, or all),
    keeping their rows; audited per case without names. How many were deleted."""
    now = service.context.now()
    keep_days = settings_store.load(session).identity_scans_keep_days
    due = _due(session, now, keep_days, case_ids)
    for case_id, scans in due.items():
        session.execute(
            update(Attachment)
            .where(Attachment.id.in_([attachment_id for attachment_id, _pages in scans]))
            .values(content=b"", deleted_at=now)
            .execution_options(synchronize_session=False)
        )
        service.record(
            session,
            AUDIT_ACTION,
            case_id,
            files=len(scans),
            pages=sum(pages for _id, pages in scans),
            kept_days=keep_days,
        )
    return sum(len(scans) for scans in due.values())


def due_scans(service: Service, session: Session) -> int:
    """How many identity scans a purge would delete now."""
    keep_days = settings_store.load(session).identity_scans_keep_days
    return sum(
        len(scans) for scans in _due(session, service.context.now(), keep_days, None).values()
    )


class IdentityScanService(Service):
    """The purge of identity scans kept some days: due ones go, at start and with retention."""

    def due(self) -> int:
        """How many identity scans a purge would delete now (nothing changes)."""
        with self.unit_of_work(Action.LIST_CASES, activity=False) as session:
            return due_scans(self, session)

    def purge(self) -> ScanPurge:
        """Delete every identity scan whose kept days are over (any user's start runs it)."""
        with self.unit_of_work(Action.LIST_CASES, activity=False) as session:
            now = self.context.now()
            keep_days = settings_store.load(session).identity_scans_keep_days
            cases = len(_due(session, now, keep_days, None))
            files = delete_due(self, session)
            return ScanPurge(files, cases)
