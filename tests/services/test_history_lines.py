"""History and contact lines in the reader's language: which letter was issued (its kind and
number), a send-back's comment kept, and lines stored in English by older versions worded anew."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime

import pytest

from privacy_desk import i18n
from privacy_desk.domain.vocabulary import ContactDirection, ContactKind, DispatchMethod, Outcome
from privacy_desk.letters import LetterKind
from privacy_desk.services import history
from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import DecisionForm, HistoryEntry
from privacy_desk.services.letters import LetterService
from privacy_desk.storage.models import Contact
from tests.services.factories import complaint_by_phone

LATIN = re.compile("[A-Za-z]")


@pytest.fixture
def japanese() -> Iterator[None]:
    i18n.set_language("ja")
    yield
    i18n.set_language("en")


def sent_back(context: Context, users: dict, comment: str):
    author = CaseService(context, users["supervisor"])
    case = author.intake(complaint_by_phone())
    case = author.start_investigation(case.id, case.version)
    case = author.record_decision(
        case.id, case.version, case.measures[0].id, DecisionForm(Outcome.ANSWERED)
    )
    case = author.propose(case.id, case.version)
    return author, CaseService(context, users["supervisor2"]).send_back(
        case.id, case.version, comment
    )


def test_history_says_which_letter_was_issued(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    LetterService(context, users["staff"]).issue(case.id, case.version, LetterKind.ACKNOWLEDGEMENT)
    shown = staff.get(case.id)
    issued = [h for h in shown.history if h.action == "issue_letter"][-1]
    assert issued.what == "Letter issued"
    assert "No. 1: Acknowledgement of receipt (" in issued.text
    assert shown.contacts[-1].summary == "Letter 1 issued: Acknowledgement of receipt"


def test_history_and_contacts_have_no_english_in_japanese(
    context: Context, users: dict, japanese: None
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    letters = LetterService(context, users["staff"])
    letter = letters.issue(case.id, case.version, LetterKind.ACKNOWLEDGEMENT)
    case = staff.get(case.id)
    shown = letters.record_dispatch(letter.id, DispatchMethod.POST, version=case.version)
    issued = [h for h in shown.history if h.action == "issue_letter"][-1]
    assert issued.text.startswith("通知書1：受領通知（")
    lines = [c.summary for c in shown.contacts if c.direction is ContactDirection.OUT]
    assert lines[-2:] == ["通知書1（受領通知）を発行しました", "通知書1（受領通知）を発送しました"]
    for h in shown.history:
        assert not LATIN.search(h.what + h.text), (h.action, h.what, h.text)


def test_a_send_back_keeps_its_comment_in_the_history(context: Context, users: dict) -> None:
    author, case = sent_back(context, users, "回答に謝罪の一文を加えること")
    line = [h for h in case.history if h.action == "send_back"][-1]
    assert "comment: 回答に謝罪の一文を加えること" in line.text
    # Proposed again: the case's current comment is cleared, the history keeps it.
    case = author.propose(case.id, case.version)
    assert case.send_back_comment == ""
    line = [h for h in case.history if h.action == "send_back"][-1]
    assert "comment: 回答に謝罪の一文を加えること" in line.text


def test_old_lines_stored_in_english_read_in_japanese(
    context: Context, users: dict, japanese: None
) -> None:
    """Older versions stored "Letter 1: identity_request (ja) issued" as the contact's words."""
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    letter = LetterService(context, users["staff"]).issue(
        case.id, case.version, LetterKind.ACKNOWLEDGEMENT
    )
    with context.db.session() as session, session.begin():
        contact = session.query(Contact).filter(Contact.letter_id == letter.id).one()
        contact.summary = "Letter 1: identity_request (ja) issued"
    summary = staff.get(case.id).contacts[-1].summary
    assert summary == "通知書1（受領通知）を発行しました"
    # A send-back recorded before its comment was kept as a note shows the case's comment.
    entry = HistoryEntry(datetime(2026, 11, 24, 1, 0), "ito", "send_back", {"status_from": "x"})
    (line,) = history.with_words([entry], {}, send_back_comment="日付を直すこと")
    assert not LATIN.search(line.what)
    assert "コメント：日付を直すこと" in line.text


def test_a_contact_the_staff_wrote_is_kept_as_written(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    case = staff.add_contact(
        case.id, case.version, ContactKind.CALL, ContactDirection.OUT, "Letter 1 sent"
    )
    # Only the office's own contacts with a letter or a dispatch are worded anew.
    assert case.contacts[-1].summary == "Letter 1 sent"
