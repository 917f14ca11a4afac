"""One row per public service method: who may call it, and a call that succeeds for them.

tests/services/test_roles.py checks by introspection that every public method of every Service
subclass in privacy_desk/services has a row here (a new method without one fails), and that each
row's roles are allowed and all the others refused. tests/services/test_every_action.py calls the
rows that name an Action and counts the audit entries they leave.

A row's `prepare` brings a fresh case (made by a staff member and, where needed, a supervisor) to
the state the call needs; its `call` then runs as the actor under test.
"""

from __future__ import annotations

import contextlib
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from privacy_desk.domain.calendar import closed_by_rule
from privacy_desk.domain.rules import Action
from privacy_desk.domain.vocabulary import (
    AuthorityDocument,
    ContactDirection,
    ContactKind,
    DispatchMethod,
    IdentityDocument,
    IdentityMethod,
    Outcome,
    PauseReason,
    Queue,
    UserRole,
)
from privacy_desk.letters import LetterKind
from privacy_desk.services.backup import BackupService
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.case_watch import CaseWatch
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dashboard import DashboardService
from privacy_desk.services.demo import DemoService
from privacy_desk.services.dto import (
    CaseDetail,
    DecisionForm,
    IdentityForm,
    PersonForm,
    QueueFilter,
)
from privacy_desk.services.identity_scans import IdentityScanService
from privacy_desk.services.inbox import InboxService
from privacy_desk.services.letters import LetterService
from privacy_desk.services.offices import OfficeService
from privacy_desk.services.queues import QueueService
from privacy_desk.services.reports import Period, ReportService
from privacy_desk.services.retention import RetentionService
from privacy_desk.services.saved_filters import SavedFilterData, SavedFilterService
from privacy_desk.services.users import AdminService, LoginFailed, authenticate
from tests.conftest import mark_demo_database
from tests.services import emails, scans
from tests.services.factories import complaint_by_phone, disclosure_by_parent

WORKERS = frozenset({UserRole.STAFF, UserRole.SUPERVISOR})
SUPERVISOR = frozenset({UserRole.SUPERVISOR})
ADMIN = frozenset({UserRole.ADMIN})
EVERYONE = frozenset(UserRole)

LICENCE_AND_REGISTER = IdentityForm(
    IdentityMethod.DOCUMENTS,
    (IdentityDocument.DRIVERS_LICENCE,),
    ((AuthorityDocument.FAMILY_REGISTER, date(2026, 10, 1)),),
)


@dataclass
class World:
    """Cases brought to a state by the office's own people, for a call under test."""

    context: Context
    users: dict[str, Actor]
    made: dict[str, Any] = field(default_factory=dict)
    serial: int = 0

    def fresh(self) -> int:
        """A number no earlier call of this world used (logins and days must not repeat)."""
        self.serial += 1
        return self.serial

    def fresh_business_day(self) -> date:
        """A working day of 2027 no earlier call of this world used (a closure can be added only
        on a day that is not already closed: 22 March 2027, a Monday, is a substitute holiday)."""
        day = date(2027, 3, 1) + timedelta(weeks=self.fresh())
        while closed_by_rule(day) is not None:
            day = date(2027, 3, 1) + timedelta(weeks=self.fresh())
        return day

    @property
    def staff(self) -> CaseService:
        return CaseService(self.context, self.users["staff"])

    @property
    def supervisor(self) -> CaseService:
        return CaseService(self.context, self.users["supervisor"])

    def received(self) -> CaseDetail:
        return self.staff.intake(complaint_by_phone())

    def disclosure(self) -> CaseDetail:
        return self.staff.intake(disclosure_by_parent())

    def investigating(self) -> CaseDetail:
        case = self.received()
        return self.staff.start_investigation(case.id, case.version)

    def paused(self) -> CaseDetail:
        case = self.investigating()
        return self.staff.pause(case.id, case.version, PauseReason.CLARIFICATION)

    def decided(self) -> CaseDetail:
        case = self.investigating()
        return self.staff.record_decision(
            case.id, case.version, case.measures[0].id, DecisionForm(Outcome.ANSWERED)
        )

    def proposed(self) -> CaseDetail:
        case = self.decided()
        return self.staff.propose(case.id, case.version)

    def approved(self) -> CaseDetail:
        case = self.proposed()
        return self.supervisor.approve(case.id, case.version)

    def notice_sent(self) -> CaseDetail:
        case = self.approved()
        return self.staff.record_notice_sent(case.id, case.version, DispatchMethod.POST)

    def closed(self) -> CaseDetail:
        case = self.notice_sent()
        return self.staff.close(case.id, case.version)

    def with_task(self) -> tuple[CaseDetail, int]:
        case = self.received()
        case = self.staff.add_task(case.id, case.version, "折り返し電話")
        return case, case.tasks[-1].id

    def with_letter(self) -> tuple[CaseDetail, int]:
        case = self.received()
        letter = LetterService(self.context, self.users["staff"]).issue(
            case.id, case.version, LetterKind.ACKNOWLEDGEMENT
        )
        return self.staff.get(case.id), letter.id


