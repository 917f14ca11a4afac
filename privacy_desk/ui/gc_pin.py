"""Python's cyclic garbage collection kept on the GUI thread.

CPython collects cycles in whichever thread crosses an allocation threshold. The screens' service
calls run on Qt's thread pool (`ui/ops.py`), so that is often a worker; a cycle that holds a widget
then has Qt destroy the widget from the wrong thread, and the process crashes (seen once in the
whole suite: a worker segfaulting inside a query while a closed window was being collected). So
automatic collection is off, and a timer on the GUI thread collects by the same thresholds, as
calibre and novelWriter do.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

CHECK_MS = 500  # how often the GUI thread looks at the counts


class GuiThreadCollector(QObject):
    """Collects on the GUI thread what the automatic collector would have, generation by
    generation, when the allocation counts pass its thresholds."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.threshold = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(CHECK_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> int:
        """Collect the generation whose count passed its threshold; how many were found."""
        counts = gc.get_count()
        if counts[0] <= self.threshold[0]:
            return 0
        generation = 0
        if counts[1] > self.threshold[1]:
            generation = 2 if counts[2] > self.threshold[2] else 1
        return gc.collect(generation)


def pin_garbage_collection(app: QCoreApplication) -> GuiThreadCollector:
    """Move cyclic garbage collection to the application's (GUI) thread, once."""
    found = app.findChild(GuiThreadCollector)
    if isinstance(found, GuiThreadCollector):
        return found
    return GuiThreadCollector(app)


def release_garbage_collection(app: QCoreApplication) -> None:
    """Hand collection back to Python's automatic collector (after a last collection here)."""
    found = app.findChild(GuiThreadCollector)
    if isinstance(found, GuiThreadCollector):
        found.timer.stop()
        found.setParent(None)
        found.deleteLater()
    gc.collect()
    gc.enable()
