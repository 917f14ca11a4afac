"""Beside the template editor: the fields a template may use.

`TemplateFieldsPanel` lists every name the renderer accepts (`privacy_desk.letters.fields`, walked
from the renderer's own declaration), grouped, each with its meaning in the screen language. The
fields the shipped template of the chosen letter reads are in bold; a tick shows only those.
Double-click or Enter (or Insert field) emits `field_chosen` with the field as a template writes it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.i18n import _, pgettext
from privacy_desk.letters import LetterKind
from privacy_desk.letters.fields import (
    GROUP_CONTEXT,
    TemplateField,
    field_groups,
    shipped_fields,
)
from privacy_desk.ui.letters.common import MUTED_STYLE

PLACEHOLDER_ROLE = Qt.ItemDataRole.UserRole


class FieldTree(QTreeWidget):
    """The tree of fields; Enter on a field chooses it (and does not reach the dialog's buttons)."""

    field_chosen = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers()
        if enter and self.choose_current():
            event.accept()
            return
        super().keyPressEvent(event)

    def choose_current(self) -> bool:
        item = self.currentItem()
        placeholder = item.data(0, PLACEHOLDER_ROLE) if item is not None else None
        if not placeholder:
            return False
        self.field_chosen.emit(str(placeholder))
        return True


class TemplateFieldsPanel(QWidget):
    """The names a template may use, with their meanings; choosing one inserts it."""

    field_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("template_fields")
        self._shipped: frozenset[TemplateField] = frozenset()
        self._items: dict[TemplateField, QTreeWidgetItem] = {}
        self._groups: list[tuple[QTreeWidgetItem, list[tuple[TemplateField, QTreeWidgetItem]]]] = []

        title = QLabel(_("Fields this letter may use"))
        title.setStyleSheet("font-weight: 600;")
        self.filter_edit = QLineEdit()
        self.filter_edit.setObjectName("field_filter")
        self.filter_edit.setPlaceholderText(_("Filter by name or meaning"))
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName(_("Filter the fields"))
        filter_label = QLabel(_("Fiel&ds"))
        filter_label.setBuddy(self.filter_edit)
        self.shipped_only = QCheckBox(_("&Only those the shipped letter uses"))
        self.shipped_only.setObjectName("shipped_only")
        self.tree = FieldTree()
        self.tree.setObjectName("field_list")
        self.tree.setAccessibleName(_("Fields this letter may use"))
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels([_("Field"), _("Meaning")])
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setWordWrap(False)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.detail_label = QLabel()
        self.detail_label.setObjectName("field_detail")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.PlainText)
        self.detail_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.insert_button = QPushButton(_("&Insert field"))
        self.insert_button.setObjectName("insert_field")
        self.insert_button.setAutoDefault(False)  # Enter elsewhere in the dialog inserts nothing
        hint = QLabel(
            _(
                "Double-click a field or press Enter to insert it at the cursor. Bold: the "
                "shipped template of this letter uses it."
            )
        )
        hint.setWordWrap(True)
        hint.setStyleSheet(MUTED_STYLE)

        filter_row = QHBoxLayout()
        filter_row.addWidget(filter_label)
        filter_row.addWidget(self.filter_edit, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(hint, 1)
        bottom.addWidget(self.insert_button, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addLayout(filter_row)
        layout.addWidget(self.shipped_only)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail_label)
        layout.addLayout(bottom)

        self._fill()
        self.tree.field_chosen.connect(self.field_chosen)
        self.tree.itemDoubleClicked.connect(self._on_tree_item_double_clicked)
        self.tree.currentItemChanged.connect(self._on_tree_current_item_changed)
        self.insert_button.clicked.connect(self._on_insert_clicked)
        self.filter_edit.textChanged.connect(self._apply_filter)
        self.shipped_only.toggled.connect(self._apply_filter)

    def _fill(self) -> None:
        for group in field_groups():
            title = pgettext(GROUP_CONTEXT, group.title)
            if group.loop:
                title = _("{group}, inside {loop}").format(group=title, loop=group.loop)
            top = QTreeWidgetItem([title])
            top.setFirstColumnSpanned(True)
            top.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(top)
            rows: list[tuple[TemplateField, QTreeWidgetItem]] = []
            self._groups.append((top, rows))
            for field in group.fields:
                meaning = _(field.meaning) if field.meaning else ""
                item = QTreeWidgetItem([field.path, meaning])
                item.setData(0, PLACEHOLDER_ROLE, field.placeholder)
                item.setToolTip(0, field.placeholder)
                item.setToolTip(1, meaning)
                top.addChild(item)
                self._items[field] = item
                rows.append((field, item))
            top.setExpanded(True)

    # ------------------------------------------------------------------ state

    def set_letter(self, kind: LetterKind, language: str) -> None:
        """Mark the fields the shipped template of this letter reads."""
        self._shipped = shipped_fields(kind.value, language)
        for field, item in self._items.items():
            font = item.font(0)
            font.setBold(field in self._shipped)
            item.setFont(0, font)
        self._apply_filter()

    def shipped(self) -> frozenset[TemplateField]:
        return self._shipped

    def listed_paths(self) -> list[str]:
        """The fields shown now (the filter applied), as written in a template."""
        return [f.path for f, item in self._items.items() if not item.isHidden()]

    def select_path(self, path: str) -> None:
        for field, item in self._items.items():
            if field.path == path and not item.isHidden():
                self.tree.setCurrentItem(item)
                self.tree.scrollToItem(item)
                return
        raise KeyError(path)

    def _apply_filter(self) -> None:
        needle = self.filter_edit.text().strip().casefold()
        only_shipped = self.shipped_only.isChecked()
        for top, rows in self._groups:
            shown = 0
            for field, item in rows:
                visible = (not only_shipped or field in self._shipped) and (
                    not needle
                    or needle in field.path.casefold()
                    or needle in item.text(1).casefold()
                )
                item.setHidden(not visible)
                shown += visible
            top.setHidden(shown == 0)

    # ------------------------------------------------------------------ slots

    def _on_tree_item_double_clicked(self, item: QTreeWidgetItem, _column: int) -> None:
        placeholder = item.data(0, PLACEHOLDER_ROLE)
        if placeholder:
            self.field_chosen.emit(str(placeholder))

    def _on_tree_current_item_changed(self, item: QTreeWidgetItem | None, *_args: object) -> None:
        # The meaning column may be cut short; the whole of it is shown below the list.
        placeholder = item.data(0, PLACEHOLDER_ROLE) if item is not None else None
        self.detail_label.setText(
            _("{field}: {meaning}").format(field=placeholder, meaning=item.text(1))
            if item is not None and placeholder
            else ""
        )

    def _on_insert_clicked(self) -> None:
        self.tree.choose_current()
