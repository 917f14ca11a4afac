"""Cases and staff belong to an office: staff are put in an office (audited), a case is taken in
at its taker's office and moved to the other (audited, its due date by the new calendar), queues
filter by office, and a case's letters carry its office as sender and return address."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from privacy_desk.domain.errors import PermissionDenied, ValidationError
from privacy_desk.domain.rules import Action
from privacy_desk.domain.vocabulary import Queue, UserRole
from privacy_desk.letters import LetterKind
from privacy_desk.services.base import Actor, ConflictError, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import QueueFilter
from privacy_desk.services.letters import LetterOptions, LetterService
from privacy_desk.services.offices import OfficeService
from privacy_desk.services.queues import QueueService
from privacy_desk.services.users import AdminService, authenticate, list_users
from privacy_desk.storage.models import AuditEntry
from tests.conftest import PASSWORD
from tests.letters.reading import pdf_pages, pdf_text, squash
from tests.services.factories import complaint_by_phone, disclosure_by_parent

NAHA_JA = "〒900-0036沖縄県那覇市西1-7-14"
TOKYO_JA = "〒170-0013東京都豊島区東池袋4-21-1アウルタワー609"


def _last_entry(context: Context, action: str) -> dict:
    with context.db.session() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id.desc())
        ).first()
    assert entry is not None
    return json.loads(entry.detail)


def _to_naha(context: Context, users: dict[str, Actor], who: str) -> None:
    AdminService(context, users["admin"]).set_user_office(users[who].user_id, "naha")


# ---------------------------------------------------------------- staff belong to an office


def test_an_administrator_puts_a_staff_member_in_naha_audited_old_to_new(
    context: Context, users: dict[str, Actor]
) -> None:
    assert {u.login: u.office_code for u in list_users(context, users["admin"])}["sato"] == "tokyo"
    moved = AdminService(context, users["admin"]).set_user_office(users["staff"].user_id, "naha")
    assert moved.office_code == "naha"
    detail = _last_entry(context, Action.MANAGE_USERS.value)
    assert detail["user"] == "sato"
    assert detail["office"] == {"old": "tokyo", "new": "naha"}
    assert {u.login: u.office_code for u in list_users(context, users["admin"])}["sato"] == "naha"


def test_a_user_is_added_in_the_office_named_and_an_unknown_office_is_refused(
    context: Context, users: dict[str, Actor]
) -> None:
    admin = AdminService(context, users["admin"])
    added = admin.add_user("higa", "比嘉 美咲", UserRole.STAFF, PASSWORD, office="naha")
    assert added.office_code == "naha"
    assert _last_entry(context, Action.MANAGE_USERS.value)["office"] == "naha"
    with pytest.raises(ValidationError, match="tokyo, naha"):
        admin.add_user("chinen", "知念 翔", UserRole.STAFF, PASSWORD, office="osaka")
    with pytest.raises(ValidationError, match="tokyo, naha"):
        admin.set_user_office(added.id, "osaka")
    assert "chinen" not in {u.login for u in list_users(context, users["admin"])}


def test_only_administrators_put_staff_in_an_office(
    context: Context, users: dict[str, Actor]
) -> None:
    with pytest.raises(PermissionDenied):
        AdminService(context, users["supervisor"]).set_user_office(users["staff"].user_id, "naha")


# ---------------------------------------------------------------- cases belong to an office


def test_intake_by_a_naha_staff_member_makes_a_naha_case(
    context: Context, users: dict[str, Actor]
) -> None:
    _to_naha(context, users, "staff")
    staff = authenticate(context, "sato", PASSWORD)
    case = CaseService(context, staff).intake(complaint_by_phone())
    assert case.office_code == "naha"
    tokyo_case = CaseService(context, users["staff2"]).intake(complaint_by_phone())
    assert tokyo_case.office_code == "tokyo"


def test_moving_a_case_is_audited_and_its_due_date_follows_the_naha_calendar(
    context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    due = case.deadlines.current_due.date()
    # Naha closes on the Tokyo case's due day (慰霊の日 style): only a move to Naha shifts it.
    AdminService(context, users["admin"]).add_closure(due, "慰霊の日", "naha")
    assert staff.get(case.id).deadlines.current_due.date() == due
    moved = staff.move_to_office(case.id, case.version, "naha")
    assert moved.office_code == "naha"
    assert moved.deadlines.current_due.date() > due
    assert moved.version > case.version
    detail = _last_entry(context, Action.MOVE_OFFICE.value)
    assert (detail["from_office"], detail["to_office"]) == ("tokyo", "naha")
    assert detail["current_due"] == moved.deadlines.current_due.isoformat()
    entry = next(e for e in moved.history if e.action == Action.MOVE_OFFICE.value)
    assert entry.what == "Case moved to another office"
    assert "tokyo → naha" in entry.text
    # And back: the Tokyo calendar again.
    back = staff.move_to_office(moved.id, moved.version, "tokyo")
    assert back.deadlines.current_due.date() == due


def test_a_move_to_the_same_office_or_from_an_old_version_changes_nothing(
    context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    with pytest.raises(ValidationError, match="already belongs"):
        staff.move_to_office(case.id, case.version, "tokyo")
    with pytest.raises(ValidationError, match="tokyo, naha"):
        staff.move_to_office(case.id, case.version, "osaka")
    staff.add_note(case.id, case.version, "電話で経過を説明")
    with pytest.raises(ConflictError):  # someone saved since this desk opened the case
        staff.move_to_office(case.id, case.version, "naha")
    assert staff.get(case.id).office_code == "tokyo"


def test_an_administrator_may_not_move_a_case(context: Context, users: dict[str, Actor]) -> None:
    case = CaseService(context, users["staff"]).intake(complaint_by_phone())
    with pytest.raises(PermissionDenied):
        CaseService(context, users["admin"]).move_to_office(case.id, case.version, "naha")


# ---------------------------------------------------------------- queues by office


def test_queues_and_their_counts_filter_by_office(
    context: Context, users: dict[str, Actor]
) -> None:
    tokyo = CaseService(context, users["staff"])
    tokyo_ids = {tokyo.intake(complaint_by_phone()).id for _ in range(2)}
    _to_naha(context, users, "staff2")
    naha = CaseService(context, authenticate(context, "kimura", PASSWORD))
    naha_id = naha.intake(complaint_by_phone()).id
    queues = QueueService(context, users["supervisor"])

    def ids(office: str | None) -> set[int]:
        return {r.id for r in queues.list(Queue.ALL_OPEN, QueueFilter(office=office)).rows}

    assert ids("naha") == {naha_id}
    assert ids("tokyo") == tokyo_ids
    assert ids(None) == tokyo_ids | {naha_id}
    assert queues.counts(QueueFilter(office="naha"))[Queue.ALL_OPEN] == 1
    assert queues.counts(QueueFilter(office="tokyo"))[Queue.ALL_OPEN] == 2
    assert queues.counts(QueueFilter())[Queue.ALL_OPEN] == 3
    page = queues.list(Queue.ALL_OPEN, QueueFilter(office="naha"))
    assert page.total == 1
    with pytest.raises(ValidationError, match="tokyo, naha"):
        queues.list(Queue.ALL_OPEN, QueueFilter(office="osaka"))


def test_staff_see_their_own_office_first_and_supervisors_may_choose(
    context: Context, users: dict[str, Actor]
) -> None:
    _to_naha(context, users, "staff2")
    naha_staff = QueueService(context, authenticate(context, "kimura", PASSWORD)).office_view()
    assert (naha_staff.default, naha_staff.may_choose) == ("naha", False)
    tokyo_staff = QueueService(context, users["staff"]).office_view()
    assert (tokyo_staff.default, tokyo_staff.may_choose) == ("tokyo", False)
    supervisor = QueueService(context, users["supervisor"]).office_view()
    assert supervisor.may_choose and [o.code for o in supervisor.offices] == ["tokyo", "naha"]
    assert QueueService(context, users["admin"]).office_view().may_choose


def test_due_soon_counts_by_each_rows_own_office_calendar(
    context: Context, users: dict[str, Actor], clock
) -> None:
    case = CaseService(context, users["staff"]).intake(complaint_by_phone())
    due = case.deadlines.current_due
    AdminService(context, users["admin"]).set_setting("due_soon_business_days", 1)
    # The day before the due day: one business day left in Tokyo.
    clock.moment = due - timedelta(days=1)
    queues = QueueService(context, users["supervisor"])
    assert case.id in {r.id for r in queues.list(Queue.DUE_SOON).rows}
    assert queues.counts(QueueFilter(office="tokyo"))[Queue.DUE_SOON] == 1
    assert queues.counts(QueueFilter(office="naha"))[Queue.DUE_SOON] == 0


def test_the_dashboard_figures_follow_the_office(context: Context, users: dict[str, Actor]) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(disclosure_by_parent())
    staff.take(case.id, case.version)
    queues = QueueService(context, users["supervisor"])
    assert queues.workload("tokyo") == {"佐藤 花子": 1}
    assert queues.workload("naha") == {}
    assert queues.workload() == {"佐藤 花子": 1}
    assert queues.legal_line_counts(400, "naha") == (0, 0)
    assert sum(queues.legal_line_counts(400, "tokyo")) == sum(queues.legal_line_counts(400))


# ---------------------------------------------------------------- letters carry the office


@pytest.mark.parametrize(
    ("office", "sender", "other"),
    [("tokyo", TOKYO_JA, NAHA_JA), ("naha", NAHA_JA, TOKYO_JA)],
    ids=["tokyo", "naha"],
)
def test_a_cases_letter_is_sent_from_its_office(
    context: Context, users: dict[str, Actor], office: str, sender: str, other: str
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(disclosure_by_parent())
    if office == "naha":
        case = staff.move_to_office(case.id, case.version, "naha")
    letters = LetterService(context, users["staff"])
    pdf = letters.preview(case.id, LetterKind.IDENTITY_REQUEST)
    text = squash(pdf_text(pdf))
    name = "那覇支部" if office == "naha" else "本部（東京）"
    # The sender block names the office and its address; the request to post documents back
    # names the same address; the foot lists both offices.
    assert f"{name}個人情報相談窓口{sender}" in text
    assert f"{sender}JACCES個人情報相談窓口あてに郵送" in text
    assert "那覇支部〒900-0036" in text and "本部（東京）〒170-0013" in text
    assert text.count(other) == len(pdf_pages(pdf))  # only in the foot of each page


def test_the_fax_cover_gives_the_cases_office_tel_and_fax(
    context: Context, users: dict[str, Actor]
) -> None:
    OfficeService(context, users["admin"]).update_office(
        "naha", {"tel": "098-861-0001", "fax": "098-861-0002"}
    )
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    letters = LetterService(context, users["staff"])
    options = LetterOptions(fax_number="03-3333-4444", fax_pages=2)
    tokyo = squash(pdf_text(letters.preview(case.id, LetterKind.FAX_COVER, options)))
    assert "098-861-0002" not in tokyo and "03-5904-8974" in tokyo
    case = staff.move_to_office(case.id, case.version, "naha")
    naha = squash(pdf_text(letters.preview(case.id, LetterKind.FAX_COVER, options)))
    assert "(Tel.098-861-0001/Fax098-861-0002)" in naha  # the From row of the cover
    assert "03-5904-8974" not in naha
