"""The case list's columns: a right click on the header shows or hides each one.
The header's saved state (preferences.HEADER_STATE) keeps the choice for next time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QMenu

from privacy_desk.i18n import _


def install_column_menu(header: QHeaderView) -> None:
    """Offer the header's columns to show or hide, from a right click on the header."""
    header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    header.customContextMenuRequested.connect(
        lambda position: column_menu(header).popup(header.mapToGlobal(position))
    )


def column_menu(header: QHeaderView) -> QMenu:
    """A menu of the columns, each ticked while shown; the last shown one can not be hidden."""
    menu = QMenu(header)
    menu.setObjectName("column_menu")
    menu.setTitle(_("Columns"))
    model = header.model()
    shown = [i for i in range(header.count()) if not header.isSectionHidden(i)]
    for visual in range(header.count()):
        index = header.logicalIndex(visual)
        title = str(model.headerData(index, Qt.Orientation.Horizontal))
        action = QAction(title, menu)
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(index))
        action.setEnabled(shown != [index])  # a list with no column at all shows nothing
        action.toggled.connect(lambda on, i=index: header.setSectionHidden(i, not on))
        menu.addAction(action)
    return menu


__all__ = ["column_menu", "install_column_menu"]
