"""Lists that are true: when the counts refresh (every minute), the list shown refreshes too,
keeping the selected case and the scroll position."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from PySide6.QtCore import Qt

from privacy_desk.domain.vocabulary import DeadlineState, Queue
from privacy_desk.i18n import set_language
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import Deadlines, QueueFilter
from privacy_desk.ui.main.queue_model import COLUMN_INDEX
from privacy_desk.ui.widgets import DeadlineStrip
from tests.ui.conftest import NOW, Desk
from tests.ui.test_main_window import (
    open_window,
    reload_and_settle,
    service_list,
    settle,
    shown_ids,
)


def tick_counts(qtbot, window) -> None:
    """What the counts timer does every minute; wait for the counts and the list they bring."""
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        window.counts_timer.timeout.emit()
    settle(qtbot, window)


def test_a_case_assigned_elsewhere_appears_in_mine_with_the_counts(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "staff")
    window.resize(1366, 768)
    reload_and_settle(qtbot, window, lambda: window.show_queue(Queue.MINE))
    mine = shown_ids(window)
    assert len(mine) > 20
    # A case far down the list is the current one, scrolled to.
    window.show_queue_page()
    qtbot.waitUntil(lambda: window.table.verticalScrollBar().maximum() > 5, timeout=10_000)
    chosen = mine[-3]
    window.table.setCurrentIndex(window.model.index(len(mine) - 3, 0))
    window.table.scrollTo(window.model.index(len(mine) - 3, 0))
    scrolled = window.table.verticalScrollBar().value()
    assert scrolled > 0

    # On another desk a supervisor gives this staff member an unassigned case.
    unassigned = service_list(demo_desk, "supervisor", Queue.UNASSIGNED, QueueFilter()).rows[0]
    CaseService(demo_desk.context, demo_desk.users["supervisor"]).assign(
        [unassigned.id], demo_desk.users["staff"].user_id
    )
    tick_counts(qtbot, window)

    assert window.counts[Queue.MINE] == len(mine) + 1
    assert unassigned.id in shown_ids(window)  # without F5
    assert window.model.total == window.counts[Queue.MINE]
    assert window.current_row().id == chosen
    assert [r.id for r in window.selected_rows()] == [chosen]
    assert window.table.verticalScrollBar().value() == scrolled


def test_a_case_taken_away_leaves_the_list_with_the_counts(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "staff")
    reload_and_settle(qtbot, window, lambda: window.show_queue(Queue.MINE))
    mine = shown_ids(window)
    taken = mine[0]
    case = CaseService(demo_desk.context, demo_desk.users["staff2"]).get(taken)
    CaseService(demo_desk.context, demo_desk.users["staff2"]).take(taken, case.version)
    tick_counts(qtbot, window)
    assert taken not in shown_ids(window)
    assert window.counts[Queue.MINE] == len(mine) - 1 == window.model.total


def test_an_owner_changed_elsewhere_is_shown_in_place(qtbot, demo_desk: Desk) -> None:
    """The same cases in the same order: the lines change in place, the selection stays."""
    window = open_window(qtbot, demo_desk, "supervisor")
    reload_and_settle(qtbot, window, lambda: window.show_queue(Queue.ALL_OPEN))
    before = shown_ids(window)
    window.table.setCurrentIndex(window.model.index(3, 0))
    row = window.model.row_at(3)
    CaseService(demo_desk.context, demo_desk.users["supervisor2"]).assign(
        [row.id],
        demo_desk.users["staff2"].user_id
        if row.owner_id != demo_desk.users["staff2"].user_id
        else demo_desk.users["staff"].user_id,
    )
    tick_counts(qtbot, window)
    assert shown_ids(window) == before
    assert window.model.row_at(3).owner != row.owner
    assert window.current_row().id == row.id


def cell(window, row: int, key: str, role=Qt.ItemDataRole.DisplayRole):
    return window.model.index(row, COLUMN_INDEX[key]).data(role)


def test_the_legal_line_state_is_a_column_in_words_and_colour(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "supervisor")
    reload_and_settle(qtbot, window, lambda: window.show_queue(Queue.ALL_OPEN))
    today = NOW.date()
    seen = set()
    for i in range(window.model.rowCount()):
        row = window.model.row_at(i)
        words = cell(window, i, "legal_state")
        background = cell(window, i, "legal_state", Qt.ItemDataRole.BackgroundRole)
        state = cell(window, i, "state")
        state_background = cell(window, i, "state", Qt.ItemDataRole.BackgroundRole)
        if row.legal_line is None or row.status.value in ("notice_sent", "closed"):
            assert words == "" and background is None
            continue
        days = (row.legal_line - today).days
        if days < 0:
            seen.add(("passed", row.state))
            assert words == f"Passed {-days} day{'s' if days < -1 else ''} ago"
            assert background.color().name() == "#fbe3e4"  # red
            # Never a green "On track" (nor "Due soon") beside a passed legal line.
            assert state not in ("On track", "Due soon")
            assert state_background.color().name() != "#e6f4ea"
        elif days <= 3:
            seen.add(("near", row.state))
            assert words == (
                "Legal line today" if days == 0 else f"In {days} day" + "s" * (days > 1)
            )
            assert background.color().name() == "#fff4ce"  # amber
        else:
            seen.add(("on_track", row.state))
            assert words == "On track"
            assert background.color().name() == "#e6f4ea"
    # The demo data holds a case whose due date is on track while its legal line has passed.
    assert ("passed", DeadlineState.ON_TRACK) in seen
    assert {"passed", "near", "on_track"} <= {s for s, _state in seen}


def test_the_legal_line_state_in_japanese(qtbot, demo_desk: Desk) -> None:
    set_language("ja")
    window = open_window(qtbot, demo_desk, "supervisor")
    reload_and_settle(qtbot, window, lambda: window.show_queue(Queue.ALL_OPEN))
    header = window.model.headerData(
        COLUMN_INDEX["legal_state"], Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole
    )
    texts = {header} | {
        cell(window, i, key)
        for i in range(window.model.rowCount())
        for key in ("legal_state", "state")
    }
    texts.discard("")
    assert texts and not [t for t in texts if re.search("[A-Za-z]", t)]
    window.resize(1366, 768)
    window.grab().save("/tmp/lists-legal-ja.png")


def test_the_case_page_never_shows_green_on_track_past_the_legal_line(qtbot) -> None:
    at = NOW
    deadlines = Deadlines(
        received_at=at,
        effective_receipt=at,
        acknowledgement_due=at,
        original_due=at + timedelta(days=20),
        current_due=at + timedelta(days=20),
        paused_business_days=0,
        legal_line=(at - timedelta(days=2)).date(),
        provisional=False,
        business_days_left=12,
        state=DeadlineState.ON_TRACK,
        legal_line_near=False,
        legal_line_passed=True,
    )
    strip = DeadlineStrip()
    qtbot.addWidget(strip)
    strip.set_deadlines(deadlines)
    assert strip.state_label.text().startswith("Legal line passed\n")
    assert "#e6f4ea" not in strip.state_label.styleSheet()  # not green
    assert "#fbe3e4" in strip.state_label.styleSheet()  # red
    strip.set_deadlines(replace(deadlines, legal_line_passed=False))
    assert "#e6f4ea" in strip.state_label.styleSheet()
