"""What looking at every screen in Japanese and English at 1366x768 found (issue 11)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from pytestqt.qtbot import QtBot

from privacy_desk.i18n import sentences, set_language
from privacy_desk.services.cases import CaseService
from privacy_desk.ui.letters import BatchLettersDialog
from tests.services.factories import correction_by_email
from tests.ui.conftest import Desk, wait_ops


@pytest.fixture
def desk(make_desk: Callable[..., Desk]) -> Desk:
    desk = make_desk()
    desk.clock.set(2026, 11, 24, 15, 0)  # after the intake times of the factories
    return desk


def test_sentences_are_joined_as_each_language_writes_them() -> None:
    set_language("en")
    assert sentences("One.", "", "Two.") == "One. Two."
    set_language("ja")
    assert sentences("一つ。", "", "二つ。") == "一つ。二つ。"


def test_the_japanese_batch_plan_has_no_space_after_a_full_stop(qtbot: QtBot, desk: Desk) -> None:
    set_language("ja")
    staff = CaseService(desk.context, desk.users["staff"])
    mine = staff.intake(correction_by_email())
    other = CaseService(desk.context, desk.users["staff2"])
    theirs = other.intake(correction_by_email())
    other.take(theirs.id, theirs.version)
    dialog = BatchLettersDialog(desk.context, desk.users["staff"], [mine.id, theirs.id])
    qtbot.addWidget(dialog)
    dialog.show()
    wait_ops(qtbot)
    text = dialog.plan_label.text()
    assert "2件のうち1件" in text and "理由" in text
    assert "。 " not in text


def test_the_users_list_names_each_office_in_japanese(qtbot: QtBot, desk: Desk) -> None:
    from privacy_desk.ui.admin.users import UsersDialog

    set_language("ja")
    dialog = UsersDialog(desk.context, desk.users["admin"])
    qtbot.addWidget(dialog)
    dialog.show()
    wait_ops(qtbot)
    column = dialog.table.columnCount() - 1
    offices = {dialog.table.item(row, column).text() for row in range(dialog.table.rowCount())}
    assert "本部（東京）" in offices
    assert not any(text.isascii() and text for text in offices)  # never the code "tokyo"


def test_japanese_prose_uses_full_width_brackets_and_colons() -> None:
    """「…フォルダ(新しい…。空欄: 監視しない)」 read as English punctuation in a Japanese label.
    Half-width is kept only for access keys "(&S)" and file-dialog filters "(*.pdf)"."""
    import re
    from pathlib import Path

    import privacy_desk

    catalog = Path(privacy_desk.__file__).parent / "locale/ja/LC_MESSAGES/privacy_desk.po"
    japanese = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
    wrong = [
        text
        for text in re.findall(r'^msgstr "(.*)"$', catalog.read_text("utf-8"), re.MULTILINE)
        if japanese.search(text)
        and any(
            not re.fullmatch(r"&\w", inner) and "*" not in inner
            for inner in re.findall(r"\(([^()]*)\)", text)
        )
    ]
    assert wrong == []
    # 「事務所: 本部」: a Japanese word and a half-width colon (a terminal's prompt may end so).
    colons = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff）]: ")
    texts = re.findall(r'^msgstr "(.*)"$', catalog.read_text("utf-8"), re.MULTILINE)
    assert [t for t in texts if colons.search(t) and not t.endswith(": ")] == []


def test_an_empty_inbox_says_so_in_the_middle_of_the_page(qtbot: QtBot, desk: Desk) -> None:
    """No fax waiting: the words centred on the page, not a screen-sized empty white list."""
    from PySide6.QtCore import Qt

    from privacy_desk.services.inbox import InboxService
    from privacy_desk.ui.intake.scans import InboxPanel
    from tests.services import scans

    panel = InboxPanel(desk.context, desk.users["staff"])
    qtbot.addWidget(panel)
    panel.resize(1100, 650)
    panel.show()
    panel.refresh()
    wait_ops(qtbot)
    assert not panel.items.isVisible()
    assert panel.heading.alignment() & Qt.AlignmentFlag.AlignHCenter
    # The layout settles on the next event loop turn.
    qtbot.waitUntil(lambda: panel.heading.height() > panel.height() // 2, timeout=10_000)
    InboxService(desk.context, desk.users["staff"]).import_file("fax-1.pdf", scans.pdf(1))
    panel.refresh()
    wait_ops(qtbot)
    assert panel.items.isVisible() and panel.items.count() == 1
    qtbot.waitUntil(lambda: panel.heading.height() < panel.height() // 4, timeout=10_000)


def test_the_japanese_calendar_counts_read_as_japanese(qtbot: QtBot, desk: Desk) -> None:
    """「2026年の営業日数: 本部（東京） 240, 那覇支部 240」 had English punctuation."""
    from privacy_desk.ui.admin.calendar import CalendarDialog

    set_language("ja")
    dialog = CalendarDialog(desk.context, desk.users["admin"])
    qtbot.addWidget(dialog)
    dialog.show()
    wait_ops(qtbot)
    text = dialog.counts.text()
    assert "年の営業日数：" in text and "、" in text
    assert ", " not in text and ": " not in text
