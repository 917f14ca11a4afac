"""The dashboard page through the real widgets: the supervisor's start page, every figure's click
opens exactly its cases (compared with a count written here over the database rows), the filter
line says so and goes with Clear or another queue; Enter opens a figure; "Awaiting my approval"
only for who may approve.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from PySide6.QtCore import Qt
from sqlalchemy import select

from privacy_desk.domain.calendar import JST
from privacy_desk.domain.vocabulary import CaseStatus, Queue
from privacy_desk.services.users import desk_start
from privacy_desk.storage.models import Case, Measure, Office
from privacy_desk.ui.main.window import MainWindow
from tests.ui.conftest import Desk, click, wait_ops

S = CaseStatus


def open_window(qtbot, desk: Desk, who: str) -> MainWindow:
    window = MainWindow(desk.context, desk.users[who], desk_start(desk.context, desk.users[who]))
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitUntil(lambda: window.model.has_loaded and window.counts is not None, timeout=10_000)
    page = window.dashboard_page
    if page is not None:
        qtbot.waitUntil(lambda: page.figures is not None, timeout=10_000)
    wait_ops(qtbot)
    return window


def shown_ids(window: MainWindow) -> set[int]:
    return {window.model.row_at(i).id for i in range(window.model.rowCount())}


def _open_cases(desk: Desk, office: str | None) -> list[Case]:
    with desk.context.db.session() as session:
        codes = {o.id: o.code for o in session.scalars(select(Office))}
        cases = [
            c
            for c in session.scalars(select(Case))
            if c.status is not S.CLOSED and (office is None or codes[c.office_id] == office)
        ]
        session.expunge_all()
        return cases


def _independent(desk: Desk, key: str, subject, office: str | None) -> set[int]:
    """A figure's cases counted here, row by row."""
    now = desk.context.now()
    today = now.astimezone(JST).date()
    cases = _open_cases(desk, office)
    running = [c for c in cases if c.status not in (S.AWAITING_REQUESTER, S.NOTICE_SENT)]
    if key == "overdue":
        return {c.id for c in running if c.current_due < now}
    if key == "due_today":
        return {
            c.id
            for c in running
            if c.current_due >= now and c.current_due.astimezone(JST).date() == today
        }
    if key == "legal_passed":
        return {
            c.id
            for c in cases
            if c.legal_line and c.status is not S.NOTICE_SENT and c.legal_line < today
        }
    if key == "awaiting_requester":
        return {c.id for c in cases if c.status is S.AWAITING_REQUESTER}
    if key == "awaiting_approval":
        return {c.id for c in cases if c.status is S.DECISION_PROPOSED}
    if key == "state":
        return {c.id for c in cases if c.status.value == subject}
    if key == "kind":
        with desk.context.db.session() as session:
            having = set(session.scalars(select(Measure.case_id).where(Measure.kind == subject)))
        return {c.id for c in cases if c.id in having}
    if key == "staff_open":
        return {c.id for c in cases if c.owner_id == subject}
    if key == "staff_overdue":
        return {c.id for c in running if c.owner_id == subject and c.current_due < now}
    if key == "legal_near":
        return {
            c.id
            for c in cases
            if c.legal_line
            and c.status is not S.NOTICE_SENT
            and today <= c.legal_line <= today + timedelta(days=3)
        }
    if key == "staff_due_this_week":
        monday = today - timedelta(days=today.weekday())
        end = datetime.combine(monday + timedelta(days=7), time(0), tzinfo=JST)
        return {c.id for c in running if c.owner_id == subject and now <= c.current_due < end}
    if key == "due_soon":  # by each office's calendar: two business days, 18:00
        with desk.context.db.session() as session:
            limits = {
                o: datetime.combine(
                    desk.context.calendar(session, o).add_business_days(today, 2),
                    time(18),
                    tzinfo=JST,
                )
                for o in {c.office_id for c in running}
            }
        return {c.id for c in running if now <= c.current_due <= limits[c.office_id]}
    raise AssertionError(key)


CHECKED = (
    "overdue",
    "due_today",
    "legal_passed",
    "awaiting_requester",
    "awaiting_approval",
    "state",
    "kind",
    "staff_open",
    "staff_overdue",
    "staff_due_this_week",
    "legal_near",
    "due_soon",
)


