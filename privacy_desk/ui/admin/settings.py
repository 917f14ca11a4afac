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
from dataclasses import dataclass
from dataclasses import field as dc_field
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
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.errors import DomainError
from privacy_desk.domain.text_fields import MAX_SETTING_NUMBER
from privacy_desk.i18n import _, language, ngettext
from privacy_desk.services import settings_pages
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.offices import EDITABLE, OfficeData, OfficeService, list_offices
from privacy_desk.services.settings import OfficeSettings
from privacy_desk.services.settings_pages import Field, Group
from privacy_desk.services.users import AdminService, read_settings
from privacy_desk.ui.admin.backup_dialogs import FileField
from privacy_desk.ui.dialogs import BaseDialog, fit_to_screen
from privacy_desk.ui.ops import ServiceOp
from privacy_desk.ui.text_limits import limit_text
from privacy_desk.ui.widgets import FieldError, MessageBar, mark_invalid, refusal_text

OFFICES_AFTER = "organisation"  # the Offices page comes after this page
OFFICE_PREFIX = "office."  # an office's item on the screen: office.<code>.<item>


class Editor:
    """One field's widget, read and written as the setting's plain value."""

    def __init__(self, field: Field, page: int, reveal: Callable[[], object] | None = None) -> None:
        self.field = field
        self.page = page
        self.reveal = reveal  # shows the field when its page holds tabs
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
        fit_to_screen(self, 1000, 640)
        self.reload()

    # ------------------------------------------------------------------ building

    def _build(self) -> None:
        self.pages = QListWidget()
        self.pages.setObjectName("settings_pages")
        self.pages.setAccessibleName(_("Settings pages"))
        self.stack = QStackedWidget()
        self.groups = settings_pages.groups()
        self.page_names: list[str] = []
        self.page_titles: list[str] = []
        self.office_tabs: QTabWidget | None = None
        for group in self.groups:
            self._add_page(group.name, _(group.title), self._page(group, self.stack.count()))
            if group.name == OFFICES_AFTER:  # filled once the offices are read
                self.offices_page = QWidget()
                self.offices_page.setObjectName("page_offices")
                self.offices_layout = QVBoxLayout(self.offices_page)
                self._add_page("offices", _("Offices"), self.offices_page)
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

    def _add_page(self, name: str, title: str, page: QWidget) -> None:
        self.pages.addItem(title)
        self.stack.addWidget(page)
        self.page_names.append(name)
        self.page_titles.append(title)

    def _build_offices(self, offices: list[OfficeData]) -> None:
        """The Offices page: a tab per office, a line per item its letters print."""
        page = self.page_names.index("offices")
        layout = self.offices_layout
        layout.addWidget(_title(_("Offices"), "title_offices"))
        tabs = self.office_tabs = QTabWidget()
        tabs.setObjectName("office_tabs")
        layout.addWidget(tabs, 1)
        for index, office in enumerate(offices):
            body = QWidget()
            column = QVBoxLayout(body)
            grid = _grid()
            column.addLayout(grid)
            column.addStretch(1)
            for key, (words, limit) in EDITABLE.items():
                field = Field(f"office.{office.code}.{key}", words, "text")
                editor = Editor(field, page, reveal=_tab_shower(tabs, index))
                line = editor.input
                if isinstance(line, QLineEdit):
                    line.setMaxLength(limit)
                self.editors[field.address] = editor
                editor.connect(self._on_value_edited)
                _add_row(grid, _(words), editor)
            tabs.addTab(_scrolled(body, f"office_{office.code}"), office.name(language()))

    def _page(self, group: Group, number: int) -> QWidget:
        """A page: its title, then a row per field (its words left, wrapped; its widget right);
        a number per kind of request is a box with a row per kind."""
        body = QWidget()
        column = QVBoxLayout(body)
        column.addWidget(_title(_(group.title), f"title_{group.name}"))
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
        return _scrolled(body, f"page_{group.name}")

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
        ServiceOp(
            self, lambda: (read_settings(context, actor), list_offices(context, actor))
        ).success(self._show).key("load").block().run()

    def _show(self, answer: tuple[OfficeSettings, list[OfficeData]]) -> None:
        settings, offices = answer
        if self.office_tabs is None:
            self._build_offices(offices)
        plain = settings.plain()
        self.loaded = {
            a: settings_pages.value_at(plain, a)
            for a in self.editors
            if not a.startswith(OFFICE_PREFIX)
        }
        for office in offices:
            for key in EDITABLE:
                self.loaded[f"{OFFICE_PREFIX}{office.code}.{key}"] = getattr(office, key)
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
        self.pages.setCurrentRow(self.page_names.index(name))

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
            if address not in changes or address.startswith(OFFICE_PREFIX):
                continue  # an office's items are checked by its service
            try:
                settings_pages.check(address, changes[address], settings_pages.words(editor.field))
            except DomainError as exc:
                editor.show_error(refusal_text(exc))
                wrong.append(editor)
        if wrong:
            self._point_at(wrong[0])
            self.message_bar.show_message(
                _("Nothing was saved: correct the marked values on the page {page}.").format(
                    page=self.page_titles[wrong[0].page]
                )
            )
            return
        context, actor = self.context, self.actor
        ServiceOp(self, lambda: _save(context, actor, changes)).success(self._on_saved).failure(
            self._on_refused
        ).block().run()

    def _point_at(self, editor: Editor) -> None:
        self.pages.setCurrentRow(editor.page)
        if editor.reveal is not None:
            editor.reveal()
        scroll = self.stack.widget(editor.page)
        if isinstance(scroll, QScrollArea):
            scroll.ensureWidgetVisible(editor.widget)
        editor.input.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_saved(self, saved: Saved) -> None:
        if saved.refused is None:
            self.loaded = {}
            if saved.settings is not None:
                self.settings_saved.emit(saved.settings)
            super().accept()
            return
        for address, editor in self.editors.items():  # what was saved is no longer a change
            code = address.removeprefix(OFFICE_PREFIX).split(".")[0]
            if address.startswith(OFFICE_PREFIX) and code in saved.offices_saved:
                self.loaded[address] = editor.get()
        self._on_value_edited()
        exc = saved.refused
        refused = self.editors.get(f"{OFFICE_PREFIX}{saved.refused_office}.{exc.field}")
        if refused is not None:
            refused.show_error(refusal_text(exc))
            self._point_at(refused)
        if saved.offices_saved:
            self.message_bar.show_message(
                _("Not everything was saved: {problem}").format(problem=refusal_text(exc))
            )
        else:
            self._on_refused(exc)

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


