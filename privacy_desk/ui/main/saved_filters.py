"""Saved filters in the main window: "Save filter…" (Ctrl+Shift+S, or the button beside the
filters), the saved filters under their heading in the queue list with their counts, applying
one, and renaming or deleting one from its context menu.

A mixin of MainWindow like QueueView (queues.py): the list, the counts and every change go
through services/saved_filters.py on the thread pool. A private filter and a shared one differ
by their icon and by their words (tooltip, and the line above the table while one is on), never
by colour alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.errors import DomainError
from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.i18n import _, label
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.queues import QueueService
from privacy_desk.services.saved_filters import NAME_LENGTH, SavedFilterData, SavedFilterService
from privacy_desk.ui.dialogs import BaseDialog
from privacy_desk.ui.errors import show_error
from privacy_desk.ui.main.filter_bar import FilterBar, fit_office
from privacy_desk.ui.main.queue_model import CaseTableModel
from privacy_desk.ui.ops import ServiceOp
from privacy_desk.ui.widgets import FieldError, refusal_text

# What a row of the queue list beyond the queues is (Qt.UserRole holds a queue's value).
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
SAVED_ID_ROLE = Qt.ItemDataRole.UserRole + 2
INBOX_ENTRY = "inbox"
HEADING_ENTRY = "saved_heading"
SAVED_ENTRY = "saved"

if TYPE_CHECKING:
    _Window = QMainWindow
else:
    _Window = object


def filter_icon(shared: bool, color: QColor) -> QIcon:
    """One person (private) or two (shared with the office), drawn in the text colour."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(color)

    def person(x: float, scale: float) -> None:
        painter.drawEllipse(QPointF(x, 10 * scale + (1 - scale) * 12), 5.5 * scale, 5.5 * scale)
        painter.drawChord(QRectF(x - 10 * scale, 18, 20 * scale, 24 * scale), 0, 180 * 16)

    if shared:
        person(10, 0.85)
        person(22, 0.85)
    else:
        person(16, 1.0)
    painter.end()
    return QIcon(pixmap)


def sharing_words(saved: SavedFilterData) -> str:
    """Whether a saved filter is private or shared, and by whom, in words."""
    if not saved.shared:
        return _("Private: only you see it")
    if saved.mine:
        return _("Shared with your office")
    return _("Shared with the office by {name}").format(name=saved.owner_name)


