"""The main window through its real widgets, on real SQLite databases with invented demo cases."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QMessageBox, QTableWidget

from privacy_desk.domain.vocabulary import Channel, Queue, RequestKind
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import CaseDetail, IntakeForm, MeasureForm, PersonForm, QueueFilter
from privacy_desk.services.queues import QueueService
from privacy_desk.services.users import AdminService, desk_start
from privacy_desk.ui.lock import Cover, UnlockDialog
from privacy_desk.ui.main import MainWindow
from privacy_desk.ui.main.dialogs import AssignDialog, ShortcutsDialog
from privacy_desk.ui.main.queue_model import COLUMN_INDEX
from tests.ui.conftest import PASSWORD, Desk, type_text, wait_ops


def open_window(qtbot, desk: Desk, who: str = "staff", **options) -> MainWindow:
    window = MainWindow(
        desk.context, desk.users[who], desk_start(desk.context, desk.users[who]), **options
    )
    qtbot.addWidget(window)
    window.show()
    settle(qtbot, window)
    return window


def settle(qtbot, window: MainWindow) -> None:
    """Wait until the queue page and the counts have arrived from the thread pool."""
    qtbot.waitUntil(
        lambda: (
            window.model.has_loaded
            and not window.model.is_loading
            and window.counts is not None
            and not window._counts_running
        ),
        timeout=10_000,
    )


def reload_and_settle(qtbot, window: MainWindow, change) -> None:
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        change()
    settle(qtbot, window)


def shown_ids(window: MainWindow) -> list[int]:
    return [window.model.row_at(i).id for i in range(window.model.rowCount())]


def own_office(desk: Desk, who: str) -> QueueFilter:
    """The filter a desk begins with: the user's own office (services: QueueService.office_view)."""
    return QueueFilter(office=QueueService(desk.context, desk.users[who]).office_view().default)


def service_list(desk: Desk, who: str, queue: Queue, filters: QueueFilter, **kw):
    if filters.office is None:
        filters = replace(filters, office=own_office(desk, who).office)
    return QueueService(desk.context, desk.users[who]).list(queue, filters, limit=10_000, **kw)


def test_title_counts_and_queue_list_match_the_service(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "staff")
    # The invented cases are in a demo database, which the title says.
    assert window.windowTitle() == "Privacy Desk — 佐藤 花子 (Staff) — 見本 / DEMO database"
    demo_label = window.statusBar().findChild(QLabel, "demo_label")
    assert demo_label is not None and demo_label.text() == "見本 / DEMO database"
    expected = QueueService(demo_desk.context, demo_desk.users["staff"]).counts(
        own_office(demo_desk, "staff")
    )
    assert window.counts == expected
    # The queues first (the Inbox and saved filters follow them: test_inbox_queue.py).
    texts = [window.queue_list.item(i).text() for i in range(len(Queue))]
    assert texts == [f"{queue.en} ({expected[queue]:,})" for queue in Queue]
    assert expected[Queue.OVERDUE] > 0 and expected[Queue.MINE] > 0
    # The default queue is "All open", its first page on screen and its total in the status bar.
    assert window.model.queue is Queue.ALL_OPEN
    assert window.model.total == expected[Queue.ALL_OPEN]
    assert f"of {expected[Queue.ALL_OPEN]:,} cases" in window.rows_label.text()


def test_the_office_database_has_no_demo_mark_in_the_title(qtbot, make_desk) -> None:
    window = open_window(qtbot, make_desk(), "staff")
    assert window.windowTitle() == "Privacy Desk — 佐藤 花子 (Staff)"
    assert "見本" not in window.windowTitle() and not window.demo
    assert window.statusBar().findChild(QLabel, "demo_label") is None


def test_choosing_a_queue_shows_its_cases(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "staff")
    row = list(Queue).index(Queue.OVERDUE)
    reload_and_settle(qtbot, window, lambda: window.queue_list.setCurrentRow(row))
    expected = service_list(demo_desk, "staff", Queue.OVERDUE, QueueFilter())
    assert shown_ids(window) == [r.id for r in expected.rows]
    shown = min(5, window.model.rowCount())
    assert shown >= 1
    states = {window.model.index(i, COLUMN_INDEX["state"]).data() for i in range(shown)}
    assert states == {"Overdue"}  # said in words, not by colour alone


