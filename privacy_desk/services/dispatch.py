"""Dispatch: how and when a notice or letter left the office, recorded on the case."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.rules import Action
from privacy_desk.domain.text_fields import check_text
from privacy_desk.domain.tracking import normalise_tracking_number
from privacy_desk.domain.vocabulary import (
    CaseStatus,
    ContactDirection,
    ContactKind,
    DispatchMethod,
)
from privacy_desk.i18n import _, label
from privacy_desk.services.base import Service
from privacy_desk.services.case_base import CaseCalls
from privacy_desk.services.dto import (
    CaseDetail,
)
from privacy_desk.storage.models import (
    Case,
    Contact,
    Letter,
)

S = CaseStatus


class DispatchCalls(CaseCalls):
    """Record the dispatch of the decision notice (the case moves to notice sent)."""

    def record_notice_sent(
        self,
        case_id: int,
        version: int | None,
        method: DispatchMethod,
        sent_on: date | None = None,
        tracking_number: str = "",
        letter_id: int | None = None,
    ) -> CaseDetail:
        with self.unit_of_work(Action.RECORD_NOTICE_SENT) as session:
            case = self._load(session, case_id, version, Action.RECORD_NOTICE_SENT)
            return self._notice_sent(session, case, method, sent_on, tracking_number, letter_id)

    def _notice_sent(
        self,
        session: Session,
        case: Case,
        method: DispatchMethod,
        sent_on: date | None,
        tracking_number: str,
        letter_id: int | None,
    ) -> CaseDetail:
        record_dispatch(self, session, case.id, method, sent_on, tracking_number, letter_id)
        case.notice_sent_at = self.context.now()
        detail: dict[str, object] = {"method": method.value}
        if letter_id is not None:
            detail["letter_id"] = letter_id
        return self._move(session, case, Action.RECORD_NOTICE_SENT, **detail)


def record_dispatch(
    service: Service,
    session: Session,
    case_id: int,
    method: DispatchMethod,
    sent_on: date | None,
    tracking_number: str,
    letter_id: int | None,
) -> None:
    """How and when a letter left: its dispatch fields and an outgoing contact on the case.

    The contact's summary stays empty: its words come from its fields when it is shown.
    """
    # A tracking number has its own rule, so it is never mistaken for an Individual Number.
    tracking = normalise_tracking_number(check_text(tracking_number, "tracking number"))
    if method.has_tracking_number and not tracking:
        raise ValidationError(
            _("{method} needs its tracking number.").format(method=label(method)),
            field="tracking_number",
        )
    day = sent_on or service.context.today()
    if day > service.context.today():
        raise ValidationError(_("A letter can not be recorded as sent in the future."))
    if letter_id is not None:
        letter = session.get(Letter, letter_id)
        if letter is None or letter.case_id != case_id:
            raise ValidationError(_("That letter is not on this case."))
        letter.dispatch_method = method
        letter.tracking_number = tracking
        letter.dispatched_on = day
    session.add(
        Contact(
            case_id=case_id,
            kind=(ContactKind.FAX if method is DispatchMethod.FAX else ContactKind.LETTER).value,
            direction=ContactDirection.OUT.value,
            occurred_at=service.context.now(),
            summary="",
            dispatch_method=method.value,
            tracking_number=tracking,
            letter_id=letter_id,
            created_by_login=service.actor.login,
        )
    )
