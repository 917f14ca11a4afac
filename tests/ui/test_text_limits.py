"""The screens take their text limits from the domain's one table, and drafts never keep a My
Number in any spelling."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit
from pytestqt.qtbot import QtBot

from privacy_desk.domain.individual_number import contains_individual_number
from privacy_desk.domain.text_fields import TEXT_FIELDS, max_length
from privacy_desk.domain.vocabulary import Channel, RequestKind
from privacy_desk.ui.intake import DraftStore, IntakeDialog
from privacy_desk.ui.intake.drafts import masked
from privacy_desk.ui.text_limits import CharacterCounter, limit_text
from tests.ui.conftest import Desk

SPELLINGS = [
    "123456789018",
    "１２３４５６７８９０１８",
    "١٢٣٤٥٦٧٨٩٠١٨",
    "1234.5678.9018",
    "1234\u200b5678\u200b9018",
    "1234\n5678\n9018",
    "1234/5678/9018",
]


@pytest.fixture
def desk(make_desk: Callable[..., Desk]) -> Desk:
    return make_desk()


def test_the_intake_fields_take_their_limits_from_the_domain(qtbot: QtBot, desk: Desk) -> None:
    dialog = IntakeDialog(desk.context, desk.users["staff"], Channel.PHONE)
    qtbot.addWidget(dialog)
    for name, edit in dialog.requester.edits.items():
        if name != "birth_date":
            assert edit.maxLength() == max_length(name.replace("_", " ")), name
    assert dialog.summary_edit.maxLength() == max_length("summary")
    assert dialog.measures[RequestKind.DISCLOSURE].requested.maxLength() == max_length(
        "request text"
    )
    counter = dialog.note_edit.findChild(CharacterCounter)
    assert counter is not None and counter.limit == max_length("contact note")


@pytest.mark.parametrize("code", sorted(TEXT_FIELDS))
def test_limit_text_uses_the_declared_limit(qtbot: QtBot, code: str) -> None:
    line = QLineEdit()
    qtbot.addWidget(line)
    limit_text(line, code)
    assert line.maxLength() == TEXT_FIELDS[code].max_length


def test_a_multi_line_box_counts_near_and_beyond_its_limit(qtbot: QtBot) -> None:
    box = QPlainTextEdit()
    qtbot.addWidget(box)
    limit_text(box, "comment")  # 2,000 characters
    counter = box.findChild(CharacterCounter)
    assert counter is not None
    box.show()
    box.setPlainText("a" * 100)
    assert not counter.isVisible()
    box.setPlainText("a" * 1900)
    assert counter.isVisible() and counter.text() == "1,900 / 2,000" and not counter.over()
    box.setPlainText("a" * 2100)
    assert counter.over() and "b00020" in counter.styleSheet()
    assert box.toPlainText() == "a" * 2100  # what was typed is never cut


@pytest.mark.parametrize("written", SPELLINGS)
def test_a_draft_never_keeps_a_my_number(tmp_path: Path, written: str) -> None:
    store = DraftStore("intake", "sato", folder=tmp_path)
    store.save({"note": f"番号 {written} です", "requester": {"name": f"鈴木{written}"}})
    text = store.path.read_text(encoding="utf-8")
    assert not contains_individual_number(text)
    assert "＊＊＊＊" in text


def test_a_draft_with_a_broken_paste_is_still_written(tmp_path: Path) -> None:
    store = DraftStore("intake", "sato", folder=tmp_path)
    store.save({"note": "半分\ud800の文字"})
    draft = store.load()
    assert draft is not None and draft.content["note"] == "半分\ufffdの文字"
    assert masked(["\udfff"]) == ["\ufffd"]
