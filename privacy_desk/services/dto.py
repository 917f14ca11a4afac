"""Plain data the services take and return: forms in, snapshots out, never live ORM objects."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from privacy_desk.domain.legal_line import LegalLine
from privacy_desk.domain.rules import Action
from privacy_desk.domain.vocabulary import (
    AttachmentPurpose,
    AuthorityDocument,
    CaseStatus,
    Channel,
    ClosureKind,
    ContactDirection,
    ContactKind,
    DeadlineState,
    DisclosureMethod,
    DisclosureRefusalGround,
    DispatchMethod,
    FormOfAddress,
    IdentityDocument,
    IdentityMethod,
    Outcome,
    PauseReason,
    PaymentMethod,
    RequesterRole,
    RequestKind,
    SuspensionGround,
    ThirdPartyStopGround,
    UserRole,
)

# The free texts of a decision on one measure, in the order the form shows them. The form, the
# Measure row, MeasureData, the letter's MeasureResult and the demo data all carry these names.
DECISION_TEXTS = (
    "reasons",
    "withheld_parts",
    "enclosures",
    "changes",
    "alternative_measure",
    "purposes",
    "provided_data_note",
    "effect_on_services",
    "method_difficulty_note",
    "facts",
    "view",
    "measures_taken",
    "apology",
)

# ---- forms (what staff typed) ----


@dataclass(frozen=True)
class PersonForm:
    name: str
    kana: str = ""
    birth_date: date | None = None
    postal_code: str = ""
    address: str = ""
    phone: str = ""
    fax: str = ""
    email: str = ""
    organisation: str = ""
    form_of_address: FormOfAddress = FormOfAddress.NONE


@dataclass(frozen=True)
class MeasureForm:
    kind: RequestKind
    requested: str = ""
    method_requested: DisclosureMethod | None = None
    suspension_grounds: tuple[SuspensionGround, ...] = ()
    third_party_grounds: tuple[ThirdPartyStopGround, ...] = ()
    third_party_recipient: str = ""


@dataclass(frozen=True)
class IntakeForm:
    channel: Channel
    received_at: datetime
    requester: PersonForm
    measures: tuple[MeasureForm, ...]
    requester_role: RequesterRole = RequesterRole.PERSON
    subject: PersonForm | None = None  # the data subject when not the requester
    summary: str = ""
    contact_note: str = ""  # the call note, email or fax text as received
    letter_language: str = "ja"
    large_print: bool = False
    link_case_ids: tuple[int, ...] = ()
    requester_person_id: int | None = None  # reuse a known person instead of a new record
    subject_person_id: int | None = None
    # A saved email (.eml) this intake comes from: read again when saved, kept with the contact.
    email_original: bytes | None = field(default=None, repr=False)
    # Fax or scan files dropped on the intake, as (name, content): checked again when saved and
    # kept with the contact; and inbox items (from the watched folder) this intake takes in.
    scans: tuple[tuple[str, bytes], ...] = field(default=(), repr=False)
    inbox_item_ids: tuple[int, ...] = ()
    # Those scans are an identity document: deleted once the identity check is recorded.
    scan_purpose: AttachmentPurpose = AttachmentPurpose.CORRESPONDENCE


@dataclass(frozen=True)
class IdentityForm:
    method: IdentityMethod
    documents: tuple[IdentityDocument, ...] = ()
    authority: tuple[tuple[AuthorityDocument, date | None], ...] = ()
    note: str = ""


@dataclass(frozen=True)
class DecisionForm:
    outcome: Outcome
    reasons: str = ""
    disclosure_grounds: tuple[DisclosureRefusalGround, ...] = ()
    withheld_parts: str = ""
    method: DisclosureMethod | None = None
    enclosures: str = ""
    changes: str = ""
    alternative_measure: str = ""
    action_date: date | None = None
    purposes: str = ""
    provided_data_note: str = ""
    effect_on_services: str = ""
    method_difficulty_note: str = ""
    facts: str = ""
    view: str = ""
    measures_taken: str = ""
    apology: str = ""


@dataclass(frozen=True)
class QueueFilter:
    kinds: tuple[RequestKind, ...] = ()
    channels: tuple[Channel, ...] = ()
    owner_id: int | None = None
    received_from: date | None = None
    received_to: date | None = None
    search: str = ""
    # One office's cases (its code), or None for every office's.
    office: str | None = None
    # Exactly these cases (a dashboard figure's drill-down), or None for no such limit.
    case_ids: tuple[int, ...] | None = None


# ---- snapshots (what screens show) ----


@dataclass(frozen=True)
class PersonData:
    id: int
    name: str
    kana: str
    birth_date: date | None
    postal_code: str
    address: str
    phone: str
    fax: str
    email: str
    organisation: str
    form_of_address: FormOfAddress = FormOfAddress.NONE
    version: int = 0  # the person's own version: update_person merges or refuses by it


@dataclass(frozen=True)
class MeasureData:
    id: int
    position: int
    kind: RequestKind
    requested: str
    method_requested: DisclosureMethod | None
    suspension_grounds: tuple[SuspensionGround, ...]
    third_party_grounds: tuple[ThirdPartyStopGround, ...]
    third_party_recipient: str
    outcome: Outcome | None
    reasons: str
    disclosure_grounds: tuple[DisclosureRefusalGround, ...]
    withheld_parts: str
    method: DisclosureMethod | None
    enclosures: str
    changes: str
    alternative_measure: str
    action_date: date | None
    version: int
    purposes: str = ""
    provided_data_note: str = ""
    effect_on_services: str = ""
    method_difficulty_note: str = ""
    facts: str = ""
    view: str = ""
    measures_taken: str = ""
    apology: str = ""


@dataclass(frozen=True)
class Deadlines:
    received_at: datetime
    effective_receipt: datetime
    acknowledgement_due: datetime
    original_due: datetime
    current_due: datetime
    paused_business_days: int
    legal_line: date | None
    provisional: bool
    business_days_left: int
    state: DeadlineState
    legal_line_near: bool  # within the warning days of the line, not yet past it
    legal_line_passed: bool = False  # past the line and still without a notice sent


@dataclass(frozen=True)
class CaseRow:
    """One line of a queue."""

    id: int
    reference: str
    kinds: tuple[RequestKind, ...]
    channel: Channel
    status: CaseStatus
    owner: str | None
    owner_id: int | None
    requester_role: RequesterRole
    requester_name: str
    received_at: datetime
    due: datetime
    legal_line: date | None
    business_days_left: int
    state: DeadlineState
    provisional: bool
    version: int
    # Open rights requests: the legal line's state and days left (domain/legal_line.py).
    legal: LegalLine | None = None


@dataclass(frozen=True)
class ContactData:
    id: int
    kind: ContactKind
    direction: ContactDirection
    occurred_at: datetime
    summary: str
    dispatch_method: DispatchMethod | None
    tracking_number: str
    letter_id: int | None
    created_by: str


@dataclass(frozen=True)
class AttachmentData:
    """A file kept with a case, listed (its content is read on its own when opened)."""

    id: int
    contact_id: int | None
    file_name: str
    media_type: str
    size: int
    sha256: str
    pages: int | None
    created_at: datetime
    purpose: AttachmentPurpose = AttachmentPurpose.CORRESPONDENCE
    deleted_at: datetime | None = None  # an identity scan's content, deleted after the check


@dataclass(frozen=True)
class AttachmentFile:
    """A kept file with its content, to show."""

    data: AttachmentData
    content: bytes = field(repr=False)


@dataclass(frozen=True)
class InboxItemData:
    """A file from the watched fax folder, waiting in the inbox (or taken into a case)."""

    id: int
    file_name: str
    media_type: str
    size: int
    pages: int
    sha256: str
    arrived_at: datetime
    case_id: int | None


@dataclass(frozen=True)
class NoteData:
    id: int
    text: str
    author: str
    created_at: datetime


@dataclass(frozen=True)
class TaskData:
    id: int
    title: str
    owner_id: int | None
    owner: str | None
    done: bool
    version: int


@dataclass(frozen=True)
class IdentityCheckData:
    method: IdentityMethod
    documents: tuple[IdentityDocument, ...]
    confirmed: bool
    checked_by: str
    checked_at: datetime
    note: str


@dataclass(frozen=True)
class AuthorityProofData:
    document: AuthorityDocument
    issued_on: date | None
    checked_by: str
    checked_at: datetime


@dataclass(frozen=True)
class PauseData:
    reason: PauseReason
    note: str
    started_at: datetime
    ended_at: datetime | None
    business_days: int


@dataclass(frozen=True)
class ExtensionData:
    reason: str
    previous_due: datetime
    new_due: datetime
    created_by: str
    created_at: datetime


@dataclass(frozen=True)
class FeeData:
    amount_yen: int
    payment_method: PaymentMethod | None
    charged_on: date
    received_on: date | None
    pay_by: date | None = None
    note: str = ""


@dataclass(frozen=True)
class LetterData:
    id: int
    number: int
    kind: str
    language: str
    sha256: str
    issued_by: str
    issued_at: datetime
    dispatch_method: DispatchMethod | None
    tracking_number: str
    dispatched_on: date | None


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime
    actor: str
    action: str
    detail: dict[str, Any]
    # Filled by the service in the current language: what was done, and its details in words.
    what: str = ""
    text: str = ""


@dataclass(frozen=True)
class ActionState:
    """One action on a case for one user: shown at all (role), open now, and why not (for people)."""

    visible: bool
    enabled: bool
    reason: str = ""


@dataclass(frozen=True)
class CaseDetail:
    id: int
    reference: str
    version: int
    channel: Channel
    status: CaseStatus
    closure_kind: ClosureKind | None
    requester_role: RequesterRole
    requester: PersonData
    subject: PersonData
    owner_id: int | None
    owner: str | None
    summary: str
    letter_language: str
    large_print: bool
    deadlines: Deadlines
    identity_confirmed: bool
    authority_confirmed: bool
    identity_problems: tuple[str, ...]
    next_step: str
    decision_author_id: int | None
    decision_author: str | None
    approved_by: str | None
    send_back_comment: str
    measures: tuple[MeasureData, ...]
    identity_checks: tuple[IdentityCheckData, ...] = ()
    authority_proofs: tuple[AuthorityProofData, ...] = ()
    contacts: tuple[ContactData, ...] = ()
    attachments: tuple[AttachmentData, ...] = ()
    notes: tuple[NoteData, ...] = ()
    tasks: tuple[TaskData, ...] = ()
    pauses: tuple[PauseData, ...] = ()
    extensions: tuple[ExtensionData, ...] = ()
    fees: tuple[FeeData, ...] = ()
    letters: tuple[LetterData, ...] = ()
    linked_references: tuple[str, ...] = ()
    history: tuple[HistoryEntry, ...] = field(default=())
    # What the user who asked may do on the case now, and why not (services decide, screens render).
    actions: Mapping[Action, ActionState] = field(default_factory=dict)
    # The users who authored the decision awaiting approval (four eyes: none of them approves).
    decision_authors: frozenset[int] = frozenset()
    # The office the case belongs to (its calendar, its letterhead): id and code.
    office_id: int = 0
    office_code: str = ""
    # What the screen should tell after a state-changing call that succeeded (translated text).
    warnings: tuple[str, ...] = ()
    # The office's fee for this case's kinds (setting fee_yen): the amount a fee takes by default.
    fee_default_yen: int = 0

    @property
    def kinds(self) -> tuple[RequestKind, ...]:
        return tuple(m.kind for m in self.measures)

    @property
    def is_rights_request(self) -> bool:
        return any(kind.is_rights_request for kind in self.kinds)


@dataclass(frozen=True)
class SimilarCase:
    """An earlier case that may be of the same person, with why it was matched."""

    case_id: int
    reference: str
    person_id: int
    name: str
    kana: str
    birth_date: date | None
    received_at: datetime
    status: CaseStatus
    matched_on: tuple[str, ...]


@dataclass(frozen=True)
class EmailIntake:
    """A case made from a saved email: the case, the files kept, what staff should know."""

    case: CaseDetail
    files_kept: int
    notices: tuple[str, ...]


@dataclass(frozen=True)
class Page:
    rows: tuple[CaseRow, ...]
    total: int
    offset: int
    limit: int


@dataclass(frozen=True)
class UserData:
    id: int
    login: str
    name: str
    role: UserRole
    active: bool
    # The office the user works in (its code): their cases are made there, their queues show it.
    office_code: str = ""


@dataclass(frozen=True)
class UserAccount:
    """A user as the administrators' list shows them (never the password nor its hash)."""

    id: int
    login: str
    name: str
    role: UserRole
    active: bool
    last_login_at: datetime | None
    failed_logins: int
    locked_until: datetime | None
    must_change_password: bool
    office_code: str = ""  # the office the user works in

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now