def test_filters_give_the_same_cases_as_the_service(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "supervisor")
    bar = window.filter_bar
    everything = window.model.total
    sato = demo_desk.users["staff"].user_id

    def check(expected_filter: QueueFilter) -> int:
        # The desk begins with its own office (the supervisor's: Tokyo), besides the filters.
        assert bar.filters() == replace(expected_filter, office="tokyo")
        page = service_list(demo_desk, "supervisor", Queue.ALL_OPEN, expected_filter)
        assert window.model.total == page.total
        assert shown_ids(window) == [r.id for r in page.rows]
        assert 0 < page.total < everything
        return page.total

    reload_and_settle(qtbot, window, lambda: bar.select_data(bar.kind_combo, "disclosure"))
    check(QueueFilter(kinds=(RequestKind.DISCLOSURE,)))
    reload_and_settle(qtbot, window, lambda: bar.select_data(bar.channel_combo, "email"))
    check(QueueFilter(kinds=(RequestKind.DISCLOSURE,), channels=(Channel.EMAIL,)))
    reload_and_settle(qtbot, window, lambda: bar.clear())
    assert window.model.total == everything
    reload_and_settle(qtbot, window, lambda: bar.select_data(bar.owner_combo, sato))
    owned = check(QueueFilter(owner_id=sato))
    assert all(window.model.row_at(i).owner == "佐藤 花子" for i in range(window.model.rowCount()))
    reload_and_settle(qtbot, window, lambda: bar.set_received(date(2026, 11, 10), None))
    later = check(QueueFilter(owner_id=sato, received_from=date(2026, 11, 10)))
    assert later < owned
    reload_and_settle(
        qtbot, window, lambda: bar.set_received(date(2026, 11, 10), date(2026, 11, 16))
    )
    check(
        QueueFilter(owner_id=sato, received_from=date(2026, 11, 10), received_to=date(2026, 11, 16))
    )


def test_kana_search_finds_the_kanji_name_and_ctrl_f_goes_there(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "staff")
    qtbot.keyClick(window.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.filter_bar.search_edit.hasFocus()
    by_kanji = service_list(demo_desk, "staff", Queue.ALL_OPEN, QueueFilter(search="山田"))
    assert by_kanji.total > 0
    # An input method inserts the kana; the search waits for the typing to stop.
    reload_and_settle(qtbot, window, lambda: window.filter_bar.search_edit.insert("ヤマダ"))
    assert window.model.total == by_kanji.total
    assert sorted(shown_ids(window)) == sorted(r.id for r in by_kanji.rows)
    reload_and_settle(qtbot, window, lambda: window.filter_bar.search_edit.setText("ﾔﾏﾀﾞ"))
    assert window.model.total == by_kanji.total
    reference = by_kanji.rows[0].reference
    reload_and_settle(qtbot, window, lambda: window.filter_bar.search_edit.setText(reference))
    assert [window.model.row_at(i).reference for i in range(window.model.rowCount())] == [reference]


def test_clicking_a_header_sorts_in_the_database(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "staff")
    before = shown_ids(window)
    header = window.table.horizontalHeader()
    column = COLUMN_INDEX["reference"]
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    reload_and_settle(
        qtbot,
        window,
        lambda: qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5)),
    )
    ascending = [window.model.row_at(i).reference for i in range(window.model.rowCount())]
    assert ascending == sorted(ascending)
    assert shown_ids(window) != before
    assert (window.model.sort_key, window.model.descending) == ("reference", False)
    reload_and_settle(
        qtbot,
        window,
        lambda: qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 5)),
    )
    descending = [window.model.row_at(i).reference for i in range(window.model.rowCount())]
    assert descending == sorted(descending, reverse=True)
    expected = service_list(
        demo_desk, "staff", Queue.ALL_OPEN, QueueFilter(), sort="reference", descending=True
    )
    assert descending == [r.reference for r in expected.rows][: len(descending)]


