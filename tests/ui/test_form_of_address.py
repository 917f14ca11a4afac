"""The form of address (Mr / Ms / none) for English letters: asked at intake, edited in the case
workspace, stored with the person, and the English letter greets the person with it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from privacy_desk.domain.vocabulary import FormOfAddress, RequestKind
from privacy_desk.letters import LetterKind
from privacy_desk.services.cases import CaseService
from privacy_desk.services.letters import LetterOptions, LetterService
from tests.letters.reading import pdf_text
from tests.ui.conftest import Desk, click, type_text
from tests.ui.test_case_workspace import open_workspace
from tests.ui.test_intake import open_intake


@pytest.fixture
def desk(make_desk: Callable[..., Desk]) -> Desk:
    return make_desk()


def _english_acknowledgement(desk: Desk, case_id: int) -> str:
    letters = LetterService(desk.context, desk.users["staff"])
    options = LetterOptions(language="en")
    return pdf_text(letters.preview(case_id, LetterKind.ACKNOWLEDGEMENT, options))


def test_the_form_of_address_is_asked_at_intake_and_edited_on_the_case(
    qtbot: QtBot, desk: Desk
) -> None:
    dialog = open_intake(qtbot, desk)
    combo = dialog.requester.form_of_address
    assert combo is not None and combo.isVisible()
    assert combo.value() is FormOfAddress.NONE
    type_text(qtbot, dialog.requester.edits["name"], "中村 誠")
    type_text(qtbot, dialog.requester.edits["postal_code"], "530-0001")
    type_text(qtbot, dialog.requester.edits["address"], "大阪府大阪市北区梅田2-4-9")
    combo.set_value(FormOfAddress.MR)
    dialog.measures[RequestKind.COMPLAINT].check.setChecked(True)
    type_text(qtbot, dialog.summary_edit, "苦情")
    with qtbot.waitSignal(dialog.case_created, timeout=10_000) as created:
        click(qtbot, dialog.save_button)
    case = CaseService(desk.context, desk.users["staff"]).get(created.args[0])
    assert case.requester.form_of_address is FormOfAddress.MR
    assert "DearMr中村," in _english_acknowledgement(desk, case.id)

    ws = open_workspace(qtbot, desk, case.id)
    click(qtbot, ws.edit_requester_button)
    person = ws.person_dialog
    assert person.fields.form_of_address is not None
    assert person.fields.form_of_address.value() is FormOfAddress.MR
    person.fields.form_of_address.set_value(FormOfAddress.NONE)
    click(qtbot, person.save_button)
    assert not person.isVisible()
    stored = CaseService(desk.context, desk.users["staff"]).get(case.id)
    assert stored.requester.form_of_address is FormOfAddress.NONE
    assert "Dear中村誠," in _english_acknowledgement(desk, case.id)
