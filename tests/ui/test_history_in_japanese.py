"""The History and Contacts tabs of a Japanese screen hold no English: which letter was issued
(its kind's name and number) and a send-back's comment, in Japanese."""

from __future__ import annotations

import re

from pytestqt.qtbot import QtBot

from privacy_desk.domain.vocabulary import DispatchMethod, Outcome
from privacy_desk.i18n import set_language
from privacy_desk.letters import LetterKind
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import DecisionForm, PersonForm
from privacy_desk.services.letters import LetterService
from tests.ui.conftest import Desk
from tests.ui.test_case_workspace import desk, new_case, open_workspace

assert desk  # the fixture, imported for these tests


def cells(table) -> list[str]:
    return [
        table.item(row, column).text()
        for row in range(table.rowCount())
        for column in range(table.columnCount())
        if table.item(row, column) is not None
    ]


def test_history_and_contacts_tabs_in_japanese(qtbot: QtBot, desk: Desk) -> None:
    case = new_case(
        desk,
        summary="セミナー案内の郵送について",
        requester=PersonForm(
            "田中 一郎",
            "タナカ イチロウ",
            postal_code="170-0013",
            address="東京都豊島区東池袋1-1-1",
        ),
    )
    letters = LetterService(desk.context, desk.users["supervisor"])
    letter = letters.issue(case.id, case.version, LetterKind.ACKNOWLEDGEMENT)
    author = CaseService(desk.context, desk.users["supervisor"])
    case = author.get(case.id)
    case = letters.record_dispatch(letter.id, DispatchMethod.POST, version=case.version)
    case = author.start_investigation(case.id, case.version)
    case = author.record_decision(
        case.id, case.version, case.measures[0].id, DecisionForm(Outcome.ANSWERED)
    )
    case = author.propose(case.id, case.version)
    CaseService(desk.context, desk.users["supervisor2"]).send_back(
        case.id, case.version, "回答に謝罪の一文を加えること"
    )
    set_language("ja")
    ws = open_workspace(qtbot, desk, case.id, "staff")
    history = cells(ws.history_tab.table)
    contacts = cells(ws.contacts_tab.table)
    assert any("通知書1：受領通知（" in text for text in history)
    assert any("コメント：回答に謝罪の一文を加えること" in text for text in history)
    assert "通知書1（受領通知）を発行しました" in contacts
    assert "通知書1（受領通知）を発送しました" in contacts
    english = [t for t in history + contacts if re.search("[A-Za-z]", t)]
    assert english == []
    ws.tabs.setCurrentWidget(ws.history_tab)
    ws.resize(1366, 768)
    ws.grab().save("/tmp/lists-history-ja.png")
