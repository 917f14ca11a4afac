"""The Investigation tab: notes and tasks."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.errors import DomainError
from privacy_desk.domain.rules import Action
from privacy_desk.i18n import _
from privacy_desk.services.dto import CaseDetail, UserData
from privacy_desk.ui.case.parts import (
    Outcome,
    Step,
    fill_rows,
    in_turn,
    make_button,
    plain_edit,
    show_state,
)
from privacy_desk.ui.text_limits import limit_text
from privacy_desk.ui.widgets import FieldError, format_moment, read_only_table

if TYPE_CHECKING:
    from privacy_desk.ui.case.workspace import CaseWorkspace


# ==================================================================== investigation


class InvestigationTab(QWidget):
    """Notes and tasks of the investigation."""

    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__()
        self.workspace = workspace
        self._task_ids: list[int] = []
        self._filling = False
        layout = QHBoxLayout(self)

        notes_box = QGroupBox(_("Notes"))
        notes = QVBoxLayout(notes_box)
        self.notes_table = read_only_table(
            [_("When"), _("Who"), _("Note")], "notes_table", title=_("Notes")
        )
        notes.addWidget(self.notes_table, 1)
        self.note_edit = plain_edit(_("A new note"), 70, "note_text")
        limit_text(self.note_edit, "note")
        notes.addWidget(self.note_edit)
        self.note_error = FieldError()
        notes.addWidget(self.note_error)
        row = QHBoxLayout()
        row.addStretch(1)
        self.add_note_button = make_button(_("Add note"), "add_note")
        row.addWidget(self.add_note_button)
        notes.addLayout(row)
        layout.addWidget(notes_box, 3)

        tasks_box = QGroupBox(_("Tasks"))
        tasks = QVBoxLayout(tasks_box)
        self.tasks_table = read_only_table(
            [_("Done"), _("Task"), _("Owner")], "tasks_table", stretch=1, title=_("Tasks")
        )
        tasks.addWidget(self.tasks_table, 1)
        add = QHBoxLayout()
        self.task_edit = QLineEdit()
        self.task_edit.setObjectName("task_title")
        limit_text(self.task_edit, "task")
        self.task_edit.setPlaceholderText(_("A new task"))
        self.owner_combo = QComboBox()
        self.owner_combo.setObjectName("task_owner")
        self.task_edit.setAccessibleName(_("A new task"))
        self.owner_combo.setAccessibleName(_("Owner"))
        self.add_task_button = make_button(_("Add task"), "add_task")
        add.addWidget(self.task_edit, 1)
        add.addWidget(self.owner_combo)
        add.addWidget(self.add_task_button)
        tasks.addLayout(add)
        self.task_error = FieldError()
        tasks.addWidget(self.task_error)
        layout.addWidget(tasks_box, 2)

        self.owner_combo.addItem(_("— nobody yet —"), None)

        self.add_note_button.clicked.connect(self._on_add_note_clicked)
        self.add_task_button.clicked.connect(self._on_add_task_clicked)
        self.task_edit.returnPressed.connect(self._on_add_task_clicked)
        self.tasks_table.itemChanged.connect(self._on_tasks_item_changed)

    def set_users(self, owners: list[UserData]) -> None:
        """The people a task can be given to, as the service listed them."""
        for user in owners:
            self.owner_combo.addItem(user.name, user.id)

    def show_detail(self, detail: CaseDetail) -> None:
        ws = self.workspace
        fill_rows(
            self.notes_table,
            [[format_moment(n.created_at), ws.person_name(n.author), n.text] for n in detail.notes],
        )
        self._filling = True
        self.tasks_table.setRowCount(len(detail.tasks))
        self._task_ids = [t.id for t in detail.tasks]
        can_tick = ws.state(Action.COMPLETE_TASK).enabled
        for row, task in enumerate(detail.tasks):
            done = QTableWidgetItem(_("done") if task.done else _("open"))
            flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
            if can_tick:
                flags |= Qt.ItemFlag.ItemIsEnabled
            done.setFlags(flags)
            done.setCheckState(Qt.CheckState.Checked if task.done else Qt.CheckState.Unchecked)
            self.tasks_table.setItem(row, 0, done)
            title = QTableWidgetItem(task.title)
            if task.done:
                font = title.font()
                font.setStrikeOut(True)
                title.setFont(font)
            self.tasks_table.setItem(row, 1, title)
            self.tasks_table.setItem(row, 2, QTableWidgetItem(task.owner or _("nobody")))
        self._filling = False
        show_state(self.add_note_button, ws.state(Action.ADD_NOTE))
        show_state(self.add_task_button, ws.state(Action.ADD_TASK))

    def has_unsaved_changes(self) -> bool:
        return bool(self.note_edit.toPlainText().strip() or self.task_edit.text().strip())

    def save_pending(self, then: Outcome | None = None) -> bool:
        steps: list[Step] = []
        if self.note_edit.toPlainText().strip():
            steps.append(lambda after: self._on_add_note_clicked(then=after))
        if self.task_edit.text().strip():
            steps.append(lambda after: self._on_add_task_clicked(then=after))
        return in_turn(steps, then)

    def _on_add_note_clicked(self, *, then: Outcome | None = None) -> bool:
        self.note_error.clear_message()
        ws = self.workspace
        text = self.note_edit.toPlainText()

        def done() -> None:
            self.note_edit.clear()

        return ws.perform(
            lambda version: ws.service.add_note(ws.case_id, version, text),
            self.note_error.show_for,
            done,
            then,
        )

    def _on_add_task_clicked(self, *, then: Outcome | None = None) -> bool:
        self.task_error.clear_message()
        ws = self.workspace
        title = self.task_edit.text()
        owner = self.owner_combo.currentData()

        def done() -> None:
            self.task_edit.clear()

        return ws.perform(
            lambda version: ws.service.add_task(ws.case_id, version, title, owner),
            self.task_error.show_for,
            done,
            then,
        )

    def _on_tasks_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() != 0 or item.row() >= len(self._task_ids):
            return
        ws = self.workspace
        task_id = self._task_ids[item.row()]
        done = item.checkState() == Qt.CheckState.Checked

        def refused(exc: DomainError) -> None:
            self.task_error.show_for(exc)
            # Not saved: the tick goes back to what the database holds.
            ws.refresh_view()

        ws.perform(
            lambda version: ws.service.set_task_done(ws.case_id, version, task_id, done),
            refused,
        )