def test_a_big_queue_is_loaded_one_page_at_a_time(qtbot, make_desk) -> None:
    desk = make_desk(1000)
    window = open_window(qtbot, desk, "supervisor")
    offices = window.filter_bar.office_combo  # both offices' cases
    reload_and_settle(qtbot, window, lambda: offices.setCurrentIndex(offices.findData(None)))
    queues = QueueService(desk.context, desk.users["supervisor"])
    total = queues.counts(QueueFilter())[Queue.ALL_OPEN]
    assert total > 400
    assert window.model.total == total
    assert window.model.rowCount() == 200  # one page, not every row
    assert window.model.canFetchMore(window.model.index(-1, -1))
    # Scrolling to the bottom asks for the next page.
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        window.table.scrollToBottom()
    assert window.model.rowCount() == 400
    expected = queues.list(Queue.ALL_OPEN, QueueFilter(), limit=10_000)
    assert shown_ids(window) == [r.id for r in expected.rows[:400]]


def test_window_layout_and_last_queue_are_restored(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "staff")
    window.resize(790, 610)  # within the offscreen screen (800 × 800)
    window.splitter.setSizes([260, 500])
    window.table.horizontalHeader().resizeSection(COLUMN_INDEX["requester"], 211)
    reload_and_settle(qtbot, window, lambda: window.show_queue(Queue.DUE_SOON))
    sizes = window.splitter.sizes()
    window.close()

    again = open_window(qtbot, demo_desk, "staff")
    assert (again.size().width(), again.size().height()) == (790, 610)
    assert again.splitter.sizes() == sizes
    assert again.table.horizontalHeader().sectionSize(COLUMN_INDEX["requester"]) == 211
    assert again.model.queue is Queue.DUE_SOON
    assert again.queue_list.currentRow() == list(Queue).index(Queue.DUE_SOON)


def test_idle_lock_covers_the_window_and_only_the_right_password_unlocks(
    qtbot, demo_desk: Desk
) -> None:
    window = open_window(qtbot, demo_desk, "staff", idle_lock_ms=300)
    window.filter_bar.search_edit.setText("half typed")  # unsaved input stays as it is
    qtbot.waitUntil(lambda: window.idle_lock.is_locked, timeout=10_000)
    dialog = window.idle_lock.dialog
    assert isinstance(dialog, UnlockDialog) and dialog.isVisible()
    covers = window.findChildren(Cover)
    assert len(covers) == 1 and covers[0].isVisible()
    assert covers[0].geometry() == window.rect()

    qtbot.keyClicks(dialog.password_edit, "wrong password")
    qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot)
    assert window.idle_lock.is_locked and dialog.isVisible()
    assert "not the password" in dialog.message.text()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert window.idle_lock.is_locked and dialog.isVisible()

    dialog.password_edit.clear()
    qtbot.keyClicks(dialog.password_edit, PASSWORD)
    with qtbot.waitSignal(window.idle_lock.unlocked):
        qtbot.mouseClick(dialog.unlock_button, Qt.MouseButton.LeftButton)
    assert not window.idle_lock.is_locked
    qtbot.waitUntil(lambda: not window.findChildren(Cover))
    assert window.isVisible()
    assert window.filter_bar.search_edit.text() == "half typed"


def test_activity_postpones_the_idle_lock(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "staff")
    # Counted from when the window has its data: a slow machine's start is not idleness.
    window.idle_lock.set_interval(400)
    for _ in range(6):
        qtbot.wait(100)
        qtbot.keyClick(window.table, Qt.Key.Key_Down)
    assert not window.idle_lock.is_locked
    qtbot.waitUntil(lambda: window.idle_lock.is_locked, timeout=10_000)


def test_supervisor_assigns_cases_in_bulk(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "supervisor")
    unassigned_before = window.counts[Queue.UNASSIGNED]
    reload_and_settle(qtbot, window, lambda: window.show_queue(Queue.UNASSIGNED))
    chosen = shown_ids(window)[:5]
    assert len(chosen) == 5
    selection = window.table.selectionModel()
    selection.clearSelection()
    for case_id in chosen:
        index = window.model.index(window.model.row_of(case_id), 0)
        selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
    action = window.actions_by_name["assign"]
    assert action.isEnabled()

    action.trigger()
    dialog = window.findChild(AssignDialog)
    assert dialog is not None and dialog.isVisible()
    dialog.user_combo.setCurrentIndex(dialog.user_combo.findData(demo_desk.users["staff2"].user_id))
    ok = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok)
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    settle(qtbot, window)

    assert "5 cases assigned to 木村 直樹" in window.statusBar().currentMessage()
    assert window.counts[Queue.UNASSIGNED] == unassigned_before - 5
    owned = service_list(
        demo_desk,
        "supervisor",
        Queue.ALL_OPEN,
        QueueFilter(owner_id=demo_desk.users["staff2"].user_id),
    )
    assert set(chosen) <= {r.id for r in owned.rows}
    assert not set(chosen) & set(shown_ids(window))


