"""The case side of the main window: open cases as tabs, and the actions on the selected cases.

A mixin of MainWindow (window.py builds the tab widget): open, step through and close cases; take,
assign and reveal from the table; the intake (also from saved emails), batch letters and
templates dialogs.

Closing a case with unsaved typing asks first; "Save" starts the workspace's saves in the
background and the tab closes from their answer, once everything was saved.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QTableView,
    QTabWidget,
    QWidget,
)

from privacy_desk.domain.rules import Action
from privacy_desk.domain.vocabulary import Channel, UserRole
from privacy_desk.i18n import _, ngettext
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import CaseRow, UserData
from privacy_desk.services.inbox import FolderPass, InboxScan, InboxService
from privacy_desk.services.mail import ParsedMail
from privacy_desk.services.queues import QueueService
from privacy_desk.services.taken import TakenCase
from privacy_desk.ui.case import CaseWorkspace
from privacy_desk.ui.intake import IntakeDialog
from privacy_desk.ui.intake.email_import import read_email_file, show_email_refused
from privacy_desk.ui.main.dialogs import AssignDialog, ask_save_or_discard
from privacy_desk.ui.main.filter_bar import FilterBar
from privacy_desk.ui.main.queue_model import CaseTableModel
from privacy_desk.ui.ops import ServiceOp, alive

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance

    # For the type checker the mixin is the main window it is mixed into; at run time the
    # window's own bases provide all of that.
    _Window = QMainWindow
else:
    _Window = object


class CaseTabs(_Window):
    """What the window does with cases: their tabs and the actions on the selected ones."""

    context: Context
    actor: Actor
    users: list[UserData]
    model: CaseTableModel
    table: QTableView
    filter_bar: FilterBar
    case_tabs: QTabWidget
    taken_cases: list[str]  # the references of the cases taken from the user, as last told
    _workspaces: dict[QWidget, CaseWorkspace]  # scroll area (the tab's page) -> workspace
    _closing: bool

    if TYPE_CHECKING:  # provided by MainWindow and QueueView
        case_opened: SignalInstance

        def _update_actions(self) -> None: ...
        def _may(self, action: Action) -> bool: ...
        def refresh(self) -> None: ...
        def current_row(self) -> CaseRow | None: ...
        def selected_rows(self) -> list[CaseRow]: ...
        def show_inbox(self) -> None: ...

    def workspaces(self) -> list[CaseWorkspace]:
        """The open case workspaces, in tab order."""
        pages = (self.case_tabs.widget(i) for i in range(1, self.case_tabs.count()))
        return [self._workspaces[page] for page in pages if page in self._workspaces]

    def _workspace(self) -> CaseWorkspace | None:
        """The workspace of the case tab in front, or None when the queue is in front."""
        return self._workspace_at(self.case_tabs.currentIndex())

    def _workspace_at(self, index: int) -> CaseWorkspace | None:
        page = self.case_tabs.widget(index)
        return self._workspaces.get(page) if page is not None else None

    def _tab_of(self, case_id: int) -> int | None:
        for index in range(1, self.case_tabs.count()):
            workspace = self._workspace_at(index)
            if workspace is not None and workspace.case_id == case_id:
                return index
        return None

    def show_queue_page(self) -> None:
        self.case_tabs.setCurrentIndex(0)
        self.table.setFocus()

    def open_case(self, case_id: int, reference: str | None = None, replace: bool = False) -> None:
        """Show the case in its own tab (replace: in place of the current, unchanged case)."""
        existing = self._tab_of(case_id)
        if existing is not None:
            self.case_tabs.setCurrentIndex(existing)
            return
        # The workspace reads the case in the background and says a refusal (a vanished case,
        # a role that may not read it) in its own message bar.
        workspace = CaseWorkspace(self.context, self.actor, case_id)
        workspace.setProperty("case_id", case_id)
        workspace.case_changed.connect(self._on_workspace_case_changed)
        # A case not in the list (a new one) is titled by its reference once it is read.
        workspace.reference_shown.connect(self._on_workspace_reference_shown)
        page = QScrollArea()
        # Not a Tab stop of its own (it would show nothing); it still scrolls to the control
        # that gets the focus.
        page.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        page.setObjectName(f"case_page_{case_id}")
        page.setWidgetResizable(True)
        page.setFrameShape(QFrame.Shape.NoFrame)
        page.setWidget(workspace)
        self._workspaces[page] = workspace
        title = reference or self._reference_of(case_id)
        index = None
        current = self._workspace()
        if replace and current is not None and not current.has_unsaved_changes():
            index = self.case_tabs.currentIndex()
            self._remove_case_tab(index)
        if index is None:
            index = self.case_tabs.addTab(page, title)
        else:
            self.case_tabs.insertTab(index, page, title)
        self.case_tabs.setTabToolTip(index, title)
        self.case_tabs.setCurrentIndex(index)
        self._update_actions()
        self.case_opened.emit(case_id)

    def _remove_case_tab(self, index: int) -> None:
        page = self.case_tabs.widget(index)
        self.case_tabs.removeTab(index)
        if page is not None:
            self._workspaces.pop(page, None)
            page.deleteLater()

    def _reference_of(self, case_id: int) -> str:
        row = self.model.row_of(case_id)
        found = self.model.row_at(row) if row is not None else None
        return found.reference if found else f"#{case_id}"

    def step_case(self, delta: int) -> None:
        """Next (delta 1) or previous (-1) case of the list, opened in place of the current."""
        rows = self.model.rowCount()
        if rows == 0:
            return
        current = self.table.currentIndex().row()
        target = (0 if delta > 0 else rows - 1) if current < 0 else current + delta
        if target >= rows:
            if self.model.canFetchMore(self.model.index(-1, -1)):
                self.model.fetchMore(self.model.index(-1, -1))
                self.statusBar().showMessage(_("Loading more cases…"), 3000)
            return
        if target < 0:
            return
        index = self.model.index(target, 0)
        self.table.setCurrentIndex(index)
        self.table.scrollTo(index)
        row = self.model.row_at(target)
        if row is not None:
            self.open_case(row.id, row.reference, replace=True)

    def _on_workspace_reference_shown(self, case_id: int, reference: str) -> None:
        index = self._tab_of(case_id)
        if index is not None:
            self.case_tabs.setTabText(index, reference)
            self.case_tabs.setTabToolTip(index, reference)

    def _on_workspace_case_changed(self, case_id: int) -> None:
        self.refresh()
        index = self._tab_of(case_id)
        if index is not None and self.model.row_of(case_id) is not None:
            self.case_tabs.setTabText(index, self._reference_of(case_id))

    def _on_case_tabs_current_changed(self, _index: int) -> None:
        self._update_actions()

    def _on_case_tabs_tab_close_requested(self, index: int) -> None:
        if index <= 0:
            return  # the queue page stays
        page = self.case_tabs.widget(index)
        workspace = self._workspace_at(index)
        if page is None or workspace is None:
            return
        if not workspace.has_unsaved_changes():
            self._close_case_page(page)
            return

        def saved(ok: bool) -> None:
            # Whatever was refused stays on screen, with the tab, to be put right.
            if ok and not workspace.has_unsaved_changes():
                self._close_case_page(page)

        ask_save_or_discard(
            self,
            "unsaved_case_box",
            _("This case has unsaved changes. Save them before closing the tab?"),
            _("Save"),
            lambda: workspace.save(saved),
            lambda: self._close_case_page(page),
        )

    def _close_case_page(self, page: QWidget) -> None:
        """Close the tab showing `page`, if it is still there (answers arrive later)."""
        index = self.case_tabs.indexOf(page) if alive(page) else -1
        if index > 0:
            self._remove_case_tab(index)
            self._update_actions()

    def close_current_case(self) -> None:
        if self._workspace() is not None:
            self._on_case_tabs_tab_close_requested(self.case_tabs.currentIndex())

    def open_current_case(self) -> None:
        row = self.current_row()
        if row is not None:
            self.open_case(row.id, row.reference)

    def save_case(self) -> None:
        workspace = self._workspace()
        if workspace is None:
            self.statusBar().showMessage(_("No case is open."), 4000)
            return
        workspace.save()

    def focus_search(self) -> None:
        """Ctrl+F, the search box (named so as not to shadow Qt's QWidget.find)."""
        self.case_tabs.setCurrentIndex(0)
        self.filter_bar.search_edit.setFocus()
        self.filter_bar.search_edit.selectAll()

    def take(self) -> None:
        workspace = self._workspace()
        if workspace is not None:
            workspace.take()
            return
        row = self.current_row()
        if row is None:
            return
        context, actor = self.context, self.actor

        def taken(_result: object) -> None:
            self.statusBar().showMessage(
                _("You took {reference}.").format(reference=row.reference), 6000
            )
            self._reload_open_cases({row.id})
            self.refresh()

        ServiceOp(
            self.table, lambda: CaseService(context, actor).take(row.id, row.version)
        ).block().success(taken).run()

    def open_batch_letters(self) -> None:
        rows = self.selected_rows()
        if not rows or not self._may(Action.ISSUE_LETTER):
            return
        from privacy_desk.ui.letters import BatchLettersDialog

        dialog = BatchLettersDialog(self.context, self.actor, [r.id for r in rows], self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.batch_finished.connect(lambda _count: self.refresh())
        self.batch_dialog = dialog
        dialog.open()

    def open_letter_templates(self) -> None:
        if not self._may(Action.MANAGE_SETTINGS):
            return
        from privacy_desk.ui.letters import TemplatesEditor

        dialog = TemplatesEditor(self.context, self.actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.templates_dialog = dialog
        dialog.open()

    def open_retention(self) -> None:
        if not self._may(Action.RETENTION):
            return
        from privacy_desk.ui.admin.retention import RetentionDialog

        dialog = RetentionDialog(self.context, self.actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Purged cases leave the queues: show them as they are now when the dialog closes.
        dialog.finished.connect(lambda _result: self.refresh())
        self.retention_dialog = dialog
        dialog.open()

    def open_calendar(self) -> None:
        if not self._may(Action.MANAGE_CALENDAR):
            return
        from privacy_desk.ui.admin.calendar import CalendarDialog

        dialog = CalendarDialog(self.context, self.actor, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # Closures move due dates: show the queues as they are now when the dialog closes.
        dialog.finished.connect(lambda _result: self.refresh())
        self.calendar_dialog = dialog
        dialog.open()

    def ask_assignee(self) -> None:
        rows = self.selected_rows()
        if not rows or not self._may(Action.ASSIGN):
            return
        dialog = AssignDialog(self.users, len(rows), self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.assign([r.id for r in rows], dialog.user_id))
        dialog.open()

    def assign(self, case_ids: list[int], user_id: int | None) -> None:
        """Bulk assignment by a supervisor; the status bar says how many changed."""
        context, actor = self.context, self.actor
        who = next((u.name for u in self.users if u.id == user_id), None)

        def assigned(changed: int) -> None:
            if who is None:
                text = ngettext(
                    "{n} case is now unassigned.", "{n} cases are now unassigned.", changed
                ).format(n=changed)
            else:
                text = ngettext(
                    "{n} case assigned to {name}.", "{n} cases assigned to {name}.", changed
                ).format(n=changed, name=who)
            self.statusBar().showMessage(text, 8000)
            self._reload_open_cases(set(case_ids))
            self.refresh()

        ServiceOp(
            self.table, lambda: CaseService(context, actor).assign(case_ids, user_id)
        ).block().success(assigned).run()

    def _reload_open_cases(self, case_ids: set[int]) -> None:
        for workspace in self.workspaces():
            if workspace.case_id in case_ids:
                workspace.reload()

    def reveal_name(self) -> None:
        row = self.current_row()
        if row is None:
            return
        context, actor = self.context, self.actor
        ServiceOp(self.table, lambda: QueueService(context, actor).reveal_name(row.id)).success(
            lambda name: self._show_revealed_name(row.reference, name)
        ).run()

    def _show_revealed_name(self, reference: str, name: str) -> None:
        box = QMessageBox(self)
        box.setObjectName("reveal_box")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(_("Requester name"))
        box.setText(_("Requester of {reference}: {name}").format(reference=reference, name=name))
        box.setInformativeText(_("This reveal was recorded in the audit trail."))
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def open_intake(self, channel: Channel) -> IntakeDialog | None:
        if not self._may(Action.INTAKE):
            return None
        dialog = IntakeDialog(self.context, self.actor, channel, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.case_created.connect(self._on_intake_case_created)
        dialog.emails_dropped.connect(self.open_email_intakes)
        # Not modal: staff on the phone may look something up in the queue meanwhile.
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def import_email(self) -> None:
        """File › Import email…: choose saved emails, one pre-filled intake for each."""
        if not self._may(Action.INTAKE):
            return
        names, _chosen = QFileDialog.getOpenFileNames(
            self, _("Import email"), "", _("Saved emails (*.eml);;All files (*)")
        )
        self.open_email_intakes([Path(name) for name in names])

    def open_email_intakes(self, paths: list[Path]) -> None:
        """Read each saved email in the background and open its own pre-filled intake; a file
        that can not be taken says why, and the others go on."""
        if not paths or not self._may(Action.INTAKE):
            return
        for path in paths:
            ServiceOp(self, partial(read_email_file, path)).success(
                self._open_email_intake
            ).failure(partial(show_email_refused, self, path)).run()

    def _open_email_intake(self, email: ParsedMail) -> None:
        dialog = self.open_intake(Channel.EMAIL)
        if dialog is not None:
            dialog.prefill_email(email)

    def open_fax_inbox(self) -> None:
        """File › Fax inbox…: the Inbox entry of the queue list, the faxes the watched folder
        brought in as its page; one opens as an intake."""
        if self._may(Action.INTAKE):
            self.show_inbox()

    def open_inbox_intake(self, item_id: int) -> None:
        """One inbox fax as a new fax intake (read in the background)."""
        context, actor = self.context, self.actor
        ServiceOp(self, lambda: InboxService(context, actor).item(item_id)).success(
            self._open_inbox_intake
        ).run()

    def _open_inbox_intake(self, item: InboxScan) -> None:
        dialog = self.open_intake(Channel.FAX)
        if dialog is not None:
            dialog.take_inbox_item(item)

    def _on_inbox_passed(self, done: FolderPass) -> None:
        """What a pass over the watched folder brought, in the status bar."""
        if done.imported:
            self.statusBar().showMessage(
                ngettext(
                    "{n} new fax in the Inbox queue (File › Fax inbox).",
                    "{n} new faxes in the Inbox queue (File › Fax inbox).",
                    len(done.imported),
                ).format(n=len(done.imported)),
                60_000,
            )
        if done.refused:
            self.statusBar().showMessage(
                ngettext(
                    "{n} file in the fax folder is no readable scan: moved to 'refused'.",
                    "{n} files in the fax folder are no readable scans: moved to 'refused'.",
                    len(done.refused),
                ).format(n=len(done.refused)),
                60_000,
            )

    def _on_intake_case_created(self, case_id: int) -> None:
        self.refresh()
        self.open_case(case_id)
        # The keyboard goes on in the new case, not nowhere, once the intake window has gone
        # (the window system moves the focus away from a closed window after it has closed).
        sender = self.sender()
        if isinstance(sender, QWidget):
            sender.destroyed.connect(lambda: QTimer.singleShot(50, self._focus_current_case))
        else:
            self._focus_current_case()

    def _focus_current_case(self) -> None:
        if self._closing:
            return
        self.activateWindow()
        workspace = self._workspace()
        if workspace is not None:
            workspace.tabs.setFocus()

    # ------------------------------------------------------------------ start, help, language

    def _tell_taken_cases(self) -> None:
        if self.actor.user_id is None or self.actor.role is UserRole.ADMIN:
            return
        context, actor = self.context, self.actor
        ServiceOp(self, lambda: CaseService(context, actor).cases_taken_from_me()).success(
            self._on_taken_cases_loaded
        ).run()

    def _on_taken_cases_loaded(self, taken: list[TakenCase]) -> None:
        if self._closing or not taken:
            return
        self.taken_cases = [case.reference for case in taken]
        listing = "\n".join(taken_line(case) for case in taken[:20]) + (
            "\n…" if len(taken) > 20 else ""
        )
        self.statusBar().showMessage(
            _("Since you last looked, someone else took {n} of your cases.").format(n=len(taken)),
            30_000,
        )
        box = QMessageBox(self)
        box.setObjectName("taken_box")
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(_("Cases taken from you"))
        box.setText(_("Since you last looked, someone else took these cases of yours:"))
        box.setInformativeText(listing)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()


def taken_line(case: TakenCase) -> str:
    """One taken case in the notice: its reference, by whom, and who holds it now."""
    if case.owner is None:
        return _("{reference}: unassigned by {by}").format(reference=case.reference, by=case.by)
    if case.owner == case.by:
        return _("{reference}: taken by {by}").format(reference=case.reference, by=case.by)
    return _("{reference}: given to {owner} by {by}").format(
        reference=case.reference, owner=case.owner, by=case.by
    )
