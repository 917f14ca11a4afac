"""Administration › Settings: pages built from the declaration, saved and audited old → new."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QMessageBox, QSpinBox
from sqlalchemy import select

from privacy_desk import i18n
from privacy_desk.domain.vocabulary import RequestKind
from privacy_desk.services import settings_pages
from privacy_desk.services.offices import list_offices
from privacy_desk.services.settings import DEFAULTS
from privacy_desk.services.users import read_settings
from privacy_desk.storage.models import AuditEntry
from privacy_desk.ui.admin.settings import SettingsDialog
from privacy_desk.ui.fonts import install_fonts
from privacy_desk.ui.main import MainWindow
from privacy_desk.ui.ops import alive
from tests.ui.conftest import Desk, click, type_text, wait_ops
from tests.ui.test_retention_ui import open_window

SHOTS = Path(os.environ.get("PRIVACY_DESK_SHOTS", "/tmp"))


@pytest.fixture
def qt_desk(make_desk: Callable[..., Desk]) -> Desk:
    """A desk with its five users and no cases."""
    return make_desk()


def open_settings(qtbot, desk: Desk) -> tuple[MainWindow, SettingsDialog]:
    window = open_window(qtbot, desk, "admin")
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Administration")
    assert window.actions_by_name["office_settings"] in menu.actions()
    window.actions_by_name["office_settings"].trigger()
    dialog = window.findChild(SettingsDialog)
    assert dialog is not None and dialog.isVisible()
    wait_ops(qtbot)
    return window, dialog


def closed(dialog: SettingsDialog) -> bool:
    """Closed (the window's dialogs are deleted on close)."""
    return not alive(dialog) or not dialog.isVisible()


def settings_entries(desk: Desk) -> list[dict]:
    with desk.context.db.session() as session:
        return [
            json.loads(e.detail)
            for e in session.scalars(
                select(AuditEntry).where(AuditEntry.action == "manage_settings")
            )
        ]


def test_a_changed_target_is_saved_and_audited_with_old_and_new(qtbot, qt_desk: Desk) -> None:
    window, dialog = open_settings(qtbot, qt_desk)
    dialog.show_page("deadlines")
    spin = dialog.findChild(QSpinBox, "target_business_days.disclosure")
    assert spin.isVisible() and spin.value() == 10
    assert (spin.minimum(), spin.maximum()) == (1, 60)  # services/settings.py: 1..60
    spin.selectAll()
    type_text(qtbot, spin, "15")
    assert dialog.changes() == {"target_business_days.disclosure": 15}
    assert dialog.state_label.text() == "1 unsaved change"
    click(qtbot, dialog.save_button)
    wait_ops(qtbot)
    assert closed(dialog)
    settings = read_settings(qt_desk.context, qt_desk.users["admin"])
    assert settings.target_business_days[RequestKind.DISCLOSURE] == 15
    assert settings.target_business_days[RequestKind.CORRECTION] == 10
    assert settings_entries(qt_desk)[-1]["changes"] == {
        "target_business_days.disclosure": {"old": 10, "new": 15}
    }
    assert window.office_settings.target_business_days[RequestKind.DISCLOSURE] == 15


def test_only_changed_settings_are_saved_in_one_entry(qtbot, qt_desk: Desk) -> None:
    _window, dialog = open_settings(qtbot, qt_desk)
    before = len(settings_entries(qt_desk))
    organisation = dialog.findChild(QLineEdit, "letterhead.organisation_ja")
    organisation.clear()
    type_text(qtbot, organisation, "見本協会")
    dialog.show_page("letters")
    era = dialog.findChild(QComboBox, "letterhead.era_dates")
    era.setCurrentIndex(era.findData(False))
    dialog.show_page("desk")
    mask = dialog.findChild(QComboBox, "individual_number_policy")
    mask.setCurrentIndex(mask.findData("mask"))
    click(qtbot, dialog.save_button)
    wait_ops(qtbot)
    entries = settings_entries(qt_desk)
    assert len(entries) == before + 1
    assert entries[-1]["changes"] == {
        "letterhead.organisation_ja": {
            "old": DEFAULTS.letterhead.organisation_ja,
            "new": "見本協会",
        },
        "letterhead.era_dates": {"old": True, "new": False},
        "individual_number_policy": {"old": "refuse", "new": "mask"},
    }


def test_a_bad_value_is_refused_beside_its_field_and_nothing_is_saved(qtbot, qt_desk: Desk) -> None:
    _window, dialog = open_settings(qtbot, qt_desk)
    before = settings_entries(qt_desk)
    idle = dialog.findChild(QSpinBox, "idle_lock_minutes")
    idle.setValue(3)
    account = dialog.findChild(QLineEdit, "fee_account_number")
    type_text(qtbot, account, "12-34")
    click(qtbot, dialog.save_button)
    wait_ops(qtbot)
    assert dialog.isVisible()
    assert dialog.stack.currentIndex() == dialog.page_names.index("letters")
    error = dialog.editors["fee_account_number"].error
    assert error.isVisible() and "seven digits" in error.text()
    assert "Nothing was saved" in dialog.message_bar.message()
    assert "Letters" in dialog.message_bar.message()
    assert settings_entries(qt_desk) == before
    assert read_settings(qt_desk.context, qt_desk.users["admin"]).fee_account_number == ""
    # Corrected, it saves.
    account.clear()
    type_text(qtbot, account, "1234567")
    click(qtbot, dialog.save_button)
    wait_ops(qtbot)
    assert closed(dialog)
    assert read_settings(qt_desk.context, qt_desk.users["admin"]).fee_account_number == "1234567"


def test_an_individual_number_in_a_text_is_refused(qtbot, qt_desk: Desk) -> None:
    _window, dialog = open_settings(qtbot, qt_desk)
    person = dialog.findChild(QLineEdit, "letterhead.person_responsible_ja")
    type_text(qtbot, person, "123456789018")
    click(qtbot, dialog.save_button)
    wait_ops(qtbot)
    assert dialog.isVisible() and dialog.editors["letterhead.person_responsible_ja"].error.text()
    assert "123456789018" not in dialog.message_bar.message()
    assert read_settings(qt_desk.context, qt_desk.users["admin"]).letterhead == DEFAULTS.letterhead


def test_cancel_with_unsaved_changes_asks_first(qtbot, qt_desk: Desk) -> None:
    _window, dialog = open_settings(qtbot, qt_desk)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing changed: it closes at once
    assert closed(dialog)
    _window, dialog = open_settings(qtbot, qt_desk)
    dialog.findChild(QSpinBox, "backups_kept").setValue(20)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    box = dialog.discard_box
    assert box is not None and box.isVisible() and "Discard" in box.text()
    keep = next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.RejectRole)
    click(qtbot, keep)
    assert dialog.isVisible() and dialog.changes() == {"backups_kept": 20}
    dialog.buttons.rejected.emit()
    box = dialog.discard_box
    discard = next(
        b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.DestructiveRole
    )
    click(qtbot, discard)
    assert closed(dialog)
    assert read_settings(qt_desk.context, qt_desk.users["admin"]).backups_kept == 14


