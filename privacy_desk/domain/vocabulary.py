"""The office's vocabulary: kinds of request, channels, statuses, outcomes, grounds, roles, documents.

Every member carries its English label, marked for the catalogue with its kind as context, so
screens, letters and exports name things the same way in every language. Values are stable
strings: they are stored in the database and used on the command line, so never rename one
without a migration.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from privacy_desk.i18n import NP_, _, language, translation


class Labelled(StrEnum):
    """A string enum whose members carry an English label, translated with the kind as context."""

    en: str

    def __new__(cls, value: str, en: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member.en = en or value
        return member

    def label(self, lang: str | None = None) -> str:
        """The label in `lang`, or in the process's language."""
        return translation(lang or language()).pgettext(type(self).__name__, self.en)

    @property
    def ja(self) -> str:
        return self.label("ja")

    @classmethod
    def parse(cls, text: str) -> Self:
        """The member named by value (also accepting '-' for '_'), or a ValueError for people."""
        key = text.strip().lower().replace("-", "_")
        for member in cls:
            if member.value == key:
                return member
        raise ValueError(
            _("'{text}' is not a valid choice; choose one of: {choices}").format(
                text=text, choices=", ".join(cls.choices())
            )
        )

    @classmethod
    def choices(cls) -> list[str]:
        """The values as the command line writes them (dashes for underscores)."""
        return [m.value.replace("_", "-") for m in cls]


class Channel(Labelled):
    PHONE = "phone", NP_("Channel", "Phone")
    EMAIL = "email", NP_("Channel", "Email")
    FAX = "fax", NP_("Channel", "Fax")
    POST = "post", NP_("Channel", "Post")
    IN_PERSON = "in_person", NP_("Channel", "In person")
    WEB_FORM = "web_form", NP_("Channel", "Web form")


class RequestKind(Labelled):
    """What a requested measure asks for. One case holds one or more measures."""

    INQUIRY = "inquiry", NP_("RequestKind", "Inquiry")
    OPINION = "opinion", NP_("RequestKind", "Opinion")
    QUESTION = "question", NP_("RequestKind", "Question")
    COMPLAINT = "complaint", NP_("RequestKind", "Complaint")
    CONCERN = "concern", NP_("RequestKind", "Concern")
    COOKIE_QUESTION = "cookie_question", NP_("RequestKind", "Cookie or website question")
    PURPOSE_NOTICE = "purpose_notice", NP_("RequestKind", "Notice of purpose of use")
    DISCLOSURE = "disclosure", NP_("RequestKind", "Disclosure")
    PROVISION_RECORDS = (
        "provision_records",
        NP_("RequestKind", "Disclosure of third-party provision records"),
    )
    CORRECTION = "correction", NP_("RequestKind", "Correction, addition or deletion")
    SUSPENSION = "suspension", NP_("RequestKind", "Suspension of use or deletion")
    THIRD_PARTY_STOP = "third_party_stop", NP_("RequestKind", "Stop provision to third parties")

    @property
    def is_rights_request(self) -> bool:
        """Rights requests are acted on only after identity (and authority) is confirmed."""
        return self in RIGHTS_KINDS

    @property
    def may_carry_fee(self) -> bool:
        """APPI Art. 38: fees only for disclosure (incl. provision records) and purpose notices."""
        return self in FEE_KINDS


RIGHTS_KINDS = frozenset(
    {
        RequestKind.PURPOSE_NOTICE,
        RequestKind.DISCLOSURE,
        RequestKind.PROVISION_RECORDS,
        RequestKind.CORRECTION,
        RequestKind.SUSPENSION,
        RequestKind.THIRD_PARTY_STOP,
    }
)
FEE_KINDS = frozenset(
    {RequestKind.DISCLOSURE, RequestKind.PROVISION_RECORDS, RequestKind.PURPOSE_NOTICE}
)
ANSWER_KINDS = frozenset(set(RequestKind) - RIGHTS_KINDS)


