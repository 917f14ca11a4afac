"""More pictures for ui/screenshots.py: the pages and dialogs beyond the main window's queues.

The dashboard page, the fax inbox page, the save-filter dialog, the batch letters plan, the
reports window, and an administrator's screens: every settings page, users, the calendar and the
letter templates editor. Each is shown on the demo database and saved; nothing is changed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from privacy_desk.services.base import Context

Save = Callable[["QWidget", str], None]
Wait = Callable[[Callable[[], bool], float], None]


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.replace("&", "")).strip("-").lower()


def window_screens(window: Any, queue: Any, save: Save, wait: Wait) -> None:
    """The main window's own pages and dialogs, for the supervisor shown; back on queue after."""
    page = window.dashboard_page
    if page is not None:
        window.show_dashboard()
        wait(lambda: bool(page.buttons), 15.0)
        save(window, "20-dashboard-page")
    window.case_tabs.setCurrentIndex(0)
    if window.inbox_row() is not None:
        window.show_inbox()
        wait(lambda: False, 0.5)
        save(window, "21-inbox-queue")
        window.show_queue(queue)
        window.show_cases_page()
        wait(lambda: window.model.has_loaded and not window.model.is_loading, 15.0)
    dialog = window.open_save_filter()
    wait(lambda: False, 0.2)
    save(dialog, "22-save-filter")
    dialog.reject()
    window.table.selectAll()
    window.table.setFocus()
    window.open_batch_letters()
    batch = getattr(window, "batch_dialog", None)
    if batch is not None and batch.isVisible():
        wait(lambda: batch.plan_table.rowCount() > 0, 30.0)
        save(batch, "23-batch-letters-plan")
        batch.reject()
    window.table.clearSelection()
    window.open_reports()
    reports = getattr(window, "reports_window", None)
    if reports is not None:
        wait(lambda: False, 1.0)
        save(reports, "24-reports")
        reports.close()


def admin_screens(context: Context, admin: Any, parent: QWidget, save: Save, wait: Wait) -> None:
    """An administrator's screens: every settings page, users, calendar, letter templates,
    safekeeping and retention."""
    from privacy_desk.ui.admin.calendar import CalendarDialog
    from privacy_desk.ui.admin.retention import RetentionDialog
    from privacy_desk.ui.admin.safekeeping import SafekeepingDialog
    from privacy_desk.ui.admin.settings import SettingsDialog
    from privacy_desk.ui.admin.users import UsersDialog
    from privacy_desk.ui.letters import TemplatesEditor

    settings = SettingsDialog(context, admin, parent)
    settings.show()
    wait(lambda: False, 0.5)
    for number, name in enumerate(settings.page_names):
        settings.show_page(name)
        wait(lambda: False, 0.1)
        save(settings, f"30-settings-{number + 1}-{name}")
        tabs = settings.office_tabs
        if name == "offices" and tabs is not None:
            for index in range(1, tabs.count()):
                tabs.setCurrentIndex(index)
                save(settings, f"30-settings-{number + 1}-{name}-{index + 1}")
    _close(settings, wait)
    for number, (dialog_class, name) in enumerate(
        (
            (UsersDialog, "users"),
            (CalendarDialog, "calendar"),
            (TemplatesEditor, "templates"),
            (SafekeepingDialog, "safekeeping"),
            (RetentionDialog, "retention"),
        ),
        start=31,
    ):
        dialog = dialog_class(context, admin, parent)
        dialog.show()
        wait(lambda: False, 1.0)
        save(dialog, f"{number}-{name}")
        _close(dialog, wait)


def _close(dialog: Any, wait: Wait) -> None:
    """Closed and gone before the next: its background reads answer no deleted dialog."""
    from PySide6.QtCore import QThreadPool

    dialog.reject()
    QThreadPool.globalInstance().waitForDone(10_000)
    wait(lambda: False, 0.1)
    import shiboken6

    shiboken6.delete(dialog)
    wait(lambda: False, 0.1)