class SaveFilterDialog(BaseDialog):
    """Ask a name (and, for a new filter, whether to share it); `submit` saves in the
    background and answers with an error to show, or None when done."""

    submitted = Signal(str, bool)

    def __init__(self, parent: QWidget, *, name: str = "", rename: bool = False) -> None:
        super().__init__(parent, name="save_filter_dialog")
        self.setWindowTitle(_("Rename saved filter") if rename else _("Save filter"))
        intro = QLabel(
            _("A new name for the saved filter:")
            if rename
            else _("Keep the queue and filters shown now under a name in the queue list.")
        )
        intro.setWordWrap(True)
        self.name_edit = QLineEdit(name)
        self.name_edit.setObjectName("filter_name")
        self.name_edit.setAccessibleName(_("Filter name"))
        self.name_edit.setMaxLength(NAME_LENGTH + 20)  # longer is refused with a message
        self.name_edit.setPlaceholderText(_("Name, for example “Faxes this week”"))
        self.error = FieldError()
        self.share_check = QCheckBox(_("Share with the office"))
        self.share_check.setObjectName("share_filter")
        self.share_check.setToolTip(
            _("Everyone in your office sees it in their queue list; only you may change it")
        )
        self.share_check.setVisible(not rename)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(_("Rename") if rename else _("Save"))
        self.ok_button.setObjectName("save_filter_ok")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(_("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(QLabel(_("Filter name")))
        layout.addWidget(self.name_edit)
        layout.addWidget(self.error)
        layout.addWidget(self.share_check)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.resize(max(self.width(), 420), self.sizeHint().height())
        self.grow_to_fit()  # the wrapped introduction whole
        self.name_edit.selectAll()
        self.name_edit.setFocus()

    def accept(self) -> None:
        """Saved only when the service agrees: the dialog closes in done()."""
        self.error.clear_message()
        self.ok_button.setEnabled(False)
        self.submitted.emit(self.name_edit.text(), self.share_check.isChecked())

    def refused(self, exc: DomainError) -> None:
        self.ok_button.setEnabled(True)
        self.error.show_message(refusal_text(exc))
        self.grow_to_fit()
        self.name_edit.setFocus()

    def finish(self) -> None:
        super().accept()


class SavedFilterView(_Window):
    """What the window does with saved filters (rows after the queues and the inbox)."""

    context: Context
    actor: Actor
    queue_list: QListWidget
    filter_bar: FilterBar
    model: CaseTableModel
    saved_filters: dict[int, SavedFilterData]
    applied_filter: SavedFilterData | None
    save_filter_dialog: SaveFilterDialog | None

    if TYPE_CHECKING:

        def show_cases_page(self) -> None: ...

        def refresh_counts(self, with_list: bool = True) -> None: ...

    # ------------------------------------------------------------------ the list

    def load_saved_filters(self) -> None:
        """The saved filters and their counts, read in the background, then listed."""
        context, actor = self.context, self.actor
        offered = self.filter_bar.offered_offices()

        def work() -> tuple[tuple[SavedFilterData, ...], tuple[int, ...]]:
            saved = SavedFilterService(context, actor).list()
            queries = [(s.queue, fit_office(s.filters, offered)) for s in saved]
            return saved, QueueService(context, actor).filter_counts(queries)

        ServiceOp(self.queue_list, work).key("saved_filters").success(
            self._show_saved_filters
        ).run()

    def _first_saved_row(self) -> int:
        for row in range(self.queue_list.count()):
            if self.queue_list.item(row).data(ENTRY_ROLE) == HEADING_ENTRY:
                return row
        return self.queue_list.count()

    def saved_filter_row(self, filter_id: int) -> int | None:
        for row in range(self._first_saved_row(), self.queue_list.count()):
            if self.queue_list.item(row).data(SAVED_ID_ROLE) == filter_id:
                return row
        return None

    def _show_saved_filters(
        self, result: tuple[tuple[SavedFilterData, ...], tuple[int, ...]]
    ) -> None:
        saved, counts = result
        current = self.queue_list.currentItem()
        current_id = current.data(SAVED_ID_ROLE) if current is not None else None
        self.queue_list.blockSignals(True)
        for row in range(self.queue_list.count() - 1, self._first_saved_row() - 1, -1):
            self.queue_list.takeItem(row)
        self.saved_filters = {s.id: s for s in saved}
        if saved:
            heading = QListWidgetItem(_("Saved filters"))
            heading.setData(ENTRY_ROLE, HEADING_ENTRY)
            heading.setFlags(Qt.ItemFlag.NoItemFlags)
            font = heading.font()
            font.setBold(True)
            heading.setFont(font)
            heading.setForeground(self.queue_list.palette().text())
            self.queue_list.addItem(heading)
        color = self.queue_list.palette().text().color()
        self.queue_list.setIconSize(QSize(18, 18))
        for data, count in zip(saved, counts, strict=True):
            item = QListWidgetItem(filter_icon(data.shared, color), f"{data.name} ({count:,})")
            item.setData(ENTRY_ROLE, SAVED_ENTRY)
            item.setData(SAVED_ID_ROLE, data.id)
            words = sharing_words(data)
            item.setToolTip(f"{words}\n{label(data.queue)}")
            item.setData(Qt.ItemDataRole.AccessibleDescriptionRole, words)
            self.queue_list.addItem(item)
            if data.id == current_id:
                self.queue_list.setCurrentItem(item)
        self.queue_list.blockSignals(False)

    # ------------------------------------------------------------------ applying

    def _on_saved_entry_chosen(self, filter_id: int) -> None:
        """A saved filter chosen in the list: read again (it may be gone), then applied."""
        context, actor = self.context, self.actor
        ServiceOp(self.queue_list, lambda: SavedFilterService(context, actor).apply(filter_id)).key(
            "apply_filter"
        ).success(self.apply_saved_filter).failure(self._on_saved_filter_refused).run()

    def apply_saved_filter(self, saved: SavedFilterData) -> None:
        office_before = self.filter_bar.office()
        self.filter_bar.set_filters(saved.filters)
        self.applied_filter = saved
        self.show_cases_page()
        self.model.set_query(queue=saved.queue, filters=self.filter_bar.filters())
        text = _("Saved filter “{name}” is on ({queue}; {sharing}).").format(
            name=saved.name, queue=label(saved.queue), sharing=sharing_words(saved)
        )
        self.filter_bar.saved_label.setText(text)
        self.filter_bar.saved_label.show()
        self.statusBar().showMessage(
            _("Saved filter “{name}” applied.").format(name=saved.name), 10_000
        )
        if self.filter_bar.office() != office_before:
            self.refresh_counts(with_list=False)

    def _on_saved_filter_refused(self, exc: DomainError) -> None:
        show_error(self, exc)
        self.load_saved_filters()

    def forget_applied_filter(self) -> None:
        self.applied_filter = None
        self.filter_bar.saved_label.hide()

    def _on_filter_bar_changed_after_saved(self) -> None:
        """Filters edited by hand: the saved filter is no longer what is shown."""
        saved = self.applied_filter
        if saved is not None and self.filter_bar.filters() != self.filter_bar.fit(saved.filters):
            self.forget_applied_filter()

    # ------------------------------------------------------------------ saving

    def open_save_filter(self) -> SaveFilterDialog:
        """Save filter… (Ctrl+Shift+S): the queue and filters shown now, under a name."""
        dialog = SaveFilterDialog(self)
        queue, filters = self.model.queue, self.filter_bar.filters()
        context, actor = self.context, self.actor

        def save(name: str, shared: bool) -> SavedFilterData:
            return SavedFilterService(context, actor).save(name, filters, shared, queue)

        self._run_filter_dialog(dialog, lambda name, shared: lambda: save(name, shared))
        return dialog

    def rename_saved_filter(self, filter_id: int) -> SaveFilterDialog | None:
        saved = self.saved_filters.get(filter_id)
        if saved is None:
            return None
        dialog = SaveFilterDialog(self, name=saved.name, rename=True)
        context, actor = self.context, self.actor
        self._run_filter_dialog(
            dialog,
            lambda name, _shared: (
                lambda: SavedFilterService(context, actor).rename(filter_id, name)
            ),
        )
        return dialog

    def _run_filter_dialog(
        self,
        dialog: SaveFilterDialog,
        call_for: Callable[[str, bool], Callable[[], SavedFilterData]],
    ) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def done(saved: SavedFilterData) -> None:
            dialog.finish()
            self.statusBar().showMessage(
                _("Saved filter “{name}”: {sharing}.").format(
                    name=saved.name, sharing=sharing_words(saved)
                ),
                10_000,
            )
            if self.applied_filter is not None and self.applied_filter.id == saved.id:
                self.apply_saved_filter(saved)
            self.load_saved_filters()

        def submitted(name: str, shared: bool) -> None:
            ServiceOp(dialog, call_for(name, shared)).success(done).failure(dialog.refused).run()

        dialog.submitted.connect(submitted)
        self.save_filter_dialog = dialog
        dialog.open()

    # ------------------------------------------------------------------ deleting, menu

    def may_delete_filter(self, saved: SavedFilterData) -> bool:
        return saved.mine or (saved.shared and self.actor.role is UserRole.ADMIN)

    def delete_saved_filter(self, filter_id: int) -> QMessageBox | None:
        """Delete, after the user confirmed it."""
        saved = self.saved_filters.get(filter_id)
        if saved is None:
            return None
        box = QMessageBox(self)
        box.setObjectName("delete_filter_box")
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(_("Delete saved filter"))
        box.setText(_("Delete the saved filter “{name}”?").format(name=saved.name))
        box.setInformativeText(
            _("Everyone in your office loses it from their queue list. No case is changed.")
            if saved.shared
            else _("No case is changed.")
        )
        delete = box.addButton(_("Delete"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        context, actor = self.context, self.actor

        def deleted(_none: Any) -> None:
            if self.applied_filter is not None and self.applied_filter.id == filter_id:
                self.forget_applied_filter()
            self.statusBar().showMessage(
                _("Saved filter “{name}” deleted.").format(name=saved.name), 10_000
            )
            self.load_saved_filters()

        def answered(button: object) -> None:
            if button is delete:
                ServiceOp(
                    self, lambda: SavedFilterService(context, actor).delete(filter_id)
                ).success(deleted).failure(self._on_saved_filter_refused).run()

        box.buttonClicked.connect(answered)
        self.delete_filter_box = box
        box.open()
        return box

    def _on_queue_list_context_menu_requested(self, position: QPoint) -> None:
        item = self.queue_list.itemAt(position)
        if item is None or item.data(ENTRY_ROLE) != SAVED_ENTRY:
            item = self.queue_list.currentItem()  # the menu key: the chosen row's menu
        if item is None or item.data(ENTRY_ROLE) != SAVED_ENTRY:
            return
        saved = self.saved_filters.get(item.data(SAVED_ID_ROLE))
        if saved is None:
            return
        menu = self.saved_filter_menu(saved)
        menu.popup(self.queue_list.viewport().mapToGlobal(position))

    def saved_filter_menu(self, saved: SavedFilterData) -> QMenu:
        menu = QMenu(self)
        menu.setObjectName("saved_filter_menu")
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction(_("&Apply"), lambda: self._on_saved_entry_chosen(saved.id))
        rename = menu.addAction(_("&Rename…"), lambda: self.rename_saved_filter(saved.id))
        rename.setEnabled(saved.mine)
        delete = menu.addAction(_("&Delete…"), lambda: self.delete_saved_filter(saved.id))
        delete.setEnabled(self.may_delete_filter(saved))
        if not saved.mine:
            rename.setToolTip(_("Only the person who saved it may change it"))
        menu.setToolTipsVisible(True)
        return menu
