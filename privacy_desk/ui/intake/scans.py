"""Fax and scans on screen: drops of scan files, their first page as a thumbnail, a viewer, and
the watched fax folder polled in the background.

Files dropped on a case or on the fax intake are read and checked on the thread pool
(:func:`check_scan_files`); one that is no readable scan is refused by its own name, and
nothing of the drop is kept. Pages are drawn with Qt: QPdfDocument for a PDF, QImageReader for
an image (a TIFF's frames). :class:`InboxWatch` runs one pass over the watched folder on a
QTimer, on the thread pool, never on the GUI thread, and never two passes at once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QMimeData,
    QObject,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QIcon, QImage, QImageReader, QPixmap
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.i18n import _, ngettext
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.dto import AttachmentData, InboxItemData
from privacy_desk.services.inbox import (
    FolderPass,
    InboxService,
    folder_of_setting,
    import_folder,
)
from privacy_desk.services.scans import PDF, SCAN_SUFFIXES, Scan, ScanRefused, check_scan
from privacy_desk.ui.drops import PathDrops
from privacy_desk.ui.intake.email_import import size_text
from privacy_desk.ui.ops import ServiceOp
from privacy_desk.ui.widgets import format_moment

THUMBNAIL = QSize(60, 84)
INBOX_POLL_MS = 30_000


def scan_paths(mime: QMimeData) -> list[Path]:
    """The local files a drag carries that are named as scans (their content decides later)."""
    if not mime.hasUrls():
        return []
    paths = [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]
    return [path for path in paths if path.suffix.lower() in SCAN_SUFFIXES]


def check_scan_files(paths: list[Path], max_mb: int) -> list[Scan]:
    """Read and check every file (on a worker); ScanRefused naming each refused file by its
    own name, so that nothing of the drop is kept when one is refused."""
    scans: list[Scan] = []
    refused: list[str] = []
    for path in paths:
        try:
            if path.stat().st_size > max_mb * 1024 * 1024:
                raise ScanRefused(
                    _("The file is larger than {limit} MB: it was not imported.").format(
                        limit=max_mb
                    )
                )
            scans.append(check_scan(path.name, path.read_bytes(), max_mb))
        except ScanRefused as exc:
            refused.append(_("{file}: {why}").format(file=path.name, why=exc))
        except OSError:
            refused.append(
                _("{file}: {why}").format(file=path.name, why=_("The file could not be read."))
            )
    if refused:
        raise ScanRefused("\n".join([_("Nothing was attached:"), *refused]))
    return scans


def page_image(media_type: str, content: bytes, page: int = 0, width: int = 800) -> QImage:
    """One page drawn to an image of the given width (a null image when it can not be)."""
    buffer = QBuffer()
    buffer.setData(QByteArray(content))
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    try:
        if media_type == PDF:
            return _pdf_page(buffer, page, width)
        return _image_page(buffer, page, width)
    finally:
        buffer.close()


def _pdf_page(buffer: QBuffer, page: int, width: int) -> QImage:
    document = QPdfDocument()
    try:
        document.load(buffer)
        if document.status() != QPdfDocument.Status.Ready or page >= document.pageCount():
            return QImage()
        size = document.pagePointSize(page)
        height = round(width * size.height() / size.width()) if size.width() else width
        return document.render(page, QSize(width, height)).copy()
    finally:
        # Closed while the buffer it reads is still open (the buffer goes after it).
        document.close()
        shiboken6.delete(document)


def _image_page(buffer: QBuffer, page: int, width: int) -> QImage:
    reader = QImageReader(buffer)
    if page and not reader.jumpToImage(page):
        return QImage()
    image = reader.read()
    del reader
    if image.isNull():
        return image
    return image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)


def pages_text(pages: int | None) -> str:
    if pages is None:
        return ""
    return ngettext("{n} page", "{n} pages", pages).format(n=pages)


def attachment_text(a: AttachmentData) -> str:
    parts = [p for p in (pages_text(a.pages), size_text(a.size)) if p]
    return _("{name} ({details})").format(name=a.file_name, details=", ".join(parts))


class ScanViewer(QDialog):
    """Every page of one scan, one under the other."""

    def __init__(self, name: str, media_type: str, content: bytes, pages: int, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("scan_viewer")
        self.setWindowTitle(name)
        self.setAccessibleName(_("Scan {name}").format(name=name))
        layout = QVBoxLayout(self)
        area = QScrollArea()
        area.setWidgetResizable(True)
        inner = QWidget()
        column = QVBoxLayout(inner)
        self.page_labels: list[QLabel] = []
        for number in range(pages):
            label = QLabel()
            label.setAccessibleName(_("Page {n}").format(n=number + 1))
            image = page_image(media_type, content, number, 700)
            if image.isNull():
                label.setText(_("Page {n} could not be shown.").format(n=number + 1))
            else:
                label.setPixmap(QPixmap.fromImage(image))
            column.addWidget(label)
            self.page_labels.append(label)
        area.setWidget(inner)
        layout.addWidget(area, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        screen = self.screen().availableGeometry()
        self.resize(min(780, screen.width() - 40), min(900, screen.height() - 60))


class AttachmentList(QListWidget):
    """The files kept with a case: a thumbnail of the first page, the name, pages and size;
    opening one (double click, Enter) asks for it to be shown."""

    open_requested = Signal(int)

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("attachment_list")
        self.setAccessibleName(_("Files kept with the case"))
        self.setIconSize(THUMBNAIL)
        self.setMaximumHeight(THUMBNAIL.height() + 24)
        self.setFlow(QListWidget.Flow.LeftToRight)
        self.setWrapping(False)
        self.setSpacing(4)
        self.itemActivated.connect(self._on_activated)
        self._shown: dict[int, QIcon] = {}

    def show_attachments(self, attachments: tuple[AttachmentData, ...]) -> None:
        self.clear()
        for a in attachments:
            item = QListWidgetItem(attachment_text(a))
            item.setData(Qt.ItemDataRole.UserRole, a.id)
            item.setToolTip(f"{a.media_type} · SHA-256 {a.sha256}")
            if a.id in self._shown:
                item.setIcon(self._shown[a.id])
            self.addItem(item)

    def set_thumbnail(self, attachment_id: int, image: QImage) -> None:
        icon = QIcon(QPixmap.fromImage(image))
        self._shown[attachment_id] = icon
        for row in range(self.count()):
            item = self.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == attachment_id:
                item.setIcon(icon)

    def has_thumbnail(self, attachment_id: int) -> bool:
        return attachment_id in self._shown

    def _on_activated(self, item: QListWidgetItem) -> None:
        self.open_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))


class ScanThumbnails(QListWidget):
    """Scans held before they are saved (an intake): first page, name and pages; opening one
    shows it whole."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("scan_thumbnails")
        self.setAccessibleName(_("Fax scans"))
        self.setIconSize(THUMBNAIL)
        self.setMaximumHeight(THUMBNAIL.height() + 24)
        self.setFlow(QListWidget.Flow.LeftToRight)
        self.setWrapping(False)
        self._held: list[tuple[str, str, bytes, int]] = []
        self.itemActivated.connect(self._on_activated)

    def add(self, name: str, media_type: str, content: bytes, pages: int) -> None:
        self._held.append((name, media_type, content, pages))
        item = QListWidgetItem(_("{name} ({details})").format(name=name, details=pages_text(pages)))
        image = page_image(media_type, content, 0, THUMBNAIL.width())
        if not image.isNull():
            item.setIcon(QIcon(QPixmap.fromImage(image)))
        self.addItem(item)

    def names(self) -> tuple[str, ...]:
        return tuple(name for name, *_rest in self._held)

    def _on_activated(self, item: QListWidgetItem) -> None:
        name, media_type, content, pages = self._held[self.row(item)]
        viewer = ScanViewer(name, media_type, content, pages, self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.open()


class FileDrops(PathDrops):
    """Takes scan files dropped on an area (a case, a dialog), also over its fields and over
    widgets added later; other drops go on as before."""

    def __init__(self, area: QWidget, take: Callable[[list[Path]], None]) -> None:
        super().__init__(area, scan_paths, take)


class InboxWatch(QObject):
    """Polls the watched fax folder (setting inbox_folder) on a timer, off the GUI thread."""

    passed = Signal(object)  # a FolderPass
    failed = Signal(str)  # why a pass could not run (the folder is gone, the database busy)

    def __init__(
        self,
        owner: QWidget,
        context: Context,
        actor: Actor,
        interval_ms: int = INBOX_POLL_MS,
        settle_seconds: float | None = None,
    ) -> None:
        super().__init__(owner)
        self._owner = owner
        self._service = InboxService(context, actor)
        self._settle = settle_seconds
        self._running = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)

    def start(self) -> None:
        self.timer.start()
        self.poll()

    def poll(self) -> None:
        """One pass in the background, unless one is still running."""
        if self._running:
            return
        self._running = True
        ServiceOp(self._owner, self._one_pass).success(self._on_passed).settled(
            self._on_settled
        ).failure(lambda exc: self.failed.emit(str(exc))).key("inbox_watch").run()

    def _one_pass(self) -> FolderPass | None:
        folder = folder_of_setting(self._service)
        if folder is None:
            return None  # not watched
        if self._settle is None:
            return import_folder(self._service, folder)
        return import_folder(self._service, folder, self._settle)

    def _on_passed(self, done: FolderPass | None) -> None:
        if done is not None:
            self.passed.emit(done)

    def _on_settled(self, _ok: bool) -> None:
        self._running = False


