"""An email as a new case: the intake form a saved .eml fills, and the call that saves it.

The window opens the intake dialog pre-filled from :func:`privacy_desk.services.mail.parse_email`
and saves it with the usual intake (the original travels in the form); the command line, which
has nobody to complete the form, saves it at once with :meth:`MailIntakeCalls.intake_email`.
"""

from __future__ import annotations

from datetime import datetime

from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.vocabulary import Channel, RequestKind
from privacy_desk.i18n import _
from privacy_desk.services.dto import EmailIntake, IntakeForm, MeasureForm, PersonForm
from privacy_desk.services.intake import IntakeCalls
from privacy_desk.services.mail import ParsedMail, parse_email

NAME_LENGTH = 200


def received_time(email: ParsedMail, now: datetime) -> datetime:
    """When the email came: its Date, unless missing or ahead of this desk's clock (then now)."""
    if email.received_at is None or email.received_at > now:
        return now
    return email.received_at


def email_form(
    email: ParsedMail,
    now: datetime,
    kinds: tuple[RequestKind, ...] = (RequestKind.INQUIRY,),
    letter_language: str = "ja",
) -> IntakeForm:
    """The intake form a saved email fills: the sender as requester, the text as contact note."""
    name = (email.sender_name or email.sender_address)[:NAME_LENGTH]
    if not name:
        raise ValidationError(
            _("The email names no sender: open it in the window and type the requester."),
            field="requester's name",
        )
    return IntakeForm(
        channel=Channel.EMAIL,
        received_at=received_time(email, now),
        requester=PersonForm(name=name, email=email.sender_address),
        measures=tuple(MeasureForm(kind) for kind in kinds),
        summary=email.summary(),
        contact_note=email.body,
        letter_language=letter_language,
        email_original=email.original,
    )


class MailIntakeCalls(IntakeCalls):
    """Emails taken in as cases."""

    def intake_email(
        self,
        raw: bytes,
        kinds: tuple[RequestKind, ...] = (RequestKind.INQUIRY,),
        letter_language: str = "ja",
    ) -> EmailIntake:
        """A new case from a saved email, its original and attachments kept with the contact.

        Refused whole (MailRefused) when the file can not be taken in; nothing is kept then.
        """
        email = parse_email(raw)
        form = email_form(email, self.context.now(), kinds, letter_language)
        case = self.intake(form)
        return EmailIntake(case, 1 + len(email.attachments), email.notices)