def _title(text: str, name: str) -> QLabel:
    title = QLabel(text)
    title.setObjectName(name)
    font = title.font()
    font.setBold(True)
    font.setPointSizeF(font.pointSizeF() * 1.2)
    title.setFont(font)
    return title


def _scrolled(body: QWidget, name: str) -> QScrollArea:
    scroll = QScrollArea()
    scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a Tab stop that shows nothing
    scroll.setObjectName(name)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(body)
    return scroll


@dataclass
class Saved:
    """What a Save stored: the settings as they are now (when some changed), the offices saved,
    and the refusal that stopped it (with the office it was about)."""

    settings: OfficeSettings | None = None
    offices_saved: list[str] = dc_field(default_factory=list)
    refused: DomainError | None = None
    refused_office: str | None = None


def _save(context: Context, actor: Actor, changes: dict[str, Any]) -> Saved:
    """Store the changes (off the GUI thread): each office's in one call, then the settings' in
    one; a refusal stops there and is told."""
    saved = Saved()
    offices: dict[str, dict[str, Any]] = {}
    settings: dict[str, Any] = {}
    for address, value in changes.items():
        if address.startswith(OFFICE_PREFIX):
            code, key = address.removeprefix(OFFICE_PREFIX).split(".", 1)
            offices.setdefault(code, {})[key] = value
        else:
            settings[address] = value
    for code, items in offices.items():
        try:
            OfficeService(context, actor).update_office(code, items)
        except DomainError as exc:
            saved.refused, saved.refused_office = exc, code
            return saved
        saved.offices_saved.append(code)
    if settings:
        try:
            saved.settings = AdminService(context, actor).set_settings(settings)
        except DomainError as exc:
            saved.refused = exc
    return saved


def _tab_shower(tabs: QTabWidget, index: int) -> Callable[[], None]:
    return lambda: tabs.setCurrentIndex(index)