Prepare = Callable[[World], Any]
Call = Callable[[Context, Actor, Any], object]


@dataclass(frozen=True)
class Row:
    roles: frozenset[UserRole]
    prepare: Prepare
    call: Call
    # The audit entry a successful call leaves (None: the call only reads and records nothing).
    action: Action | None = None
    # What a call made of several actions leaves instead, in order (a batch, demo data).
    audit: tuple[str, ...] | None = None

    @property
    def entries(self) -> tuple[str, ...]:
        if self.audit is not None:
            return self.audit
        return (self.action.value,) if self.action else ()


def _case(ctx: Context, who: Actor) -> CaseService:
    return CaseService(ctx, who)


def _letters(ctx: Context, who: Actor) -> LetterService:
    return LetterService(ctx, who)


def _admin(ctx: Context, who: Actor) -> AdminService:
    return AdminService(ctx, who)


def _queues(ctx: Context, who: Actor) -> QueueService:
    return QueueService(ctx, who)


def _saved(ctx: Context, who: Actor) -> SavedFilterService:
    return SavedFilterService(ctx, who)


def _shared_filter(w: World) -> SavedFilterData:
    """A filter a supervisor shared with the office (every test user's)."""
    return _saved(w.context, w.users["supervisor"]).save(
        f"期限間近 {w.fresh()}", QueueFilter(), True, Queue.DUE_SOON
    )


def _second_case(w: World) -> tuple[CaseDetail, CaseDetail]:
    return w.received(), w.disclosure()


def _new_staff(w: World) -> int:
    """A staff member of their own, added by the administrator, for a call to change."""
    return (
        _admin(w.context, w.users["admin"])
        .add_user(f"ueno{w.fresh()}", "上野 美咲", UserRole.STAFF, "long enough pw")
        .id
    )


def _locked_staff(w: World) -> int:
    """A staff member locked out by failed log-ins (what unlock lifts)."""
    user = _admin(w.context, w.users["admin"]).add_user(
        f"ueno{w.fresh()}", "上野 美咲", UserRole.STAFF, "long enough pw"
    )
    for _ in range(5):
        with contextlib.suppress(LoginFailed):
            authenticate(w.context, user.login, "not the password")
    return user.id


