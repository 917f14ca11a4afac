"""Retention: closed cases past their period are purged, and the purge is audited without names.

`RetentionService.review()` is the dry run: which closed cases are past their period (a setting
per kind of request, `retention_years`, 3 years after closing by default; see
domain/retention.py), by reference and closing day, never by name. `apply()` purges them in one
transaction, administrators only.

What happens to each table, decided once here:

- the case and everything that hangs on it are purged: measures, identity checks, proofs of
  authority, contacts, notes, tasks, pauses, extensions, fees, links to or from other cases, and
  the issued letters with their PDFs;
- a person is purged with the last case that refers to them; a person shared with a case that is
  kept (an earlier requester who asked again) stays as they are, since that case still needs them;
- the audit trail stays whole: its entries hold case ids, references and codes, no personal data,
  and no row of it is touched, so `audit verify` passes afterwards. The purge itself adds one
  entry per case (its reference, closing day and kinds) and one summary (counts);
- the yearly reference counters stay, so a reference is never given twice.

Nothing is anonymised in place: the only rows that outlive a purged case (audit entries, shared
persons) hold nothing of it to anonymise.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

from privacy_desk.domain.calendar import JST
from privacy_desk.domain.retention import kept_until
from privacy_desk.domain.rules import Action
from privacy_desk.domain.vocabulary import CaseStatus, RequestKind
from privacy_desk.i18n import _, ngettext
from privacy_desk.services import settings as settings_store
from privacy_desk.services.base import Service
from privacy_desk.services.identity_scans import delete_due, due_scans
from privacy_desk.storage import audit_state, models
from privacy_desk.storage.models import Case, CaseLink, Person

# The rows that hang on a case, purged with it; attachments before contacts (an attachment may
# point at its contact), contacts before letters (a contact may point at the letter it sent).
_CASE_ROWS: tuple[Any, ...] = (
    models.InboxItem,
    models.Attachment,
    models.Contact,
    models.Letter,
    models.Measure,
    models.IdentityCheck,
    models.AuthorityProofRecord,
    models.Note,
    models.Task,
    models.Pause,
    models.Extension,
    models.Fee,
)
# Ids per statement: well below every database's limit on bound parameters.
_CHUNK = 500


@dataclass(frozen=True)
class RetentionItem:
    """One closed case past its retention period: no name, nothing personal."""

    case_id: int
    reference: str
    closed_on: date
    kinds: tuple[RequestKind, ...]
    kept_until: date


@dataclass(frozen=True)
class RetentionPlan:
    """What a purge on `today` would remove."""

    today: date
    items: tuple[RetentionItem, ...]
    persons_removed: int  # referred to by purged cases only
    persons_kept: int  # also referred to by a case that is kept
    identity_scans: int = 0  # scans of identity documents past their kept days


@dataclass(frozen=True)
class RetentionResult:
    """What a purge removed."""

    references: tuple[str, ...]
    cases: int
    persons_removed: int
    persons_kept: int
    letters: int
    identity_scans: int = 0  # scans of identity documents deleted (their rows stay)


def persons_text(plan: RetentionPlan) -> str:
    """What becomes of the persons of the plan's cases, in words."""
    return _("Persons removed with them: {removed}; persons kept for other cases: {kept}.").format(
        removed=plan.persons_removed, kept=plan.persons_kept
    )


def purge_text(result: RetentionResult) -> str:
    """What a purge removed, in words (the same on the command line and the screen)."""
    return _cases_purged_text(result) + (
        " " + identity_scans_text(result.identity_scans) if result.identity_scans else ""
    )


def identity_scans_text(files: int) -> str:
    """Scans of identity documents deleted, in words."""
    return ngettext(
        "{n} scan of an identity document was deleted after the identity check (its record stays).",
        "{n} scans of identity documents were deleted after the identity check (their records "
        "stay).",
        files,
    ).format(n=files)


def _cases_purged_text(result: RetentionResult) -> str:
    return ngettext(
        "{n} case purged. Letters removed: {letters}; persons removed: {removed}; persons "
        "kept for other cases: {kept}. The audit trail records the purge.",
        "{n} cases purged. Letters removed: {letters}; persons removed: {removed}; persons "
        "kept for other cases: {kept}. The audit trail records the purge.",
        result.cases,
    ).format(
        n=result.cases,
        letters=result.letters,
        removed=result.persons_removed,
        kept=result.persons_kept,
    )


def _chunks(ids: Sequence[int]) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), _CHUNK):
        yield ids[start : start + _CHUNK]


