"""What the audit trail keeps of the administrator's changes (issue 9): a closure's reason, added
and removed; the due dates a closure moved, old and new, in the case's history in both languages;
a template's old and new text as a digest, never the text. And the closures refused on a day the
office is closed anyway (weekend, national holiday, year-end)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date, datetime

import pytest
from sqlalchemy import select

from privacy_desk.domain.errors import ValidationError
from privacy_desk.i18n import set_language
from privacy_desk.letters import LetterKind
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.letters import LetterService
from privacy_desk.services.users import AdminService, list_closures
from privacy_desk.storage.models import AuditEntry
from tests.conftest import Clock
from tests.services.factories import complaint_by_phone, moment

IREI_NO_HI = date(2027, 6, 23)  # a Wednesday; Okinawa's memorial day, no national holiday


@pytest.fixture
def japanese() -> Iterator[None]:
    set_language("ja")
    try:
        yield
    finally:
        set_language("en")


def details(context: Context, action: str) -> list[dict]:
    with context.db.session() as session:
        rows = session.scalars(
            select(AuditEntry.detail).where(AuditEntry.action == action).order_by(AuditEntry.id)
        )
        return [json.loads(row) for row in rows]


def test_a_closure_added_and_removed_keeps_its_reason_in_the_audit_trail(
    context: Context, users: dict[str, Actor]
) -> None:
    admin = AdminService(context, users["admin"])
    admin.add_closure(IREI_NO_HI, " 慰霊の日 ", "naha")
    admin.remove_closure(IREI_NO_HI, "naha")
    added, removed = details(context, "manage_calendar")
    assert added["closure"] == "2027-06-23" and added["reason"] == "慰霊の日"
    assert removed["removed_closure"] == "2027-06-23" and removed["reason"] == "慰霊の日"
    assert added["office"] == removed["office"] == "naha"


def test_a_due_date_moved_by_a_closure_is_kept_old_and_new_and_read_in_both_languages(
    context: Context, users: dict[str, Actor], clock: Clock
) -> None:
    clock.set(2027, 6, 14, 15, 0)
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone(moment(2027, 6, 14, 14)))
    old = case.deadlines.current_due
    AdminService(context, users["admin"]).add_closure(date(2027, 6, 25), "臨時休業")
    new = staff.get(case.id).deadlines.current_due
    assert new > old
    (moved,) = details(context, "due_moved")
    assert moved == {
        "closure": "2027-06-25",
        "due": {"old": "2027-06-28T18:00:00+09:00", "new": "2027-06-29T18:00:00+09:00"},
    }
    assert (old, new) == tuple(datetime.fromisoformat(moved["due"][k]) for k in ("old", "new"))
    (line,) = [e for e in staff.get(case.id).history if e.action == "due_moved"]
    old_words, new_words = "2027-06-28 18:00", "2027-06-29 18:00"
    assert line.what == "Due date moved by an office closure"
    assert line.text == f"closure on 2027-06-25; due {old_words} → {new_words}"
    set_language("ja")
    try:
        (line,) = [e for e in staff.get(case.id).history if e.action == "due_moved"]
    finally:
        set_language("en")
    assert line.what == "休業日の設定により期限を変更"
    assert line.text == f"2027-06-25 の休業；期限 {old_words} → {new_words}"


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def test_a_template_saved_and_reset_is_audited_by_digest_never_by_its_text(
    context: Context, users: dict[str, Actor]
) -> None:
    letters = LetterService(context, users["admin"])
    original, _edited = letters.template_text(LetterKind.ACKNOWLEDGEMENT, "ja")
    first = original.replace("請求の受付について（通知）", "ご請求を確かに承りました（通知）")
    second = first.replace("ご請求を確かに承りました", "ご請求を承りました")
    assert original != first != second
    letters.save_template(LetterKind.ACKNOWLEDGEMENT, "ja", first)
    letters.save_template(LetterKind.ACKNOWLEDGEMENT, "ja", second)
    letters.reset_template(LetterKind.ACKNOWLEDGEMENT, "ja")
    saved, again, reset = details(context, "manage_settings")[-3:]
    assert saved == {
        "template": "acknowledgement/ja",
        "digest": {"old": _digest(original), "new": _digest(first)},
    }
    assert again["digest"] == {"old": _digest(first), "new": _digest(second)}
    assert reset == {
        "template_reset": "acknowledgement/ja",
        "digest": {"old": _digest(second), "new": _digest(original)},
    }
    with context.db.session() as session:
        trail = " ".join(session.scalars(select(AuditEntry.detail)))
    assert "承りました" not in trail and "通知" not in trail


CLOSED_ANYWAY = [
    (date(2027, 6, 26), "(Saturday)", "（土曜日）"),
    (date(2027, 6, 27), "(Sunday)", "（日曜日）"),
    (date(2027, 5, 3), "(national holiday: Constitution Day)", "（祝日：憲法記念日）"),
    (date(2027, 12, 29), "(Year-end closure)", "（年末年始休業）"),
    (date(2027, 1, 2), "(Year-end closure)", "（年末年始休業）"),  # a Saturday, but year-end
]


@pytest.mark.parametrize(("day", "english", "japanese_words"), CLOSED_ANYWAY, ids=str)
def test_a_closure_on_a_day_closed_anyway_is_refused_saying_why(
    context: Context, users: dict[str, Actor], day: date, english: str, japanese_words: str
) -> None:
    admin = AdminService(context, users["admin"])
    with pytest.raises(ValidationError) as refused:
        admin.add_closure(day, "臨時休業", "naha")
    assert refused.value.message == (
        f"{day.isoformat()} is already a day the office is closed {english}; a closure can be "
        "added only on a business day."
    )
    set_language("ja")
    try:
        with pytest.raises(ValidationError) as refused:
            admin.add_closure(day, "臨時休業")
    finally:
        set_language("en")
    assert refused.value.message == (
        f"{day.isoformat()} は既に休業日です{japanese_words}。臨時の休業日は営業日にのみ追加できます。"
    )
    assert list_closures(context, "naha") == []
    assert details(context, "manage_calendar") == []