class InboxPanel(QWidget):
    """The fax inbox as a part: files the watched folder brought in, waiting to become cases,
    with their name, pages and arrival, and what may be done with them. The main window shows
    it as the page of its Inbox queue; InboxDialog shows it alone. Opening one asks for a fax
    intake showing it; it is taken into the case when that intake is saved."""

    open_requested = Signal(int)
    loaded = Signal(int)  # how many files wait, after each refresh

    def __init__(self, context: Context, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inbox_panel")
        self._service = InboxService(context, actor)
        layout = self.column = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("inbox_heading")
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.items = QListWidget()
        self.items.setObjectName("inbox_items")
        self.items.setAccessibleName(_("Faxes waiting"))
        self.items.setSpacing(2)
        self.items.itemActivated.connect(self._on_activated)
        layout.addWidget(self.items, 1)
        row = QHBoxLayout()
        self.open_button = QPushButton(_("&Open as new intake"))
        self.open_button.setObjectName("open_inbox_item")
        self.open_button.setToolTip(_("A fax intake showing the scan; saving it takes the fax in"))
        self.open_button.clicked.connect(self._on_open_clicked)
        self.refresh_button = QPushButton(_("&Refresh"))
        self.refresh_button.setObjectName("refresh_inbox")
        self.refresh_button.clicked.connect(self.refresh)
        row.addWidget(self.open_button)
        row.addWidget(self.refresh_button)
        row.addStretch(1)
        layout.addLayout(row)

    def refresh(self) -> None:
        service = self._service
        ServiceOp(self, service.waiting).success(self._show).key("inbox").run()

    def _show(self, waiting: tuple[InboxItemData, ...]) -> None:
        chosen = self.items.currentItem()
        chosen_id = chosen.data(Qt.ItemDataRole.UserRole) if chosen is not None else None
        self.items.clear()
        for item in waiting:
            row = QListWidgetItem(
                _("{name} ({details}), arrived {when}").format(
                    name=item.file_name,
                    details=", ".join((pages_text(item.pages), size_text(item.size))),
                    when=format_moment(item.arrived_at),
                )
            )
            row.setData(Qt.ItemDataRole.UserRole, item.id)
            self.items.addItem(row)
            if item.id == chosen_id:
                self.items.setCurrentItem(row)
        self.heading.setText(
            ngettext(
                "{n} fax is waiting to become a case.",
                "{n} faxes are waiting to become cases.",
                len(waiting),
            ).format(n=len(waiting))
            if waiting
            else _("No fax is waiting: new files in the watched folder appear here.")
        )
        self.open_button.setEnabled(bool(waiting))
        # Nothing waiting: the words in the middle of the page, not over an empty white box.
        self.items.setVisible(bool(waiting))
        self.column.setStretchFactor(self.heading, 0 if waiting else 1)
        self.heading.setAlignment(
            Qt.AlignmentFlag.AlignLeft if waiting else Qt.AlignmentFlag.AlignCenter
        )
        if waiting and self.items.currentItem() is None:
            self.items.setCurrentRow(0)
        self.loaded.emit(len(waiting))

    def _on_activated(self, row: QListWidgetItem) -> None:
        self.open_requested.emit(int(row.data(Qt.ItemDataRole.UserRole)))

    def _on_open_clicked(self) -> None:
        row = self.items.currentItem()
        if row is not None:
            self._on_activated(row)


class InboxDialog(QDialog):
    """The fax inbox in a window of its own (the panel the main window shows as a page)."""

    open_requested = Signal(int)

    def __init__(self, context: Context, actor: Actor, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("fax_inbox")
        self.setWindowTitle(_("Fax inbox"))
        layout = QVBoxLayout(self)
        self.panel = InboxPanel(context, actor, self)
        self.panel.column.setContentsMargins(0, 0, 0, 0)
        self.panel.open_requested.connect(self.open_requested)
        self.heading, self.items = self.panel.heading, self.panel.items
        self.open_button, self.refresh_button = self.panel.open_button, self.panel.refresh_button
        layout.addWidget(self.panel, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(560, 420)
        self.refresh()

    def refresh(self) -> None:
        self.panel.refresh()
