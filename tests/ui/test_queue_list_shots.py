"""The main window with saved filters and the Inbox at 1366×768, in English and in Japanese: a
PNG of each (PRIVACY_DESK_SHOTS, else /tmp), and the Japanese queue list and filter line with no
English words."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from privacy_desk import i18n
from privacy_desk.domain.vocabulary import Channel, Queue
from privacy_desk.services.dto import QueueFilter
from privacy_desk.services.inbox import InboxService
from privacy_desk.services.saved_filters import SavedFilterService
from privacy_desk.ui.fonts import install_fonts
from tests.services import scans
from tests.ui.conftest import Desk, wait_ops
from tests.ui.test_main_window import open_window, settle

SHOTS = Path(os.environ.get("PRIVACY_DESK_SHOTS", "/tmp"))
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
NOT_WORDS = re.compile(r"Ctrl\+\S+|\b[KMG]B\b")


@pytest.mark.parametrize("language", ["en", "ja"])
def test_main_window_with_saved_filters_and_inbox(qtbot, demo_desk: Desk, language: str) -> None:
    i18n.set_language(language)
    install_fonts(QApplication.instance())
    mine = SavedFilterService(demo_desk.context, demo_desk.users["staff"])
    mine.save("ファクスの受付", QueueFilter(channels=(Channel.FAX,)), False)
    SavedFilterService(demo_desk.context, demo_desk.users["supervisor"]).save(
        "期限間近（全件）", QueueFilter(), True, Queue.DUE_SOON
    )
    inbox = InboxService(demo_desk.context, demo_desk.users["staff"])
    inbox.import_file("fax-1124-01.pdf", scans.pdf(2, text="FAX 1"))
    inbox.import_file("fax-1124-02.tif", scans.tiff(1))
    window = open_window(qtbot, demo_desk, "staff")
    window.resize(1366, 768)
    wait_ops(qtbot)
    row = next(
        r
        for r in range(window.queue_list.count())
        if window.queue_list.item(r).text().startswith("ファクスの受付")
    )
    window.queue_list.setCurrentRow(row)
    wait_ops(qtbot)
    settle(qtbot, window)
    qtbot.wait(50)
    assert window.filter_bar.saved_label.isVisible()
    assert window.grab().save(str(SHOTS / f"saved-filters-{language}.png"))
    dialog = window.open_save_filter()
    dialog.name_edit.setText("")
    dialog.ok_button.click()
    wait_ops(qtbot)
    qtbot.wait(50)
    assert dialog.error.isVisible()
    assert dialog.grab().save(str(SHOTS / f"save-filter-{language}.png"))
    dialog_texts = [
        dialog.windowTitle(),
        dialog.share_check.text(),
        dialog.share_check.toolTip(),
        dialog.ok_button.text(),
        dialog.error.text(),
        dialog.name_edit.placeholderText(),
    ]
    dialog.reject()
    window.show_inbox()
    wait_ops(qtbot)
    qtbot.wait(50)
    assert window.grab().save(str(SHOTS / f"inbox-queue-{language}.png"))
    if language == "ja":
        texts = [window.queue_list.item(r).text() for r in range(window.queue_list.count())]
        texts += [
            window.filter_bar.saved_label.text(),
            window.filter_bar.save_button.text(),
            window.filter_bar.save_button.toolTip(),
        ]
        texts += [window.queue_list.item(r).toolTip() for r in range(window.queue_list.count())]
        panel = window.inbox_panel
        assert panel is not None
        texts += [panel.heading.text(), panel.open_button.text(), panel.refresh_button.text()]
        texts += dialog_texts
        # File names are the faxes' own; everything else is Japanese.
        names = ("fax-1124-01.pdf", "fax-1124-02.tif")
        texts += [
            panel.items.item(i).text().replace(names[i], "") for i in range(panel.items.count())
        ]
        # Key names and size units are written as on the keyboard and in the file manager.
        english = [t for t in texts if LATIN_WORD.search(NOT_WORDS.sub("", t.replace("&", "")))]
        assert not english, english
