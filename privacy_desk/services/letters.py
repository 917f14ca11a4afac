"""Letters of a case: preview, issue (the exact PDF kept with its hash), reprint, dispatch, batch.

The letters package turns plain data into PDF bytes; this module decides which letter a case may
have now, fills its LetterContext from the case, stores what was issued, and records dispatch.
An issued letter is never changed: a corrected letter is a new letter with the next number.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from pypdf import PdfReader, PdfWriter
from sqlalchemy import func, select

from privacy_desk.domain.errors import DomainError, RuleViolation, ValidationError
from privacy_desk.domain.rules import Action, require_role
from privacy_desk.domain.text_fields import check_text, refuse_individual_number
from privacy_desk.domain.vocabulary import (
    CaseStatus,
    ContactDirection,
    ContactKind,
    DispatchMethod,
)
from privacy_desk.i18n import _, label
from privacy_desk.letters import (
    LetterContext,
    LetterKind,
    default_template_text,
    render_letter,
    sample_context,
    validate_template,
)
from privacy_desk.services import settings as settings_store
from privacy_desk.services.case_view import letter_data
from privacy_desk.services.dispatch import DispatchCalls, record_dispatch
from privacy_desk.services.dto import CaseDetail, LetterData
from privacy_desk.services.letter_context import LetterOptions as LetterOptions
from privacy_desk.services.letter_context import build_context
from privacy_desk.services.letter_flow import BatchCase, batch_eligibility
from privacy_desk.services.letter_flow import require_letter_allowed as require_letter_allowed
from privacy_desk.services.offices import letterhead_for
from privacy_desk.services.settings import OfficeSettings
from privacy_desk.storage import demo_mark
from privacy_desk.storage.models import Case, Contact, Letter, LetterTemplate, User

S = CaseStatus


class LetterService(DispatchCalls):
    """Letters of a case, and recording how they left (the notice sent, for a decision)."""

    # ------------------------------------------------------------------ building

    def _case(self, session, case_id: int) -> CaseDetail:
        case = session.get(Case, case_id)
        if case is None:
            raise ValidationError(_("That case does not exist."))
        return self._detail(session, case)

    def _overrides(self, session) -> dict[tuple[str, str], str]:
        return {(t.kind, t.language): t.text for t in session.scalars(select(LetterTemplate))}

    def build_context(
        self,
        session,
        case: CaseDetail,
        kind: LetterKind,
        options: LetterOptions,
        settings: OfficeSettings,
    ) -> LetterContext:
        return build_context(
            case,
            kind,
            options,
            settings,
            self.context.calendar(session, case.office_id),
            self.context.today(),
            self._signer(session, case, options),
        )

    def _signer(self, session, case: CaseDetail, options: LetterOptions) -> str:
        """Who signs: a named user of the office, else the case's owner, else the acting user
        (never the operating-system login of a command line)."""
        if options.signed_by.strip():
            user = session.scalar(select(User).where(User.login == options.signed_by.strip()))
            if user is None or not user.active:
                raise ValidationError(
                    _("There is no active user {login} to sign the letter.").format(
                        login=options.signed_by.strip()
                    ),
                    field="signed_by",
                )
            return user.name
        if case.owner:
            return case.owner
        if self.actor.user_id is not None and self.actor.name:
            return self.actor.name
        raise ValidationError(
            _(
                "Case {reference} has no owner, so nobody is named as the person in charge: "
                "assign the case, or name the user who signs."
            ).format(reference=case.reference),
            field="signed_by",
        )

    def _render(
        self, session, case_id: int, kind: LetterKind, options: LetterOptions
    ) -> tuple[CaseDetail, bytes, str]:
        case = self._case(session, case_id)
        require_letter_allowed(kind, case)
        settings = settings_store.load(session)
        context = self.build_context(session, case, kind, options, settings)
        letterhead = letterhead_for(session, settings.letterhead, case.office_id)
        pdf = render_letter(
            context,
            letterhead,
            overrides=self._overrides(session),
            specimen=demo_mark.is_demo(session),
        )
        return case, pdf, context.lang

    # ------------------------------------------------------------------ actions

    def preview(
        self, case_id: int, kind: LetterKind, options: LetterOptions | None = None
    ) -> bytes:
        """The letter as it would be issued now; nothing is stored."""
        with self.unit_of_work(Action.READ_CASE) as session:
            _number, pdf, _digest = self._render(session, case_id, kind, options or LetterOptions())
            self.record(session, Action.READ_CASE, case_id, letter_preview=kind.value)
            return pdf

    def render_for_reference(
        self, reference: str, kind: str, language: str | None, signed_by: str = ""
    ) -> bytes:
        with self.unit_of_work(Action.READ_CASE) as session:
            reference = check_text(reference, "reference")
            case_id = session.scalar(select(Case.id).where(Case.reference == reference))
            if case_id is None:
                raise ValidationError(
                    _("There is no case {reference}.").format(reference=reference.strip())
                )
        return self.preview(
            case_id, LetterKind(kind), LetterOptions(language=language, signed_by=signed_by)
        )

    def issue(
        self,
        case_id: int,
        version: int | None,
        kind: LetterKind,
        options: LetterOptions | None = None,
    ) -> LetterData:
        """Render and keep the exact PDF with its SHA-256 and number; add an outgoing contact."""
        with self.unit_of_work(Action.ISSUE_LETTER) as session:
            case_row = self._load(session, case_id, version, Action.ISSUE_LETTER)
            _, pdf, lang = self._render(session, case_id, kind, options or LetterOptions())
            number = (
                session.scalar(select(func.max(Letter.number)).where(Letter.case_id == case_id))
                or 0
            ) + 1
            letter = Letter(
                case_id=case_id,
                number=number,
                kind=kind.value,
                language=lang,
                pdf=pdf,
                sha256=hashlib.sha256(pdf).hexdigest(),
                issued_by_login=self.actor.login,
                issued_at=self.context.now(),
            )
            session.add(letter)
            session.flush()
            session.add(
                Contact(
                    case_id=case_id,
                    kind=ContactKind.LETTER.value,
                    direction=ContactDirection.OUT.value,
                    occurred_at=self.context.now(),
                    summary="",  # shown as "Letter N issued" in the reader's language
                    letter_id=letter.id,
                    created_by_login=self.actor.login,
                )
            )
            self._touch(case_row)
            session.flush()
            self.record(
                session,
                Action.ISSUE_LETTER,
                case_id,
                letter=number,
                kind=kind.value,
                language=lang,
                sha256=letter.sha256,
                version=case_row.version,
            )
            return letter_data(letter)

    def pdf(self, letter_id: int, purpose: str = "reprint") -> bytes:
        """The exact bytes issued; refuses a copy whose hash no longer matches.

        purpose ('reprint', 'view', 'save') is written to the audit trail as it is.
        """
        with self.unit_of_work(Action.READ_CASE) as session:
            letter = session.get(Letter, letter_id)
            if letter is None:
                raise ValidationError(_("That letter does not exist."))
            if hashlib.sha256(letter.pdf).hexdigest() != letter.sha256:
                raise RuleViolation(
                    _(
                        "Letter {number} no longer matches the hash recorded when it was issued: "
                        "it was altered. Do not send it; tell an administrator."
                    ).format(number=letter.number)
                )
            self.record(
                session, Action.READ_CASE, letter.case_id, letter=letter.number, purpose=purpose
            )
            return letter.pdf

    def record_dispatch(
        self,
        letter_id: int,
        method: DispatchMethod,
        sent_on: date | None = None,
        tracking_number: str = "",
        *,
        version: int | None,
    ) -> CaseDetail:
        """Record how and when a letter left; for an approved decision or answer, the notice sent.

        version is the case's version the user had open: one unit of work, so a stale version
        is refused with ConflictError and nothing is written.
        """
        with self.unit_of_work(Action.ADD_CONTACT) as session:
            letter = session.get(Letter, letter_id)
            if letter is None:
                raise ValidationError(_("That letter does not exist."))
            case = self._load(session, letter.case_id, version, Action.ADD_CONTACT)
            is_notice = letter.kind in (LetterKind.DECISION.value, LetterKind.ANSWER.value)
            if is_notice and case.status == S.APPROVED.value:
                require_role(Action.RECORD_NOTICE_SENT, self.actor.role)
                return self._notice_sent(session, case, method, sent_on, tracking_number, letter.id)
            record_dispatch(self, session, case.id, method, sent_on, tracking_number, letter.id)
            self._touch(case)
            self.record(
                session, Action.ADD_CONTACT, case.id, letter=letter.number, method=method.value
            )
            return self._detail(session, case)

    def issue_batch(
        self,
        case_ids: Iterable[int],
        kind: LetterKind,
        options: LetterOptions | None = None,
        progress: Callable[[int, int], bool] | None = None,
    ) -> BatchResult:
        """Issue one letter per case (each its own action) and merge them into one PDF to print.

        A case whose letter is refused is listed with the reason; the others go on. progress
        returns False to cancel: letters issued before that stay issued.
        """
        ids = list(case_ids)
        issued: list[tuple[int, LetterData]] = []
        refused: list[tuple[int, str, str]] = []
        writer = PdfWriter()
        cancelled = False
        plan = {entry.case_id: entry for entry in self.batch_plan(ids, kind)}
        for done, case_id in enumerate(ids, start=1):
            entry = plan[case_id]
            try:
                if not entry.eligible:
                    raise RuleViolation(entry.reason)
                letter = self.issue(case_id, None, kind, options)
            except (RuleViolation, ValidationError) as exc:
                refused.append((case_id, self._reference(case_id), exc.message))
            else:
                issued.append((case_id, letter))
                for page in PdfReader(io.BytesIO(self.pdf(letter.id, "batch"))).pages:
                    writer.add_page(page)
            if progress is not None and not progress(done, len(ids)):
                cancelled = True
                break
        buffer = io.BytesIO()
        if issued:
            writer.write(buffer)
        return BatchResult(tuple(issued), tuple(refused), buffer.getvalue(), cancelled)

    def batch_plan(self, case_ids: Iterable[int], kind: LetterKind) -> tuple[BatchCase, ...]:
        """For each case, whether a batch would issue it a letter of `kind`, and if not, why not.

        Nothing is issued: the screen shows this before asking.
        """
        with self.unit_of_work(Action.READ_CASE) as session:
            plan = []
            for case_id in case_ids:
                case = session.get(Case, case_id)
                if case is None:
                    plan.append(BatchCase(case_id, "", False, _("That case does not exist.")))
                    continue
                plan.append(batch_eligibility(self._detail(session, case), kind, self.actor))
            return tuple(plan)

    def record_dispatch_batch(
        self, letter_ids: Iterable[int], method: DispatchMethod, sent_on: date | None = None
    ) -> tuple[tuple[int, str], ...]:
        """Record one way of sending and one date for several letters, each its own action.

        Methods with a tracking number are refused (each letter has its own number). Returns
        the letters refused, each with the reason; the others are recorded.
        """
        if method.has_tracking_number:
            raise ValidationError(
                _(
                    "{method} has a tracking number for each letter: record those letters one "
                    "by one."
                ).format(method=label(method)),
                field="dispatch_method",
            )
        self.check(Action.ADD_CONTACT)  # a role that may not is refused once, not per letter
        refused: list[tuple[int, str]] = []
        for letter_id in letter_ids:
            try:
                self.record_dispatch(letter_id, method, sent_on, version=None)
            except DomainError as exc:
                refused.append((letter_id, exc.message))
        return tuple(refused)

    def _reference(self, case_id: int) -> str:
        with self.unit_of_work(Action.READ_CASE) as session:
            return session.scalar(select(Case.reference).where(Case.id == case_id)) or ""

    # ------------------------------------------------------------------ templates

    def template_text(self, kind: LetterKind, language: str) -> tuple[str, bool]:
        """The template in use and whether it is an administrator's edited copy."""
        with self.unit_of_work(Action.READ_CASE) as session:
            row = session.get(LetterTemplate, (kind.value, language))
            if row is not None:
                return row.text, True
        return default_template_text(kind.value, language), False

    def save_template(self, kind: LetterKind, language: str, text: str) -> None:
        """Check the edited template by filling it with a sample; store it only if it works."""
        with self.unit_of_work(Action.MANAGE_SETTINGS) as session:
            text = _template_text(text)
            validate_template(kind.value, language, text)
            row = session.get(LetterTemplate, (kind.value, language))
            before = default_template_text(kind.value, language) if row is None else row.text
            if row is None:
                session.add(
                    LetterTemplate(
                        kind=kind.value,
                        language=language,
                        text=text,
                        updated_by_login=self.actor.login,
                    )
                )
            else:
                row.text = text
                row.updated_by_login = self.actor.login
                row.updated_at = self.context.now()
            self.record(
                session,
                Action.MANAGE_SETTINGS,
                None,
                template=f"{kind.value}/{language}",
                digest={"old": _digest(before), "new": _digest(text)},
            )

    def preview_template(
        self, kind: LetterKind, language: str, text: str, reference: str = ""
    ) -> bytes:
        """An edited template, not yet saved, filled from a case (by reference) or a sample."""
        with self.unit_of_work(Action.MANAGE_SETTINGS) as session:
            text = _template_text(text)
            reference = check_text(reference, "reference")
            validate_template(kind.value, language, text)
            settings = settings_store.load(session)
            overrides = {**self._overrides(session), (kind.value, language): text}
            if reference.strip():
                case_id = session.scalar(select(Case.id).where(Case.reference == reference.strip()))
                if case_id is None:
                    raise ValidationError(
                        _("There is no case {reference}.").format(reference=reference.strip())
                    )
                case = self._case(session, case_id)
                require_letter_allowed(kind, case)
                context = self.build_context(
                    session, case, kind, LetterOptions(language=language), settings
                )
                self.record(session, Action.READ_CASE, case_id, template_preview=kind.value)
                office_id: int | None = case.office_id
            else:
                context = sample_context(kind.value, language)
                office_id = None
            letterhead = letterhead_for(session, settings.letterhead, office_id)
            return render_letter(
                context,
                letterhead,
                overrides=overrides,
                specimen=demo_mark.is_demo(session),
            )

    def reset_template(self, kind: LetterKind, language: str) -> None:
        with self.unit_of_work(Action.MANAGE_SETTINGS) as session:
            row = session.get(LetterTemplate, (kind.value, language))
            if row is not None:
                session.delete(row)
                self.record(
                    session,
                    Action.MANAGE_SETTINGS,
                    None,
                    template_reset=f"{kind.value}/{language}",
                    digest={
                        "old": _digest(row.text),
                        "new": _digest(default_template_text(kind.value, language)),
                    },
                )


def _digest(text: str) -> str:
    """What the audit trail keeps of a template's text: the first 12 hex digits of its SHA-256
    (enough to tell versions apart and to match a copy kept elsewhere), never the text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def _template_text(text: str) -> str:
    """An edited template as it may be stored: declared limits, never an Individual Number
    (not even masked: a template is the office's own words)."""
    refuse_individual_number(check_text(text, "letter template"), "letter template")
    return text


@dataclass(frozen=True)
class BatchResult:
    issued: tuple[tuple[int, LetterData], ...]
    refused: tuple[tuple[int, str, str], ...]  # case id, reference, why
    combined_pdf: bytes
    cancelled: bool
