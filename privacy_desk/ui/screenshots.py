"""PNG pictures of the main screens, made offscreen on a fresh demo database.

For the README and for looking at what was built: log-in, first start, the queues, the
supervisor's dashboard, the intake dialog, the case workspace with each tab, an approval, the lock,
and (screenshots_more.py) the dashboard page, the inbox, the save-filter and batch dialogs, the
reports window and an administrator's settings pages, users, calendar and letter templates.
Nothing here touches the user's own database or preferences: all of it lives in a temp folder.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    # Only for the annotations: Qt is imported once the offscreen environment is set.
    from PySide6.QtCore import QCoreApplication

WINDOW_SIZE = (1366, 768)
DEMO_CASES = 300


def _wait(app: QCoreApplication, predicate: Callable[[], bool], timeout: float = 15.0) -> None:
    """Let Qt run until predicate holds and every service call (ui/ops) has delivered its answer.

    This is a tool that photographs screens, not a screen: its small bounded processEvents loop
    is the only one in the package. Screens never wait like this; they get answers from ServiceOp.
    """
    from privacy_desk.ui import ops

    deadline = time.monotonic() + timeout
    while not (predicate() and ops.pending() == 0) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    for _attempt in range(5):
        app.processEvents()


def _optional(module: str, name: str) -> Any:
    """A screen built elsewhere, or None while it does not exist yet."""
    try:
        return getattr(importlib.import_module(module), name)
    except (ImportError, AttributeError):
        return None


def _letter_preview(app: QCoreApplication, workspace: Any, save: Callable[..., None]) -> None:
    """The Letters tab with a letter previewed, and the preview in its own window."""
    workspace.tabs.setCurrentWidget(workspace.letters_tab)
    _wait(app, lambda: workspace.letters_tab.panel is not None)
    panel = workspace.letters_tab.panel
    if panel is None or not panel.preview_button.isEnabled():
        return
    panel.preview_button.click()
    _wait(app, lambda: panel.preview.page_count() > 0, timeout=30.0)
    if panel.preview.page_count() == 0:
        return
    page = workspace.parentWidget()
    while page is not None and not hasattr(page, "ensureWidgetVisible"):
        page = page.parentWidget()
    if page is not None:
        page.ensureWidgetVisible(panel.preview, 0, 0)
    _wait(app, lambda: False, timeout=1.0)  # QPdfView draws its pages a moment after loading
    save(workspace.window(), "14-letter-preview")
    panel.preview.window_button.click()
    own = panel.preview.own_window
    if own is not None:
        _wait(app, lambda: False, timeout=1.0)
        save(own, "15-letter-preview-window")
        own.close()


def _offscreen_desktop(temp: Path) -> None:
    """Offscreen, on a screen of WINDOW_SIZE (Qt's offscreen screen is 800x800 otherwise), so
    every window takes the size it takes on such a desktop. Only before Qt has started: a test's
    application keeps its own screen."""
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.instance() is not None:
        return
    if os.environ.get("QT_QPA_PLATFORM", "offscreen") != "offscreen":
        return
    width, height = WINDOW_SIZE
    config = temp / "screen.json"
    screen = {"name": "desk", "x": 0, "y": 0, "width": width, "height": height}
    config.write_text(json.dumps({"screens": [{**screen, "logicalDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"


def take_screenshots(out: Path, language: str = "en") -> list[Path]:
    """Save a PNG of each main screen into out; returns the paths written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    previous = os.environ.get("PRIVACY_DESK_DATA_DIR")
    with tempfile.TemporaryDirectory(prefix="privacy-desk-shots-") as temp:
        _offscreen_desktop(Path(temp))
        os.environ["PRIVACY_DESK_DATA_DIR"] = str(Path(temp) / "data")
        try:
            return _take(out, language, Path(temp))
        finally:
            if previous is None:
                os.environ.pop("PRIVACY_DESK_DATA_DIR", None)
            else:
                os.environ["PRIVACY_DESK_DATA_DIR"] = previous


def _take(out: Path, language: str, temp: Path) -> list[Path]:
    from PySide6.QtCore import QSettings, QThreadPool, qInstallMessageHandler
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QApplication, QTabWidget, QWidget

    from privacy_desk.app import install_qt_translations, make_application
    from privacy_desk.domain.vocabulary import Channel, Queue
    from privacy_desk.i18n import set_language
    from privacy_desk.services.base import Context
    from privacy_desk.services.demo import DEMO_PASSWORD, DemoService
    from privacy_desk.services.users import authenticate, create_first_admin, desk_start
    from privacy_desk.storage.db import connect
    from privacy_desk.ui.fonts import install_fonts

    def quiet(_kind: object, _context: object, message: str) -> None:
        # The offscreen platform warns about window features it lacks; nothing to act on.
        if "This plugin does not support" not in message:
            print(message, file=sys.stderr)

    previous_handler = qInstallMessageHandler(quiet)
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(temp / "settings"))
    app = make_application()
    install_fonts(app, point_size=10.0)  # a usual desktop's text size, the same on any machine
    set_language(language)
    install_qt_translations(app, language)

    db = connect(f"sqlite:///{temp / 'demo.sqlite3'}")
    context = Context(db)
    create_first_admin(context, "admin", "管理 太郎", "specimen-desk-2026")
    DemoService(context, authenticate(context, "admin", "specimen-desk-2026")).generate(
        DEMO_CASES, seed=7
    )
    actor = authenticate(context, "ito", DEMO_PASSWORD)
    paths: list[Path] = []

    def save(widget: QWidget, name: str) -> None:
        _wait(app, lambda: False, timeout=0.05)
        path = out / f"{name}.png"
        widget.grab().save(str(path))
        paths.append(path)

    try:
        from privacy_desk.ui.login import FirstRunDialog, LoginDialog

        login = LoginDialog(context, login="ito")
        login.password_edit.setText("********")
        login.show()
        save(login, "01-login")
        login._on_buttons_accepted()  # a wrong password shows the message in the dialog
        _wait(app, lambda: login.message.isVisible())
        save(login, "02-login-wrong-password")
        login.close()
        empty = Context(connect(f"sqlite:///{temp / 'empty.sqlite3'}"))
        first = FirstRunDialog(empty)
        first.show()
        save(first, "03-first-start")
        first.close()

        from privacy_desk.ui.main import MainWindow

        window = MainWindow(context, actor, desk_start(context, actor))
        window.resize(*WINDOW_SIZE)
        window.show()

        def settled() -> bool:
            return (
                window.model.has_loaded
                and not window.model.is_loading
                and window.counts is not None
                and not window._counts_running
            )

        _wait(app, settled)
        window.case_tabs.setCurrentIndex(0)  # a supervisor's desk opens on the dashboard page
        save(window, "04-queue-all-open")
        window.show_queue(Queue.OVERDUE)
        _wait(app, settled)
        save(window, "05-queue-overdue")
        if window.dashboard is not None:
            save(window.dashboard, "06-dashboard")
        window.show_queue(Queue.ALL_OPEN)  # the search over every open case, not the overdue
        _wait(app, settled)
        window.filter_bar.search_edit.setText("やまだ")
        _wait(app, lambda: False, timeout=0.5)
        _wait(app, settled)
        save(window, "07-search-kana")
        window.filter_bar.clear()
        _wait(app, settled)

        intake_class = _optional("privacy_desk.ui.intake", "IntakeDialog")
        if intake_class is not None:
            intake = intake_class(context, actor, Channel.PHONE, window)
            intake.show()
            _wait(app, lambda: False, timeout=0.3)
            save(intake, "08-intake-phone")
            intake.close()

        window.show_queue(Queue.ALL_OPEN)
        _wait(app, settled)
        row = window.model.row_at(0)
        if row is not None:
            window.table.setCurrentIndex(window.model.index(0, 0))
            window.open_case(row.id, row.reference)
            _wait(app, lambda: False, timeout=0.5)
            workspace = window._workspace()
            if workspace is not None:
                save(window, "09-case")
                tabs = workspace.findChild(QTabWidget)
                if tabs is not None:
                    for index in range(tabs.count()):
                        tabs.setCurrentIndex(index)
                        name = (
                            "".join(
                                ch if ch.isalnum() else "-"
                                for ch in tabs.tabText(index).replace("&", "")
                            )
                            .strip("-")
                            .lower()
                        )
                        save(window, f"10-case-tab-{index + 1}-{name or index}")
                _letter_preview(app, workspace, save)

        window.show_queue(Queue.AWAITING_APPROVAL)
        _wait(app, settled)
        save(window, "11-awaiting-approval")
        row = window.model.row_at(0)
        if row is not None:
            window.table.setCurrentIndex(window.model.index(0, 0))
            window.open_case(row.id, row.reference)
            _wait(app, lambda: False, timeout=0.5)
            if window._workspace() is not None:
                save(window, "12-approval")

        from privacy_desk.ui.screenshots_more import admin_screens, window_screens

        def wait(predicate: Callable[[], bool], timeout: float) -> None:
            _wait(app, predicate, timeout)

        window.show_queue(Queue.ALL_OPEN)
        _wait(app, settled)
        window_screens(window, Queue.ALL_OPEN, save, wait)
        admin = authenticate(context, "admin", "specimen-desk-2026")
        admin_screens(context, admin, window, save, wait)

        window.idle_lock.lock()
        _wait(app, lambda: False, timeout=0.2)
        dialog = window.idle_lock.dialog
        if dialog is not None:
            # Offscreen windows are grabbed one by one: put the dialog where the screen shows it.
            picture = window.grab()
            painter = QPainter(picture)
            inner = dialog.grab()
            painter.drawPixmap(
                (picture.width() - inner.width()) // 2,
                (picture.height() - inner.height()) // 2,
                inner,
            )
            painter.end()
            path = out / "13-locked.png"
            picture.save(str(path))
            paths.append(path)
        window._closing = True
        window.idle_lock.stop()
        window.counts_timer.stop()
        QThreadPool.globalInstance().waitForDone(10_000)
        for widget in QApplication.topLevelWidgets():
            widget.hide()
        window.deleteLater()
        _wait(app, lambda: False, timeout=0.1)
        empty.db.dispose()
    finally:
        QThreadPool.globalInstance().waitForDone(10_000)
        db.dispose()
        qInstallMessageHandler(previous_handler)
    return paths
