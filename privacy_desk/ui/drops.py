"""Files dropped on an area of a window, also over its fields (which would take them as text)
and over widgets added later; other drops go on as before.

One application-wide event filter per area, gone with the area. What a drop holds is picked by
`pick` (the files of one kind); `take` gets them on the drop.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QMimeData, QObject
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

_DRAGS = (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop)


class PathDrops(QObject):
    """Takes the files `pick` chooses from drops on `area` (the whole window it is in, when
    `whole_window`)."""

    def __init__(
        self,
        area: QWidget,
        pick: Callable[[QMimeData], list[Path]],
        take: Callable[[list[Path]], None],
        *,
        whole_window: bool = False,
    ) -> None:
        super().__init__(area)
        self._area = area
        self._pick = pick
        self._take = take
        self._whole_window = whole_window
        area.setAcceptDrops(True)
        application = QApplication.instance()
        if application is not None:
            application.installEventFilter(self)

    def _aimed_here(self, watched: QWidget) -> bool:
        if self._whole_window:
            return watched.window() is self._area
        return watched is self._area or self._area.isAncestorOf(watched)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if (
            kind in _DRAGS
            and isinstance(event, QDropEvent)
            and isinstance(watched, QWidget)
            and self._aimed_here(watched)
        ):
            paths = self._pick(event.mimeData())
            if paths:
                event.acceptProposedAction()
                if kind == QEvent.Type.Drop:
                    self._take(paths)
                return True
        return super().eventFilter(watched, event)