class CaseStatus(Labelled):
    RECEIVED = "received", NP_("CaseStatus", "Received")
    AWAITING_REQUESTER = "awaiting_requester", NP_("CaseStatus", "Awaiting requester")
    IN_INVESTIGATION = "in_investigation", NP_("CaseStatus", "In investigation")
    DECISION_PROPOSED = "decision_proposed", NP_("CaseStatus", "Decision proposed")
    APPROVED = "approved", NP_("CaseStatus", "Approved")
    NOTICE_SENT = "notice_sent", NP_("CaseStatus", "Notice sent")
    CLOSED = "closed", NP_("CaseStatus", "Closed")

    @property
    def is_open(self) -> bool:
        return self is not CaseStatus.CLOSED


class ClosureKind(Labelled):
    NOTIFIED = "notified", NP_("ClosureKind", "Notified")
    WITHDRAWN = "withdrawn", NP_("ClosureKind", "Withdrawn")
    IDENTITY_NOT_CONFIRMED = (
        "identity_not_confirmed",
        NP_("ClosureKind", "Identity could not be confirmed"),
    )


class Outcome(Labelled):
    ANSWERED = "answered", NP_("Outcome", "Answer given")
    PURPOSES_NOTIFIED = "purposes_notified", NP_("Outcome", "Purposes notified")
    DISCLOSED_FULL = "disclosed_full", NP_("Outcome", "Disclosed in full")
    DISCLOSED_PART = "disclosed_part", NP_("Outcome", "Disclosed in part")
    NOT_DISCLOSED = "not_disclosed", NP_("Outcome", "Not disclosed")
    NO_DATA_HELD = "no_data_held", NP_("Outcome", "No such data held")
    CORRECTED = "corrected", NP_("Outcome", "Corrected")
    ADDED = "added", NP_("Outcome", "Added")
    DELETED = "deleted", NP_("Outcome", "Deleted")
    NOT_CORRECTED = "not_corrected", NP_("Outcome", "Not corrected (data accurate)")
    SUSPENDED = "suspended", NP_("Outcome", "Use suspended")
    ERASED = "erased", NP_("Outcome", "Erased")
    ALTERNATIVE_MEASURE = "alternative_measure", NP_("Outcome", "Alternative measure")
    STOPPED = "stopped", NP_("Outcome", "Provision stopped")
    REFUSED = "refused", NP_("Outcome", "Refused")


_ANSWER = (Outcome.ANSWERED,)
OUTCOMES_BY_KIND: dict[RequestKind, tuple[Outcome, ...]] = {
    **{kind: _ANSWER for kind in ANSWER_KINDS},
    RequestKind.PURPOSE_NOTICE: (Outcome.PURPOSES_NOTIFIED, Outcome.REFUSED),
    RequestKind.DISCLOSURE: (
        Outcome.DISCLOSED_FULL,
        Outcome.DISCLOSED_PART,
        Outcome.NOT_DISCLOSED,
        Outcome.NO_DATA_HELD,
    ),
    RequestKind.PROVISION_RECORDS: (
        Outcome.DISCLOSED_FULL,
        Outcome.DISCLOSED_PART,
        Outcome.NOT_DISCLOSED,
        Outcome.NO_DATA_HELD,
    ),
    RequestKind.CORRECTION: (
        Outcome.CORRECTED,
        Outcome.ADDED,
        Outcome.DELETED,
        Outcome.NOT_CORRECTED,
    ),
    RequestKind.SUSPENSION: (
        Outcome.SUSPENDED,
        Outcome.ERASED,
        Outcome.ALTERNATIVE_MEASURE,
        Outcome.REFUSED,
    ),
    RequestKind.THIRD_PARTY_STOP: (Outcome.STOPPED, Outcome.REFUSED),
}

# Outcomes that refuse in whole or part (or replace what was asked): APPI Art. 36 asks for
# reasons, and the office's own rule is stricter: always give them.
OUTCOMES_NEEDING_REASONS = frozenset(
    {
        Outcome.REFUSED,
        Outcome.DISCLOSED_PART,
        Outcome.NOT_DISCLOSED,
        Outcome.NO_DATA_HELD,
        Outcome.NOT_CORRECTED,
        Outcome.ALTERNATIVE_MEASURE,
    }
)
# Disclosure may be withheld only on the grounds of APPI Art. 33(2).
OUTCOMES_NEEDING_DISCLOSURE_GROUND = frozenset({Outcome.DISCLOSED_PART, Outcome.NOT_DISCLOSED})