class RetentionService(Service):
    """The dry run and the purge (administrators only)."""

    def review(self) -> RetentionPlan:
        """The closed cases past their period today, and what would become of their persons."""
        with self.unit_of_work(Action.RETENTION) as session:
            plan = self._plan(session)
            self.record(session, "retention_review", cases=len(plan.items))
            return plan

    def apply(self, case_ids: Iterable[int] | None = None) -> RetentionResult:
        """Purge the cases past their period now (only those of `case_ids` when given: the list
        the administrator saw; a case reopened since is kept)."""
        with self.unit_of_work(Action.RETENTION) as session:
            plan = self._plan(session, lock=True)
            items = plan.items
            if case_ids is not None:
                chosen = set(case_ids)
                items = tuple(item for item in items if item.case_id in chosen)
            ids = [item.case_id for item in items]
            persons_removed, persons_kept = self._persons(session, ids)
            letters = self._count(session, models.Letter, ids)
            self._purge(session, ids, persons_removed)
            # Scans of identity documents kept some days after the check, now past them.
            scans = delete_due(self, session)
            for item in items:
                self.record(
                    session,
                    "retention_purge",
                    item.case_id,
                    reference=item.reference,
                    closed_on=item.closed_on.isoformat(),
                    kinds=[kind.value for kind in item.kinds],
                )
            self.record(
                session,
                "retention_run",
                cases=len(ids),
                persons_removed=len(persons_removed),
                persons_kept=persons_kept,
                letters=letters,
                identity_scans=scans,
            )
            return RetentionResult(
                references=tuple(item.reference for item in items),
                cases=len(ids),
                persons_removed=len(persons_removed),
                persons_kept=persons_kept,
                letters=letters,
                identity_scans=scans,
            )

    # ------------------------------------------------------------------ helpers

    def _plan(self, session: Session, *, lock: bool = False) -> RetentionPlan:
        today = self.context.today()
        years = settings_store.load(session).retention_years
        query = (
            select(Case.id, Case.reference, Case.closed_at, Case.kinds)
            .where(Case.status == CaseStatus.CLOSED, Case.closed_at.is_not(None))
            .order_by(Case.closed_at, Case.id)
        )
        if lock:
            # A desk reopening one of these cases meanwhile waits, then finds it gone (or the
            # purge waits for the reopening, and keeps the case).
            query = query.with_for_update()
        items = []
        for case_id, reference, closed_at, kinds in session.execute(query):
            assert closed_at is not None  # by the query
            closed_on = closed_at.astimezone(JST).date()
            until = kept_until(closed_on, kinds, years)
            if today >= until:
                items.append(RetentionItem(case_id, reference, closed_on, tuple(kinds), until))
        removed, kept = self._persons(session, [item.case_id for item in items])
        return RetentionPlan(today, tuple(items), len(removed), kept, due_scans(self, session))

    @staticmethod
    def _persons(session: Session, ids: Sequence[int]) -> tuple[list[int], int]:
        """The persons of the cases `ids`: those no other case needs, and how many are shared."""
        mine: set[int] = set()
        for chunk in _chunks(ids):
            for requester, subject in session.execute(
                select(Case.requester_id, Case.subject_id).where(Case.id.in_(chunk))
            ):
                mine.update((requester, subject))
        gone = set(ids)
        shared: set[int] = set()
        persons = sorted(mine)
        for chunk in _chunks(persons):
            for case_id, requester, subject in session.execute(
                select(Case.id, Case.requester_id, Case.subject_id).where(
                    or_(Case.requester_id.in_(chunk), Case.subject_id.in_(chunk))
                )
            ):
                if case_id not in gone:
                    shared.update(p for p in (requester, subject) if p in mine)
        return [p for p in persons if p not in shared], len(shared)

    @staticmethod
    def _count(session: Session, model: Any, ids: Sequence[int]) -> int:
        return sum(
            session.scalar(select(func.count()).select_from(model).where(model.case_id.in_(chunk)))
            or 0
            for chunk in _chunks(ids)
        )

    @staticmethod
    def _purge(session: Session, ids: Sequence[int], persons: Sequence[int]) -> None:
        # Bulk deletes are not seen by the session: say which cases changed, so that the audit
        # trail seals their new state (gone, or without the link to a purged case).
        touched = set(ids)
        for chunk in _chunks(ids):
            for one, other in session.execute(
                select(CaseLink.case_id, CaseLink.linked_case_id).where(
                    or_(CaseLink.case_id.in_(chunk), CaseLink.linked_case_id.in_(chunk))
                )
            ):
                touched.update((one, other))
        audit_state.mark_changed(session, cases=touched)
        for chunk in _chunks(ids):
            session.execute(
                delete(CaseLink).where(
                    or_(CaseLink.case_id.in_(chunk), CaseLink.linked_case_id.in_(chunk))
                )
            )
            for model in _CASE_ROWS:
                session.execute(delete(model).where(model.case_id.in_(chunk)))
            session.execute(delete(Case).where(Case.id.in_(chunk)))
        for chunk in _chunks(persons):
            session.execute(delete(Person).where(Person.id.in_(chunk)))
