"""Intake: a contact becomes a case; earlier cases of the same person are found and linked."""

from __future__ import annotations

import hashlib
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from privacy_desk.domain import rules
from privacy_desk.domain.calendar import JST
from privacy_desk.domain.contact_numbers import legacy_phone_keys
from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.names import fold, fold_address, widen_kana
from privacy_desk.domain.rules import Action
from privacy_desk.domain.text_fields import check_moment, check_number, check_text
from privacy_desk.domain.vocabulary import (
    AttachmentPurpose,
    CaseStatus,
    Channel,
    ContactDirection,
    ContactKind,
    FormOfAddress,
    RequesterRole,
    RequestKind,
)
from privacy_desk.i18n import N_, _
from privacy_desk.services import settings as settings_store
from privacy_desk.services.base import require_text
from privacy_desk.services.case_base import CaseCalls, digits, next_serial, tidy_person_text
from privacy_desk.services.dto import (
    CaseDetail,
    IntakeForm,
    MeasureForm,
    PersonForm,
    SimilarCase,
)
from privacy_desk.services.mail import ParsedMail, parse_email
from privacy_desk.services.offices import office_of_user
from privacy_desk.services.scans import Scan, check_scan
from privacy_desk.storage.models import (
    Attachment,
    Case,
    CaseLink,
    Contact,
    InboxItem,
    Measure,
    Person,
)

S = CaseStatus
# The people of a case, by the code intake uses for them, and the words refusals show.
_PEOPLE = {"requester": N_("requester"), "data subject": N_("data subject")}
_NAME_REQUIRED = {
    "requester": N_("The requester's name"),
    "data subject": N_("The data subject's name"),
}
_CHANNEL_CONTACT = {
    Channel.PHONE: ContactKind.CALL,
    Channel.EMAIL: ContactKind.EMAIL,
    Channel.FAX: ContactKind.FAX,
    Channel.POST: ContactKind.LETTER,
    Channel.IN_PERSON: ContactKind.VISIT,
    Channel.WEB_FORM: ContactKind.WEB_FORM,
}


# A shorter address (a prefecture, a ward) is shared by too many people to mean the same person.
ADDRESS_KEY_MIN = 8


def keep_scans(
    session: Session,
    login: str,
    case: Case,
    contact: Contact,
    scans: list[Scan],
    purpose: AttachmentPurpose = AttachmentPurpose.CORRESPONDENCE,
) -> int:
    """Keep checked scans with a contact, each with its SHA-256, pages and purpose; how many."""
    session.flush()
    for scan in scans:
        session.add(
            Attachment(
                case_id=case.id,
                contact_id=contact.id,
                file_name=scan.name[:255],
                media_type=scan.media_type,
                size=scan.size,
                sha256=scan.sha256,
                content=scan.content,
                pages=scan.pages,
                purpose=purpose,
                created_by_login=login,
            )
        )
    return len(scans)