def test_staff_can_not_assign_and_see_no_dashboard(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "staff")
    window.table.selectAll()
    assert window.selected_rows()
    assert not window.actions_by_name["assign"].isEnabled()
    assert window.actions_by_name["take"].isEnabled()
    assert window.actions_by_name["intake_phone"].isEnabled()
    assert window.dashboard is None


def test_administrators_do_not_take_intakes(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "admin")
    assert not window.actions_by_name["intake_phone"].isEnabled()
    assert not window.actions_by_name["take"].isEnabled()
    assert not window.actions_by_name["assign"].isEnabled()


def test_supervisor_dashboard_figures_open_their_lists(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "supervisor")
    window.show_queue_page()  # the dashboard page is their start page; the strip is on the list's
    board = window.dashboard
    assert board is not None and board.isVisible()
    counts = window.counts
    assert board.overdue_button.text() == f"Overdue: {counts[Queue.OVERDUE]}"
    assert (
        board.approval_button.text() == f"Awaiting my approval: {counts[Queue.AWAITING_APPROVAL]}"
    )
    workload = QueueService(demo_desk.context, demo_desk.users["supervisor"]).workload("tokyo")
    sato = demo_desk.users["staff"]
    assert board.staff_buttons[sato.user_id].text() == f"佐藤 花子: {workload['佐藤 花子']}"

    reload_and_settle(
        qtbot, window, lambda: qtbot.mouseClick(board.overdue_button, Qt.MouseButton.LeftButton)
    )
    assert window.model.queue is Queue.OVERDUE
    assert window.model.total == counts[Queue.OVERDUE]

    reload_and_settle(
        qtbot,
        window,
        lambda: qtbot.mouseClick(board.staff_buttons[sato.user_id], Qt.MouseButton.LeftButton),
    )
    assert window.model.queue is Queue.ALL_OPEN
    assert window.filter_bar.filters().owner_id == sato.user_id
    assert (
        window.model.total
        == service_list(
            demo_desk, "supervisor", Queue.ALL_OPEN, QueueFilter(owner_id=sato.user_id)
        ).total
    )

    reload_and_settle(
        qtbot, window, lambda: qtbot.mouseClick(board.legal_button, Qt.MouseButton.LeftButton)
    )
    assert window.model.sort_key == "legal_line"
    lines = [window.model.row_at(i).legal_line for i in range(window.model.rowCount())]
    assert all(line is not None for line in lines) and lines == sorted(lines)
    # Exactly the cases the strip counts, and the filter line says so until another queue.
    past, near = QueueService(demo_desk.context, demo_desk.users["supervisor"]).legal_line_counts(
        3, "tokyo"
    )
    assert window.model.total == past + near
    assert window.drill_bar.isVisible()
    assert (
        window.drill_bar.text_label.text() == f"Filter: Legal line passed or near ({past + near})"
    )
    reload_and_settle(
        qtbot, window, lambda: window.queue_list.setCurrentRow(list(Queue).index(Queue.MINE))
    )
    assert not window.drill_bar.isVisible() and window.model.filters.case_ids is None


