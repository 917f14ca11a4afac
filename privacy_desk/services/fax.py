"""Fax and scans dropped on an open case: kept with a new incoming fax contact."""

from __future__ import annotations

from datetime import datetime

from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.rules import Action
from privacy_desk.domain.text_fields import check_moment
from privacy_desk.domain.vocabulary import AttachmentPurpose, ContactDirection, ContactKind
from privacy_desk.i18n import _
from privacy_desk.services import settings as settings_store
from privacy_desk.services.dto import CaseDetail
from privacy_desk.services.intake import IntakeCalls, keep_scans
from privacy_desk.services.scans import check_scan
from privacy_desk.storage.models import Contact


class FaxCalls(IntakeCalls):
    """Scans attached to a case."""

    def attach_scans(
        self,
        case_id: int,
        version: int | None,
        files: tuple[tuple[str, bytes], ...],
        received_at: datetime | None = None,
        note: str = "",
        purpose: AttachmentPurpose = AttachmentPurpose.CORRESPONDENCE,
    ) -> CaseDetail:
        """Keep fax or scan files, given as (name, content), with a new incoming fax contact.

        Each file is checked again here by its content; one that is not a readable scan refuses
        the whole call (ScanRefused), and nothing is kept.
        """
        with self.unit_of_work(Action.ADD_CONTACT) as session:
            case = self._load(session, case_id, version, Action.ADD_CONTACT)
            if not files:
                raise ValidationError(_("Choose at least one scan to attach."))
            limit = settings_store.load(session).scan_max_mb
            scans = [check_scan(name, content, limit) for name, content in files]
            text = self.clean_text(session, note, "contact note")
            moment = received_at or self.context.now()
            check_moment(moment, _("The time of the contact"), field="occurred_at")
            if moment > self.context.now():
                raise ValidationError(_("A contact can not be in the future."))
            contact = Contact(
                case_id=case.id,
                kind=ContactKind.FAX.value,
                direction=ContactDirection.IN.value,
                occurred_at=moment,
                summary=text,
                created_by_login=self.actor.login,
            )
            session.add(contact)
            kept = keep_scans(session, self.actor.login, case, contact, scans, purpose)
            self._touch(case)
            self.record(
                session,
                Action.ADD_CONTACT,
                case.id,
                kind=ContactKind.FAX.value,
                direction=ContactDirection.IN.value,
                files_kept=kept,
                pages=sum(scan.pages for scan in scans),
                purpose=purpose.value,
            )
            return self._detail(session, case)