class IntakeCalls(CaseCalls):
    """Log a new case, find earlier cases of the same person, link cases."""

    def intake(self, form: IntakeForm) -> CaseDetail:
        """Log a contact as a new case with one or more requested measures."""
        with self.unit_of_work(Action.INTAKE) as session:
            if not form.measures:
                raise ValidationError(_("Choose at least one kind of request."), field="measures")
            check_moment(form.received_at, _("The time received"), field="received_at")
            if form.received_at > self.context.now():
                raise ValidationError(_("The time received is in the future."), field="received_at")
            if form.letter_language not in ("ja", "en"):
                raise ValidationError(_("Letters are written in Japanese (ja) or English (en)."))
            kinds = [m.kind for m in form.measures]
            if len(set(kinds)) != len(kinds):
                raise ValidationError(_("Each kind of request can be listed only once in a case."))
            # Read again, not trusted from the screen: a refused file stops the case whole.
            email = None if form.email_original is None else parse_email(form.email_original)
            limit = settings_store.load(session).scan_max_mb
            scans = [check_scan(name, content, limit) for name, content in form.scans]
            inbox = [self._inbox_item(session, item_id) for item_id in form.inbox_item_ids]
            requester = self._person(session, form.requester_person_id, form.requester, "requester")
            if form.subject is None and form.subject_person_id is None:
                if form.requester_role is not RequesterRole.PERSON:
                    raise ValidationError(
                        _(
                            "A parent, guardian or agent asks for someone else: enter the data "
                            "subject too."
                        ),
                        field="subject",
                    )
                subject = requester
            else:
                subject = self._person(
                    session, form.subject_person_id, form.subject or form.requester, "data subject"
                )
            if subject is not requester:
                rules.require_role_fits_subject(
                    form.requester_role,
                    subject.birth_date,
                    form.received_at.astimezone(JST).date(),
                )
            summary = self.clean_text(session, form.summary, "summary")
            note = self.clean_text(session, form.contact_note, "contact note")
            measures = [self._measure(session, i, m) for i, m in enumerate(form.measures)]
            case = self._new_case(session, form, requester, subject, summary, measures)
            contact = Contact(
                case_id=case.id,
                kind=_CHANNEL_CONTACT[form.channel].value,
                direction=ContactDirection.IN.value,
                occurred_at=form.received_at,
                summary=note,
                created_by_login=self.actor.login,
            )
            session.add(contact)
            kept = 0 if email is None else self._keep_email(session, case, contact, email)
            purpose = form.scan_purpose
            kept += keep_scans(session, self.actor.login, case, contact, scans, purpose)
            kept += self._take_inbox(session, case, contact, inbox, purpose)
            for other in form.link_case_ids:
                self._link(session, case.id, other)
            self.record(
                session,
                Action.INTAKE,
                case.id,
                reference=case.reference,
                channel=form.channel.value,
                kinds=[kind.value for kind in case.kinds],
                requester_role=form.requester_role.value,
                linked=len(form.link_case_ids),
                files_kept=kept,
            )
            session.flush()
            return self._detail(session, case)

    def _keep_email(self, session: Session, case: Case, contact: Contact, email: ParsedMail) -> int:
        """Keep the email (its numbers masked) and its attachments with the contact; how many."""
        session.flush()
        name = f"{case.reference}.eml"
        files = [(name, "message/rfc822", email.original)]
        files += [(a.name, a.media_type, a.content) for a in email.attachments]
        for file_name, media_type, content in files:
            session.add(
                Attachment(
                    case_id=case.id,
                    contact_id=contact.id,
                    file_name=file_name[:255],
                    media_type=media_type[:127],
                    size=len(content),
                    sha256=hashlib.sha256(content).hexdigest(),
                    content=content,
                    created_by_login=self.actor.login,
                )
            )
        return len(files)

    def _inbox_item(self, session: Session, item_id: int) -> InboxItem:
        item = session.get(InboxItem, item_id, with_for_update=True)
        if item is None or item.case_id is not None:
            raise ValidationError(
                _("That fax is no longer waiting in the inbox: another desk may have taken it.")
            )
        return item

    def _take_inbox(
        self,
        session: Session,
        case: Case,
        contact: Contact,
        items: list[InboxItem],
        purpose: AttachmentPurpose,
    ) -> int:
        """Move waiting inbox files to the contact; their claims stay (never imported again)."""
        scans = [Scan(i.file_name, i.media_type, i.pages, i.content) for i in items]
        kept = keep_scans(session, self.actor.login, case, contact, scans, purpose)
        for item in items:
            item.case_id = case.id
            item.taken_at = self.context.now()
            item.content = b""
        return kept

    def _person(
        self, session: Session, person_id: int | None, form: PersonForm, what: str
    ) -> Person:
        if person_id is not None:
            person = session.get(Person, person_id)
            if person is None:
                raise ValidationError(
                    _("The chosen {who} no longer exists.").format(who=_(_PEOPLE[what]))
                )
            return person
        name = require_text(
            widen_kana(self.clean_text(session, form.name, f"{what}'s name")),
            _(_NAME_REQUIRED[what]),
            200,
            field=f"{what}'s name",
        )
        person = Person(
            name=name,
            kana=widen_kana(self.clean_text(session, form.kana, f"{what}'s kana")),
            birth_date=form.birth_date,
            postal_code=tidy_person_text(
                "postal_code",
                self.clean_text(session, form.postal_code, "postal code"),
                f"{what}'s postal code",
            ),
            address=self.clean_text(session, form.address, "address"),
            phone=tidy_person_text(
                "phone",
                self.clean_text(session, form.phone, "phone number"),
                f"{what}'s phone number",
            ),
            fax=tidy_person_text(
                "fax", self.clean_text(session, form.fax, "fax number"), f"{what}'s fax number"
            ),
            email=self.clean_text(session, form.email, "email address"),
            organisation=self.clean_text(session, form.organisation, "organisation"),
            form_of_address=FormOfAddress(form.form_of_address),
        )
        if person.birth_date and person.birth_date > self.context.today():
            raise ValidationError(
                _("The {who}'s date of birth is in the future.").format(who=_(_PEOPLE[what]))
            )
        if person.email and "@" not in person.email:
            raise ValidationError(
                _("The {who}'s email address has no '@'.").format(who=_(_PEOPLE[what])),
                field="email",
            )
        person.name_folded = fold(person.name)
        person.kana_folded = fold(person.kana)
        person.phone_digits = digits(person.phone)
        person.address_folded = fold_address(person.address)
        session.add(person)
        session.flush()
        return person

    def _measure(self, session: Session, position: int, form: MeasureForm) -> Measure:
        if form.suspension_grounds and form.kind is not RequestKind.SUSPENSION:
            raise ValidationError(_("Suspension grounds belong to a suspension request only."))
        if form.third_party_grounds and form.kind is not RequestKind.THIRD_PARTY_STOP:
            raise ValidationError(
                _("Art. 35(3) and (5) grounds belong to a request to stop provision only.")
            )
        return Measure(
            position=position,
            kind=form.kind.value,
            requested=self.clean_text(session, form.requested, "request text"),
            method_requested=form.method_requested.value if form.method_requested else None,
            suspension_grounds=tuple(form.suspension_grounds),
            third_party_grounds=tuple(form.third_party_grounds),
            third_party_recipient=self.clean_text(
                session, form.third_party_recipient, "third-party recipient"
            ),
        )

    def _new_case(
        self,
        session: Session,
        form: IntakeForm,
        requester: Person,
        subject: Person,
        summary: str,
        measures: list[Measure],
    ) -> Case:
        year = form.received_at.astimezone(JST).year
        serial = next_serial(session, f"case-{year}")
        # A case belongs to the office of the staff member who takes it in; its calendar counts.
        office_id = office_of_user(session, self.actor.user_id)
        calendar = self.context.calendar(session, office_id)
        kinds = [m.kind for m in form.measures]
        office = settings_store.load(session)
        target = office.target_for(kinds)
        ack_days = office.acknowledgement_business_days
        ack = calendar.due(form.received_at, ack_days)
        deadline = calendar.due(form.received_at, target)
        case = Case(
            reference=f"PD-{year}-{serial:06d}",
            year=year,
            serial=serial,
            channel=form.channel.value,
            status=S.RECEIVED.value,
            requester_role=form.requester_role.value,
            requester_id=requester.id,
            subject_id=subject.id,
            summary=summary,
            kinds=tuple(kinds),
            letter_language=form.letter_language,
            large_print=form.large_print,
            received_at=form.received_at,
            effective_receipt=deadline.effective_receipt,
            clock_start=form.received_at,
            acknowledgement_due=ack.due,
            target_business_days=target,
            original_due=deadline.due,
            current_due=deadline.due,
            paused_business_days=0,
            legal_line=deadline.legal_line if rules.requires_identity(kinds) else None,
            measures=measures,
            office_id=office_id,
        )
        session.add(case)
        session.flush()
        return case

    def similar_cases(
        self,
        name: str = "",
        kana: str = "",
        birth_date: date | None = None,
        phone: str = "",
        address: str = "",
        email: str = "",
        limit: int = 20,
    ) -> list[SimilarCase]:
        """Likely earlier cases of the same person, by name (kanji or kana), birth, phone, address."""
        name, kana = check_text(name, "name"), check_text(kana, "kana")
        phone, address = check_text(phone, "phone"), check_text(address, "address")
        email = check_text(email, "email")
        check_number(limit, _("The number of cases"), 1, 200)
        keys = {fold(t) for t in (name, kana) if len(fold(t)) >= 2}
        phone_key = digits(phone)
        address_key = fold_address(address)
        email_key = email.strip().lower()
        conditions = []
        for key in keys:
            conditions += [Person.name_folded == key, Person.kana_folded == key]
        if len(phone_key) >= 6:
            # Rows stored before numbers were parsed hold the digits as typed: found too, and
            # their number compared again, parsed, below (no rewrite of stored rows needed).
            conditions.append(Person.phone_digits.in_(sorted(legacy_phone_keys(phone_key))))
        if email_key:
            conditions.append(func.lower(Person.email) == email_key)
        if len(address_key) >= ADDRESS_KEY_MIN:
            conditions.append(Person.address_folded == address_key)
        if not conditions:
            return []
        with self.unit_of_work(Action.READ_CASE) as session:
            people = session.scalars(select(Person).where(or_(*conditions)).limit(200)).all()
            matches: dict[int, tuple[str, ...]] = {}
            for person in people:
                why = []
                if keys & {person.name_folded, person.kana_folded}:
                    why.append("name")
                if birth_date and person.birth_date == birth_date:
                    why.append("birth date")
                if len(phone_key) >= 6 and digits(person.phone) == phone_key:
                    why.append("phone")
                if len(address_key) >= ADDRESS_KEY_MIN and person.address_folded == address_key:
                    why.append("address")
                if email_key and person.email.lower() == email_key:
                    why.append("email")
                if (
                    birth_date
                    and person.birth_date
                    and person.birth_date != birth_date
                    and why == ["name"]
                ):
                    continue  # same name, different birth date: another person
                matches[person.id] = tuple(why)
            if not matches:
                return []
            cases = (
                session.scalars(
                    select(Case)
                    .where(or_(Case.requester_id.in_(matches), Case.subject_id.in_(matches)))
                    .order_by(Case.received_at.desc())
                    .limit(limit)
                )
                .unique()
                .all()
            )
            result = []
            for case in cases:
                person = case.subject if case.subject_id in matches else case.requester
                result.append(
                    SimilarCase(
                        case_id=case.id,
                        reference=case.reference,
                        person_id=person.id,
                        name=person.name,
                        kana=person.kana,
                        birth_date=person.birth_date,
                        received_at=case.received_at,
                        status=S(case.status),
                        matched_on=matches[person.id],
                    )
                )
            self.record(session, Action.READ_CASE, None, what="similar_cases", found=len(result))
            result.sort(key=lambda s: (-len(s.matched_on), -s.received_at.timestamp()))
            return result

    def link(self, case_id: int, version: int | None, other_case_id: int) -> CaseDetail:
        with self.unit_of_work(Action.LINK_CASES) as session:
            case = self._load(session, case_id, version, Action.LINK_CASES)
            self._link(session, case.id, other_case_id)
            self._touch(case)
            self.record(session, Action.LINK_CASES, case.id, linked_case_id=other_case_id)
            return self._detail(session, case)

    def _link(self, session: Session, case_id: int, other_id: int) -> None:
        if case_id == other_id:
            raise ValidationError(_("A case can not be linked to itself."))
        if session.get(Case, other_id) is None:
            raise ValidationError(_("The case to link no longer exists."))
        for a, b in ((case_id, other_id), (other_id, case_id)):
            if session.get(CaseLink, (a, b)) is None:
                session.add(CaseLink(case_id=a, linked_case_id=b))
