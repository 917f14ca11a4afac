"""ORM models: every table of Privacy Desk, in SQLAlchemy 2.0 style.

Editable rows carry a version column (optimistic locking): a second writer gets a
StaleDataError, which the services turn into a "changed by someone else" message. Times are stored
in UTC (see UTCDateTime) and shown in Japan time by the layers above.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import Enum as SqlEnum
from sqlalchemy.types import TypeDecorator

from privacy_desk.domain.vocabulary import (
    AttachmentPurpose,
    AuthorityDocument,
    CaseStatus,
    Channel,
    ClosureKind,
    ContactDirection,
    ContactKind,
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

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out; stored as naive UTC on every database."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def stored_enum(enum: type[StrEnum], length: int) -> SqlEnum:
    """A vocabulary enum stored as its value in a plain string column (no database enum type,
    no CHECK constraint: adding a member needs no migration); read back as the enum member."""
    return SqlEnum(
        enum,
        native_enum=False,
        create_constraint=False,
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class EnumList(TypeDecorator[tuple[StrEnum, ...]]):
    """A short list of vocabulary members, stored as a JSON array of their values.

    Read back as a tuple of members in the order stored; an unknown value is refused on the way in.
    Queries filter on the rows these lists describe (measures) rather than on this text.
    """

    impl = Text
    cache_ok = True

    def __init__(self, enum: type[StrEnum]) -> None:
        super().__init__()
        self.enum = enum

    def process_bind_param(self, value: object, dialect: object) -> str:
        members = [self.enum(item) for item in (value or ())]  # type: ignore[attr-defined]
        return json.dumps([member.value for member in members])

    def process_result_value(self, value: str | None, dialect: object) -> tuple[StrEnum, ...]:
        return tuple(self.enum(item) for item in json.loads(value or "[]"))


def utcnow() -> datetime:
    return datetime.now(UTC)


def trigram_index(name: str, column: str) -> Index:
    """PostgreSQL's GIN trigram index (pg_trgm) on a searched column, made by revision 0015.

    SQLite has none of these: its search index is the FTS5 trigram tables of the same revision
    (search_cases, search_notes, search_contacts, search_persons), kept in step by triggers; they
    are not model tables, so backups neither write nor expect them.
    """
    index = Index(name, column, postgresql_using="gin", postgresql_ops={column: "gin_trgm_ops"})
    return index.ddl_if(dialect="postgresql")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Office(Base):
    """One of the organisation's offices (the head office in Tokyo, the branch in Naha): its
    letterhead data and its own closure days. Cases and users belong to one."""

    __tablename__ = "offices"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    position: Mapped[int] = mapped_column(Integer)
    name_ja: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    postal_code: Mapped[str] = mapped_column(String(16))
    address_ja: Mapped[str] = mapped_column(String(400))
    address_en: Mapped[str] = mapped_column(String(400))
    tel: Mapped[str] = mapped_column(String(40))
    fax: Mapped[str] = mapped_column(String(40))
    email: Mapped[str] = mapped_column(String(254))
    hours_ja: Mapped[str] = mapped_column(String(200))
    hours_en: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (optimistic locking)


class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    login: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[UserRole] = mapped_column(stored_enum(UserRole, 20))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Set by an administrator's password reset: the next log-in must choose a new password.
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (optimistic locking)


class LoginSession(Base):
    """One log-in: every unit of work checks it (and its user) before it does anything.

    The id is the SHA-256 of the random token the desk holds, so the table alone does not let
    anyone act as the user. Ended by log-out; expired by the idle lock after the idle minutes
    without activity (last_activity_at, refreshed by the work done in it).
    """

    __tablename__ = "sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ended_reason: Mapped[str] = mapped_column(String(20), default="")


class Person(Base):
    """A requester or data subject. The folded columns serve width- and kana-blind search."""

    __tablename__ = "persons"
    __table_args__ = (
        trigram_index("ix_persons_name_folded_trgm", "name_folded"),
        trigram_index("ix_persons_kana_folded_trgm", "kana_folded"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    kana: Mapped[str] = mapped_column(String(200), default="")
    name_folded: Mapped[str] = mapped_column(String(200), default="", index=True)
    kana_folded: Mapped[str] = mapped_column(String(200), default="", index=True)
    birth_date: Mapped[date | None] = mapped_column(Date)
    postal_code: Mapped[str] = mapped_column(String(16), default="")
    address: Mapped[str] = mapped_column(String(400), default="")
    address_folded: Mapped[str] = mapped_column(String(400), default="", index=True)
    phone: Mapped[str] = mapped_column(String(40), default="")
    phone_digits: Mapped[str] = mapped_column(String(40), default="", index=True)
    fax: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(254), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    # How an English letter addresses the person ("Dear Mr Nakamura"); none: the full name.
    form_of_address: Mapped[FormOfAddress] = mapped_column(
        stored_enum(FormOfAddress, 10), default=FormOfAddress.NONE
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (optimistic locking)


class Case(Base):
    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(32), unique=True)
    year: Mapped[int] = mapped_column(Integer)
    serial: Mapped[int] = mapped_column(Integer)
    channel: Mapped[Channel] = mapped_column(stored_enum(Channel, 20), index=True)
    status: Mapped[CaseStatus] = mapped_column(stored_enum(CaseStatus, 30), index=True)
    closure_kind: Mapped[ClosureKind | None] = mapped_column(stored_enum(ClosureKind, 30))
    requester_role: Mapped[RequesterRole] = mapped_column(stored_enum(RequesterRole, 20))
    requester_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("persons.id"), index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    office_id: Mapped[int] = mapped_column(ForeignKey("offices.id"), index=True)
    summary: Mapped[str] = mapped_column(Text, default="")
    # The measures' kinds, for showing and sorting queues (filters read the measures rows).
    kinds: Mapped[tuple[RequestKind, ...]] = mapped_column(EnumList(RequestKind), default=())
    letter_language: Mapped[str] = mapped_column(String(2), default="ja")
    large_print: Mapped[bool] = mapped_column(Boolean, default=False)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    effective_receipt: Mapped[datetime] = mapped_column(UTCDateTime)
    clock_start: Mapped[datetime] = mapped_column(UTCDateTime)
    acknowledgement_due: Mapped[datetime] = mapped_column(UTCDateTime)
    target_business_days: Mapped[int] = mapped_column(Integer)
    original_due: Mapped[datetime] = mapped_column(UTCDateTime)
    current_due: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    paused_business_days: Mapped[int] = mapped_column(Integer, default=0)
    legal_line: Mapped[date | None] = mapped_column(Date)
    identity_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    authority_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decision_author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    proposed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    send_back_comment: Mapped[str] = mapped_column(Text, default="")
    notice_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    taken_from_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    requester: Mapped[Person] = relationship(foreign_keys=[requester_id], lazy="joined")
    subject: Mapped[Person] = relationship(foreign_keys=[subject_id], lazy="joined")
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id], lazy="joined")
    measures: Mapped[list[Measure]] = relationship(
        back_populates="case", order_by="Measure.position", cascade="all, delete-orphan"
    )

    __table_args__ = (
        UniqueConstraint("year", "serial", name="uq_cases_year_serial"),
        Index("ix_cases_status_due", "status", "current_due"),
        trigram_index("ix_cases_summary_trgm", "summary"),
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (optimistic locking)


class CaseLink(Base):
    __tablename__ = "case_links"
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    linked_case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)


class Measure(Base):
    """One requested measure of a case, with its decision once one is recorded."""

    __tablename__ = "measures"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    kind: Mapped[RequestKind] = mapped_column(stored_enum(RequestKind, 30))
    requested: Mapped[str] = mapped_column(Text, default="")
    method_requested: Mapped[DisclosureMethod | None] = mapped_column(
        stored_enum(DisclosureMethod, 20)
    )
    suspension_grounds: Mapped[tuple[SuspensionGround, ...]] = mapped_column(
        EnumList(SuspensionGround), default=()
    )
    third_party_recipient: Mapped[str] = mapped_column(String(200), default="")
    third_party_grounds: Mapped[tuple[ThirdPartyStopGround, ...]] = mapped_column(
        EnumList(ThirdPartyStopGround), default=()
    )
    # the decision
    outcome: Mapped[Outcome | None] = mapped_column(stored_enum(Outcome, 30))
    disclosure_grounds: Mapped[tuple[DisclosureRefusalGround, ...]] = mapped_column(
        EnumList(DisclosureRefusalGround), default=()
    )
    reasons: Mapped[str] = mapped_column(Text, default="")
    withheld_parts: Mapped[str] = mapped_column(Text, default="")
    method: Mapped[DisclosureMethod | None] = mapped_column(stored_enum(DisclosureMethod, 20))
    enclosures: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[str] = mapped_column(Text, default="")
    alternative_measure: Mapped[str] = mapped_column(Text, default="")
    action_date: Mapped[date | None] = mapped_column(Date)
    # what the notice says beyond the outcome (letters.md items 3–10)
    purposes: Mapped[str] = mapped_column(Text, default="")
    provided_data_note: Mapped[str] = mapped_column(Text, default="")
    effect_on_services: Mapped[str] = mapped_column(Text, default="")
    method_difficulty_note: Mapped[str] = mapped_column(Text, default="")
    facts: Mapped[str] = mapped_column(Text, default="")
    view: Mapped[str] = mapped_column(Text, default="")
    measures_taken: Mapped[str] = mapped_column(Text, default="")
    apology: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship(back_populates="measures")
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (optimistic locking)


class IdentityCheck(Base):
    __tablename__ = "identity_checks"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    method: Mapped[IdentityMethod] = mapped_column(stored_enum(IdentityMethod, 20))
    documents: Mapped[tuple[IdentityDocument, ...]] = mapped_column(
        EnumList(IdentityDocument), default=()
    )
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    checked_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    checked_by_login: Mapped[str] = mapped_column(String(80))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AuthorityProofRecord(Base):
    __tablename__ = "authority_proofs"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    document: Mapped[AuthorityDocument] = mapped_column(stored_enum(AuthorityDocument, 30))
    issued_on: Mapped[date | None] = mapped_column(Date)
    checked_by_login: Mapped[str] = mapped_column(String(80))
    checked_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Contact(Base):
    """Every contact in or out: call notes, emails, faxes, letters, visits."""

    __tablename__ = "contacts"
    __table_args__ = (trigram_index("ix_contacts_summary_trgm", "summary"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[ContactKind] = mapped_column(stored_enum(ContactKind, 20))
    direction: Mapped[ContactDirection] = mapped_column(stored_enum(ContactDirection, 4))
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    summary: Mapped[str] = mapped_column(Text, default="")
    dispatch_method: Mapped[DispatchMethod | None] = mapped_column(stored_enum(DispatchMethod, 30))
    tracking_number: Mapped[str] = mapped_column(String(60), default="")
    letter_id: Mapped[int | None] = mapped_column(ForeignKey("letters.id"))
    created_by_login: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Attachment(Base):
    """A file kept with a case: an imported email's original (.eml) or one of its attachments.

    Never changed once written; its SHA-256 shows it is the file received. Kept in the database
    so that a backup holds it with the case.
    """

    __tablename__ = "attachments"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(127))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_login: Mapped[str] = mapped_column(String(80))
    pages: Mapped[int | None] = mapped_column(Integer)  # a scan's pages; None for other files
    # An identity document's content is emptied once the identity check is recorded (or its
    # kept days are over): the row stays, with when (services/identity_scans.py).
    purpose: Mapped[AttachmentPurpose] = mapped_column(
        stored_enum(AttachmentPurpose, 30),
        default=AttachmentPurpose.CORRESPONDENCE,
        server_default=AttachmentPurpose.CORRESPONDENCE.value,
    )
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class InboxItem(Base):
    """A file the watched fax folder brought in, waiting to be taken into a case.

    Its row is also the claim that it was imported: the SHA-256 and the name it came with are
    unique, so two desks watching one folder, or one that stopped mid-import, never bring the same
    file twice. Taken into a case, its content moves to an Attachment and the claim stays.
    """

    __tablename__ = "inbox_items"
    __table_args__ = (UniqueConstraint("sha256", "file_name", name="uq_inbox_items_sha256_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    media_type: Mapped[str] = mapped_column(String(127))
    size: Mapped[int] = mapped_column(Integer)
    pages: Mapped[int] = mapped_column(Integer)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    arrived_at: Mapped[datetime] = mapped_column(UTCDateTime)  # the file's time in the folder
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by_login: Mapped[str] = mapped_column(String(80))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    taken_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SavedFilter(Base):
    """A queue filter kept under a name (revision 0016): its owner's alone, or shared with the
    owner's office. `filter` is JSON (services/saved_filters.py reads and writes it)."""

    __tablename__ = "saved_filters"
    __table_args__ = (UniqueConstraint("owner_id", "name", name="uq_saved_filters_owner_name"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"), index=True)
    shared: Mapped[bool] = mapped_column(Boolean, default=False)
    filter: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Note(Base):
    __tablename__ = "notes"
    __table_args__ = (trigram_index("ix_notes_text_trgm", "text"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author_login: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (optimistic locking)


class Task(Base):
    __tablename__ = "tasks"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    title: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    done: Mapped[bool] = mapped_column(Boolean, default=False)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (optimistic locking)


class Pause(Base):
    __tablename__ = "pauses"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    reason: Mapped[PauseReason] = mapped_column(stored_enum(PauseReason, 30))
    note: Mapped[str] = mapped_column(Text, default="")
    resume_to: Mapped[CaseStatus] = mapped_column(stored_enum(CaseStatus, 30))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    business_days: Mapped[int] = mapped_column(Integer, default=0)


class Extension(Base):
    __tablename__ = "extensions"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    previous_due: Mapped[datetime] = mapped_column(UTCDateTime)
    new_due: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by_login: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Fee(Base):
    __tablename__ = "fees"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    amount_yen: Mapped[int] = mapped_column(Integer)
    payment_method: Mapped[PaymentMethod | None] = mapped_column(stored_enum(PaymentMethod, 30))
    charged_on: Mapped[date] = mapped_column(Date)
    received_on: Mapped[date | None] = mapped_column(Date)
    pay_by: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str] = mapped_column(Text, default="")
    created_by_login: Mapped[str] = mapped_column(String(80))


class Letter(Base):
    """An issued letter: the exact PDF sent, its hash; never changed, only reprinted."""

    __tablename__ = "letters"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(30))
    language: Mapped[str] = mapped_column(String(2))
    pdf: Mapped[bytes] = mapped_column(LargeBinary)
    sha256: Mapped[str] = mapped_column(String(64))
    issued_by_login: Mapped[str] = mapped_column(String(80))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    dispatch_method: Mapped[DispatchMethod | None] = mapped_column(stored_enum(DispatchMethod, 30))
    tracking_number: Mapped[str] = mapped_column(String(60), default="")
    dispatched_on: Mapped[date | None] = mapped_column(Date)
    __table_args__ = (UniqueConstraint("case_id", "number", name="uq_letters_case_number"),)


class LetterTemplate(Base):
    """An administrator's edited copy of a default letter template."""

    __tablename__ = "letter_templates"
    kind: Mapped[str] = mapped_column(String(30), primary_key=True)
    language: Mapped[str] = mapped_column(String(2), primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    updated_by_login: Mapped[str] = mapped_column(String(80))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Closure(Base):
    """A day an office is closed beyond weekends, national holidays and the year end: one office's
    (office_id) or every office's (office_id NULL)."""

    __tablename__ = "closures"
    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[date] = mapped_column(Date, index=True)
    office_id: Mapped[int | None] = mapped_column(ForeignKey("offices.id"))
    reason: Mapped[str] = mapped_column(String(200))
    created_by_login: Mapped[str] = mapped_column(String(80))


class Setting(Base):
    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012 (optimistic locking)


class AuditEntry(Base):
    """Append-only history. Each entry hashes the previous one, so tampering is detected.

    Entries are numbered 1, 2, 3… without gaps; one about a case or a user carries the hash of
    that case's or user's state after the action (storage/audit_state.py).
    """

    __tablename__ = "audit"
    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[int | None] = mapped_column(Integer, unique=True, index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[int | None] = mapped_column(Integer, index=True)
    detail: Mapped[str] = mapped_column(Text, default="{}")  # JSON, never personal data
    user_id: Mapped[int | None] = mapped_column(Integer, index=True)
    state: Mapped[str | None] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class DatabaseIdentity(Base):
    """One row: this database's own name, which its audit anchor files carry (a backup keeps
    it, so a restored database still matches its anchors)."""

    __tablename__ = "database_identity"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # A demo database holds invented cases and the demo accounts; its letters print 見本/SPECIMEN.
    demo: Mapped[bool] = mapped_column(Boolean, default=False)


class Sequence(Base):
    """Counters for case serials per year (row-locked on PostgreSQL while incremented)."""

    __tablename__ = "sequences"
    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)
