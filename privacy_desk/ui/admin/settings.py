"""Administration › Settings: the office settings, page by page, built from their declaration.

The pages and what is on them come from services/settings_pages.py (`groups()`, `fields()`), so a
setting declared there appears here without a line of this module changing: a number becomes a
spin box within its bounds, a choice a combo box, a flag a check box, a folder a line with a
folder picker, a number per kind of request a box of spin boxes. Save checks the changed values
where they are typed (the message stands under the field, the page is shown), then stores only
what changed in one background call (ServiceOp), which the audit trail keeps old → new. Cancel or
Esc with unsaved changes asks first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.errors import DomainError
from privacy_desk.domain.text_fields import MAX_SETTING_NUMBER
from privacy_desk.i18n import _, ngettext
from privacy_desk.services import settings_pages
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.settings import OfficeSettings
from privacy_desk.services.settings_pages import Field, Group
from privacy_desk.services.users import AdminService, read_settings
from privacy_desk.ui.admin.backup_dialogs import FileField
from privacy_desk.ui.dialogs import BaseDialog
from privacy_desk.ui.ops import ServiceOp
from privacy_desk.ui.text_limits import limit_text
from privacy_desk.ui.widgets import FieldError, MessageBar, mark_invalid, refusal_text


class Editor:
    """One field's widget, read and written as the setting's plain value."""

    def __init__(self, field: Field, page: int) -> None:
        self.field = field
        self.page = page
        self.error = FieldError()
        self.error.setObjectName(f"error_{field.address}")
        self.widget: QWidget
        self.input: QWidget  # what is marked invalid and takes the focus
        self.get: Callable[[], Any]
        self.put: Callable[[Any], None]
        self._build()
        self.input.setObjectName(field.address)
        self.input.setAccessibleName(settings_pages.words(field))

    def _build(self) -> None:
        field = self.field
        if field.kind == "flag":
            check = QCheckBox()
            self.widget = self.input = check
            self.get, self.put = check.isChecked, lambda v: check.setChecked(bool(v))
        elif field.kind == "whole":
            spin = QSpinBox()
            spin.setRange(int(field.low), int(field.high))
            if field.unit:
                spin.setSuffix(_(field.unit))
            if field.zero and field.low == 0:
                spin.setSpecialValueText(_(field.zero))
            if field.high > MAX_SETTING_NUMBER:  # yen: a hundred at a time
                spin.setSingleStep(100)
            spin.setMinimumWidth(spin.fontMetrics().horizontalAdvance("0" * 14))
            self.widget = self.input = spin
            self.get, self.put = spin.value, lambda v: spin.setValue(int(v))
        elif field.kind == "decimal":
            number = QDoubleSpinBox()
            number.setRange(field.low, field.high)
            number.setDecimals(1)
            number.setSingleStep(0.5)
            number.setSuffix(_(" mm"))
            number.setMinimumWidth(number.fontMetrics().horizontalAdvance("0" * 14))
            self.widget = self.input = number
            self.get, self.put = number.value, lambda v: number.setValue(float(v))
        elif field.kind == "choice":
            combo = QComboBox()
            for value, words in field.choices:
                combo.addItem(_(words), value)
            self.widget = self.input = combo
            self.get = combo.currentData
            self.put = lambda v: combo.setCurrentIndex(max(0, combo.findData(v)))
        elif field.kind == "folder":
            chooser = FileField(f"{field.address}_folder", save=False, folder=True)
            chooser.edit.setPlaceholderText(_("(the default folder)"))
            self.widget, self.input = chooser, chooser.edit
            self.get, self.put = chooser.edit.text, chooser.edit.setText
        else:
            edit = QLineEdit()
            limit_text(edit, "setting")
            self.widget = self.input = edit
            self.get, self.put = edit.text, edit.setText

    def connect(self, slot: Callable[[], None]) -> None:
        """Call slot whenever the value is edited."""
        widget = self.input
        if isinstance(widget, QCheckBox):
            widget.toggled.connect(lambda _on: slot())
        elif isinstance(widget, QSpinBox | QDoubleSpinBox):
            widget.valueChanged.connect(lambda _value: slot())
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(lambda _index: slot())
        elif isinstance(widget, QLineEdit):
            widget.textChanged.connect(lambda _text: slot())

    def show_error(self, text: str) -> None:
        self.error.show_message(text)
        mark_invalid(self.input, bool(text))


class SettingsDialog(BaseDialog):
    """The office settings on pages (a list on the left); Save stores only what changed."""

    settings_saved = Signal(object)  # the OfficeSettings as they are now

    def __init__(self, context: Context, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent, "settings_dialog")
        self.context = context
        self.actor = actor
        self.loaded: dict[str, Any] = {}
        self.editors: dict[str, Editor] = {}
        self.discard_box: QMessageBox | None = None
        self.setWindowTitle(_("Office settings"))
        self._build()
        self._connect()
        self.resize(1000, 640)
        self.reload()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.pages = QListWidget()
        self.pages.setObjectName("settings_pages")
        self.pages.setAccessibleName(_("Settings pages"))
        self.stack = QStackedWidget()
        self.groups = settings_pages.groups()
        for number, group in enumerate(self.groups):
            self.pages.addItem(_(group.title))
            self.stack.addWidget(self._page(group, number))
        self.pages.setMaximumWidth(self.pages.sizeHintForColumn(0) + 40)
        self.message_bar = MessageBar()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("save_settings")
        self.save_button.setText(_("&Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        self.state_label = QLabel()
        self.state_label.setObjectName("settings_state")
        right = QVBoxLayout()
        right.addWidget(self.message_bar)
        right.addWidget(self.stack, 1)
        columns = QHBoxLayout()
        columns.addWidget(self.pages)
        columns.addLayout(right, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.state_label, 1)
        bottom.addWidget(self.buttons)
        layout = QVBoxLayout(self)
        layout.addLayout(columns, 1)
        layout.addLayout(bottom)
        self.pages.setCurrentRow(0)

    def _page(self, group: Group, number: int) -> QWidget:
        """A page: its title, then a row per field (its words left, wrapped; its widget right);
        a number per kind of request is a box with a row per kind."""
        body = QWidget()
        column = QVBoxLayout(body)
        title = QLabel(_(group.title))
        title.setObjectName(f"title_{group.name}")
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)
        column.addWidget(title)
        grid = _grid()
        column.addLayout(grid)
        boxes: dict[str, QGridLayout] = {}
        for field in settings_pages.fields(group):
            editor = Editor(field, number)
            self.editors[field.address] = editor
            if field.request_kind is None:
                _add_row(grid, _(field.description), editor)
                continue
            key = field.address.split(".")[0]
            if key not in boxes:  # a number per kind: a box of rows
                box = QGroupBox(_(field.description))
                boxes[key] = _grid(box)
                grid.addWidget(box, grid.rowCount(), 0, 1, 2)
            _add_row(boxes[key], field.request_kind.label(), editor)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setObjectName(f"page_{group.name}")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        return scroll

    def _connect(self) -> None:
        self.pages.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for editor in self.editors.values():
            editor.connect(self._on_value_edited)
        QShortcut(QKeySequence.StandardKey.Save, self, self.accept)
        # Ctrl+Page Down / Page Up: the next or previous page, wherever the focus is.
        QShortcut(QKeySequence("Ctrl+PgDown"), self, lambda: self._step_page(1))
        QShortcut(QKeySequence("Ctrl+PgUp"), self, lambda: self._step_page(-1))

    def _step_page(self, step: int) -> None:
        self.pages.setCurrentRow((self.pages.currentRow() + step) % self.pages.count())

    # ------------------------------------------------------------------ loading

    def reload(self) -> None:
        """Read the settings again (in the background) and show them."""
        context, actor = self.context, self.actor
        ServiceOp(self, lambda: read_settings(context, actor)).success(self._show).key(
            "load"
        ).block().run()

    def _show(self, settings: OfficeSettings) -> None:
        plain = settings.plain()
        self.loaded = {a: settings_pages.value_at(plain, a) for a in self.editors}
        for address, editor in self.editors.items():
            editor.put(self.loaded[address])
            editor.show_error("")
        self._on_value_edited()

    # ------------------------------------------------------------------ changes

    def changes(self) -> dict[str, Any]:
        """The values edited since they were loaded, by address."""
        if not self.loaded:
            return {}
        return {
            address: editor.get()
            for address, editor in self.editors.items()
            if editor.get() != self.loaded[address]
        }

    def _on_value_edited(self) -> None:
        count = len(self.changes())
        self.state_label.setText(
            ngettext("{n} unsaved change", "{n} unsaved changes", count).format(n=count)
            if count
            else _("No unsaved changes")
        )

    def show_page(self, name: str) -> None:
        self.pages.setCurrentRow([g.name for g in self.groups].index(name))

    def accept(self) -> None:
        """Save: check what changed where it was typed, then store it in one call."""
        self.message_bar.clear_message()
        changes = self.changes()
        if not changes:
            super().accept()
            return
        wrong: list[Editor] = []
        for address, editor in self.editors.items():
            editor.show_error("")
            if address not in changes:
                continue
            try:
                settings_pages.check(address, changes[address], settings_pages.words(editor.field))
            except DomainError as exc:
                editor.show_error(refusal_text(exc))
                wrong.append(editor)
        if wrong:
            self._point_at(wrong[0])
            self.message_bar.show_message(
                _("Nothing was saved: correct the marked values on the page {page}.").format(
                    page=_(self.groups[wrong[0].page].title)
                )
            )
            return
        service = AdminService(self.context, self.actor)
        ServiceOp(self, lambda: service.set_settings(changes)).success(self._on_saved).failure(
            self._on_refused
        ).block().run()

    def _point_at(self, editor: Editor) -> None:
        self.pages.setCurrentRow(editor.page)
        scroll = self.stack.widget(editor.page)
        if isinstance(scroll, QScrollArea):
            scroll.ensureWidgetVisible(editor.widget)
        editor.input.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_saved(self, settings: OfficeSettings) -> None:
        self.loaded = {}
        self.settings_saved.emit(settings)
        super().accept()

    def _on_refused(self, exc: DomainError) -> None:
        self.message_bar.show_message(
            _("Nothing was saved: {problem}").format(problem=refusal_text(exc))
        )

    def reject(self) -> None:
        """Cancel or Esc: with unsaved changes, ask first (without a loop of its own)."""
        if not self.changes():
            super().reject()
            return
        box = QMessageBox(self)
        box.setObjectName("discard_settings")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Office settings"))
        box.setText(_("Discard the unsaved changes to the settings?"))
        discard = box.addButton(_("&Discard"), QMessageBox.ButtonRole.DestructiveRole)
        keep = box.addButton(_("&Keep editing"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(keep)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.buttonClicked.connect(lambda button: self._discard() if button is discard else None)
        self.discard_box = box
        box.open()

    def _discard(self) -> None:
        self.loaded = {}
        super().reject()


def _grid(parent: QWidget | None = None) -> QGridLayout:
    """Two columns: the words (two parts of five) and the widgets (three)."""
    grid = QGridLayout(parent) if parent is not None else QGridLayout()
    grid.setColumnStretch(0, 2)
    grid.setColumnStretch(1, 3)
    grid.setVerticalSpacing(4)
    return grid


def _add_row(grid: QGridLayout, words: str, editor: Editor) -> None:
    label = QLabel(words)
    label.setWordWrap(True)
    label.setContentsMargins(0, 3, 0, 0)  # level with the text in the widget beside it
    label.setBuddy(editor.input)
    holder = QWidget()
    stack = QVBoxLayout(holder)
    stack.setContentsMargins(0, 0, 0, 0)
    stack.setSpacing(1)
    if isinstance(editor.widget, QSpinBox | QDoubleSpinBox | QCheckBox):
        stack.addWidget(editor.widget, 0, Qt.AlignmentFlag.AlignLeft)  # a number stays short
    else:
        stack.addWidget(editor.widget)
    stack.addWidget(editor.error)
    row = grid.rowCount()
    grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
    grid.addWidget(holder, row, 1)
