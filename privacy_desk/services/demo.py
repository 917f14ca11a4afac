"""Demo data: plausible, invented cases for trying the application and for benchmarks.

Demo data goes only into a demo database (storage.demo_mark): an empty one is marked when the
first demo data goes in, a database with the office's own cases or users is refused, so the
demo accounts (with their published password) never exist beside real ones.

Every name, address and number is made up from short lists; nothing here is anyone's real data.
Rows go in with bulk inserts in batches, so 100,000 cases take seconds, not hours; each batch is
committed on its own, so other desks keep working while demo data is made.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.orm import Session

from privacy_desk.domain.calendar import JST
from privacy_desk.domain.errors import RuleViolation
from privacy_desk.domain.rules import MINORS_ONLY_ROLES, Action
from privacy_desk.domain.vocabulary import (
    OUTCOMES_BY_KIND,
    OUTCOMES_NEEDING_DISCLOSURE_GROUND,
    OUTCOMES_NEEDING_REASONS,
    CaseStatus,
    Channel,
    ClosureKind,
    ContactDirection,
    ContactKind,
    DisclosureMethod,
    DisclosureRefusalGround,
    Outcome,
    PauseReason,
    PaymentMethod,
    RequesterRole,
    RequestKind,
    SuspensionGround,
    UserRole,
)
from privacy_desk.i18n import _
from privacy_desk.services import settings as settings_store
from privacy_desk.services.base import Actor, Context, Service
from privacy_desk.services.case_base import next_serial
from privacy_desk.services.dto import DECISION_TEXTS
from privacy_desk.services.fake_people import FAMILY as FAMILY
from privacy_desk.services.fake_people import _law_firm
from privacy_desk.services.fake_people import fake_person as fake_person
from privacy_desk.services.offices import default_office_id, office_by_code
from privacy_desk.storage import audit, audit_state, demo_mark
from privacy_desk.storage.locks import begin_write
from privacy_desk.storage.models import (
    Case,
    Contact,
    Extension,
    Fee,
    Measure,
    Note,
    Pause,
    Person,
    User,
)

REQUEST_TEXTS = {
    RequestKind.DISCLOSURE: "保有している個人データの開示を求めます。",
    RequestKind.PROVISION_RECORDS: "第三者提供記録の開示を求めます。",
    RequestKind.CORRECTION: "登録されている住所を訂正してください。",
    RequestKind.SUSPENSION: "メールマガジンへの利用を停止してください。",
    RequestKind.THIRD_PARTY_STOP: "提携団体への提供を停止してください。",
    RequestKind.PURPOSE_NOTICE: "個人情報の利用目的を通知してください。",
    RequestKind.INQUIRY: "個人情報の取扱いについて問い合わせたい。",
    RequestKind.OPINION: "プライバシーポリシーについて意見があります。",
    RequestKind.QUESTION: "セミナー申込時の情報の保存期間を知りたい。",
    RequestKind.COMPLAINT: "セミナー案内が何度も届くことへの苦情。",
    RequestKind.CONCERN: "情報漏えいがないか心配している。",
    RequestKind.COOKIE_QUESTION: "Webサイトのクッキーについて質問。",
}
_FLOW = [
    CaseStatus.RECEIVED,
    CaseStatus.AWAITING_REQUESTER,
    CaseStatus.IN_INVESTIGATION,
    CaseStatus.DECISION_PROPOSED,
    CaseStatus.APPROVED,
    CaseStatus.NOTICE_SENT,
    CaseStatus.CLOSED,
]
# Statuses in which a demo case may have had its reply date extended.
_EXTENDABLE = (
    CaseStatus.IN_INVESTIGATION,
    CaseStatus.DECISION_PROPOSED,
    CaseStatus.APPROVED,
    CaseStatus.NOTICE_SENT,
)
# Kinds of request that carry a fee (APPI Art. 38).
_CHARGED = (RequestKind.DISCLOSURE, RequestKind.PROVISION_RECORDS, RequestKind.PURPOSE_NOTICE)
# Where demo fees are paid, when the office has not set its own account (invented).
DEMO_FEE_ACCOUNT = {
    "fee_bank": "デモ銀行",
    "fee_branch": "本店営業部",
    "fee_account_number": "1234567",
    "fee_payee_kana": "ジヤクセス",
}
DEMO_PASSWORD = "demo-password-1"
DEMO_USERS = [
    ("sato", "佐藤 花子", UserRole.STAFF),
    ("kimura", "木村 直樹", UserRole.STAFF),
    ("higa", "比嘉 さくら", UserRole.STAFF),
    ("ito", "伊藤 健", UserRole.SUPERVISOR),
    ("mori", "森 由美", UserRole.SUPERVISOR),
]
# The demo database's own administrator (made when the desk itself sets up a demo database;
# `privacy-desk demo-data` keeps the first administrator who runs it).
DEMO_ADMIN = ("demo-admin", "見本 管理者", UserRole.ADMIN)
BATCH = 2000
# The demo staff member who works at the Naha branch; the cases they own are Naha's.
NAHA_DEMO_LOGIN = "higa"


def decision_texts(outcome: Outcome | None, received: datetime) -> dict[str, Any]:
    """What a notice of this outcome must say, so demo letters can be rendered."""
    decided_on = (received + timedelta(days=8)).date() if outcome else None
    texts: dict[str, Any] = {name: "" for name in DECISION_TEXTS if name != "reasons"}
    texts.update(method=None, action_date=decided_on)
    if outcome in (Outcome.DISCLOSED_FULL, Outcome.DISCLOSED_PART):
        texts["method"] = DisclosureMethod.PAPER.value
        texts["enclosures"] = "保有個人データの写し 一式"
    if outcome is Outcome.DISCLOSED_PART:
        texts["withheld_parts"] = "面談記録のうち相談員のメモ1件"
    if outcome is Outcome.CORRECTED:
        texts["changes"] = "東京都渋谷区渋谷1-2-3 → 東京都新宿区新宿4-5-6"
    if outcome is Outcome.ADDED:
        texts["changes"] = "東京都新宿区新宿4-5-6 新宿サンプルビル302号室（建物名と部屋番号を追加）"
    if outcome is Outcome.DELETED:
        texts["changes"] = "東京都渋谷区渋谷1-2-3（旧住所） → "
    if outcome is Outcome.ALTERNATIVE_MEASURE:
        texts["alternative_measure"] = "案内の送付対象から除外しました。"
    if outcome is Outcome.PURPOSES_NOTIFIED:
        texts["purposes"] = "お問い合わせへの対応、サービス変更等の重要なお知らせ"
    if outcome is Outcome.STOPPED:
        texts["provided_data_note"] = "提供済みのデータは提供先で削除されました。"
    if outcome is Outcome.ANSWERED:
        texts["facts"] = "ご指摘の事実を確認しました（デモ）。"
        texts["view"] = "ご意見として承り、今後の運用に活かします（デモ）。"
    return texts


def is_demo(context: Context) -> bool:
    """Whether the desk's database is a demo database (its letters print 見本 / SPECIMEN)."""
    with context.db.session() as session:
        return demo_mark.is_demo(session)