# Key: "DefiningClass.method", as tests/services/test_roles.py finds them.
ROWS: dict[str, Row] = {
    # ---------------------------------------------------------------- intake
    "IntakeCalls.intake": Row(
        WORKERS,
        lambda w: complaint_by_phone(),
        lambda c, a, form: _case(c, a).intake(form),
        Action.INTAKE,
    ),
    "IntakeCalls.similar_cases": Row(
        EVERYONE,
        lambda w: w.received(),
        lambda c, a, case: _case(c, a).similar_cases(name="井上優子"),
        Action.READ_CASE,
    ),
    "MailIntakeCalls.intake_email": Row(
        WORKERS,
        lambda w: emails.plain(),
        lambda c, a, raw: _case(c, a).intake_email(raw),
        Action.INTAKE,
    ),
    "FaxCalls.attach_scans": Row(
        WORKERS,
        lambda w: w.received(),
        lambda c, a, case: _case(c, a).attach_scans(
            case.id, None, (("fax.pdf", scans.pdf(2)), ("fax.tif", scans.tiff(2)))
        ),
        Action.ADD_CONTACT,
    ),
    "InboxService.import_file": Row(
        WORKERS,
        lambda w: scans.pdf(1, text=f"FAX {uuid.uuid4().hex}"),
        lambda c, a, content: InboxService(c, a).import_file("fax.pdf", content),
        Action.INBOX_IMPORT,
    ),
    "InboxService.waiting": Row(
        EVERYONE,
        lambda w: None,
        lambda c, a, _none: InboxService(c, a).waiting(),
        Action.LIST_CASES,
    ),
    "InboxService.item": Row(
        EVERYONE,
        lambda w: InboxService(w.context, w.users["staff"]).import_file(
            "fax.pdf", scans.pdf(1, text=f"FAX {uuid.uuid4().hex}")
        ),
        lambda c, a, item: InboxService(c, a).item(item.id),
        Action.READ_CASE,
    ),
    "IntakeCalls.link": Row(
        WORKERS,
        _second_case,
        lambda c, a, p: _case(c, a).link(p[0].id, p[0].version, p[1].id),
        Action.LINK_CASES,
    ),
    # ---------------------------------------------------------------- reading a case
    "CaseWatch.change": Row(
        EVERYONE,
        lambda w: w.received(),
        lambda c, a, case: CaseWatch(c, a).change(case.id),
    ),
    "CaseViewCalls.get": Row(
        EVERYONE,
        lambda w: w.received(),
        lambda c, a, case: _case(c, a).get(case.id),
        Action.READ_CASE,
    ),
    "CaseViewCalls.attachment": Row(
        EVERYONE,
        lambda w: w.staff.attach_scans(w.received().id, None, (("fax.png", scans.png()),)),
        lambda c, a, case: _case(c, a).attachment(case.id, case.attachments[0].id),
        Action.READ_CASE,
    ),
    "CaseViewCalls.get_by_reference": Row(
        EVERYONE,
        lambda w: w.received(),
        lambda c, a, case: _case(c, a).get_by_reference(case.reference),
        Action.READ_CASE,
    ),
    # ---------------------------------------------------------------- case work
    "CaseWorkCalls.update_case": Row(
        WORKERS,
        lambda w: w.received(),
        lambda c, a, case: _case(c, a).update_case(case.id, case.version, summary="案内の停止希望"),
        Action.EDIT_CASE,
    ),
    "CaseWorkCalls.update_person": Row(
        WORKERS,
        lambda w: w.received(),
        lambda c, a, case: _case(c, a).update_person(
            case.id,
            case.version,
            case.requester.id,
            PersonForm("井上 優子", "イノウエ ユウコ", phone="080-7777-8888"),
        ),
        Action.EDIT_CASE,
    ),
    "CaseWorkCalls.confirm_identity": Row(
        WORKERS,
        lambda w: w.disclosure(),
        lambda c, a, case: _case(c, a).confirm_identity(
            case.id, case.version, LICENCE_AND_REGISTER
        ),
        Action.CONFIRM_IDENTITY,
    ),
    "CaseWorkCalls.take": Row(
        WORKERS,
        lambda w: w.received(),
        lambda c, a, case: _case(c, a).take(case.id, case.version),
        Action.TAKE,
    ),
    "CaseWorkCalls.assign": Row(
        SUPERVISOR,
        lambda w: (w.received(), w.users["staff2"].user_id),
        lambda c, a, p: _case(c, a).assign([p[0].id], p[1]),
        Action.ASSIGN,
    ),
    "CaseWorkCalls.move_to_office": Row(
        WORKERS,
        lambda w: w.received(),
        lambda c, a, case: _case(c, a).move_to_office(case.id, case.version, "naha"),
        Action.MOVE_OFFICE,
    ),
    "CaseWorkCalls.cases_taken_from_me": Row(
        WORKERS | ADMIN, lambda w: None, lambda c, a, _: _case(c, a).cases_taken_from_me()
    ),
    "CaseWorkCalls.add_contact": Row(
        WORKERS,
        lambda w: w.received(),
        lambda c, a, case: _case(c, a).add_contact(
            case.id, case.version, ContactKind.CALL, ContactDirection.IN, "経過の問い合わせ"
        ),
        Action.ADD_CONTACT,
    ),
    "CaseWorkCalls.add_note": Row(
        WORKERS,
        lambda w: w.received(),
        lambda c, a, case: _case(c, a).add_note(case.id, case.version, "確認済み"),
        Action.ADD_NOTE,
    ),
    "CaseWorkCalls.add_task": Row(
        WORKERS,
        lambda w: w.received(),
        lambda c, a, case: _case(c, a).add_task(case.id, case.version, "資料を探す"),
        Action.ADD_TASK,
    ),
    "CaseWorkCalls.set_task_done": Row(
        WORKERS,
        lambda w: w.with_task(),
        lambda c, a, p: _case(c, a).set_task_done(p[0].id, p[0].version, p[1]),
        Action.COMPLETE_TASK,
    ),
    # ---------------------------------------------------------------- the case's life
    "CaseLifeCalls.start_investigation": Row(
        WORKERS,
        lambda w: w.received(),
        lambda c, a, case: _case(c, a).start_investigation(case.id, case.version),
        Action.START_INVESTIGATION,
    ),
    "CaseLifeCalls.pause": Row(
        WORKERS,
        lambda w: w.investigating(),
        lambda c, a, case: _case(c, a).pause(case.id, case.version, PauseReason.CLARIFICATION),
        Action.PAUSE,
    ),
    "CaseLifeCalls.resume": Row(
        WORKERS,
        lambda w: w.paused(),
        lambda c, a, case: _case(c, a).resume(case.id, case.version),
        Action.RESUME,
    ),
    "CaseLifeCalls.extend": Row(
        WORKERS,
        lambda w: w.investigating(),
        lambda c, a, case: _case(c, a).extend(
            case.id, case.version, date(2027, 1, 29), "調査に時間を要するため"
        ),
        Action.EXTEND,
    ),
    "CaseLifeCalls.close": Row(
        WORKERS,
        lambda w: w.notice_sent(),
        lambda c, a, case: _case(c, a).close(case.id, case.version),
        Action.CLOSE,
    ),
    "CaseLifeCalls.withdraw": Row(
        WORKERS,
        lambda w: w.received(),
        lambda c, a, case: _case(c, a).withdraw(case.id, case.version, "取り下げの電話"),
        Action.WITHDRAW,
    ),
    "CaseLifeCalls.close_identity_unconfirmed": Row(
        WORKERS,
        lambda w: w.disclosure(),
        lambda c, a, case: _case(c, a).close_identity_unconfirmed(
            case.id, case.version, "期限までに書類が届かなかった"
        ),
        Action.CLOSE_UNCONFIRMED,
    ),
    "CaseLifeCalls.reopen": Row(
        SUPERVISOR,
        lambda w: w.closed(),
        lambda c, a, case: _case(c, a).reopen(case.id, case.version, "追加の申出があった"),
        Action.REOPEN,
    ),
    # ---------------------------------------------------------------- decisions
    "DecisionCalls.record_decision": Row(
        WORKERS,
        lambda w: w.investigating(),
        lambda c, a, case: _case(c, a).record_decision(
            case.id, case.version, case.measures[0].id, DecisionForm(Outcome.ANSWERED)
        ),
        Action.RECORD_DECISION,
    ),
    "DecisionCalls.record_fee": Row(
        WORKERS,
        lambda w: w.disclosure(),
        lambda c, a, case: _case(c, a).record_fee(case.id, case.version, 300),
        Action.RECORD_FEE,
    ),
    "DecisionCalls.propose": Row(
        WORKERS,
        lambda w: w.decided(),
        lambda c, a, case: _case(c, a).propose(case.id, case.version),
        Action.PROPOSE,
    ),
    "DecisionCalls.approve": Row(
        SUPERVISOR,
        lambda w: w.proposed(),
        lambda c, a, case: _case(c, a).approve(case.id, case.version),
        Action.APPROVE,
    ),
    "DecisionCalls.send_back": Row(
        SUPERVISOR,
        lambda w: w.proposed(),
        lambda c, a, case: _case(c, a).send_back(case.id, case.version, "理由を補ってください"),
        Action.SEND_BACK,
    ),
    "DispatchCalls.record_notice_sent": Row(
        WORKERS,
        lambda w: w.approved(),
        lambda c, a, case: _case(c, a).record_notice_sent(
            case.id, case.version, DispatchMethod.POST
        ),
        Action.RECORD_NOTICE_SENT,
    ),
    # ---------------------------------------------------------------- letters
    "LetterService.preview": Row(
        WORKERS | ADMIN,
        lambda w: w.received(),
        lambda c, a, case: _letters(c, a).preview(case.id, LetterKind.ACKNOWLEDGEMENT),
        Action.READ_CASE,
    ),
    "LetterService.render_for_reference": Row(
        WORKERS | ADMIN,
        lambda w: w.received(),
        lambda c, a, case: _letters(c, a).render_for_reference(
            case.reference, "acknowledgement", None
        ),
        Action.READ_CASE,
    ),
    "LetterService.issue": Row(
        WORKERS,
        lambda w: w.received(),
        lambda c, a, case: _letters(c, a).issue(case.id, case.version, LetterKind.ACKNOWLEDGEMENT),
        Action.ISSUE_LETTER,
    ),
    "LetterService.pdf": Row(
        WORKERS | ADMIN,
        lambda w: w.with_letter(),
        lambda c, a, p: _letters(c, a).pdf(p[1]),
        Action.READ_CASE,
    ),
    "LetterService.record_dispatch": Row(
        WORKERS,
        lambda w: w.with_letter(),
        lambda c, a, p: _letters(c, a).record_dispatch(
            p[1], DispatchMethod.POST, version=p[0].version
        ),
        Action.ADD_CONTACT,
    ),
    "LetterService.issue_batch": Row(
        WORKERS,
        lambda w: w.received(),
        lambda c, a, case: _issue_batch(c, a, case),
        # One issue per case, each its own action, and the printing of the merged copy.
        audit=(Action.ISSUE_LETTER.value, Action.READ_CASE.value),
    ),
    "LetterService.batch_plan": Row(
        EVERYONE,
        lambda w: w.received(),
        lambda c, a, case: _letters(c, a).batch_plan([case.id], LetterKind.ACKNOWLEDGEMENT),
    ),
    "LetterService.record_dispatch_batch": Row(
        WORKERS,
        lambda w: w.with_letter(),
        lambda c, a, p: _dispatch_batch(c, a, p[1]),
        Action.ADD_CONTACT,
    ),
    "LetterService.template_text": Row(
        EVERYONE,
        lambda w: None,
        lambda c, a, _: _letters(c, a).template_text(LetterKind.ACKNOWLEDGEMENT, "ja"),
    ),
    "LetterService.save_template": Row(
        ADMIN,
        lambda w: LetterService(w.context, w.users["admin"]).template_text(
            LetterKind.ACKNOWLEDGEMENT, "ja"
        )[0],
        lambda c, a, text: _letters(c, a).save_template(LetterKind.ACKNOWLEDGEMENT, "ja", text),
        Action.MANAGE_SETTINGS,
    ),
    "LetterService.preview_template": Row(
        ADMIN,
        lambda w: LetterService(w.context, w.users["admin"]).template_text(
            LetterKind.ACKNOWLEDGEMENT, "ja"
        )[0],
        lambda c, a, text: _letters(c, a).preview_template(LetterKind.ACKNOWLEDGEMENT, "ja", text),
    ),
    "LetterService.reset_template": Row(
        ADMIN,
        lambda w: _saved_template(w),
        lambda c, a, _: _letters(c, a).reset_template(LetterKind.ACKNOWLEDGEMENT, "ja"),
        Action.MANAGE_SETTINGS,
    ),
    # ---------------------------------------------------------------- queues
    "QueueService.list": Row(
        EVERYONE,
        lambda w: w.received(),
        lambda c, a, _: _queues(c, a).list(Queue.ALL_OPEN),
        Action.LIST_CASES,
    ),
    "QueueService.counts": Row(
        EVERYONE, lambda w: w.received(), lambda c, a, _: _queues(c, a).counts()
    ),
    "QueueService.reveal_name": Row(
        EVERYONE,
        lambda w: w.received(),
        lambda c, a, case: _queues(c, a).reveal_name(case.id),
        Action.REVEAL_NAME,
    ),
    "QueueService.legal_line_counts": Row(
        EVERYONE, lambda w: w.received(), lambda c, a, _: _queues(c, a).legal_line_counts(5)
    ),
    "QueueService.workload": Row(
        EVERYONE, lambda w: w.received(), lambda c, a, _: _queues(c, a).workload()
    ),
    "QueueService.office_view": Row(
        EVERYONE, lambda w: None, lambda c, a, _: _queues(c, a).office_view()
    ),
    "QueueService.filter_counts": Row(
        EVERYONE,
        lambda w: w.received(),
        lambda c, a, _: _queues(c, a).filter_counts([(Queue.ALL_OPEN, QueueFilter())]),
    ),
    # ---------------------------------------------------------------- saved filters
    "SavedFilterService.save": Row(
        EVERYONE,
        lambda w: None,
        lambda c, a, _: _saved(c, a).save(f"未割当 {uuid.uuid4().hex[:6]}", QueueFilter(), True),
        Action.SAVE_FILTER,
    ),
    "SavedFilterService.list": Row(EVERYONE, lambda w: None, lambda c, a, _: _saved(c, a).list()),
    "SavedFilterService.apply": Row(
        EVERYONE,
        _shared_filter,
        lambda c, a, saved: _saved(c, a).apply(saved.id),
    ),
    "SavedFilterService.rename": Row(
        EVERYONE,
        lambda w: None,
        lambda c, a, _: _saved(c, a).rename(
            _saved(c, a).save(f"電話 {uuid.uuid4().hex[:6]}", QueueFilter(), False).id,
            f"電話受付 {uuid.uuid4().hex[:6]}",
        ),
        Action.RENAME_FILTER,
        audit=(Action.SAVE_FILTER.value, Action.RENAME_FILTER.value),
    ),
    "SavedFilterService.delete": Row(
        EVERYONE,
        lambda w: None,
        lambda c, a, _: _saved(c, a).delete(
            _saved(c, a).save(f"郵送 {uuid.uuid4().hex[:6]}", QueueFilter(), False).id
        ),
        Action.DELETE_FILTER,
        audit=(Action.SAVE_FILTER.value, Action.DELETE_FILTER.value),
    ),
    "InboxService.count_waiting": Row(
        EVERYONE, lambda w: None, lambda c, a, _none: InboxService(c, a).count_waiting()
    ),
    # ---------------------------------------------------------------- administration
    "AdminService.add_user": Row(
        ADMIN,
        lambda w: f"arai{w.fresh()}",
        lambda c, a, login: _admin(c, a).add_user(
            login, "新井 翼", UserRole.STAFF, "long enough pw"
        ),
        Action.MANAGE_USERS,
    ),
    "AdminService.set_user_office": Row(
        ADMIN,
        lambda w: w.users["staff2"].user_id,
        lambda c, a, user_id: _admin(c, a).set_user_office(user_id, "naha"),
        Action.MANAGE_USERS,
    ),
    "AdminService.set_active": Row(
        ADMIN,
        lambda w: w.users["staff2"].user_id,
        lambda c, a, user_id: _admin(c, a).set_active(user_id, False),
        Action.MANAGE_USERS,
    ),
    "AdminService.set_role": Row(
        ADMIN,
        lambda w: _new_staff(w),
        lambda c, a, user_id: _admin(c, a).set_role(user_id, UserRole.SUPERVISOR),
        Action.MANAGE_USERS,
    ),
    "AdminService.reset_password": Row(
        ADMIN,
        lambda w: _new_staff(w),
        lambda c, a, user_id: _admin(c, a).reset_password(user_id, "temporary 仮パスワード"),
        Action.MANAGE_USERS,
    ),
    "AdminService.unlock": Row(
        ADMIN,
        lambda w: _locked_staff(w),
        lambda c, a, user_id: _admin(c, a).unlock(user_id),
        Action.MANAGE_USERS,
    ),
    "AdminService.accounts": Row(ADMIN, lambda w: None, lambda c, a, _: _admin(c, a).accounts()),
    "AdminService.add_closure": Row(
        ADMIN,
        lambda w: w.fresh_business_day(),
        lambda c, a, day: _admin(c, a).add_closure(day, "創立記念日"),
        Action.MANAGE_CALENDAR,
    ),
    "AdminService.remove_closure": Row(
        ADMIN,
        lambda w: _closed_day(w),
        lambda c, a, day: _admin(c, a).remove_closure(day),
        Action.MANAGE_CALENDAR,
    ),
    "AdminService.set_setting": Row(
        ADMIN,
        lambda w: None,
        lambda c, a, _: _admin(c, a).set_setting("due_soon_business_days", 3),
        Action.MANAGE_SETTINGS,
    ),
    "AdminService.set_settings": Row(
        ADMIN,
        lambda w: None,
        lambda c, a, _: _admin(c, a).set_settings(
            {"target_business_days.disclosure": 12, "letterhead.organisation_ja": "見本協会"}
        ),
        Action.MANAGE_SETTINGS,
    ),
    "OfficeService.update_office": Row(
        ADMIN,
        lambda w: None,
        lambda c, a, _: OfficeService(c, a).update_office(
            "naha", {"hours_ja": "9:00～17:30（土日祝を除く）"}
        ),
        Action.MANAGE_SETTINGS,
    ),
    "DashboardService.figures": Row(
        frozenset({UserRole.SUPERVISOR, UserRole.ADMIN}),
        lambda w: w.received(),
        lambda c, a, _: DashboardService(c, a).figures("tokyo"),
    ),
    "DashboardService.legal_line_cases": Row(
        EVERYONE,
        lambda w: w.received(),
        lambda c, a, _: DashboardService(c, a).legal_line_cases(),
    ),
    "DashboardService.may_approve": Row(
        EVERYONE, lambda w: None, lambda c, a, _: DashboardService(c, a).may_approve()
    ),
    "IdentityScanService.due": Row(
        EVERYONE, lambda w: None, lambda c, a, _: IdentityScanService(c, a).due()
    ),
    "IdentityScanService.purge": Row(
        EVERYONE, lambda w: None, lambda c, a, _: IdentityScanService(c, a).purge()
    ),
    "ReportService.report": Row(
        frozenset({UserRole.SUPERVISOR, UserRole.ADMIN}),
        lambda w: None,
        lambda c, a, _: ReportService(c, a).report(Period.month(2026, 11), "naha", "ja"),
        Action.VIEW_REPORTS,
    ),
    "ReportService.monthly_on_time": Row(
        frozenset({UserRole.SUPERVISOR, UserRole.ADMIN}),
        lambda w: None,
        lambda c, a, _: ReportService(c, a).monthly_on_time(2026, "tokyo"),
        Action.VIEW_REPORTS,
    ),
    "DemoService.generate": Row(
        ADMIN,
        lambda w: mark_demo_database(w.context),
        lambda c, a, _: DemoService(c, a).generate(1),
        Action.DEMO_DATA,
        # Each invented case carries its own intake entry, chained like any other.
        audit=(Action.INTAKE.value, Action.DEMO_DATA.value),
    ),
    # ---------------------------------------------------------------- safekeeping
    "BackupService.create": Row(
        ADMIN,
        lambda w: _backup_file(w),
        lambda c, a, path: BackupService(c, a).create(path, BACKUP_PASSPHRASE),
        Action.BACKUP,
    ),
    "BackupService.state": Row(
        ADMIN,
        lambda w: None,
        lambda c, a, _: BackupService(c, a).state(),
        None,
    ),
    "BackupService.desk_key": Row(
        ADMIN,
        lambda w: None,
        lambda c, a, _: BackupService(c, a).desk_key(),
        Action.BACKUP,
        audit=("backup_key_shown",),
    ),
    "BackupService.set_daily": Row(
        ADMIN,
        lambda w: None,
        lambda c, a, _: BackupService(c, a).set_daily("", 7),
        Action.MANAGE_SETTINGS,
    ),
    "BackupService.restore_into_new_file": Row(
        ADMIN,
        lambda w: _made_backup(w),
        lambda c, a, backup: BackupService(c, a).restore_into_new_file(
            backup, BACKUP_PASSPHRASE, backup.with_name(f"restored-{uuid.uuid4().hex}.sqlite3")
        ),
        Action.RESTORE,
        audit=(),  # the restored database is another one: nothing is written to this one
    ),
    "RetentionService.review": Row(
        ADMIN,
        lambda w: None,
        lambda c, a, _: RetentionService(c, a).review(),
        Action.RETENTION,
        audit=("retention_review",),
    ),
    "RetentionService.apply": Row(
        ADMIN,
        lambda w: None,
        lambda c, a, _: RetentionService(c, a).apply(),
        Action.RETENTION,
        audit=("retention_run",),
    ),
}

