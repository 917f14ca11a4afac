"""Render a letter: check the context, fill the template, lay out the PDF, return its bytes.

Either the whole PDF comes back or an error does: the document is built in memory and nothing
is returned before it is complete. Checks come first and name every gap at once (which measure,
which field), so staff can mend the case in one go.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping

from privacy_desk.domain.vocabulary import (
    OUTCOMES_BY_KIND,
    OUTCOMES_NEEDING_DISCLOSURE_GROUND,
    OUTCOMES_NEEDING_REASONS,
    Outcome,
    PaymentMethod,
    RequestKind,
)
from privacy_desk.i18n import N_, _, label, pgettext
from privacy_desk.letters.context import (
    LANGUAGES,
    LetterContext,
    Letterhead,
    LetterKind,
    MeasureResult,
)
from privacy_desk.letters.errors import IncompleteLetterError, LetterError, TemplateError
from privacy_desk.letters.layout import build_pdf
from privacy_desk.letters.samples import sample_contexts
from privacy_desk.letters.templates import fill, template_name

# Refusals are for the screen, so they are in the screen's language, not the letter's.
_KIND_NAMES = {
    LetterKind.ACKNOWLEDGEMENT: N_("acknowledgement"),
    LetterKind.IDENTITY_REQUEST: N_("identity-request letter"),
    LetterKind.DECISION: N_("decision letter"),
    LetterKind.EXTENSION: N_("extension notice"),
    LetterKind.ANSWER: N_("answer"),
    LetterKind.FAX_COVER: N_("fax cover sheet"),
}


# What a decision must say for each outcome besides reasons (letters.md, items 3–8).
_MEASURE_NEEDS: dict[Outcome, tuple[tuple[str, str], ...]] = {
    Outcome.DISCLOSED_FULL: (("method", N_("the method of disclosure")),),
    Outcome.DISCLOSED_PART: (
        ("method", N_("the method of disclosure")),
        ("withheld_parts", N_("where the withheld parts are")),
    ),
    Outcome.PURPOSES_NOTIFIED: (("purposes", N_("the purposes of use notified")),),
    # Art. 34(3): the content of a correction must be notified.
    Outcome.CORRECTED: (("changes", N_("what was changed")), ("action_date", N_("the date"))),
    Outcome.ADDED: (("changes", N_("what was added")), ("action_date", N_("the date"))),
    Outcome.DELETED: (("changes", N_("what was deleted")), ("action_date", N_("the date"))),
    Outcome.SUSPENDED: (("action_date", N_("the date")),),
    Outcome.ERASED: (("action_date", N_("the date")),),
    Outcome.ALTERNATIVE_MEASURE: (("alternative_measure", N_("the measure taken instead")),),
    Outcome.STOPPED: (
        ("action_date", N_("the stop date")),
        ("provided_data_note", N_("what happens to data already provided")),
    ),
}


def _gaps(context: LetterContext) -> list[tuple[str, str]]:
    """What the letter lacks, as (field, message) pairs; empty when it can be produced."""
    gaps: list[tuple[str, str]] = []

    def need(value: object, field: str, missing: str) -> None:
        """`missing` is the whole translated sentence said when `value` is empty."""
        if value is None or (isinstance(value, str | tuple) and not value):
            gaps.append((field, missing))

    kind = LetterKind(context.kind)
    need(context.reference.strip(), "reference", _("the case reference is missing"))
    need(
        context.staff_name.strip(),
        "staff_name",
        _("the name of the staff member in charge is missing"),
    )
    if kind is not LetterKind.FAX_COVER:
        need(context.recipient.name.strip(), "recipient.name", _("the recipient's name is missing"))
        need(
            context.recipient.address.strip(),
            "recipient.address",
            _("the recipient's address is missing"),
        )
        need(
            context.recipient.postal_code.strip(),
            "recipient.postal_code",
            _("the postcode is missing"),
        )
        need(
            context.request_received_date,
            "request_received_date",
            _("the date received is missing"),
        )
    if context.is_agent_request and kind is not LetterKind.FAX_COVER:
        need(
            context.recipient.on_behalf_of.strip(),
            "recipient.on_behalf_of",
            _("the name of the person the agent acts for is missing"),
        )

    if kind is LetterKind.ACKNOWLEDGEMENT:
        need(
            context.expected_reply_date,
            "expected_reply_date",
            _("the date a reply can be expected is missing"),
        )
        if not context.measures and not context.summary.strip():
            gaps.append(("summary", _("what was asked (a measure or a summary) is missing")))
    elif kind is LetterKind.IDENTITY_REQUEST:
        need(
            (*context.missing, *context.missing_items),
            "missing_items",
            _("the list of missing documents is missing"),
        )
        need(context.reply_by, "reply_by", _("the reply-by date is missing"))
    elif kind is LetterKind.EXTENSION:
        need(
            context.extension_original_due,
            "extension_original_due",
            _("the original target date is missing"),
        )
        need(context.extension_new_due, "extension_new_due", _("the new target date is missing"))
        need(
            context.extension_reason.strip(),
            "extension_reason",
            _("the reason for the extension is missing"),
        )
        if (
            context.extension_original_due
            and context.extension_new_due
            and context.extension_new_due <= context.extension_original_due
        ):
            gaps.append(
                ("extension_new_due", _("the new target date is not after the original one"))
            )
    elif kind is LetterKind.ANSWER:
        need(
            context.measures,
            "measures",
            _("the answer (a measure with facts or view) is missing"),
        )
        for number, measure in enumerate(context.measures, start=1):
            if not (
                measure.facts.strip() or measure.view.strip() or measure.measures_taken.strip()
            ):
                gaps.append(
                    (
                        "measures",
                        _(
                            "measure {n} ({kind}) has no answer: give the facts found, the "
                            "office's view or the measures taken"
                        ).format(n=number, kind=label(measure.kind)),
                    )
                )
    elif kind is LetterKind.FAX_COVER:
        need(context.fax_to_name.strip(), "fax_to_name", _("the addressee of the fax is missing"))
        need(context.fax_number.strip(), "fax_number", _("the fax number is missing"))
        need(context.fax_subject.strip(), "fax_subject", _("the subject of the fax is missing"))
        if context.fax_pages < 1:
            gaps.append(("fax_pages", _("the number of pages (including the cover) is missing")))
    elif kind is LetterKind.DECISION:
        need(context.measures, "measures", _("the measures decided is missing"))
        for number, measure in enumerate(context.measures, start=1):
            gaps.extend(("measures", gap) for gap in _decision_gaps(number, measure))
        gaps.extend(("fee", gap) for gap in _fee_gaps(context))
    return gaps


_CHARGED = (Outcome.DISCLOSED_FULL, Outcome.DISCLOSED_PART, Outcome.PURPOSES_NOTIFIED)


def _fee_gaps(context: LetterContext) -> list[str]:
    """An unpaid fee must come with how and by when to pay it (the settings give the account)."""
    fee = context.fee
    if fee is None or fee.paid or not any(m.outcome in _CHARGED for m in context.measures):
        return []
    gaps = []
    if fee.pay_by is None:
        gaps.append(_("the date by which the fee is to be paid is missing"))
    by_bank = fee.payment_method in (None, PaymentMethod.BANK_TRANSFER)
    if by_bank and not (fee.bank and fee.branch and fee.account_number and fee.payee_kana):
        gaps.append(
            _(
                "the bank account for fees is not set (settings fee_bank, fee_branch, "
                "fee_account_number, fee_payee_kana)"
            )
        )
    return gaps


def _decision_gaps(number: int, measure: MeasureResult) -> list[str]:
    """What one measure of a decision letter lacks, in the screen's language."""
    kind = label(measure.kind)
    outcome = measure.outcome
    if outcome is None:
        return [_("measure {n} ({kind}) has no outcome").format(n=number, kind=kind)]
    gaps: list[str] = []
    said = {"n": number, "kind": kind, "outcome": label(outcome)}
    if outcome not in OUTCOMES_BY_KIND.get(measure.kind, ()):
        gaps.append(_("measure {n} ({kind}) can not have the outcome '{outcome}'").format(**said))
    if outcome in OUTCOMES_NEEDING_REASONS and not measure.reasons.strip():
        gaps.append(_("measure {n} ({kind}) is '{outcome}' but gives no reasons").format(**said))
    if outcome in OUTCOMES_NEEDING_DISCLOSURE_GROUND and not measure.disclosure_grounds:
        gaps.append(
            _("measure {n} ({kind}) is '{outcome}' but names no Art. 33(2) ground").format(**said)
        )
    for field, what in _MEASURE_NEEDS.get(outcome, ()):
        if not getattr(measure, field):
            gaps.append(
                _("measure {n} ({kind}) is '{outcome}' but {what} is missing").format(
                    what=_(what), **said
                )
            )
    if measure.kind is RequestKind.THIRD_PARTY_STOP and not measure.third_party_recipient:
        gaps.append(
            _("measure {n} ({kind}) does not name the recipients (their category)").format(
                n=number, kind=kind
            )
        )
    return gaps


