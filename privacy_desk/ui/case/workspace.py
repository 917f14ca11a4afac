"""The case workspace: one case, its state, its deadlines, its people and everything done on it.

At the top, without hunting: the reference, the status and what must happen next, the deadline
strip, the requester and data subject, and the actions the case's status and the user's role
allow. Below, one tab each for identity, contacts, investigation, decision, letters and history.

The case is read, and every change made, by one service call in the background (ui/case/calls.py,
through ServiceOp), with the case version the user opened. When someone else saved
in between, the call is refused with a ConflictError: the workspace says what changed, reloads
the case and keeps whatever the user was typing, so saving again is one key press away.
Saving everything (Ctrl+S) chains the pending saves in the background too; the outcome arrives
through `saved` and the caller's `then`, which is how the main window closes a case only once
its typing is safe.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QPushButton, QTabWidget, QVBoxLayout, QWidget

from privacy_desk.domain.rules import Action
from privacy_desk.i18n import _
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import ActionState, CaseDetail, UserData
from privacy_desk.services.offices import OfficeData
from privacy_desk.ui.case.calls import CaseCalls
from privacy_desk.ui.case.contacts import ContactsTab
from privacy_desk.ui.case.decision import DecisionTab
from privacy_desk.ui.case.files import FilesTab
from privacy_desk.ui.case.header import CaseHeader
from privacy_desk.ui.case.history import HistoryTab
from privacy_desk.ui.case.identity import IdentityTab
from privacy_desk.ui.case.investigation import InvestigationTab
from privacy_desk.ui.case.letters_tab import LettersTab
from privacy_desk.ui.case.panels import ActionPanel, PanelActions, PanelStack
from privacy_desk.ui.case.parts import (
    CLOSED,
    CaseTab,
    Outcome,
    Refusal,
    Step,
    in_turn,
    make_button,
    show_state,
)
from privacy_desk.ui.flow import FlowLayout
from privacy_desk.ui.intake.scans import FileDrops
from privacy_desk.ui.letters import kind_label


class CaseWorkspace(CaseHeader, PanelActions, QWidget):
    """One case, opened by one user: see it at a glance, act on it, never lose typing."""

    case_changed = Signal(int)
    reference_shown = Signal(int, str)
    """The case (id) and its reference, each time the case is shown (its tab's title)."""
    saved = Signal(bool)
    """Once per save(): whether everything pending was saved."""

    def __init__(
        self, context: Context, actor: Actor, case_id: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("case_workspace")
        self.context = context
        self.actor = actor
        self.case_id = case_id
        self.service = CaseService(context, actor)
        self.calls = CaseCalls(self)
        self.detail: CaseDetail | None = None
        self.users: list[UserData] = []
        self.offices: list[OfficeData] = []
        self._names: dict[str, str] = {}
        self._saving = False
        self._save_waiters: list[Outcome] = []
        self._build()
        self._connect()
        self.calls.open()

    def _on_opened(
        self,
        detail: CaseDetail,
        users: list[UserData],
        task_owners: list[UserData],
        offices: list[OfficeData] | None = None,
    ) -> None:
        """The first read arrived: the people, the case, and for an approver the decision."""
        self.offices = list(offices or [])
        self.users = users
        self._names = {u.login: u.name for u in users}
        self.investigation_tab.set_users(task_owners)
        self.detail = detail
        self._show(detail, keep_details=False)
        if self.state(Action.APPROVE).enabled:
            self.tabs.setCurrentWidget(self.decision_tab)

    def _on_scans_dropped(self, paths: list[Path]) -> None:
        if self.contacts_tab.attach_paths(paths):
            self.tabs.setCurrentWidget(self.contacts_tab)

    # ---------------------------------------------------------------- construction

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.setSpacing(6)

        self._build_header(outer)

        # Wraps onto a second line on a narrow screen instead of widening the case page.
        actions = FlowLayout(spacing=4)
        self.action_buttons: dict[str, QPushButton] = {}
        for key, text in (
            ("take", _("Take case")),
            ("move", _("Move to office…")),
            ("start", _("Start investigation")),
            ("pause", _("Pause…")),
            ("resume", _("Resume")),
            ("extend", _("Extend…")),
            ("notice", _("Record dispatch…")),
            ("close", _("Close case")),
            ("withdraw", _("Withdraw…")),
            ("unconfirmed", _("Close: identity not confirmed…")),
            ("reopen", _("Reopen…")),
        ):
            button = make_button(text, f"action_{key}")
            self.action_buttons[key] = button
            actions.addWidget(button)
        outer.addLayout(actions)

        self.panels = PanelStack()
        self.panels.setObjectName("action_panels")
        self._build_panels()
        self.panels.hide()
        outer.addWidget(self.panels)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("case_tabs")
        self.identity_tab = IdentityTab(self)
        self.contacts_tab = ContactsTab(self)
        # Fax scans dropped anywhere on the case: kept with a new incoming fax contact.
        self.scan_drops = FileDrops(self, self._on_scans_dropped)
        self.files_tab = FilesTab(self)
        self.investigation_tab = InvestigationTab(self)
        self.decision_tab = DecisionTab(self)
        self.letters_tab = LettersTab(self)
        self.history_tab = HistoryTab(self)
        self.tabs.addTab(self.identity_tab, _("&Identity"))
        self.tabs.addTab(self.contacts_tab, _("C&ontacts"))
        self.tabs.addTab(self.files_tab, _("File&s"))
        self.tabs.addTab(self.investigation_tab, _("In&vestigation"))
        self.tabs.addTab(self.decision_tab, _("&Decision"))
        self.tabs.addTab(self.letters_tab, _("&Letters"))
        self.tabs.addTab(self.history_tab, _("&History"))
        # Room for a tab's work (a letter's page, a decision's reasons) under the header: on a
        # low screen the case page scrolls down to it rather than squeezing it to a strip.
        self.tabs.setMinimumHeight(self.fontMetrics().height() * 30)
        outer.addWidget(self.tabs, 1)

    def _connect(self) -> None:
        b = self.action_buttons
        b["take"].clicked.connect(self.take)
        b["start"].clicked.connect(self._on_start_clicked)
        b["resume"].clicked.connect(self._on_resume_clicked)
        b["close"].clicked.connect(self._on_close_clicked)
        for key in self._panels:
            b[key].clicked.connect(lambda _checked=False, k=key: self.open_panel(k))
        # Each takes then= (see Step); connected to clicks and Enter, which pass nothing.
        self._panel_actions: dict[str, Callable[..., bool]] = {
            "pause": self._on_pause_confirmed,
            "extend": self._on_extend_confirmed,
            "notice": self._on_notice_confirmed,
            "withdraw": self._on_withdraw_confirmed,
            "unconfirmed": self._on_unconfirmed_confirmed,
            "reopen": self._on_reopen_confirmed,
            "move": self._on_move_confirmed,
        }
        for key, handler in self._panel_actions.items():
            panel = self._panels[key]
            panel.confirm_button.clicked.connect(handler)
            # Enter in a panel's field confirms it, as in any small form.
            for edit in panel.findChildren(QLineEdit):
                edit.returnPressed.connect(handler)
        self.save_details_button.clicked.connect(self._on_save_details_clicked)
        self.summary_edit.textChanged.connect(self._on_details_edited)
        self.language_combo.currentIndexChanged.connect(self._on_details_edited)
        self.large_print_check.toggled.connect(self._on_details_edited)
        self.edit_requester_button.clicked.connect(lambda: self._edit_person("requester"))
        self.edit_subject_button.clicked.connect(lambda: self._edit_person("subject"))

    # ---------------------------------------------------------------- what the service allows

    def state(self, action: Action) -> ActionState:
        """What the service said of the action on the case shown: the screen never re-derives it."""
        if self.detail is None:
            return CLOSED
        return self.detail.actions.get(action, CLOSED)

    def person_name(self, login: str) -> str:
        return self._names.get(login, login)

    # ---------------------------------------------------------------- loading

    def reload(self) -> None:
        """Read the case again (in the background); edits in progress stay as they are."""
        self.calls.reload()

    def refresh_view(self) -> None:
        """Show the loaded case again (undoing a tick that was not saved)."""
        if self.detail is not None:
            self._show(self.detail, keep_details=self._details_dirty(self.detail))

    def _show(self, d: CaseDetail, keep_details: bool) -> None:
        self._show_header(d, keep_details)
        self.reference_shown.emit(self.case_id, d.reference)
        self.changed_bar.seen(d.version)

        self._update_actions(d)
        chosen_letter = self.notice_letter.currentData()
        self.notice_letter.clear()
        self.notice_letter.addItem(_("— no letter chosen —"), None)
        for letter in d.letters:
            self.notice_letter.addItem(f"{letter.number}: {kind_label(letter.kind)}", letter.id)
        self.notice_letter.setCurrentIndex(max(self.notice_letter.findData(chosen_letter), 0))
        for tab in self._tabs():
            tab.show_detail(d)

    def _tabs(self) -> list[CaseTab]:
        """The tabs, in the order of the tab bar."""
        return [
            self.identity_tab,
            self.contacts_tab,
            self.files_tab,
            self.investigation_tab,
            self.decision_tab,
            self.letters_tab,
            self.history_tab,
        ]

    def _update_actions(self, d: CaseDetail) -> None:
        checks = {
            "take": Action.TAKE,
            "move": Action.MOVE_OFFICE,
            "start": Action.START_INVESTIGATION,
            "pause": Action.PAUSE,
            "resume": Action.RESUME,
            "extend": Action.EXTEND,
            "notice": Action.RECORD_NOTICE_SENT,
            "close": Action.CLOSE,
            "withdraw": Action.WITHDRAW,
            "unconfirmed": Action.CLOSE_UNCONFIRMED,
            "reopen": Action.REOPEN,
        }
        for key, action in checks.items():
            button = self.action_buttons[key]
            state = self.state(action)
            button.setVisible(state.visible)
            show_state(button, state)
        self.action_buttons["take"].setText(
            _("Take case from {name}").format(name=d.owner)
            if d.owner and d.owner_id != self.actor.user_id
            else _("Take case")
        )
        current = self.panels.currentWidget()
        if self.panels.isVisible() and current is not None:
            key = next(k for k, p in self._panels.items() if p is current)
            if not self.state(checks[key]).enabled:
                self.panels.hide()

    # ---------------------------------------------------------------- calling the services

    def perform(
        self,
        call: Callable[[int], object],
        refused: Refusal | None = None,
        done: Callable[[], None] | None = None,
        then: Outcome | None = None,
    ) -> bool:
        """One service call with the version the user opened (see CaseCalls.perform)."""
        return self.calls.perform(call, refused, done, then)

    # ---------------------------------------------------------------- the public actions

    def take(self) -> bool:
        """Take the case (in the background); whether the call was started."""
        return self.perform(lambda version: self.service.take(self.case_id, version))

    def save(self, then: Outcome | None = None) -> None:
        """Save the edits in progress (Ctrl+S): the case details, then the open panel or the
        current tab's form, one call after another in the background.

        `then` and the `saved` signal hear once whether everything was saved (False also when
        nothing was pending or a form refused). A save asked for while one is under way waits
        for that one's answer instead of sending the same edits with an outdated version.
        """
        if then is not None:
            self._save_waiters.append(then)
        if self._saving:
            return
        self._saving = True
        if not in_turn(self._pending_saves(), self._on_saved):
            self._on_saved(False)

    def _pending_saves(self) -> list[Step]:
        steps: list[Step] = []
        if self.detail is not None and self._details_dirty(self.detail):
            steps.append(lambda then: self._on_save_details_clicked(then=then))
        panel = self.panels.currentWidget()
        if self.panels.isVisible() and isinstance(panel, ActionPanel):
            key = next(k for k, p in self._panels.items() if p is panel)
            steps.append(lambda then: self._panel_actions[key](then=then))
            return steps
        tabs, current = self._tabs(), self.tabs.currentIndex()
        tab = tabs[current] if 0 <= current < len(tabs) else None
        if tab is not None and tab.has_unsaved_changes():
            steps.append(tab.save_pending)
        return steps

    def _on_saved(self, ok: bool) -> None:
        self._saving = False
        waiters, self._save_waiters = self._save_waiters, []
        for waiter in waiters:
            waiter(ok)
        self.saved.emit(ok)

    def has_unsaved_changes(self) -> bool:
        if self.detail is not None and self._details_dirty(self.detail):
            return True
        typed = (
            self.pause_note,
            self.extend_date,
            self.extend_reason,
            self.notice_tracking,
            self.withdraw_note,
            self.unconfirmed_reason,
            self.reopen_reason,
        )
        if any(edit.text().strip() for edit in typed):
            return True
        return any(tab.has_unsaved_changes() for tab in self._tabs())

    # ---------------------------------------------------------------- simple actions

    def _on_start_clicked(self) -> None:
        self.perform(lambda version: self.service.start_investigation(self.case_id, version))

    def _on_resume_clicked(self) -> None:
        self.perform(lambda version: self.service.resume(self.case_id, version))

    def _on_close_clicked(self) -> None:
        self.perform(lambda version: self.service.close(self.case_id, version))