# Public methods that are steps inside another call's unit of work (each takes the open session,
# or is the unit of work itself): the role was checked by the call that opened it.
INSIDE_A_UNIT_OF_WORK = {
    "Service.unit_of_work",
    "Service.record",
    "Service.clean_text",
    "CaseCalls.record",
    "DemoService.ensure_users",
    # The log-in check of unit_of_work alone, before work done outside the database (a file).
    "Service.check",
    # Takes the open session of the call that renders or issues the letter.
    "LetterService.build_context",
}


def _dispatch_batch(ctx: Context, who: Actor, letter_id: int) -> object:
    refused = LetterService(ctx, who).record_dispatch_batch([letter_id], DispatchMethod.POST)
    assert not refused, refused
    return refused


def _issue_batch(ctx: Context, who: Actor, case: CaseDetail) -> object:
    result = LetterService(ctx, who).issue_batch([case.id], LetterKind.ACKNOWLEDGEMENT)
    assert not result.refused, result.refused
    return result


def _saved_template(w: World) -> None:
    admin = LetterService(w.context, w.users["admin"])
    text, _ = admin.template_text(LetterKind.ACKNOWLEDGEMENT, "ja")
    admin.save_template(LetterKind.ACKNOWLEDGEMENT, "ja", text + "\n")


BACKUP_PASSPHRASE = "correct horse battery staple"


def _backup_file(w: World) -> Path:
    return Path(tempfile.mkdtemp()) / f"office-{w.fresh()}.pdbackup"


def _made_backup(w: World) -> Path:
    path = _backup_file(w)
    BackupService(w.context, w.users["admin"]).create(path, BACKUP_PASSPHRASE)
    return path


def _closed_day(w: World) -> date:
    day = w.fresh_business_day()
    AdminService(w.context, w.users["admin"]).add_closure(day, "創立記念日")
    return day