def check_context(context: LetterContext) -> None:
    """Refuse a context from which only an incomplete letter could be made."""
    if context.lang not in LANGUAGES:
        raise LetterError(
            _("'{lang}' is not a letter language; choose one of: {choices}").format(
                lang=context.lang, choices=", ".join(LANGUAGES)
            ),
            field="lang",
        )
    try:
        kind = LetterKind(context.kind)
    except ValueError:
        raise LetterError(
            _("'{value}' is not a kind of letter").format(value=context.kind), field="kind"
        ) from None
    gaps = _gaps(context)
    if gaps:
        # The gaps are listed one after another: "a; b; c" in English, sentences in Japanese.
        what = pgettext("between the gaps of a letter", "; ").join(message for _f, message in gaps)
        raise IncompleteLetterError(
            _("The {kind} can not be produced: {gaps}.").format(
                kind=_(_KIND_NAMES[kind]), gaps=what
            ),
            field=gaps[0][0],
        )


def render_letter(
    context: LetterContext,
    letterhead: Letterhead,
    *,
    overrides: Mapping[tuple[str, str], str] | None = None,
    specimen: bool = False,
) -> bytes:
    """The letter as PDF bytes. `overrides` maps (kind value, lang) to edited template text;
    `specimen` prints 見本 / SPECIMEN across every page (a letter from a demo database)."""
    check_context(context)
    if not isinstance(context.kind, LetterKind):
        context = dataclasses.replace(context, kind=LetterKind(context.kind))
    body = fill(context, letterhead, overrides)
    return build_pdf(body, context, letterhead, specimen=specimen)


def validate_template(kind: str, lang: str, text: str) -> None:
    """Test-fill an edited template with invented cases; TemplateError says what is wrong.

    Compiling checks every field name in every branch; filling and laying out the sample
    cases (which between them take every branch of the shipped templates) checks the rest.
    """
    kind = LetterKind(kind).value
    overrides = {(kind, lang): text}
    letterhead = Letterhead.jacces_default()
    for context in sample_contexts(kind, lang):
        try:
            build_pdf(fill(context, letterhead, overrides), context, letterhead)
        except TemplateError:
            raise
        except LetterError as exc:
            raise TemplateError(str(exc), template=template_name(kind, lang, True)) from None