def test_every_field_of_the_declaration_has_its_widget(qtbot, qt_desk: Desk) -> None:
    _window, dialog = open_settings(qtbot, qt_desk)
    for group in settings_pages.groups():
        for field in settings_pages.fields(group):
            editor = dialog.editors[field.address]
            assert editor.input.accessibleName(), field.address
            assert editor.get() == editor.get()
    assert dialog.findChild(QLineEdit, "backup_folder").placeholderText()
    assert dialog.findChild(QSpinBox, "idle_lock_minutes").specialValueText() == "never lock"
    assert dialog.findChild(QSpinBox, "lockout_minutes").suffix() == " minutes"
    # Ctrl+Page Down and Up go through the pages.
    assert dialog.pages.currentRow() == 0
    qtbot.keyClick(dialog.pages, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert dialog.stack.currentIndex() == 1
    qtbot.keyClick(dialog.pages, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(dialog.pages, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert dialog.stack.currentIndex() == len(dialog.page_names) - 1
    assert dialog.page_names == [
        "organisation",
        "offices",
        "letters",
        "deadlines",
        "desk",
        "safekeeping",
    ]


@pytest.mark.parametrize("language", ["en", "ja"])
def test_screenshots_of_every_page_fit_1366_by_768(qtbot, qt_desk: Desk, language: str) -> None:
    i18n.set_language(language)
    install_fonts(QApplication.instance())
    dialog = SettingsDialog(qt_desk.context, qt_desk.users["admin"])
    qtbot.addWidget(dialog)
    dialog.resize(1366, 768)
    dialog.show()
    wait_ops(qtbot)
    for number, name in enumerate(dialog.page_names):
        dialog.pages.setCurrentRow(number)
        qtbot.wait(20)
        pages = [dialog.stack.currentWidget()]
        if name == "offices":
            pages = [dialog.office_tabs.widget(i) for i in range(dialog.office_tabs.count())]
        for page in pages:
            # Nothing wider than the screen: no horizontal scroll bar.
            assert page.widget().minimumSizeHint().width() <= page.viewport().width(), name
        dialog.grab().save(str(SHOTS / f"settings-{name}-{language}.png"))
    assert dialog.sizeHint().height() <= 768


def test_an_office_is_edited_on_its_tab_and_audited_with_the_settings(qtbot, qt_desk: Desk) -> None:
    _window, dialog = open_settings(qtbot, qt_desk)
    dialog.show_page("offices")
    tabs = dialog.office_tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        o.name("en") for o in list_offices(qt_desk.context, qt_desk.users["admin"])
    ]
    naha = next(
        o for o in list_offices(qt_desk.context, qt_desk.users["admin"]) if o.code == "naha"
    )
    hours = dialog.findChild(QLineEdit, "office.naha.hours_ja")
    assert hours.text() == naha.hours_ja
    hours.clear()
    type_text(qtbot, hours, "9:00～17:30（土日祝を除く）")
    fax = dialog.findChild(QLineEdit, "office.naha.fax")
    fax.clear()
    type_text(qtbot, fax, "098-000-1111")
    dialog.show_page("desk")
    dialog.findChild(QSpinBox, "lockout_attempts").setValue(4)
    click(qtbot, dialog.save_button)
    wait_ops(qtbot)
    assert closed(dialog)
    naha_now = next(
        o for o in list_offices(qt_desk.context, qt_desk.users["admin"]) if o.code == "naha"
    )
    assert (naha_now.hours_ja, naha_now.fax) == ("9:00～17:30（土日祝を除く）", "098-000-1111")
    entries = settings_entries(qt_desk)
    assert entries[-2]["office"] == "naha"
    assert entries[-2]["changed"] == {
        "hours_ja": {"old": naha.hours_ja, "new": "9:00～17:30（土日祝を除く）"},
        "fax": {"old": naha.fax, "new": "098-000-1111"},
    }
    assert entries[-1]["changes"] == {"lockout_attempts": {"old": 5, "new": 4}}


def test_a_bad_postal_code_is_refused_on_its_office_tab(qtbot, qt_desk: Desk) -> None:
    _window, dialog = open_settings(qtbot, qt_desk)
    before = settings_entries(qt_desk)
    postal = dialog.findChild(QLineEdit, "office.naha.postal_code")
    postal.clear()
    type_text(qtbot, postal, "9000")
    dialog.show_page("desk")
    click(qtbot, dialog.save_button)
    wait_ops(qtbot)
    assert dialog.isVisible()
    assert dialog.page_names[dialog.stack.currentIndex()] == "offices"
    assert dialog.office_tabs.currentWidget().objectName() == "office_naha"
    error = dialog.editors["office.naha.postal_code"].error
    assert error.isVisible() and "170-0013" in error.text()
    assert "Nothing was saved" in dialog.message_bar.message()
    assert settings_entries(qt_desk) == before
