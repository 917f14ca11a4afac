"""Queues: which case lands where, search across names and notes, paging, sorting, masking."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from privacy_desk.domain.vocabulary import (
    CaseStatus,
    Channel,
    DeadlineState,
    IdentityMethod,
    Outcome,
    PauseReason,
    Queue,
    RequestKind,
)
from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.demo import DemoService
from privacy_desk.services.dto import (
    DecisionForm,
    IdentityForm,
    IntakeForm,
    PersonForm,
    QueueFilter,
)
from privacy_desk.services.queues import QueueService
from privacy_desk.services.users import AdminService
from tests.conftest import Clock, mark_demo_database
from tests.services.factories import (
    complaint_by_phone,
    correction_by_email,
    disclosure_by_parent,
    moment,
)


def refs(page) -> set[str]:
    return {row.reference for row in page.rows}


def test_each_queue(context: Context, users: dict, clock: Clock) -> None:
    sato = CaseService(context, users["staff"])
    kimura = CaseService(context, users["staff2"])
    unassigned = sato.intake(complaint_by_phone())
    mine = sato.take(sato.intake(correction_by_email()).id, None)
    theirs = kimura.take(kimura.intake(disclosure_by_parent()).id, None)
    paused = sato.pause(theirs.id, theirs.version, PauseReason.IDENTITY_DOCUMENTS)
    proposed = sato.intake(complaint_by_phone())
    proposed = sato.start_investigation(proposed.id, proposed.version)
    proposed = sato.record_decision(
        proposed.id, proposed.version, proposed.measures[0].id, DecisionForm(Outcome.ANSWERED)
    )
    proposed = sato.propose(proposed.id, proposed.version)

    q = QueueService(context, users["staff"])
    assert refs(q.list(Queue.MINE)) == {mine.reference}
    assert refs(q.list(Queue.UNASSIGNED)) == {unassigned.reference, proposed.reference}
    assert refs(q.list(Queue.AWAITING_REQUESTER)) == {paused.reference}
    assert refs(q.list(Queue.ALL_OPEN)) == {
        unassigned.reference,
        mine.reference,
        paused.reference,
        proposed.reference,
    }
    assert refs(q.list(Queue.CLOSED)) == set()
    sup = QueueService(context, users["supervisor"])
    assert refs(sup.list(Queue.AWAITING_APPROVAL)) == {proposed.reference}
    # the author's own proposal never waits for their own approval
    sato_sup = QueueService(context, users["staff"])
    assert refs(sato_sup.list(Queue.AWAITING_APPROVAL)) == set()

    # Time passes: acknowledgement-day cases become due soon, then overdue; paused ones do not.
    clock.set(2026, 12, 7, 10, 0)
    due_soon = refs(q.list(Queue.DUE_SOON))
    assert unassigned.reference in due_soon and paused.reference not in due_soon
    clock.set(2026, 12, 9, 10, 0)
    overdue = q.list(Queue.OVERDUE)
    assert unassigned.reference in refs(overdue) and paused.reference not in refs(overdue)
    row = next(r for r in overdue.rows if r.reference == unassigned.reference)
    assert row.state is DeadlineState.OVERDUE
    assert row.business_days_left == -1
    counts = q.counts()
    assert counts[Queue.OVERDUE] == overdue.total
    assert counts[Queue.ALL_OPEN] == 4


def test_search_is_width_and_kana_blind(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    taro = staff.intake(
        IntakeForm(
            **{**vars(complaint_by_phone()), "requester": PersonForm("山田 太郎", "ヤマダ タロウ")}
        )
    )
    other = staff.intake(correction_by_email())
    staff.add_note(other.id, other.version, "セミナー申込書を確認した")
    q = QueueService(context, users["staff"])
    for typed in ("やまだ", "ﾔﾏﾀﾞ", "ヤマダ　タロウ", "山田", "山田　太郎"):
        assert refs(q.list(Queue.ALL_OPEN, QueueFilter(search=typed))) == {taro.reference}, typed
    assert refs(q.list(Queue.ALL_OPEN, QueueFilter(search="申込書"))) == {other.reference}
    assert refs(q.list(Queue.ALL_OPEN, QueueFilter(search=other.reference))) == {other.reference}
    assert refs(q.list(Queue.ALL_OPEN, QueueFilter(search="100%_"))) == set()


def test_filters_sort_and_paging_on_demo_data(context: Context, users: dict) -> None:
    mark_demo_database(context)
    DemoService(context, users["admin"]).generate(600, seed=7)
    q = QueueService(context, users["supervisor"])
    everything = q.list(Queue.ALL_OPEN, limit=10_000)
    by_channel = q.list(Queue.ALL_OPEN, QueueFilter(channels=(Channel.FAX,)), limit=10_000)
    assert 0 < by_channel.total < everything.total
    assert all(r.channel is Channel.FAX for r in by_channel.rows)
    by_kind = q.list(Queue.ALL_OPEN, QueueFilter(kinds=(RequestKind.DISCLOSURE,)), limit=10_000)
    assert by_kind.total and all(RequestKind.DISCLOSURE in r.kinds for r in by_kind.rows)
    owner = next(r.owner_id for r in everything.rows if r.owner_id)
    by_owner = q.list(Queue.ALL_OPEN, QueueFilter(owner_id=owner), limit=10_000)
    assert by_owner.total and {r.owner_id for r in by_owner.rows} == {owner}
    start = date(2026, 11, 10)
    by_date = q.list(Queue.ALL_OPEN, QueueFilter(received_from=start), limit=10_000)
    assert all(r.received_at.date() >= date(2026, 11, 9) for r in by_date.rows)
    assert by_date.total < everything.total

    first = q.list(Queue.ALL_OPEN, sort="reference", limit=50)
    second = q.list(Queue.ALL_OPEN, sort="reference", offset=50, limit=50)
    assert first.total == everything.total
    ordered = [r.reference for r in first.rows] + [r.reference for r in second.rows]
    assert ordered == sorted(ordered) and len(set(ordered)) == 100
    backwards = q.list(Queue.ALL_OPEN, sort="received", descending=True, limit=20)
    times = [r.received_at for r in backwards.rows]
    assert times == sorted(times, reverse=True)


def test_masked_names_and_audited_reveal(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(disclosure_by_parent())
    AdminService(context, users["admin"]).set_setting("mask_names_in_lists", True)
    q = QueueService(context, users["staff"])
    assert q.list(Queue.ALL_OPEN).rows[0].requester_name == "鈴木 ＊＊"
    assert q.reveal_name(case.id) == "鈴木 恵子"
    with context.db.session() as session:
        reveals = session.scalar(text("select count(*) from audit where action = 'reveal_name'"))
    assert reveals == 1


@pytest.mark.parametrize("status", [CaseStatus.RECEIVED])
def test_identity_then_investigation_leaves_unassigned(
    context: Context, users: dict, status: CaseStatus
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    case = staff.confirm_identity(case.id, case.version, IdentityForm(IdentityMethod.IN_PERSON))
    assert case.status is status
    case = staff.start_investigation(case.id, case.version)
    assert refs(QueueService(context, users["staff"]).list(Queue.UNASSIGNED)) == {case.reference}


def test_legal_line_counts(context: Context, users: dict, clock: Clock) -> None:
    staff = CaseService(context, users["staff"])
    early = staff.intake(disclosure_by_parent(moment(2026, 11, 10, 10, 0)))  # line 11-24
    staff.intake(correction_by_email(moment(2026, 11, 13, 10, 0)))  # line 11-27
    staff.intake(complaint_by_phone(moment(2026, 11, 10, 10, 0)))  # no legal line
    staff.intake(correction_by_email(moment(2026, 11, 20, 10, 0)))  # line 12-04
    clock.set(2026, 11, 25, 10, 0)
    q = QueueService(context, users["supervisor"])
    assert q.legal_line_counts(3) == (1, 1)
    assert q.legal_line_counts(10) == (1, 2)
    staff.withdraw(early.id, None)
    assert q.legal_line_counts(3) == (0, 1)


def test_legal_line_near_and_passed_on_the_case(
    context: Context, users: dict, clock: Clock
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email(moment(2026, 11, 13, 10, 0)))  # line 11-27
    clock.set(2026, 11, 23, 10, 0)
    d = staff.get(case.id).deadlines
    assert (d.legal_line_near, d.legal_line_passed) == (False, False)
    clock.set(2026, 11, 25, 10, 0)
    d = staff.get(case.id).deadlines
    assert (d.legal_line_near, d.legal_line_passed) == (True, False)
    clock.set(2026, 11, 28, 10, 0)
    d = staff.get(case.id).deadlines
    assert (d.legal_line_near, d.legal_line_passed) == (False, True)
