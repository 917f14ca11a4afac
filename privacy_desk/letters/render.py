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
    RequestKind,
)
from privacy_desk.letters.context import LANGUAGES, LetterContext, Letterhead, LetterKind
from privacy_desk.letters.errors import IncompleteLetterError, LetterError, TemplateError
from privacy_desk.letters.layout import build_pdf
from privacy_desk.letters.samples import sample_contexts
from privacy_desk.letters.templates import fill, template_name

_KIND_NAMES = {
    LetterKind.ACKNOWLEDGEMENT: "acknowledgement",
    LetterKind.IDENTITY_REQUEST: "identity-request letter",
    LetterKind.DECISION: "decision letter",
    LetterKind.EXTENSION: "extension notice",
    LetterKind.ANSWER: "answer",
    LetterKind.FAX_COVER: "fax cover sheet",
}


# What a decision must say for each outcome besides reasons (letters.md, items 3–8).
_MEASURE_NEEDS: dict[Outcome, tuple[tuple[str, str], ...]] = {
    Outcome.DISCLOSED_FULL: (("method", "the method of disclosure"),),
    Outcome.DISCLOSED_PART: (
        ("method", "the method of disclosure"),
        ("withheld_parts", "where the withheld parts are"),
    ),
    Outcome.PURPOSES_NOTIFIED: (("purposes", "the purposes of use notified"),),
    # Art. 34(3): the content of a correction must be notified.
    Outcome.CORRECTED: (("changes", "what was changed"), ("action_date", "the date")),
    Outcome.ADDED: (("changes", "what was added"), ("action_date", "the date")),
    Outcome.DELETED: (("changes", "what was deleted"), ("action_date", "the date")),
    Outcome.SUSPENDED: (("action_date", "the date"),),
    Outcome.ERASED: (("action_date", "the date"),),
    Outcome.ALTERNATIVE_MEASURE: (("alternative_measure", "the measure taken instead"),),
    Outcome.STOPPED: (
        ("action_date", "the stop date"),
        ("provided_data_note", "what happens to data already provided"),
    ),
}


def _gaps(context: LetterContext) -> list[tuple[str, str]]:
    """What the letter lacks, as (field, message) pairs; empty when it can be produced."""
    gaps: list[tuple[str, str]] = []

    def need(value: object, field: str, what: str) -> None:
        if value is None or (isinstance(value, str | tuple) and not value):
            gaps.append((field, f"{what} is missing"))

    kind = LetterKind(context.kind)
    need(context.reference.strip(), "reference", "the case reference")
    need(context.staff_name.strip(), "staff_name", "the name of the staff member in charge")
    if kind is not LetterKind.FAX_COVER:
        need(context.recipient.name.strip(), "recipient.name", "the recipient's name")
        need(context.recipient.address.strip(), "recipient.address", "the recipient's address")
        need(context.recipient.postal_code.strip(), "recipient.postal_code", "the postcode")
        need(context.request_received_date, "request_received_date", "the date received")
    if context.is_agent_request and kind is not LetterKind.FAX_COVER:
        need(
            context.recipient.on_behalf_of.strip(),
            "recipient.on_behalf_of",
            "the name of the person the agent acts for",
        )

    if kind is LetterKind.ACKNOWLEDGEMENT:
        need(context.expected_reply_date, "expected_reply_date", "the date a reply can be expected")
        if not context.measures and not context.summary.strip():
            gaps.append(("summary", "what was asked (a measure or a summary) is missing"))
    elif kind is LetterKind.IDENTITY_REQUEST:
        need(context.missing_items, "missing_items", "the list of missing documents")
        need(context.reply_by, "reply_by", "the reply-by date")
    elif kind is LetterKind.EXTENSION:
        need(context.extension_original_due, "extension_original_due", "the original target date")
        need(context.extension_new_due, "extension_new_due", "the new target date")
        need(context.extension_reason.strip(), "extension_reason", "the reason for the extension")
        if (
            context.extension_original_due
            and context.extension_new_due
            and context.extension_new_due <= context.extension_original_due
        ):
            gaps.append(("extension_new_due", "the new target date is not after the original one"))
    elif kind is LetterKind.ANSWER:
        need(context.measures, "measures", "the answer (a measure with facts or view)")
        for number, measure in enumerate(context.measures, start=1):
            if not (
                measure.facts.strip() or measure.view.strip() or measure.measures_taken.strip()
            ):
                gaps.append(
                    (
                        "measures",
                        f"measure {number} ({measure.kind.en}) has no answer: "
                        "give the facts found, the office's view or the measures taken",
                    )
                )
    elif kind is LetterKind.FAX_COVER:
        need(context.fax_to_name.strip(), "fax_to_name", "the addressee of the fax")
        need(context.fax_number.strip(), "fax_number", "the fax number")
        need(context.fax_subject.strip(), "fax_subject", "the subject of the fax")
        if context.fax_pages < 1:
            gaps.append(("fax_pages", "the number of pages (including the cover) is missing"))
    elif kind is LetterKind.DECISION:
        need(context.measures, "measures", "the measures decided")
        for number, measure in enumerate(context.measures, start=1):
            name = f"measure {number} ({measure.kind.en})"
            outcome = measure.outcome
            if outcome is None:
                gaps.append(("measures", f"{name} has no outcome"))
                continue
            allowed = OUTCOMES_BY_KIND.get(measure.kind, ())
            if outcome not in allowed:
                gaps.append(("measures", f"{name} can not have the outcome '{outcome.en}'"))
            if outcome in OUTCOMES_NEEDING_REASONS and not measure.reasons.strip():
                gaps.append(("measures", f"{name} is '{outcome.en}' but gives no reasons"))
            if outcome in OUTCOMES_NEEDING_DISCLOSURE_GROUND and not measure.disclosure_grounds:
                gaps.append(
                    ("measures", f"{name} is '{outcome.en}' but names no Art. 33(2) ground")
                )
            for field, what in _MEASURE_NEEDS.get(outcome, ()):
                if not getattr(measure, field):
                    gaps.append(("measures", f"{name} is '{outcome.en}' but {what} is missing"))
            if measure.kind is RequestKind.THIRD_PARTY_STOP and not measure.third_party_recipient:
                gaps.append(("measures", f"{name} does not name the recipients (their category)"))
    return gaps


def check_context(context: LetterContext) -> None:
    """Refuse a context from which only an incomplete letter could be made."""
    if context.lang not in LANGUAGES:
        raise LetterError(
            f"'{context.lang}' is not a letter language; choose one of: {', '.join(LANGUAGES)}",
            field="lang",
        )
    try:
        kind = LetterKind(context.kind)
    except ValueError:
        raise LetterError(f"'{context.kind}' is not a kind of letter", field="kind") from None
    gaps = _gaps(context)
    if gaps:
        what = "; ".join(message for _, message in gaps)
        raise IncompleteLetterError(
            f"The {_KIND_NAMES[kind]} can not be produced: {what}.", field=gaps[0][0]
        )


def render_letter(
    context: LetterContext,
    letterhead: Letterhead,
    *,
    overrides: Mapping[tuple[str, str], str] | None = None,
) -> bytes:
    """The letter as PDF bytes. `overrides` maps (kind value, lang) to edited template text."""
    check_context(context)
    if not isinstance(context.kind, LetterKind):
        context = dataclasses.replace(context, kind=LetterKind(context.kind))
    body = fill(context, letterhead, overrides)
    return build_pdf(body, context, letterhead)


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