def test_take_from_the_table_and_the_former_owner_is_told(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "staff")
    theirs = service_list(
        demo_desk,
        "staff",
        Queue.ALL_OPEN,
        QueueFilter(owner_id=demo_desk.users["staff2"].user_id),
    ).rows[0]
    reload_and_settle(
        qtbot, window, lambda: window.filter_bar.search_edit.setText(theirs.reference)
    )
    window.table.setCurrentIndex(window.model.index(0, 0))
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        qtbot.keyClick(window.table, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.model.row_at(0).owner == "佐藤 花子"
    window.close()

    former = open_window(qtbot, demo_desk, "staff2")
    qtbot.waitUntil(lambda: former.findChild(QMessageBox, "taken_box") is not None)
    box = former.findChild(QMessageBox, "taken_box")
    assert f"{theirs.reference}: taken by 佐藤 花子" in box.informativeText()


def test_masked_names_and_an_audited_reveal(qtbot, demo_desk: Desk) -> None:
    AdminService(demo_desk.context, demo_desk.users["admin"]).set_setting(
        "mask_names_in_lists", True
    )
    window = open_window(qtbot, demo_desk, "staff")
    row = window.model.row_at(0)
    assert row.requester_name.endswith("＊＊")
    column = COLUMN_INDEX["requester"]
    assert window.model.index(0, column).data() == row.requester_name
    window.table.setCurrentIndex(window.model.index(0, 0))
    action = window.actions_by_name["reveal_name"]
    assert action.isEnabled()
    action.trigger()
    wait_ops(qtbot)
    box = window.findChild(QMessageBox, "reveal_box")
    assert box is not None
    family = row.requester_name.replace("＊＊", "").strip()
    assert family in box.text() and "＊＊" not in box.text()


def test_next_and_previous_case_move_through_the_list(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "staff")
    window.table.setFocus()
    window.table.setCurrentIndex(window.model.index(0, 0))
    qtbot.keyClick(window.table, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(window.workspaces()) == 1)
    first = window.model.row_at(0)
    assert window.case_tabs.currentIndex() == 1
    assert window.workspaces()[0].property("case_id") == first.id
    assert window.case_tabs.tabText(1) == first.reference
    window.actions_by_name["next_case"].trigger()
    second = window.model.row_at(1)
    assert window.table.currentIndex().row() == 1
    assert [w.property("case_id") for w in window.workspaces()] == [second.id]
    assert window.case_tabs.currentIndex() == 1  # the unchanged case was replaced, not piled up
    window.actions_by_name["previous_case"].trigger()
    assert [w.property("case_id") for w in window.workspaces()] == [first.id]
    # Ctrl+0 brings the list back; the case stays open in its tab.
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.case_tabs.currentIndex() == 0
    assert len(window.workspaces()) == 1


def test_keyboard_shortcuts_are_listed_in_the_menus(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "staff")
    a = window.actions_by_name
    expected = {
        "intake_phone": "Ctrl+Shift+P",
        "intake_email": "Ctrl+Shift+E",
        "intake_fax": "Ctrl+Shift+F",
        "save": "Ctrl+S",
        "take": "Ctrl+T",
        "find": "Ctrl+F",
        "next_case": "Ctrl+.",
        "previous_case": "Ctrl+,",
        "refresh": "F5",
        "quit": "Ctrl+Q",
    }
    for name, keys in expected.items():
        assert a[name].shortcut().toString() == keys, name
    in_menus = {
        action.objectName()
        for menu_action in window.menuBar().actions()
        for action in menu_action.menu().actions()
    }
    assert set(expected) <= in_menus
    assert [s.toString() for s in a["next_case"].shortcuts()] == ["Ctrl+.", "Alt+Down"]
    a["shortcuts"].trigger()
    dialog = window.findChild(ShortcutsDialog)
    table = dialog.findChild(QTableWidget)
    listed = {table.item(row, 1).text() for row in range(table.rowCount())}
    assert {"Ctrl+Shift+P", "Ctrl+S", "Ctrl+T", "Ctrl+F", "F5"} <= listed


def test_language_choice_is_stored_for_the_next_start(qtbot, demo_desk: Desk) -> None:
    from PySide6.QtCore import QSettings

    window = open_window(qtbot, demo_desk, "staff")
    window.actions_by_name["language_ja"].trigger()
    assert QSettings().value("ui/language") == "ja"
    assert "次回の起動時" in window.statusBar().currentMessage()


def test_screen_in_japanese(qtbot, demo_desk: Desk) -> None:
    from privacy_desk.i18n import set_language

    set_language("ja")
    window = open_window(qtbot, demo_desk, "supervisor")
    assert window.windowTitle().endswith("：伊藤 健（責任者）（見本 / デモ用データベース）")
    assert window.queue_list.item(list(Queue).index(Queue.OVERDUE)).text().startswith("期限超過 (")
    assert window.model.headerData(COLUMN_INDEX["due"], Qt.Orientation.Horizontal) == "期限"
    assert [m.text() for m in window.menuBar().actions()][:2] == ["ファイル(&F)", "編集(&E)"]


# The screenshot tool's files, each expected in both languages (ui/screenshots.py, and the pages
# and dialogs merged since in ui/screenshots_more.py).
SCREENSHOTS = (
    "01-login",
    "04-queue-all-open",
    "05-queue-overdue",
    "13-locked",
    "20-dashboard-page",
    "21-inbox-queue",
    "22-save-filter",
    "23-batch-letters-plan",
    "24-reports",
    "30-settings-1-organisation",
    "31-users",
    "32-calendar",
    "33-templates",
    "34-safekeeping",
    "35-retention",
)


def _is_a_picture(path: Path) -> bool:
    """A PNG of a real screen: loads, is at least 200 x 24 (the dashboard's bar is a strip), and
    shows more than a few colours."""
    from PySide6.QtGui import QImage

    if not path.read_bytes().startswith(b"\x89PNG\r\n\x1a\n"):
        return False
    image = QImage(str(path))
    if image.isNull() or image.width() < 200 or image.height() < 24:
        return False
    grid = [
        image.pixel(image.width() * i // 16, image.height() * j // 16)
        for i in range(16)
        for j in range(16)
    ]
    return len(set(grid)) >= 3


@pytest.mark.parametrize("language", ["en", "ja"])
def test_screenshots_are_made_of_every_main_screen(qtbot, tmp_path, language: str) -> None:
    from PySide6.QtGui import QImage
    from PySide6.QtWidgets import QApplication

    from privacy_desk.app import install_qt_translations
    from privacy_desk.i18n import set_language
    from privacy_desk.ui.screenshots import take_screenshots

    try:
        paths = take_screenshots(tmp_path / "shots", language)
    finally:
        set_language("en")
        install_qt_translations(QApplication.instance(), "en")
    assert {path.stem for path in paths} >= set(SCREENSHOTS)
    for name in SCREENSHOTS:
        path = tmp_path / "shots" / f"{name}.png"
        assert path.is_file() and _is_a_picture(path), name
    assert all(_is_a_picture(path) for path in paths)
    # The case's tabs are named in the screen's language: the pictures were made in it.
    files_tab = {"en": "10-case-tab-3-files", "ja": "10-case-tab-3-ファイル-s"}[language]
    assert (tmp_path / "shots" / f"{files_tab}.png").is_file()
    big = QImage(str(tmp_path / "shots" / "04-queue-all-open.png"))
    assert (big.width(), big.height()) == (1366, 768)  # the desktop offices have


def test_batch_letters_for_selected_cases_and_templates_for_admins(qtbot, demo_desk: Desk) -> None:
    from privacy_desk.ui.letters import BatchLettersDialog, TemplatesEditor

    window = open_window(qtbot, demo_desk, "staff")
    batch = window.actions_by_name["batch_letters"]
    window.table.selectionModel().clearSelection()

    chosen = shown_ids(window)[:3]
    selection = window.table.selectionModel()
    for case_id in chosen:
        index = window.model.index(window.model.row_of(case_id), 0)
        selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
    assert batch.isEnabled()
    batch.trigger()
    dialog = window.findChild(BatchLettersDialog)
    assert dialog is not None and dialog.isVisible()
    assert sorted(dialog.case_ids) == sorted(chosen)
    assert not window.actions_by_name["letter_templates"].isEnabled()
    menus = [a.text() for a in window.menuBar().actions()]
    assert "&Administration" not in menus

    admin = open_window(qtbot, demo_desk, "admin")
    assert "&Administration" in [a.text() for a in admin.menuBar().actions()]
    admin.actions_by_name["letter_templates"].trigger()
    editor = admin.findChild(TemplatesEditor)
    assert editor is not None and editor.isVisible()


def test_the_window_stays_responsive_while_a_slow_queue_loads(
    qtbot, demo_desk: Desk, monkeypatch
) -> None:
    import time

    from PySide6.QtCore import QTimer

    window = open_window(qtbot, demo_desk, "staff")
    real = QueueService.list

    def slow_list(self, *args, **kwargs):
        time.sleep(1.0)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(QueueService, "list", slow_list)
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(20)
    started = time.monotonic()
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        window.show_queue(Queue.OVERDUE)
        assert time.monotonic() - started < 0.5  # the call did not run on the GUI thread
        assert window.table.property("busy") is True
    timer.stop()
    assert len(ticks) >= 15  # the timer kept ticking through the second the call took
    assert window.model.queue is Queue.OVERDUE
    settle(qtbot, window)


def _new_case(desk: Desk, summary: str) -> CaseDetail:
    return CaseService(desk.context, desk.users["staff"]).intake(
        IntakeForm(
            channel=Channel.PHONE,
            received_at=desk.clock(),
            requester=PersonForm("山本 美咲", "ヤマモト ミサキ", date(1982, 3, 14)),
            measures=(MeasureForm(RequestKind.COMPLAINT),),
            summary=summary,
        )
    )


def _type_a_note(qtbot, window: MainWindow, case_id: int, text: str):
    window.open_case(case_id)
    wait_ops(qtbot)
    workspace = window._workspace()
    assert workspace is not None and workspace.case_id == case_id
    workspace.tabs.setCurrentWidget(workspace.investigation_tab)
    type_text(qtbot, workspace.investigation_tab.note_edit, text)
    assert workspace.has_unsaved_changes()
    return workspace


def _answer(qtbot, window: MainWindow, name: str, text: str) -> None:
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, name) is not None, timeout=10_000)
    box = window.findChild(QMessageBox, name)
    (button,) = [b for b in box.buttons() if b.text() == text]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot)


