"""PDF on screen, on paper and on disk: the letter preview, the system print dialog, Save as PDF.

`PdfPreview` shows PDF bytes with QtPdf's viewer (every page, fit to width, zoom in and out).
`print_pdf` prints through the system's print dialog; each page is rendered at the printer's own
resolution (on the thread pool, a page at a time, in bands so a 1200-dpi page never needs a full
colour image) as 1-bit black-and-white images, which Qt's print engine sends losslessly
compressed (a 32-bit image would go as a JPEG of megabytes), and placed 1:1 on A4, so what comes
out is the size the letter was laid out for (the address must stay inside the envelope window).
`save_pdf` writes the bytes where the user chooses.

The two dialogs are module-level functions (`choose_printer`, `ask_save_path`) so that tests,
and the batch screens, can replace them without a human at the keyboard.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QRect,
    QSize,
    QSizeF,
    QStandardPaths,
    Qt,
)
from PySide6.QtGui import (
    QColor,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QResizeEvent,
)
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
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

from privacy_desk.domain.errors import DomainError, ValidationError
from privacy_desk.i18n import _
from privacy_desk.services.logsafe import log_unexpected
from privacy_desk.ui.errors import show_error
from privacy_desk.ui.ops import ServiceOp, alive

ZOOM_STEP = 1.25
ZOOM_MIN = 0.25
ZOOM_MAX = 4.0
# A page is rendered in bands of this many rows: at 1200 dpi one band of an A4 page in colour is
# about 20 MB, the whole page would be over 500 MB. Each band is kept as 1 bit a pixel.
BAND_ROWS = 512
BLACK = QColor(Qt.GlobalColor.black).rgba()
WHITE = QColor(Qt.GlobalColor.white).rgba()
log = logging.getLogger("privacy_desk.ui")


class PdfBytes:
    """A QPdfDocument loaded from bytes, with the buffer it reads kept alive as long as it."""

    def __init__(self, data: bytes, parent: QWidget | None = None) -> None:
        self.data = QByteArray(data)
        self.buffer = QBuffer()
        self.buffer.setData(self.data)
        self.buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(parent) if parent is not None else QPdfDocument()
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
        document = self.document()
        if (
            self.view.zoomMode() != QPdfView.ZoomMode.FitToWidth
            or document is None
            or document.pageCount() == 0
        ):
            return self.view.zoomFactor()
        margins = self.view.documentMargins()
        width = self.view.viewport().width() - margins.left() - margins.right()
        page_width = document.pagePointSize(0).width() * self.logicalDpiX() / 72
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


def print_pdf(
    parent: QWidget | None,
    pdf_bytes: bytes,
    printer: QPrinter | None = None,
    on_finished: Callable[[bool], None] | None = None,
) -> bool:
    """Start printing the PDF; asks for the printer unless one is given.

    True when printing started: the pages then go to the printer in the background and
    `on_finished(sent)` hears whether every page reached it. False when the user cancelled the
    print dialog or the PDF can not be read (said in a message).
    """
    if printer is None:
        printer = choose_printer(parent)
        if printer is None:
            return False
    pdf = PdfBytes(pdf_bytes)
    try:
        if not pdf.ok:
            show_error(parent, ValidationError(_("This PDF could not be read for printing.")))
            return False
        sizes = [pdf.document.pagePointSize(i) for i in range(pdf.document.pageCount())]
    finally:
        pdf.close()
    return PrintJob(parent, printer, pdf_bytes, sizes, on_finished).start()


Band = tuple[int, QImage]  # the band's top row on the page, and its 1-bit image


def black_and_white(image: QImage) -> QImage:
    """A 1-bit image with black as colour 0 and white as colour 1: the form Qt's print engine
    writes as a compressed bitmap (any other image it turns into colour, sent as a JPEG)."""
    mono = image.convertToFormat(QImage.Format.Format_Mono, Qt.ImageConversionFlag.OrderedDither)
    if mono.colorTable() != [BLACK, WHITE]:
        if mono.colorCount() == 2 and mono.color(0) == WHITE:
            mono.invertPixels()
        mono.setColorTable([BLACK, WHITE])
    return mono


def render_page(data: bytes, index: int, size: QSize) -> list[Band]:
    """One page at `size` (the printer's resolution) as 1-bit bands on white paper.

    Runs on a worker: its own document, no widget touched.
    """
    pdf = PdfBytes(data)
    bands: list[Band] = []
    try:
        if not pdf.ok:
            raise ValidationError(_("This PDF could not be read for printing."))
        for top in range(0, size.height(), BAND_ROWS):
            rows = min(BAND_ROWS, size.height() - top)
            options = QPdfDocumentRenderOptions()
            options.setScaledSize(size)
            options.setScaledClipRect(QRect(0, top, size.width(), rows))
            band = pdf.document.render(
                index,
                QSize(size.width(), rows),
                options,
                QImage.Format.Format_RGB32,
                QColor(Qt.GlobalColor.white),
            )
            if band.isNull():
                raise ValidationError(_("A page could not be prepared for the printer."))
            bands.append((top, black_and_white(band)))
    finally:
        pdf.close()
    return bands


def _render_or_refuse(data: bytes, index: int, size: QSize) -> list[Band]:
    """render_page, with any failure as a refusal: the job must hear it to close the printer."""
    try:
        return render_page(data, index, size)
    except DomainError:
        raise
    except Exception as exc:
        log_unexpected(log, "a page could not be rendered for printing", exc)
        raise ValidationError(_("A page could not be prepared for the printer.")) from exc


_printing: set[PrintJob] = set()


class PrintJob:
    """Pages rendered one at a time on the thread pool, each painted on the printer as it comes.

    Rendering (the slow part, a page at the printer's resolution) runs in a `ServiceOp`; painting
    on the `QPrinter` stays on the GUI thread, one page per answer, so the window keeps answering
    and only one page (as 1-bit bands) is held at a time. The progress dialog owns the ops: cancelling it, or
    closing the window it belongs to, aborts the job.
    """

    def __init__(
        self,
        parent: QWidget | None,
        printer: QPrinter,
        data: bytes,
        sizes: list[QSizeF],
        on_finished: Callable[[bool], None] | None,
    ) -> None:
        self.parent = parent
        self.printer = printer
        self.data = data
        self.sizes = sizes
        self.on_finished = on_finished
        self.painter = QPainter()
        self.done = False
        # Letters are laid out for A4; the full sheet as the painter's area means no fitting to
        # the printable area, so nothing is shrunk and the address keeps its place for the window.
        printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
        printer.setPageOrientation(QPageLayout.Orientation.Portrait)
        printer.setFullPage(True)
        count = len(sizes)
        self.first, self.last = 1, count
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            self.first = max(1, printer.fromPage())
            self.last = min(count, printer.toPage() or count)
        self.resolution = printer.resolution()
        self.progress = QProgressDialog(
            _("Sending pages to the printer…"), _("Cancel"), 0, self.last - self.first + 1, parent
        )
        self.progress.setObjectName("print_progress")
        self.progress.setWindowTitle(_("Print letter"))
        self.progress.setAutoClose(False)
        self.progress.setAutoReset(False)
        # Shown only when printing takes a while; the window itself stays usable meanwhile.
        self.progress.setMinimumDuration(1000)

    def start(self) -> bool:
        if not self.painter.begin(self.printer):
            show_error(self.parent, ValidationError(_("The printer could not be opened.")))
            self.progress.deleteLater()
            return False
        # 1-bit images are painted in the pen's colour where they are black.
        self.painter.setPen(QColor(Qt.GlobalColor.black))
        _printing.add(self)
        self.progress.canceled.connect(self._on_progress_canceled)
        self.progress.destroyed.connect(self._on_progress_destroyed)
        self._render(self.first)
        return True

    def _render(self, number: int) -> None:
        points = self.sizes[number - 1]
        size = QSize(
            round(points.width() * self.resolution / 72),
            round(points.height() * self.resolution / 72),
        )
        data = self.data
        ServiceOp(self.progress, lambda: _render_or_refuse(data, number - 1, size)).success(
            lambda image: self._paint(number, image)
        ).failure(self._on_render_failed).run()

    def _paint(self, number: int, bands: list[Band]) -> None:
        if self.done:
            return
        if number > self.first and not self.printer.newPage():
            show_error(self.parent, ValidationError(_("The printer refused the next page.")))
            self._finish(False)
            return
        # Rendered at the printer's resolution: each band goes 1:1 to its place on the sheet.
        for top, band in bands:
            self.painter.drawImage(0, top, band)
        self.progress.setValue(number - self.first + 1)
        if number >= self.last:
            self._finish(True)
        else:
            self._render(number + 1)

    def _on_render_failed(self, exc: BaseException) -> None:
        self.printer.abort()
        self._finish(False)
        show_error(self.parent, exc)

    def _on_progress_canceled(self) -> None:
        if not self.done:
            self.printer.abort()
            self._finish(False)

    def _on_progress_destroyed(self, *_args: object) -> None:
        # The window the job belonged to was closed mid-print: nothing half printed stays open.
        if not self.done:
            self.printer.abort()
            self._finish(False, closed=True)

    def _finish(self, sent: bool, closed: bool = False) -> None:
        self.done = True
        if self.painter.isActive():
            self.painter.end()
        _printing.discard(self)
        if not closed and alive(self.progress):
            # Closing a progress dialog emits canceled; the job is over, so nothing to cancel.
            self.progress.canceled.disconnect(self._on_progress_canceled)
            self.progress.close()
            self.progress.deleteLater()
        if self.on_finished is not None and (self.parent is None or alive(self.parent)):
            self.on_finished(sent)


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