class DisclosureRefusalGround(Labelled):
    """APPI Art. 33(2) (i)–(iii): the only grounds on which disclosure may be refused."""

    HARM_TO_PERSON_OR_THIRD_PARTY = (
        "harm",
        NP_(
            "DisclosureRefusalGround",
            "Art. 33(2)(i): harm to the life, body, property or other rights of the person or a third party",
        ),
    )
    SERIOUS_INTERFERENCE = (
        "interference",
        NP_(
            "DisclosureRefusalGround",
            "Art. 33(2)(ii): serious interference with the proper conduct of the office's work",
        ),
    )
    VIOLATION_OF_LAW = (
        "other_law",
        NP_("DisclosureRefusalGround", "Art. 33(2)(iii): disclosure would violate another law"),
    )


class SuspensionGround(Labelled):
    """Grounds a requester may claim for suspension of use or deletion (policy; APPI Art. 35)."""

    BEYOND_PURPOSE = "beyond_purpose", NP_("SuspensionGround", "Used beyond the published purposes")
    DECEIT = "deceit", NP_("SuspensionGround", "Acquired by deceit or other fraudulent means")
    IMPROPER_USE = "improper_use", NP_("SuspensionGround", "Improper use")
    UNLAWFUL_PROVISION = (
        "unlawful_provision",
        NP_("SuspensionGround", "Unlawful provision to a third party"),
    )
    NO_LONGER_NEEDED = "no_longer_needed", NP_("SuspensionGround", "No longer needed")
    LEAK = "leak", NP_("SuspensionGround", "A leak occurred")
    HARM_TO_RIGHTS = (
        "harm_to_rights",
        NP_("SuspensionGround", "Likely to harm the person's rights or legitimate interests"),
    )


class ThirdPartyStopGround(Labelled):
    """Grounds a requester may claim for stopping provision to third parties (APPI Art. 35(3), (5))."""

    BREACH_OF_ART_27 = (
        "breach_of_art_27",
        NP_("ThirdPartyStopGround", "Provided without consent, in breach of Art. 27(1)"),
    )
    BREACH_OF_ART_28 = (
        "breach_of_art_28",
        NP_("ThirdPartyStopGround", "Provided to a third party abroad, in breach of Art. 28"),
    )
    NO_LONGER_NEEDED = (
        "no_longer_needed",
        NP_("ThirdPartyStopGround", "No longer needed (Art. 35(5))"),
    )
    LEAK = "leak", NP_("ThirdPartyStopGround", "A leak occurred (Art. 35(5))")
    HARM_TO_RIGHTS = (
        "harm_to_rights",
        NP_(
            "ThirdPartyStopGround",
            "Likely to harm the person's rights or legitimate interests (Art. 35(5))",
        ),
    )


class DisclosureMethod(Labelled):
    PAPER = "paper", NP_("DisclosureMethod", "Paper")
    ELECTRONIC = "electronic", NP_("DisclosureMethod", "Electronic record")
    OTHER = "other", NP_("DisclosureMethod", "Other method")


class RequesterRole(Labelled):
    PERSON = "person", NP_("RequesterRole", "The person")
    PARENT = "parent", NP_("RequesterRole", "Parent with parental authority")
    MINOR_GUARDIAN = "minor_guardian", NP_("RequesterRole", "Guardian of a minor")
    ADULT_GUARDIAN = "adult_guardian", NP_("RequesterRole", "Adult guardian")
    AGENT = "agent", NP_("RequesterRole", "Appointed agent")

    @property
    def needs_authority(self) -> bool:
        return self is not RequesterRole.PERSON


class IdentityMethod(Labelled):
    DOCUMENTS = "documents", NP_("IdentityMethod", "Documents seen")
    CALL_BACK = "call_back", NP_("IdentityMethod", "Call-back to the number on file")
    IN_PERSON = "in_person", NP_("IdentityMethod", "In person")


