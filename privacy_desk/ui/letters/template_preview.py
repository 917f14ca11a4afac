"""The template editor's preview: the case it is filled from, and the window it opens in.

`CaseChooser` takes a case reference typed in, or picked from the most recently received cases
(reference, kinds and status only: no names); empty means the invented sample case.
`TemplatePreviewWindow` shows the filled template with the room a page needs: a window of its
own, reused for every preview while the editor is open.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.vocabulary import Queue
from privacy_desk.i18n import _, label
from privacy_desk.services.dto import CaseRow
from privacy_desk.services.queues import QueueService
from privacy_desk.ui.letters.pdf_view import PdfPreview
from privacy_desk.ui.ops import ServiceOp
from privacy_desk.ui.text_limits import limit_text

RECENT_CASES = 20


class CaseChooser(QComboBox):
    """A case reference, typed or picked from recent cases; empty for the invented sample."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("preview_case")
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(18)
        self.setAccessibleName(_("Case the preview is filled from"))
        edit = self.reference_edit = QLineEdit()
        self.setLineEdit(edit)
        edit.setObjectName("preview_reference")
        edit.setPlaceholderText(_("Case reference (empty: an invented sample)"))
        edit.setClearButtonEnabled(True)
        limit_text(edit, "reference")
        self.set_recent(())
        self.activated.connect(self._on_activated)

    def set_recent(self, rows: tuple[CaseRow, ...] | list[CaseRow]) -> None:
        """The cases offered in the list: the sample first, then the given ones."""
        typed = self.reference()
        self.clear()
        self.addItem(_("An invented sample case"), "")
        for row in rows:
            kinds = ", ".join(label(kind) for kind in row.kinds)
            self.addItem(
                _("{reference} · {kinds} · {status}").format(
                    reference=row.reference, kinds=kinds, status=label(row.status)
                ),
                row.reference,
            )
        self.setEditText(typed)

    def load_recent(self, queues: QueueService) -> None:
        """Offer the most recently received cases, open or closed (in the background)."""

        def recent() -> list[CaseRow]:
            rows: list[CaseRow] = []
            for queue in (Queue.ALL_OPEN, Queue.CLOSED):
                page = queues.list(queue, sort="received", descending=True, limit=RECENT_CASES)
                rows.extend(page.rows)
            rows.sort(key=lambda row: row.received_at, reverse=True)
            return rows[:RECENT_CASES]

        # A refusal leaves the list empty: a reference can still be typed.
        ServiceOp(self, recent).key("recent").success(self.set_recent).failure(
            lambda _exc: None
        ).run()

    def recent_references(self) -> list[str]:
        return [str(self.itemData(i)) for i in range(1, self.count())]

    def reference(self) -> str:
        return self.currentText().strip()

    def choose(self, reference: str) -> None:
        """Pick a listed case (or the sample for ""), as a click in the list does."""
        index = self.findData(reference)
        if index < 0:
            raise KeyError(reference)
        self.setCurrentIndex(index)
        self._on_activated(index)

    def _on_activated(self, index: int) -> None:
        # The list says what each case is; the field keeps the reference alone.
        self.setEditText(str(self.itemData(index) or ""))


class TemplatePreviewWindow(QDialog):
    """The preview of a template, in a window of its own tall enough for a page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("template_preview_window")
        self.setWindowTitle(_("Template preview"))
        self.setModal(False)
        self.preview = PdfPreview(detachable=False)
        self.preview.setObjectName("template_preview")
        self.preview.setAccessibleName(_("Template preview"))
        close_button = QPushButton(_("Close"))
        close_button.setObjectName("preview_close")
        close_button.setAutoDefault(False)
        close_button.clicked.connect(self.hide)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.preview, 1)
        layout.addLayout(buttons)
        screen = QGuiApplication.primaryScreen()
        room = screen.availableGeometry() if screen is not None else None
        height = min(900, room.height() - 60) if room is not None else 700
        # An A4 page is 1 : 1.41; the width gives it that, with the zoom bar's margin.
        self.resize(int(height / 1.41) + 60, height)

    def show_beside(self, owner: QWidget) -> None:
        """Show the window; the first time, on the right of the editor where there is room."""
        if not self.isVisible():
            screen = owner.screen()
            room = screen.availableGeometry()
            frame = owner.frameGeometry()
            x = min(frame.right() - self.width() // 2, room.right() - self.width())
            self.move(max(room.left(), x), max(room.top(), frame.top()))
        self.show()
        self.raise_()
        self.activateWindow()
