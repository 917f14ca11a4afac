"""The main window's small dialogs: assigning cases, and the list of keyboard shortcuts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.i18n import _, label, ngettext
from privacy_desk.services.dto import UserData
from privacy_desk.ui.dialogs import BaseDialog
from privacy_desk.ui.main.actions import ACTIONS, ActionSpec


class AssignDialog(BaseDialog):
    """Choose who gets the selected cases (or nobody)."""

    def __init__(self, users: list[UserData], count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent, name="assign")
        self.setWindowTitle(_("Assign cases"))
        intro = QLabel(
            ngettext("Assign {n} selected case to:", "Assign {n} selected cases to:", count).format(
                n=count
            )
        )
        self.user_combo = QComboBox()
        self.user_combo.setObjectName("assignee")
        for user in users:
            if user.active and user.role is not UserRole.ADMIN:
                self.user_combo.addItem(f"{user.name} ({label(user.role)})", user.id)
        self.user_combo.addItem(_("Nobody (unassigned)"), None)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Assign"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.user_combo)
        layout.addWidget(buttons)
        self.setMinimumWidth(360)

    @property
    def user_id(self) -> int | None:
        return self.user_combo.currentData()


class ShortcutsDialog(BaseDialog):
    """Every action that has a shortcut, read from the same table the menus are built from."""

    def __init__(
        self, actions: tuple[ActionSpec, ...] = ACTIONS, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, name="shortcuts")
        self.setWindowTitle(_("Keyboard shortcuts"))
        rows = [spec for spec in actions if spec.shortcuts]
        table = QTableWidget(len(rows), 2)
        table.setObjectName("shortcuts_table")
        table.setHorizontalHeaderLabels([_("Action"), _("Keys")])
        table.verticalHeader().hide()
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for row, spec in enumerate(rows):
            name = spec.title().replace("&", "").rstrip("…")
            keys = ", ".join(
                s.toString(QKeySequence.SequenceFormat.NativeText) for s in spec.key_sequences()
            )
            table.setItem(row, 0, QTableWidgetItem(name))
            table.setItem(row, 1, QTableWidgetItem(keys))
        table.resizeColumnsToContents()
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("Close"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(table)
        layout.addWidget(buttons)
        self.resize(460, 520)


def ask_save_or_discard(
    parent: QWidget,
    name: str,
    question: str,
    save_text: str,
    on_save: Callable[[], None],
    on_discard: Callable[[], None],
) -> None:
    """Unsaved work before a close: Save (the default), Close without saving, or Cancel.

    The box opens without blocking; the answer arrives through the callbacks (Cancel: none).
    """
    box = QMessageBox(parent)
    box.setObjectName(name)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Privacy Desk"))
    box.setText(question)
    save = box.addButton(save_text, QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton(_("Close without saving"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(save)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered(button: QAbstractButton) -> None:
        if button is save:
            on_save()
        elif button is discard:
            on_discard()

    box.buttonClicked.connect(answered)
    box.open()