def test_supervisor_starts_on_the_dashboard_and_every_figure_opens_its_cases(
    qtbot, demo_desk: Desk
) -> None:
    demo_desk.clock.moment = datetime(2026, 12, 2, 10, 0, tzinfo=JST)  # some cases overdue
    window = open_window(qtbot, demo_desk, "supervisor")
    page = window.dashboard_page
    assert page is not None and window.case_tabs.currentWidget() is page
    # Both offices, so that the figures count every case.
    page.office_combo.setCurrentIndex(page.office_combo.findData(None))
    qtbot.waitUntil(
        lambda: page.figures is not None and page.figures.office is None, timeout=10_000
    )
    wait_ops(qtbot)
    checked = 0
    for name in list(page.buttons):
        button = page.buttons[name]
        figure = button.figure
        if figure.key not in CHECKED:
            continue
        expected = _independent(demo_desk, figure.key, figure.subject, None)
        window.case_tabs.setCurrentWidget(page)
        qtbot.waitUntil(button.isVisible, timeout=10_000)  # a layout shows new buttons queued
        with qtbot.waitSignal(window.model.loaded, timeout=10_000):
            click(qtbot, button)
        wait_ops(qtbot)
        assert window.case_tabs.currentIndex() == 0
        assert shown_ids(window) == expected, name
        assert window.model.total == len(expected) == figure.count, name
        assert window.drill_bar.isVisible()
        assert window.drill_bar.text_label.text().endswith(f"({len(expected)})")
        checked += 1
    assert checked >= 16
    assert page.figures.overdue.count > 0

    # Choosing another queue drops the figure's filter; so does Clear.
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        window.queue_list.setCurrentRow(list(Queue).index(Queue.OVERDUE))
    assert not window.drill_bar.isVisible()
    assert window.model.filters.case_ids is None
    window.case_tabs.setCurrentWidget(page)
    qtbot.waitUntil(page.buttons["figure_overdue"].isVisible, timeout=10_000)
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        click(qtbot, page.buttons["figure_overdue"])
    assert window.model.total == page.figures.overdue.count
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        click(qtbot, window.drill_bar.clear_button)
    wait_ops(qtbot)
    assert not window.drill_bar.isVisible()
    assert window.model.queue is Queue.ALL_OPEN
    assert window.model.total == len(_open_cases(demo_desk, None))


def test_keyboard_ctrl9_and_enter_open_a_figure(qtbot, demo_desk: Desk) -> None:
    window = open_window(qtbot, demo_desk, "supervisor")
    window.show_queue_page()
    window.actions_by_name["dashboard"].trigger()
    page = window.dashboard_page
    assert window.case_tabs.currentWidget() is page
    assert window.actions_by_name["dashboard"].shortcut().toString() == "Ctrl+9"
    button = page.buttons["figure_awaiting_requester"]
    button.setFocus()
    assert window.focusWidget() is button
    # F5 on the dashboard reads the figures again, and the keyboard stays on the figure.
    old = page.buttons
    window.actions_by_name["refresh"].trigger()
    qtbot.waitUntil(lambda: page.buttons is not old, timeout=10_000)
    wait_ops(qtbot)
    button = page.buttons["figure_awaiting_requester"]
    assert window.focusWidget() is button
    with qtbot.waitSignal(window.model.loaded, timeout=10_000):
        qtbot.keyClick(button, Qt.Key.Key_Return)
    wait_ops(qtbot)
    expected = _independent(demo_desk, "awaiting_requester", None, page.office())
    assert shown_ids(window) == expected and window.drill_bar.isVisible()


def test_awaiting_my_approval_only_for_who_may_approve(qtbot, demo_desk: Desk) -> None:
    row = list(Queue).index(Queue.AWAITING_APPROVAL)
    for who, may in (("staff", False), ("admin", False), ("supervisor", True)):
        window = open_window(qtbot, demo_desk, who)
        assert window.queue_list.item(row).isHidden() is not may, who
        action = window.actions_by_name[f"queue_{Queue.AWAITING_APPROVAL.value}"]
        assert action.isVisible() is may, who
        page = window.dashboard_page
        if who == "staff":
            assert page is None and window.case_tabs.count() == 1
            assert window.case_tabs.currentIndex() == 0  # staff keep their queue
        else:
            assert window.case_tabs.currentWidget() is page
            assert ("figure_awaiting_approval" in page.buttons) is may, who
        window.close()
