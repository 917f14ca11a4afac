"""Lists that are true: when the counts refresh (every minute), the list shown refreshes too,
keeping the selected case and the scroll position."""

from __future__ import annotations

from privacy_desk.domain.vocabulary import Queue
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import QueueFilter
from tests.ui.conftest import Desk
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
