"""What a letter template may name, each with a short meaning: the list beside the template editor.

The list is walked from the renderer's own declaration (`templates.root_names`, `root_type`,
`readable_attributes`: what `compile_template` checks a template against), so a field added to
`LetterContext` or a new top-level name shows up here by itself. Only the meanings are written
here, keyed by the class and attribute they describe; a test keeps every listed field with a
meaning and every meaning with a field.

Lists of records (the measures, the missing documents) are read inside a loop; their fields are
listed as written in it, `m.outcome`, under the loop that gives `m`, as the shipped templates do.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from privacy_desk.i18n import N_, NP_
from privacy_desk.letters.context import (
    Fee,
    LetterContext,
    Letterhead,
    MeasureResult,
    MissingDocument,
    Recipient,
)
from privacy_desk.letters.templates import (
    default_template_text,
    names_used,
    readable_attributes,
    root_names,
    root_type,
)

LOOP_VARIABLE = "m"

# Top-level names. Untranslated (N_): the screen translates them when it shows them.
ROOT_MEANINGS: dict[str, str] = {
    "letter": N_("The letter as a whole; its fields are listed under Letter"),
    "letterhead": N_("The office's letterhead; its fields are listed under Letterhead"),
    "recipient": N_("Who the letter goes to (the same as letter.recipient)"),
    "sender_office": N_("The sending office: the case's office, in the letter's language"),
    "return_address": N_("Where replies go: the case's office's address, in the letter's language"),
    "fee": N_("The case's fee, or nothing when none is charged: guard it with {% if fee %}"),
    "measures": N_("The requested measures: go through them with {% for m in measures %}"),
    "doc_number": N_("The letter's document number: the prefix, then the year and number"),
    "era": N_("Whether dates are written in the Japanese era"),
    "kinds": N_("The kinds of request in the case, each once, in order"),
    "lang": N_("The letter's language: ja or en"),
    "other_documents": N_("The identity documents without a photo (a list)"),
    "photo_documents": N_("The identity documents with a photo (a list)"),
    "organisation": N_("The organisation's name, in the letter's language"),
    "organisation_short": N_("The organisation's short name, in the letter's language"),
    "office": N_("The office's name, in the letter's language"),
    "office_hours": N_("The office hours, in the letter's language"),
    "head_office_address": N_("The head office's address, in the letter's language"),
    "branch_office_address": N_("The branch office's address, in the letter's language"),
    "person_responsible": N_("The person responsible for personal data, in the letter's language"),
}

MEANINGS: dict[type, dict[str, str]] = {
    LetterContext: {
        "kind": N_("The kind of letter"),
        "lang": N_("The letter's language: ja or en"),
        "reference": N_("The case reference"),
        "issue_date": N_("The date the letter is issued"),
        "staff_name": N_("The member of staff in charge, who signs"),
        "recipient": N_("Who the letter goes to (fields under Recipient)"),
        "request_received_date": N_("The date the request was received"),
        "measures": N_("The requested measures (fields under Each measure)"),
        "fee": N_("The fee (fields under Fee), or nothing"),
        "expected_reply_date": N_("The date the office expects to reply by"),
        "missing": N_("The documents still needed (fields under Each missing document)"),
        "missing_items": N_("Further documents still needed, as staff typed them"),
        "is_agent_request": N_("Whether an agent or guardian made the request"),
        "reply_by": N_("The date the requester is asked to reply by"),
        "extension_original_due": N_("The reply date before the extension"),
        "extension_new_due": N_("The new reply date after the extension"),
        "extension_reason": N_("Why the reply takes longer"),
        "summary": N_("What the request is about, in short"),
        "replying_to_letter": N_("Whether the request came by letter (拝復 rather than 拝啓)"),
        "fax_to_name": N_("Whom the fax is addressed to"),
        "fax_number": N_("The fax number it is sent to"),
        "fax_pages": N_("The number of pages of the fax"),
        "fax_subject": N_("The subject of the fax"),
        "large_print": N_("Whether this letter is printed in large type"),
    },
    Recipient: {
        "postal_code": N_("The recipient's postal code"),
        "address": N_("The recipient's address"),
        "name": N_("The recipient's name"),
        "on_behalf_of": N_("The person an agent or guardian acts for"),
        "fax": N_("The recipient's fax number"),
        "organisation": N_("The agent's firm, printed above the name"),
        "form_of_address": N_("How an English letter addresses the person (Mr, Ms or neither)"),
        "title": N_("Mr or Ms, or nothing"),
        "salutation": N_("Whom “Dear …” names in English: Mr 中村, or the full name"),
    },
    Fee: {
        "amount_yen": N_("The fee in yen; write it {{ fee.amount_yen | yen }}"),
        "payment_method": N_("How the fee is paid"),
        "pay_by": N_("The date the fee is to be paid by"),
        "received_on": N_("The date the fee was received"),
        "note": N_("What happens to a fee already paid when nothing is disclosed"),
        "bank": N_("The bank to pay into"),
        "branch": N_("The bank's branch"),
        "account_type": N_("The type of bank account"),
        "account_number": N_("The bank account number"),
        "payee_kana": N_("The payee's name in katakana"),
        "paid": N_("Whether the fee has been received"),
    },
    MeasureResult: {
        "kind": N_("The kind of request"),
        "requested": N_("What the requester asked for"),
        "outcome": N_("What the office decided"),
        "disclosure_grounds": N_("The grounds for not disclosing (Art. 33(2))"),
        "suspension_grounds_claimed": N_("The grounds the requester gave for stopping use"),
        "reasons": N_("The reasons for the decision"),
        "withheld_parts": N_("What is not disclosed"),
        "method": N_("How the data is disclosed"),
        "method_difficulty_note": N_("Why the method asked for could not be used"),
        "enclosures": N_("The documents enclosed (a list)"),
        "changes": N_("The corrections made (pairs of before and after)"),
        "action_date": N_("The date the measure was taken"),
        "alternative_measure": N_("The measure taken instead"),
        "third_party_recipient": N_("The third parties the data went to (their category)"),
        "effect_on_services": N_("How stopping affects the services"),
        "provided_data_note": N_("What happens to data already given to the third party"),
        "purposes": N_("The purposes of use notified"),
        "facts": N_("The facts found (inquiry or complaint)"),
        "view": N_("The office's view"),
        "measures_taken": N_("The measures taken"),
        "apology": N_("The apology, if any"),
    },
    MissingDocument: {
        "what": N_("Which document is still needed"),
        "options": N_("The sets of documents that prove the authority to act (any one set)"),
        "document": N_("The document that is too old"),
        "issued_on": N_("When that document was issued"),
        "oldest": N_("The oldest issue date accepted"),
        "months": N_("How many months old the proof may be"),
    },
    Letterhead: {
        "organisation_ja": N_("The organisation's name in Japanese"),
        "organisation_en": N_("The organisation's name in English"),
        "organisation_short_ja": N_("The organisation's short name in Japanese"),
        "organisation_short_en": N_("The organisation's short name in English"),
        "office_ja": N_("The office's name in Japanese"),
        "office_en": N_("The office's name in English"),
        "head_office_address_ja": N_("The head office's address in Japanese"),
        "head_office_address_en": N_("The head office's address in English"),
        "branch_office_address_ja": N_("The branch office's address in Japanese"),
        "branch_office_address_en": N_("The branch office's address in English"),
        "tel": N_("The office's telephone number"),
        "fax": N_("The office's fax number"),
        "email": N_("The office's e-mail address"),
        "office_hours_ja": N_("The office hours in Japanese"),
        "office_hours_en": N_("The office hours in English"),
        "person_responsible_ja": N_("The person responsible for personal data, in Japanese"),
        "person_responsible_en": N_("The person responsible for personal data, in English"),
        "document_number_prefix": N_("What Japanese document numbers start with"),
        "document_number_prefix_en": N_("What English document numbers start with"),
        "era_dates": N_("Whether Japanese letters write dates in the era"),
        "address_x_mm": N_("The address block's distance from the left edge (mm)"),
        "address_y_mm": N_("The address block's distance from the top edge (mm)"),
        "address_width_mm": N_("The address block's width (mm)"),
        "address_height_mm": N_("The address block's height (mm)"),
        "large_print": N_("Whether letters are printed in large type by default"),
        "window_envelope": N_("Whether letters go in window envelopes"),
        "sender_office_ja": N_("The sending office's name in Japanese (the case's office)"),
        "sender_office_en": N_("The sending office's name in English (the case's office)"),
        "return_address_ja": N_("The case's office's address in Japanese, for replies"),
        "return_address_en": N_("The case's office's address in English, for replies"),
        "office_lines_ja": N_("Every office's address in Japanese (the letter's foot)"),
        "office_lines_en": N_("Every office's address in English (the letter's foot)"),
    },
}

# Group titles, by the class whose fields they hold (untranslated; the screen translates them
# with pgettext(GROUP_CONTEXT, …): "Recipient" here is the letter's addressee).
GROUP_CONTEXT = "Template fields"
GROUP_TITLES: dict[type | None, str] = {
    None: NP_("Template fields", "Names"),
    LetterContext: NP_("Template fields", "Letter"),
    Recipient: NP_("Template fields", "Recipient"),
    Fee: NP_("Template fields", "Fee"),
    MeasureResult: NP_("Template fields", "Each measure"),
    MissingDocument: NP_("Template fields", "Each missing document"),
    Letterhead: NP_("Template fields", "Letterhead"),
}


@dataclass(frozen=True)
class TemplateField:
    """One name a template may use, as written in it, and what it holds."""

    path: str  # "letter.reference", "m.outcome", "doc_number"
    meaning: str  # untranslated
    owner: type | None = None  # the dataclass it is a field of; None for a top-level name
    attribute: str = ""

    @property
    def placeholder(self) -> str:
        """The field as a template writes it."""
        return "{{ " + self.path + " }}"


@dataclass(frozen=True)
class FieldGroup:
    """The fields of one part of the letter; `loop` says how to reach them for a list."""

    owner: type | None
    title: str  # untranslated
    loop: str = ""  # "{% for m in measures %}" for the fields of each record of a list
    fields: tuple[TemplateField, ...] = ()


def _record_class(held: Any) -> tuple[type | None, bool]:
    """The dataclass a name or field holds and whether it is a list of them."""
    if isinstance(held, tuple):
        return held[1], True
    if isinstance(held, type) and dataclasses.is_dataclass(held):
        return held, False
    return None, False


def field_groups() -> tuple[FieldGroup, ...]:
    """Every name a template may use, grouped; walked from the renderer's declaration."""
    roots = tuple(TemplateField(name, ROOT_MEANINGS.get(name, "")) for name in root_names())
    groups: list[FieldGroup] = [FieldGroup(None, GROUP_TITLES[None], fields=roots)]
    # (class, how a template reaches one of its records, its loop), breadth first from the roots
    pending: list[tuple[type, str, str]] = []
    for name in root_names():
        cls, is_list = _record_class(root_type(name))
        if cls is not None:
            pending.append((cls, name, name if is_list else ""))
    seen: set[type] = set()
    while pending:
        cls, path, list_path = pending.pop(0)
        if cls in seen:
            continue
        seen.add(cls)
        prefix = LOOP_VARIABLE if list_path else path
        fields = []
        for attribute, held in readable_attributes(cls):
            fields.append(
                TemplateField(
                    f"{prefix}.{attribute}",
                    MEANINGS.get(cls, {}).get(attribute, ""),
                    cls,
                    attribute,
                )
            )
            inner, is_list = _record_class(held)
            if inner is not None:
                inner_path = f"{prefix}.{attribute}"
                pending.append((inner, inner_path, inner_path if is_list else ""))
        loop = f"{{% for {LOOP_VARIABLE} in {list_path} %}}" if list_path else ""
        groups.append(FieldGroup(cls, GROUP_TITLES.get(cls, cls.__name__), loop, tuple(fields)))
    order = list(GROUP_TITLES)
    groups.sort(key=lambda g: order.index(g.owner) if g.owner in order else len(order))
    return tuple(groups)


def template_fields() -> tuple[TemplateField, ...]:
    """Every field of every group, in the order the list shows them."""
    return tuple(field for group in field_groups() for field in group.fields)


def shipped_fields(kind: str, lang: str) -> frozenset[TemplateField]:
    """The listed fields that the shipped template of kind and lang reads."""
    names, attributes = names_used(default_template_text(kind, lang))
    return frozenset(
        field
        for field in template_fields()
        if (field.owner is None and field.path in names)
        or (field.owner is not None and (field.owner, field.attribute) in attributes)
    )
