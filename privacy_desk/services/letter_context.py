"""What a letter of a case says, from the case: the LetterContext the letters package prints.

Dates a letter gives the recipient (reply by, pay by) are business days of the office's calendar;
what is still missing for identity is handed over as data (`MissingDocument`), for the template
to word in the letter's language; the person who signs is the case's owner, else the user acting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from privacy_desk import i18n
from privacy_desk.domain.calendar import JST, BusinessCalendar
from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.rules import add_months
from privacy_desk.domain.vocabulary import (
    ANSWER_KINDS,
    AUTHORITY_PROOFS,
    BankAccountType,
    Channel,
    RequesterRole,
)
from privacy_desk.i18n import N_, _
from privacy_desk.letters import Fee, LetterContext, LetterKind, MeasureResult, Recipient
from privacy_desk.letters.context import Missing, MissingDocument
from privacy_desk.services.dto import DECISION_TEXTS, CaseDetail, MeasureData
from privacy_desk.services.settings import OfficeSettings

# A request that came on paper is answered as a reply to a letter (拝復); letters.md.
REPLY_CHANNELS = frozenset({Channel.POST, Channel.FAX})
# The subject of a fax cover sheet says nothing of the case: anyone at the machine reads it.
NEUTRAL_FAX_SUBJECT = N_("Documents from {organisation}")


@dataclass(frozen=True)
class LetterOptions:
    """What staff add when issuing: everything else comes from the case."""

    language: str | None = None  # default: the case's letter language
    expected_reply_date: date | None = None  # acknowledgement; default: the current due date
    reply_by: date | None = None  # identity request; default: a setting's business days on
    missing_items: tuple[str, ...] = ()  # identity request: more, typed in the letter's language
    fax_number: str = ""  # fax cover; default: the requester's fax
    fax_pages: int = 0
    fax_subject: str = ""  # default: a neutral subject
    replying_to_letter: bool | None = None  # default: the request came by post or fax
    signed_by: str = ""  # the name of the person in charge; default: the owner, else the actor


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _changes(text: str) -> tuple[tuple[str, str], ...]:
    """'before → after' lines (or '->') as pairs; a line without an arrow is an addition."""
    pairs = []
    for line in _lines(text):
        for arrow in ("→", "->", "⇒"):
            if arrow in line:
                before, after = line.split(arrow, 1)
                pairs.append((before.strip(), after.strip()))
                break
        else:
            pairs.append(("", line))
    return tuple(pairs)


def measure_result(m: MeasureData) -> MeasureResult:
    texts = {name: getattr(m, name) for name in DECISION_TEXTS}
    return MeasureResult(
        kind=m.kind,
        requested=m.requested,
        outcome=m.outcome,
        disclosure_grounds=m.disclosure_grounds,
        suspension_grounds_claimed=m.suspension_grounds,
        method=m.method,
        action_date=m.action_date,
        third_party_recipient=m.third_party_recipient,
        **{
            **texts,
            "enclosures": _lines(m.enclosures),
            "changes": _changes(m.changes),
            "view": m.view or m.reasons,
        },
    )


def missing_documents(
    case: CaseDetail, today: date, max_age_months: int
) -> tuple[MissingDocument, ...]:
    """What the requester still has to send, as data for the letter's template.

    An agent (or a guardian) is asked for their own identity document and the proof of their
    authority; a proof already sent but too old is named with its date and the oldest accepted.
    """
    role = case.requester_role
    missing: list[MissingDocument] = []
    if not case.identity_confirmed:
        what = Missing.AGENT_IDENTITY if role.needs_authority else Missing.IDENTITY_DOCUMENT
        missing.append(MissingDocument(what))
    if role.needs_authority and not case.authority_confirmed:
        oldest = add_months(today, -max_age_months)
        for proof in case.authority_proofs:
            if proof.issued_on is not None and proof.issued_on < oldest:
                missing.append(
                    MissingDocument(
                        Missing.STALE_AUTHORITY,
                        document=proof.document,
                        issued_on=proof.issued_on,
                        oldest=oldest,
                        months=max_age_months,
                    )
                )
        if not any(m.what is Missing.STALE_AUTHORITY for m in missing):
            options = tuple(
                tuple(sorted(option, key=lambda d: d.en)) for option in AUTHORITY_PROOFS[role]
            )
            missing.append(
                MissingDocument(Missing.AUTHORITY, options=options, months=max_age_months)
            )
    return tuple(missing)


def _recipient(case: CaseDetail, agent: bool) -> Recipient:
    requester = case.requester
    return Recipient(
        postal_code=requester.postal_code,
        address=requester.address,
        name=requester.name,
        on_behalf_of=case.subject.name if agent else "",
        fax=requester.fax,
        organisation=requester.organisation,
        form_of_address=requester.form_of_address,
    )


def _fee(case: CaseDetail, settings: OfficeSettings, calendar: BusinessCalendar, today: date):
    if not case.fees:
        return None
    fee = case.fees[-1]
    pay_by = fee.pay_by
    if fee.received_on is None and pay_by is None:
        pay_by = calendar.add_business_days(today, settings.fee_pay_business_days)
    return Fee(
        fee.amount_yen,
        fee.payment_method,
        pay_by,
        fee.received_on,
        fee.note,
        bank=settings.fee_bank,
        branch=settings.fee_branch,
        account_type=BankAccountType(settings.fee_account_type),
        account_number=settings.fee_account_number,
        payee_kana=settings.fee_payee_kana,
    )


def build_context(
    case: CaseDetail,
    kind: LetterKind,
    options: LetterOptions,
    settings: OfficeSettings,
    calendar: BusinessCalendar,
    today: date,
    staff_name: str,
) -> LetterContext:
    """The letter of `kind` for the case as it stands, signed by `staff_name`."""
    lang = options.language or case.letter_language
    agent = case.requester_role is not RequesterRole.PERSON
    measures = case.measures
    if kind is LetterKind.DECISION:
        measures = tuple(m for m in measures if m.kind not in ANSWER_KINDS)
    elif kind is LetterKind.ANSWER:
        measures = tuple(m for m in measures if m.kind in ANSWER_KINDS)
    extension = case.extensions[-1] if case.extensions else None
    reply_by = options.reply_by
    if reply_by is not None and not calendar.is_business_day(reply_by):
        raise ValidationError(
            _("The reply-by date {day} is not a business day of the office.").format(
                day=reply_by.isoformat()
            ),
            field="reply_by",
        )
    if reply_by is None:
        reply_by = calendar.add_business_days(today, settings.reply_business_days)
    replying = options.replying_to_letter
    if replying is None:
        replying = case.channel in REPLY_CHANNELS
    recipient = _recipient(case, agent)
    words = i18n.translation(lang)
    return LetterContext(
        kind=kind,
        lang=lang,
        reference=case.reference,
        issue_date=today,
        staff_name=staff_name,
        recipient=recipient,
        request_received_date=case.deadlines.received_at.astimezone(JST).date(),
        measures=tuple(measure_result(m) for m in measures),
        fee=_fee(case, settings, calendar, today),
        expected_reply_date=options.expected_reply_date
        or case.deadlines.current_due.astimezone(JST).date(),
        missing=missing_documents(case, today, settings.authority_max_age_months)
        if kind is LetterKind.IDENTITY_REQUEST
        else (),
        missing_items=options.missing_items,
        is_agent_request=agent,
        reply_by=reply_by,
        extension_original_due=extension.previous_due.astimezone(JST).date() if extension else None,
        extension_new_due=extension.new_due.astimezone(JST).date() if extension else None,
        extension_reason=extension.reason if extension else "",
        summary=case.summary,
        replying_to_letter=replying,
        fax_to_name=" ".join(p for p in (recipient.organisation, recipient.name) if p),
        fax_number=options.fax_number or recipient.fax,
        fax_pages=options.fax_pages,
        fax_subject=options.fax_subject
        or words.gettext(NEUTRAL_FAX_SUBJECT).format(
            organisation=settings.letterhead.text("organisation_short", lang)
        ),
        large_print=case.large_print,
    )
