"""PDF on screen, on paper and on disk: the letter preview, the system print dialog, Save as PDF.

`PdfPreview` shows PDF bytes with QtPdf's viewer (every page, fit to width, zoom in and out).
`print_pdf` prints through the system's print dialog; each page is rendered to an image at the
printer's resolution and placed 1:1 on A4, so what comes out is the size the letter was laid out
for (the address must stay inside the envelope window). `save_pdf` writes the bytes where the
user chooses.

The two dialogs are module-level functions (`choose_printer`, `ask_save_path`) so that tests,
and the batch screens, can replace them without a human at the keyboard.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize, QStandardPaths, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QPainter, QPalette, QResizeEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QStackedLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.errors import ValidationError
from privacy_desk.i18n import _
from privacy_desk.ui.errors import show_error

ZOOM_STEP = 1.25
ZOOM_MIN = 0.25
ZOOM_MAX = 4.0
# Above this a page image gets very large (A4 at 1200 dpi is over 500 MB); printers print 600 dpi
# images without a visible difference for text of 10 pt and more.
MAX_RENDER_DPI = 600


class PdfBytes:
    """A QPdfDocument loaded from bytes, with the buffer it reads kept alive as long as it."""

    def __init__(self, data: bytes, parent: QWidget | None = None) -> None:
        self.data = QByteArray(data)
        self.buffer = QBuffer()
        self.buffer.setData(self.data)
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(parent)
        self.document.load(self.buffer)

    @property
    def ok(self) -> bool:
        return self.document.status() == QPdfDocument.Status.Ready and self.document.pageCount() > 0

    def close(self) -> None:
        self.document.close()
        self.buffer.close()


class PdfPreview(QWidget):
    """Every page of a PDF, fit to the width of the view, with zoom and the page count."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._pdf: PdfBytes | None = None
        self._data = b""

        self.caption_label = QLabel()
        self.caption_label.setObjectName("preview_caption")
        self.caption_label.setStyleSheet("font-weight: 600;")
        self.caption_label.setWordWrap(True)
        self.zoom_out_button = self._tool_button("−", _("Zoom out"), "zoom_out")
        self.zoom_in_button = self._tool_button("+", _("Zoom in"), "zoom_in")
        self.fit_button = self._tool_button(_("Fit width"), _("Fit the page to the width"), "fit")
        self.fit_button.setCheckable(True)
        self.zoom_label = QLabel()
        self.zoom_label.setObjectName("zoom_label")
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("400 %") + 8)
        self.page_label = QLabel()
        self.page_label.setObjectName("page_label")

        self.view = QPdfView()
        self.view.setObjectName("pdf_view")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        # A grey desk around white pages, so the paper edge is visible.
        palette = self.view.palette()
        palette.setColor(QPalette.ColorRole.Dark, Qt.GlobalColor.gray)
        self.view.setPalette(palette)
        self.view.setBackgroundRole(QPalette.ColorRole.Dark)
        self.empty_label = QLabel(_("Nothing to show yet."))
        self.empty_label.setObjectName("preview_empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.empty_label.setStyleSheet("color: #5f6368; padding: 24px;")

        bar = QHBoxLayout()
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(self.page_label)
        bar.addStretch(1)
        bar.addWidget(self.zoom_out_button)
        bar.addWidget(self.zoom_label)
        bar.addWidget(self.zoom_in_button)
        bar.addWidget(self.fit_button)
        self._stack = QStackedLayout()
        self._stack.addWidget(self.empty_label)
        self._stack.addWidget(self.view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.caption_label)
        layout.addLayout(bar)
        layout.addLayout(self._stack, 1)

        self.zoom_in_button.clicked.connect(self._on_zoom_in_clicked)
        self.zoom_out_button.clicked.connect(self._on_zoom_out_clicked)
        self.fit_button.clicked.connect(self._on_fit_clicked)
        self.view.pageNavigator().currentPageChanged.connect(self._on_navigator_page_changed)
        self.clear()

    @staticmethod
    def _tool_button(text: str, tip: str, name: str) -> QToolButton:
        button = QToolButton()
        button.setText(text)
        button.setToolTip(tip)
        button.setAccessibleName(tip)
        button.setObjectName(name)
        button.setAutoRaise(True)
        return button

    # ------------------------------------------------------------------ content

    def set_pdf(self, data: bytes, caption: str = "") -> bool:
        """Show these PDF bytes; False (and an explanation in the view) if they do not load."""
        previous = self._pdf
        self._pdf = PdfBytes(data, self)
        self._data = data
        self.view.setDocument(self._pdf.document)
        if previous is not None:
            previous.close()
            previous.document.deleteLater()
        self.caption_label.setText(caption)
        if not self._pdf.ok:
            self._show_empty(_("This PDF could not be displayed."))
            return False
        self._stack.setCurrentWidget(self.view)
        self._set_fit_width()
        self._update_page_label()
        for button in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            button.setEnabled(True)
        return True

    def clear(self, message: str | None = None) -> None:
        self.caption_label.setText("")
        self._data = b""
        self._show_empty(message or _("Nothing to show yet."))

    def _show_empty(self, message: str) -> None:
        self.empty_label.setText(message)
        self._stack.setCurrentWidget(self.empty_label)
        self.page_label.setText("")
        self.zoom_label.setText("")
        for button in (self.zoom_in_button, self.zoom_out_button, self.fit_button):
            button.setEnabled(False)

    def set_message(self, message: str) -> None:
        """Replace what is shown with a short text (a preview being prepared, a refusal)."""
        self.clear(message)

    def document(self) -> QPdfDocument | None:
        return self._pdf.document if self._pdf is not None and self._data else None

    def pdf_bytes(self) -> bytes:
        return self._data

    def page_count(self) -> int:
        document = self.document()
        return document.pageCount() if document is not None else 0

    def caption(self) -> str:
        return self.caption_label.text()

    # ------------------------------------------------------------------ zoom

    def _effective_zoom(self) -> float:
        """The factor on screen now; in fit-width mode QPdfView keeps its own, so work it out."""
        if self.view.zoomMode() != QPdfView.ZoomMode.FitToWidth or self.page_count() == 0:
            return self.view.zoomFactor()
        margins = self.view.documentMargins()
        width = self.view.viewport().width() - margins.left() - margins.right()
        page_width = self._pdf.document.pagePointSize(0).width() * self.logicalDpiX() / 72
        return max(ZOOM_MIN, min(ZOOM_MAX, width / page_width)) if page_width > 0 else 1.0

    def _set_zoom(self, factor: float) -> None:
        factor = max(ZOOM_MIN, min(ZOOM_MAX, factor))
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(factor)
        self.fit_button.setChecked(False)
        self.zoom_label.setText(f"{round(factor * 100)} %")

    def _set_fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.fit_button.setChecked(True)
        self._show_fit_zoom()

    def _show_fit_zoom(self) -> None:
        if self.is_fit_width() and self.page_count():
            self.zoom_label.setText(f"{round(self._effective_zoom() * 100)} %")

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_fit_zoom()

    def is_fit_width(self) -> bool:
        return self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth

    def _on_zoom_in_clicked(self) -> None:
        self._set_zoom(self._effective_zoom() * ZOOM_STEP)

    def _on_zoom_out_clicked(self) -> None:
        self._set_zoom(self._effective_zoom() / ZOOM_STEP)

    def _on_fit_clicked(self) -> None:
        self._set_fit_width()

    # ------------------------------------------------------------------ pages

    def _on_navigator_page_changed(self, _page: int) -> None:
        self._update_page_label()

    def _update_page_label(self) -> None:
        count = self.page_count()
        if count == 0:
            self.page_label.setText("")
            return
        current = self.view.pageNavigator().currentPage() + 1
        self.page_label.setText(
            _("Page {page} of {count}").format(page=min(max(current, 1), count), count=count)
        )


# ====================================================================== printing


def choose_printer(parent: QWidget | None) -> QPrinter | None:
    """The system's print dialog; the printer chosen, or None when the user cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(_("Print letter"))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def print_pdf(parent: QWidget | None, pdf_bytes: bytes, printer: QPrinter | None = None) -> bool:
    """Print the PDF; asks for the printer unless one is given. True when it was sent."""
    if printer is None:
        printer = choose_printer(parent)
        if printer is None:
            return False
    pdf = PdfBytes(pdf_bytes)
    try:
        if not pdf.ok:
            show_error(parent, ValidationError(_("This PDF could not be read for printing.")))
            return False
        return _paint_pages(parent, printer, pdf.document)
    finally:
        pdf.close()


def _paint_pages(parent: QWidget | None, printer: QPrinter, document: QPdfDocument) -> bool:
    # Letters are laid out for A4; the full sheet as the painter's area means no fitting to the
    # printable area, so nothing is shrunk and the address keeps its place for the window.
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    printer.setFullPage(True)
    count = document.pageCount()
    first, last = 1, count
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first, last = max(1, printer.fromPage()), min(count, printer.toPage() or count)
    resolution = printer.resolution()
    render_dpi = min(resolution, MAX_RENDER_DPI)
    progress = None
    if last - first >= 2:
        progress = QProgressDialog(_("Sending pages to the printer…"), _("Cancel"), 0, 0, parent)
        progress.setWindowTitle(_("Print letter"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(500)
        progress.setRange(0, last - first + 1)
    painter = QPainter()
    if not painter.begin(printer):
        show_error(parent, ValidationError(_("The printer could not be opened.")))
        return False
    try:
        for number in range(first, last + 1):
            if number > first and not printer.newPage():
                show_error(parent, ValidationError(_("The printer refused the next page.")))
                return False
            points = document.pagePointSize(number - 1)
            image = document.render(
                number - 1,
                QSize(
                    round(points.width() * render_dpi / 72),
                    round(points.height() * render_dpi / 72),
                ),
            )
            target = QRect(
                0,
                0,
                round(points.width() * resolution / 72),
                round(points.height() * resolution / 72),
            )
            painter.drawImage(target, image)
            if progress is not None:
                progress.setValue(number - first + 1)
                QApplication.processEvents()
                if progress.wasCanceled():
                    printer.abort()
                    return False
        return True
    finally:
        painter.end()
        if progress is not None:
            progress.close()


# ====================================================================== saving


def ask_save_path(parent: QWidget | None, suggested_name: str) -> Path | None:
    """The system's save dialog, starting in the user's documents folder."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    start = str(Path(folder) / suggested_name) if folder else suggested_name
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, _("Save as PDF"), start, _("PDF documents (*.pdf)")
    )
    return Path(chosen) if chosen else None


def save_pdf(parent: QWidget | None, pdf_bytes: bytes, suggested_name: str) -> Path | None:
    """Write the PDF where the user chooses; the path written, or None if cancelled or failed."""
    path = ask_save_path(parent, suggested_name)
    if path is None:
        return None
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    try:
        path.write_bytes(pdf_bytes)
    except OSError as exc:
        show_error(
            parent,
            ValidationError(
                _("The file could not be written ({reason}). Choose another folder.").format(
                    reason=exc.strerror or type(exc).__name__
                )
            ),
        )
        return None
    return path
