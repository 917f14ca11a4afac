"""The history's words come from the services, in English and in Japanese."""

from __future__ import annotations

import pytest

from privacy_desk.domain.vocabulary import PauseReason, RequestKind
from privacy_desk.i18n import set_language
from privacy_desk.services import history
from privacy_desk.services.base import Actor, ConflictError, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import HistoryEntry
from tests.services.factories import complaint_by_phone, correction_by_email, moment


def entry(action: str, **detail: object) -> HistoryEntry:
    return HistoryEntry(moment(2026, 11, 24, 10, 5), "sato", action, dict(detail))


NAMES = {1: "佐藤 花子", 2: "木村 直樹"}
PAUSE = entry(
    "pause",
    status_from="received",
    status_to="awaiting_requester",
    reason=PauseReason.IDENTITY_DOCUMENTS.value,
)
TAKE = entry("take", from_user=1, to_user=2)
EDIT = entry("edit_case", person=7, fields=["summary", "large_print"])


@pytest.fixture
def japanese() -> object:
    set_language("ja")
    yield
    set_language("en")


def test_entries_in_english() -> None:
    pause, take, edit = history.with_words([PAUSE, TAKE, EDIT], NAMES, requester_id=7)
    assert pause.what == "Clock paused"
    assert pause.text == "Received → Awaiting requester; Awaiting identity documents"
    assert take.what == "Case taken"
    assert take.text == "佐藤 花子 → 木村 直樹"
    assert edit.what == "Case details edited"
    assert edit.text == "requester: changed summary, large print"
    assert pause.action == "pause" and pause.detail == PAUSE.detail  # the codes stay as stored


def test_entries_in_japanese(japanese: object) -> None:
    pause, take, edit = history.with_words([PAUSE, TAKE, EDIT], NAMES, requester_id=7)
    assert pause.what == "期限の進行を停止"
    assert pause.text.startswith("受付 → 請求者待ち")
    assert "本人確認書類待ち" in pause.text
    assert take.what == "担当者を変更（自ら担当）"
    assert edit.text == "請求者: 変更：概要, 拡大文字"


def test_a_decision_names_its_measure_and_an_unknown_action_reads_plainly() -> None:
    decided = entry("record_decision", measure=5, outcome="corrected")
    (words,) = history.with_words([decided], NAMES, measures={5: RequestKind.CORRECTION})
    assert words.text == "Correction, addition or deletion: Corrected"
    assert history.action_label("something_new") == "something new"


def test_the_case_detail_carries_the_words(context: Context, users: dict[str, Actor]) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    staff.take(case.id, case.version)
    detail = staff.get(case.id)
    assert [h.what for h in detail.history] == ["Case logged", "Case taken"]
    assert detail.history[-1].text == f"nobody → {users['staff'].name}"


def test_a_conflict_lists_the_changes_in_words(context: Context, users: dict[str, Actor]) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    CaseService(context, users["staff2"]).add_note(case.id, case.version, "折り返し電話済み")
    with pytest.raises(ConflictError) as refused:
        staff.add_note(case.id, case.version, "別の机から")
    (change,) = refused.value.changes
    assert change.what == "Note added"
    assert "折り返し" not in change.text  # the note's own words never reach the listing