class IdentityDocument(Labelled):
    """Documents that confirm identity: one with a photo, or two without."""

    DRIVERS_LICENCE = "drivers_licence", NP_("IdentityDocument", "Driver's licence")
    PASSPORT = "passport", NP_("IdentityDocument", "Passport")
    RESIDENCE_CARD = "residence_card", NP_("IdentityDocument", "Residence card")
    INDIVIDUAL_NUMBER_CARD = (
        "individual_number_card",
        NP_("IdentityDocument", "Individual Number Card (front side only)"),
    )
    DISABILITY_CERTIFICATE = (
        "disability_certificate",
        NP_("IdentityDocument", "Disability certificate with photo"),
    )
    HEALTH_INSURANCE = (
        "health_insurance",
        NP_("IdentityDocument", "Health-insurance qualification certificate (numbers masked)"),
    )
    PENSION_BOOK = "pension_book", NP_("IdentityDocument", "Pension book")
    RESIDENCE_CERTIFICATE = (
        "residence_certificate",
        NP_("IdentityDocument", "Certificate of residence"),
    )
    OTHER_WITHOUT_PHOTO = (
        "other_without_photo",
        NP_("IdentityDocument", "Other official document without photo"),
    )

    @property
    def has_photo(self) -> bool:
        return self in PHOTO_DOCUMENTS


PHOTO_DOCUMENTS = frozenset(
    {
        IdentityDocument.DRIVERS_LICENCE,
        IdentityDocument.PASSPORT,
        IdentityDocument.RESIDENCE_CARD,
        IdentityDocument.INDIVIDUAL_NUMBER_CARD,
        IdentityDocument.DISABILITY_CERTIFICATE,
    }
)


class AuthorityDocument(Labelled):
    """Proof that a guardian or agent may act for the person."""

    FAMILY_REGISTER = "family_register", NP_("AuthorityDocument", "Family-register extract")
    RESIDENCE_CERTIFICATE = (
        "residence_certificate",
        NP_("AuthorityDocument", "Certificate of residence"),
    )
    REGISTERED_MATTERS = (
        "registered_matters",
        NP_("AuthorityDocument", "Certificate of registered matters"),
    )
    POWER_OF_ATTORNEY = (
        "power_of_attorney",
        NP_("AuthorityDocument", "Power of attorney with registered seal"),
    )
    SEAL_CERTIFICATE = "seal_certificate", NP_("AuthorityDocument", "Seal-registration certificate")


# Which proofs establish authority for each role: any one set of the tuple suffices.
AUTHORITY_PROOFS: dict[RequesterRole, tuple[frozenset[AuthorityDocument], ...]] = {
    RequesterRole.PARENT: (
        frozenset({AuthorityDocument.FAMILY_REGISTER}),
        frozenset({AuthorityDocument.RESIDENCE_CERTIFICATE}),
    ),
    RequesterRole.MINOR_GUARDIAN: (
        frozenset({AuthorityDocument.REGISTERED_MATTERS}),
        frozenset({AuthorityDocument.FAMILY_REGISTER}),
    ),
    RequesterRole.ADULT_GUARDIAN: (frozenset({AuthorityDocument.REGISTERED_MATTERS}),),
    RequesterRole.AGENT: (
        frozenset({AuthorityDocument.POWER_OF_ATTORNEY, AuthorityDocument.SEAL_CERTIFICATE}),
    ),
}


class PauseReason(Labelled):
    IDENTITY_DOCUMENTS = "identity_documents", NP_("PauseReason", "Awaiting identity documents")
    CLARIFICATION = "clarification", NP_("PauseReason", "Awaiting clarification")
    FEE = "fee", NP_("PauseReason", "Awaiting fee")


class ContactDirection(Labelled):
    IN = "in", NP_("ContactDirection", "Incoming")
    OUT = "out", NP_("ContactDirection", "Outgoing")


class ContactKind(Labelled):
    CALL = "call", NP_("ContactKind", "Call note")
    EMAIL = "email", NP_("ContactKind", "Email")
    FAX = "fax", NP_("ContactKind", "Fax")
    LETTER = "letter", NP_("ContactKind", "Letter")
    VISIT = "visit", NP_("ContactKind", "Visit")
    WEB_FORM = "web_form", NP_("ContactKind", "Web form")