def _notes(desk: Desk, case_id: int) -> list[str]:
    return [n.text for n in CaseService(desk.context, desk.users["staff"]).get(case_id).notes]


def test_closing_a_case_tab_saves_first_and_closes_once_saved(qtbot, make_desk) -> None:
    desk = make_desk()
    case = _new_case(desk, "Complaint about a mailing")
    window = open_window(qtbot, desk, "staff")
    workspace = _type_a_note(qtbot, window, case.id, "called back at 10:00")

    # Someone else saves meanwhile: the save is refused, the tab and the typing stay.
    CaseService(desk.context, desk.users["staff2"]).add_note(case.id, case.version, "meanwhile")
    window.close_current_case()
    _answer(qtbot, window, "unsaved_case_box", "Save")
    assert window.case_tabs.count() == 2
    assert "changed by someone else" in workspace.message_bar.message()
    assert workspace.investigation_tab.note_edit.toPlainText() == "called back at 10:00"

    window.close_current_case()
    _answer(qtbot, window, "unsaved_case_box", "Save")
    assert window.case_tabs.count() == 1
    assert _notes(desk, case.id) == ["meanwhile", "called back at 10:00"]


def test_closing_a_case_tab_without_saving_or_not_at_all(qtbot, make_desk) -> None:
    desk = make_desk()
    case = _new_case(desk, "Complaint about a mailing")
    window = open_window(qtbot, desk, "staff")
    _type_a_note(qtbot, window, case.id, "not to be kept")
    window.close_current_case()
    _answer(qtbot, window, "unsaved_case_box", "Cancel")
    assert window.case_tabs.count() == 2
    window.close_current_case()
    _answer(qtbot, window, "unsaved_case_box", "Close without saving")
    assert window.case_tabs.count() == 1
    assert _notes(desk, case.id) == []


def test_quitting_saves_every_open_case_then_closes(qtbot, make_desk) -> None:
    desk = make_desk()
    first = _new_case(desk, "Complaint about a mailing")
    second = _new_case(desk, "Complaint about a phone call")
    window = open_window(qtbot, desk, "staff")
    _type_a_note(qtbot, window, first.id, "first note")
    _type_a_note(qtbot, window, second.id, "second note")

    window.close()  # asks first; the window stays while the question is open
    assert window.isVisible()
    _answer(qtbot, window, "unsaved_cases_box", "Cancel")
    assert window.isVisible()

    window.close()
    _answer(qtbot, window, "unsaved_cases_box", "Save all")
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=10_000)
    assert _notes(desk, first.id) == ["first note"]
    assert _notes(desk, second.id) == ["second note"]


def test_quitting_without_saving(qtbot, make_desk) -> None:
    desk = make_desk()
    case = _new_case(desk, "Complaint about a mailing")
    window = open_window(qtbot, desk, "staff")
    _type_a_note(qtbot, window, case.id, "not to be kept")
    window.close()
    _answer(qtbot, window, "unsaved_cases_box", "Close without saving")
    assert not window.isVisible()
    assert _notes(desk, case.id) == []