def set_up_demo_database(context: Context) -> Actor:
    """An empty database made a demo database with its demo administrator, who is returned
    logged in (to add the demo data with :class:`DemoService`). One transaction, audited;
    a database with users or cases is refused and left as it was."""
    from privacy_desk.services.users import _new_user, authenticate

    login, name, role = DEMO_ADMIN
    with context.db.session() as session:
        if not demo_mark.is_empty(session):
            raise RuleViolation(
                _(
                    "This database already has users or cases, so it can not become a demo "
                    "database. Nothing was changed."
                )
            )
        demo_mark.mark_demo(session)
        _new_user(session, login, name, role, DEMO_PASSWORD)
        audit.append(
            session,
            f"first-run:{login}",
            Action.DEMO_DATA.value,
            None,
            {"marked_demo": True, "added": login, "role": role.value},
            at=context.now(),
        )
    return authenticate(context, login, DEMO_PASSWORD)


class DemoService(Service):
    """Fill a database with invented cases (administrators only)."""

    def ensure_users(self, session: Session) -> list[int]:
        from privacy_desk.services.users import _new_user

        ids = []
        for login, name, role in DEMO_USERS:
            existing = session.scalar(select(User.id).where(User.login == login))
            office = "naha" if login == NAHA_DEMO_LOGIN else None
            ids.append(existing or _new_user(session, login, name, role, DEMO_PASSWORD, office).id)
        return ids

    def generate(
        self,
        count: int,
        seed: int = 1,
        progress: Callable[[int, int], bool] | None = None,
    ) -> int:
        """Add count invented cases; returns how many were made. progress may cancel (False)."""
        if count < 1:
            raise ValueError(_("The number of cases must be at least 1."))
        rng = random.Random(seed)
        with self.unit_of_work(Action.DEMO_DATA) as session:
            newly_marked = not demo_mark.is_demo(session)
            if newly_marked:
                if demo_mark.holds_real_data(session):
                    raise RuleViolation(
                        _(
                            "This database holds the office's own cases or users, so no demo "
                            "data was added and nothing was changed. Demo data goes only into a "
                            "demo database: an empty database of its own, such as the one "
                            "`privacy-desk --demo` opens."
                        )
                    )
                # Marked before the demo accounts exist: they only ever live in a demo database.
                demo_mark.mark_demo(session)
                self.record(session, Action.DEMO_DATA, None, marked_demo=True)
            user_ids = self.ensure_users(session)
            staff_ids = user_ids[:3]
            calendar = self.context.calendar(session)
            office = settings_store.load(session)
            if not office.fee_account_number:
                for key, value in DEMO_FEE_ACCOUNT.items():
                    settings_store.write(session, key, value)
            now = self.context.now()
        made = 0
        while made < count:
            size = min(BATCH, count - made)
            # One transaction per batch: another desk waits for one batch at most, never for the
            # whole run (its reads, log-in and saves would fail after the busy timeout).
            with self.unit_of_work(Action.DEMO_DATA) as session:
                begin_write(session)
                self._batch(session, rng, size, staff_ids, user_ids, calendar, office, now)
                self.record(session, Action.DEMO_DATA, None, cases=size, seed=seed)
            made += size
            if progress is not None and not progress(made, count):
                break
        return made

    def _batch(
        self,
        session: Session,
        rng: random.Random,
        size: int,
        staff_ids: list[int],
        user_ids: list[int],
        calendar: Any,
        office: settings_store.OfficeSettings,
        now: datetime,
    ) -> None:
        office_id = default_office_id(session)
        naha_id = office_by_code(session, "naha").id
        people = [fake_person(rng) for _ in range(size * 2)]
        result = session.execute(insert(Person).returning(Person.id), people)
        person_ids = list(result.scalars())
        cases, plans = [], []
        extended: dict[int, tuple[datetime, datetime]] = {}  # case index -> (was due, due now)
        kinds_all = list(RequestKind)
        roles = list(RequesterRole)
        for i in range(size):
            status = rng.choices(_FLOW, weights=[8, 6, 14, 4, 3, 3, 30])[0]
            # Open cases are recent, as in a working office; closed ones reach back further.
            span = 60 * 24 * (400 if status is CaseStatus.CLOSED else 18)
            received = (now - timedelta(minutes=rng.randint(30, span))).astimezone(JST)
            n_measures = 1 if rng.random() < 0.7 else 2
            kinds = rng.sample(kinds_all, n_measures)
            role = RequesterRole.PERSON if rng.random() < 0.7 else rng.choice(roles)
            target = office.target_for(kinds)
            paused = rng.randint(1, 4) if status.value != "received" and rng.random() < 0.2 else 0
            deadline = calendar.due(received, target, paused)
            ack = calendar.due(received, 1)
            year = received.year
            rights = any(k.is_rights_request for k in kinds)
            confirmed = (
                status not in (CaseStatus.RECEIVED, CaseStatus.AWAITING_REQUESTER)
                or rng.random() < 0.3
            )
            owner = rng.choice(staff_ids) if rng.random() < 0.8 else None
            author = owner or staff_ids[0]
            current_due = deadline.due
            if rights and status in _EXTENDABLE and rng.random() < 0.2:
                current_due = calendar.due(received, target + 10, paused).due
                extended[i] = (deadline.due, current_due)
            closure = None
            if status is CaseStatus.CLOSED:
                closure = rng.choices(list(ClosureKind), weights=[85, 10, 5])[0].value
            # The notice went out mostly within the target, sometimes late (the reports' figures).
            notified = status is CaseStatus.NOTICE_SENT or closure == ClosureKind.NOTIFIED.value
            notice_at = (
                # Drawn apart from `rng`, so that the other draws stay as they were.
                min(now, received + timedelta(days=random.Random(i).triangular(2, 24, 8)))
                if notified
                else None
            )
            cases.append(
                {
                    "year": year,
                    "channel": rng.choices(list(Channel), weights=[35, 30, 10, 15, 5, 5])[0].value,
                    "status": status.value,
                    "closure_kind": closure,
                    "requester_role": role.value,
                    "requester_id": person_ids[2 * i],
                    "subject_id": person_ids[2 * i + (0 if role is RequesterRole.PERSON else 1)],
                    "owner_id": owner,
                    "summary": " / ".join(REQUEST_TEXTS[k] for k in kinds),
                    "kinds": tuple(kinds),
                    "letter_language": "en" if rng.random() < 0.1 else "ja",
                    "large_print": rng.random() < 0.03,
                    "received_at": received,
                    "effective_receipt": deadline.effective_receipt,
                    "clock_start": received,
                    "acknowledgement_due": ack.due,
                    "target_business_days": target,
                    "original_due": calendar.due(received, target).due,
                    "current_due": current_due,
                    "paused_business_days": paused,
                    "legal_line": deadline.legal_line if rights else None,
                    "identity_confirmed_at": received + timedelta(days=1) if confirmed else None,
                    "authority_confirmed_at": received + timedelta(days=1)
                    if confirmed and role is not RequesterRole.PERSON
                    else None,
                    "decision_author_id": author if _FLOW.index(status) >= 3 else None,
                    "approved_by_id": user_ids[3] if _FLOW.index(status) >= 4 else None,
                    "send_back_comment": "",
                    # About 30% at the Naha branch: its staff member's cases and a share of the
                    # unassigned ones (by position, so the random draws stay as they were).
                    "office_id": naha_id
                    if owner == staff_ids[2] or (owner is None and i % 10 < 3)
                    else office_id,
                    "notice_sent_at": notice_at,
                    "closed_at": min(now, (notice_at or received) + timedelta(days=2))
                    if status is CaseStatus.CLOSED
                    else None,
                    "created_at": received,
                    "updated_at": received,
                    "version": 1,
                }
            )
            plans.append((kinds, status, received, paused))
        # A parent or a guardian of a minor acts for a child (rules.require_role_fits_subject).
        children = [
            {"pid": c["subject_id"], "born": c["received_at"].date() - timedelta(days=4400)}
            for c in cases
            if RequesterRole(c["requester_role"]) in MINORS_ONLY_ROLES
        ]
        if children:
            # On the connection: a plain executemany, not the ORM's versioned bulk update.
            session.connection().execute(
                update(Person)
                .where(Person.id == bindparam("pid"))
                .values(birth_date=bindparam("born")),
                children,
            )
        # An appointed agent is often a law firm: the letter goes to the lawyer there.
        firms = [
            {"pid": c["requester_id"], "firm": _law_firm(rng, people[2 * i]["address"])}
            for i, c in enumerate(cases)
            if RequesterRole(c["requester_role"]) is RequesterRole.AGENT
        ]
        if firms:
            session.connection().execute(
                update(Person)
                .where(Person.id == bindparam("pid"))
                .values(organisation=bindparam("firm")),
                firms,
            )
        for year in sorted({c["year"] for c in cases}):
            mine = [c for c in cases if c["year"] == year]
            first = next_serial(session, f"case-{year}", block=len(mine))
            for offset, case in enumerate(sorted(mine, key=lambda c: c["received_at"])):
                case["serial"] = first + offset
                case["reference"] = f"PD-{year}-{first + offset:06d}"
        ids = list(session.execute(insert(Case).returning(Case.id), cases).scalars())
        measures, contacts, notes, pauses = [], [], [], []
        extensions, fees = [], []
        for index, (case_id, (kinds, status, received, paused)) in enumerate(
            zip(ids, plans, strict=True)
        ):
            if index in extended:
                was_due, due_now = extended[index]
                extensions.append(
                    {
                        "case_id": case_id,
                        "reason": "記録が本部と支所の双方にあり、調査に時間を要するため（デモ）。",
                        "previous_due": was_due,
                        "new_due": due_now,
                        "created_by_login": "demo",
                        "created_at": received + timedelta(days=2),
                    }
                )
            if any(k in _CHARGED for k in kinds):
                paid = rng.random() < 0.5
                fees.append(
                    {
                        "case_id": case_id,
                        "amount_yen": 300,
                        "payment_method": rng.choice(
                            [PaymentMethod.BANK_TRANSFER, PaymentMethod.POSTAL_ORDER]
                        ).value,
                        "charged_on": received.date(),
                        "received_on": (received + timedelta(days=3)).date() if paid else None,
                        "pay_by": None,
                        "note": "",
                        "created_by_login": "demo",
                    }
                )
            decided = _FLOW.index(status) >= 3 or (
                status is CaseStatus.IN_INVESTIGATION and rng.random() < 0.3
            )
            for position, kind in enumerate(kinds):
                outcome = rng.choice(OUTCOMES_BY_KIND[kind]) if decided else None
                measures.append(
                    {
                        "case_id": case_id,
                        "position": position,
                        "kind": kind.value,
                        "requested": REQUEST_TEXTS[kind],
                        "method_requested": DisclosureMethod.PAPER.value
                        if kind is RequestKind.DISCLOSURE
                        else None,
                        "suspension_grounds": (SuspensionGround.BEYOND_PURPOSE,)
                        if kind is RequestKind.SUSPENSION
                        else (),
                        "third_party_recipient": "提携団体"
                        if kind is RequestKind.THIRD_PARTY_STOP
                        else "",
                        "outcome": outcome.value if outcome else None,
                        "disclosure_grounds": (
                            DisclosureRefusalGround.HARM_TO_PERSON_OR_THIRD_PARTY,
                        )
                        if outcome in OUTCOMES_NEEDING_DISCLOSURE_GROUND
                        else (),
                        "reasons": "調査の結果に基づく理由（デモ）。"
                        if outcome in OUTCOMES_NEEDING_REASONS
                        else "",
                        **decision_texts(outcome, received),
                        "version": 1,
                    }
                )
            contacts.append(
                {
                    "case_id": case_id,
                    "kind": ContactKind.CALL.value,
                    "direction": ContactDirection.IN.value,
                    "occurred_at": received,
                    "summary": "受付時の記録（デモ）。",
                    "tracking_number": "",
                    "created_by_login": "demo",
                    "created_at": received,
                }
            )
            if rng.random() < 0.4:
                notes.append(
                    {
                        "case_id": case_id,
                        "text": "担当部署に照会済み（デモ）。",
                        "author_login": "demo",
                        "created_at": received + timedelta(hours=3),
                        "version": 1,
                    }
                )
            if paused or status is CaseStatus.AWAITING_REQUESTER:
                pauses.append(
                    {
                        "case_id": case_id,
                        "reason": PauseReason.IDENTITY_DOCUMENTS.value,
                        "note": "",
                        "resume_to": CaseStatus.RECEIVED.value,
                        "started_at": received + timedelta(hours=1),
                        "ended_at": None
                        if status is CaseStatus.AWAITING_REQUESTER
                        else received + timedelta(days=5),
                        "business_days": paused,
                    }
                )
        session.execute(insert(Measure), measures)
        session.execute(insert(Contact), contacts)
        if notes:
            session.execute(insert(Note), notes)
        if pauses:
            session.execute(insert(Pause), pauses)
        if extensions:
            session.execute(insert(Extension), extensions)
        if fees:
            session.execute(insert(Fee), fees)
        self._history(session, ids, plans)

    def _history(self, session: Session, ids: list[int], plans: list[tuple]) -> None:
        """An intake entry per case, chained like every other audit entry, with its state."""
        states = audit_state.case_states(session, ids)
        rows = [
            {
                "at": received,
                "actor": "demo",
                "action": Action.INTAKE.value,
                "case_id": case_id,
                "detail": {"demo": True, "kinds": [k.value for k in kinds], "status": status.value},
                "state": states[case_id],
            }
            for case_id, (kinds, status, received, _paused) in zip(ids, plans, strict=True)
        ]
        audit.append_many(session, rows)