class DispatchMethod(Labelled):
    """How a letter left: the services Japan Post sells (and fax, email, by hand).

    一般書留 (registered, compensated up to the declared value) and 簡易書留 (simple registered,
    compensated up to 50,000 yen) are different services; 配達証明 and 本人限定受取 are options
    of 一般書留. Every postal service here but ordinary post has a tracking number.
    """

    POST = "post", NP_("DispatchMethod", "Ordinary post")
    GENERAL_REGISTERED = "general_registered", NP_("DispatchMethod", "Registered mail")
    SIMPLE_REGISTERED = "simple_registered", NP_("DispatchMethod", "Simple registered mail")
    PROOF_OF_DELIVERY = (
        "proof_of_delivery",
        NP_("DispatchMethod", "Registered mail with proof of delivery"),
    )
    ADDRESSEE_ONLY = "addressee_only", NP_("DispatchMethod", "Registered mail, addressee only")
    RECORDED_DELIVERY = "recorded_delivery", NP_("DispatchMethod", "Specified record mail")
    LETTER_PACK_PLUS = "letter_pack_plus", NP_("DispatchMethod", "Letter Pack Plus")
    LETTER_PACK_LIGHT = "letter_pack_light", NP_("DispatchMethod", "Letter Pack Light")
    FAX = "fax", NP_("DispatchMethod", "Fax")
    EMAIL = "email", NP_("DispatchMethod", "Email")
    HANDED_OVER = "handed_over", NP_("DispatchMethod", "Handed over")

    @property
    def has_tracking_number(self) -> bool:
        return self not in {
            DispatchMethod.POST,
            DispatchMethod.FAX,
            DispatchMethod.EMAIL,
            DispatchMethod.HANDED_OVER,
        }


class PaymentMethod(Labelled):
    CASH = "cash", NP_("PaymentMethod", "Cash")
    BANK_TRANSFER = "bank_transfer", NP_("PaymentMethod", "Bank transfer")
    POSTAL_ORDER = "postal_order", NP_("PaymentMethod", "Postal money order")
    STAMPS = "stamps", NP_("PaymentMethod", "Postage stamps")


class FormOfAddress(Labelled):
    """How an English letter addresses a person: "Dear Mr Nakamura", or the full name (none)."""

    NONE = "none", NP_("FormOfAddress", "None (full name)")
    MR = "mr", NP_("FormOfAddress", "Mr")
    MS = "ms", NP_("FormOfAddress", "Ms")


class BankAccountType(Labelled):
    ORDINARY = "ordinary", NP_("BankAccountType", "Ordinary")
    CURRENT = "current", NP_("BankAccountType", "Current")


class UserRole(Labelled):
    STAFF = "staff", NP_("UserRole", "Staff")
    SUPERVISOR = "supervisor", NP_("UserRole", "Supervisor")
    ADMIN = "admin", NP_("UserRole", "Administrator")


class Queue(Labelled):
    MINE = "mine", NP_("Queue", "Mine")
    UNASSIGNED = "unassigned", NP_("Queue", "Unassigned")
    DUE_SOON = "due_soon", NP_("Queue", "Due soon")
    OVERDUE = "overdue", NP_("Queue", "Overdue")
    AWAITING_APPROVAL = "awaiting_approval", NP_("Queue", "Awaiting my approval")
    AWAITING_REQUESTER = "awaiting_requester", NP_("Queue", "Awaiting requester")
    ALL_OPEN = "all_open", NP_("Queue", "All open")
    CLOSED = "closed", NP_("Queue", "Closed")


class DeadlineState(Labelled):
    ON_TRACK = "on_track", NP_("DeadlineState", "On track")
    DUE_SOON = "due_soon", NP_("DeadlineState", "Due soon")
    OVERDUE = "overdue", NP_("DeadlineState", "Overdue")
    PAUSED = "paused", NP_("DeadlineState", "Paused")
    DONE = "done", NP_("DeadlineState", "Done")


class LegalLineState(Labelled):
    """Where an open rights request stands against its legal line (APPI Art. 39: from this day
    the requester may go to court), for the lists."""

    PASSED = "passed", NP_("LegalLineState", "Passed")
    NEAR = "near", NP_("LegalLineState", "Near")
    ON_TRACK = "on_track", NP_("LegalLineState", "On track")


class AttachmentPurpose(Labelled):
    """What a kept file is for. Correspondence stays with the case; an identity document (a scan
    of a licence, a passport) is deleted once the identity check is recorded, or after the days
    the setting identity_scans_keep_days keeps it (services/identity_scans.py)."""

    CORRESPONDENCE = "correspondence", NP_("AttachmentPurpose", "Correspondence")
    IDENTITY_DOCUMENT = "identity_document", NP_("AttachmentPurpose", "Identity document")
