"""First start asks for the organisation's names and saves them with the first administrator,
audited old → new. The English name is pre-filled; the official Japanese name is not known to the
desk, so it starts empty and is required: nothing is saved until it is typed."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from privacy_desk import i18n
from privacy_desk.services.base import Context
from privacy_desk.services.offices import list_offices
from privacy_desk.services.settings import DEFAULTS
from privacy_desk.services.users import first_office, has_users, read_settings
from privacy_desk.storage.db import connect
from privacy_desk.storage.models import AuditEntry
from privacy_desk.ui.fonts import install_fonts
from privacy_desk.ui.login import FirstRunDialog
from tests.ui.conftest import wait_ops

SHOTS = Path(os.environ.get("PRIVACY_DESK_SHOTS", "/tmp"))


@pytest.fixture
def empty_context(tmp_path: Path) -> Iterator[Context]:
    db = connect(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    yield Context(db)
    db.dispose()


def _create(qtbot, dialog: FirstRunDialog, organisation_ja: str) -> None:
    dialog.organisation_ja_edit.setText(organisation_ja)
    dialog.organisation_en_edit.setText("Sample Association for Work")
    dialog.organisation_short_edit.setText("SAW")
    dialog.login_edit.setText("admin")
    dialog.name_edit.setText("管理 花子")
    dialog.password_edit.setText("a long password 1")
    dialog.repeat_edit.setText("a long password 1")
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    wait_ops(qtbot)


def test_the_organisation_names_are_asked_first_and_saved_audited(
    qtbot, empty_context: Context
) -> None:
    dialog = FirstRunDialog(empty_context)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.organisation_ja_edit.text() == ""
    assert dialog.organisation_ja_edit.placeholderText()  # says it is required
    assert dialog.organisation_en_edit.text() == DEFAULTS.letterhead.organisation_en
    assert dialog.organisation_short_edit.text() == DEFAULTS.letterhead.organisation_short_en
    assert dialog.focusWidget() is dialog.organisation_ja_edit

    for empty in ("", "  "):
        _create(qtbot, dialog, empty)
        assert dialog.admin is None and "Japanese is required" in dialog.message.text()
        assert dialog.message.isVisible()
        assert dialog.focusWidget() is dialog.organisation_ja_edit
        assert not has_users(empty_context)
        with empty_context.db.session() as session:
            assert not session.scalars(select(AuditEntry)).first()  # nothing saved

    with qtbot.waitSignal(dialog.admin_created):
        _create(qtbot, dialog, "見本就労支援協会")
    assert dialog.actor is not None
    letterhead = read_settings(empty_context, dialog.actor).letterhead
    assert letterhead.organisation_ja == "見本就労支援協会"
    assert letterhead.organisation_en == "Sample Association for Work"
    assert letterhead.organisation_short_ja == letterhead.organisation_short_en == "SAW"
    assert letterhead.tel == DEFAULTS.letterhead.tel
    with empty_context.db.session() as session:
        entry = session.scalars(
            select(AuditEntry).where(AuditEntry.action == "manage_settings")
        ).one()
        assert entry.actor == "first-run:admin"
        assert json.loads(entry.detail)["changes"] == {
            "letterhead.organisation_ja": {
                "old": DEFAULTS.letterhead.organisation_ja,
                "new": "見本就労支援協会",
            },
            "letterhead.organisation_en": {
                "old": DEFAULTS.letterhead.organisation_en,
                "new": "Sample Association for Work",
            },
            **{
                f"letterhead.organisation_short_{lang}": {"old": "JACCES", "new": "SAW"}
                for lang in ("ja", "en")
            },
            # The letters' document numbers start with the short name, not JACCES's.
            "letterhead.document_number_prefix": {"old": "JACCES個第", "new": "SAW個第"},
            "letterhead.document_number_prefix_en": {
                "old": "JACCES Privacy No. ",
                "new": "SAW Privacy No. ",
            },
        }


@pytest.mark.parametrize("language", ["en", "ja"])
def test_first_start_screenshot(qtbot, empty_context: Context, language: str) -> None:
    i18n.set_language(language)
    install_fonts(QApplication.instance())
    dialog = FirstRunDialog(empty_context)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_ops(qtbot)
    qtbot.wait(20)
    assert dialog.office_box.isVisible()
    size = dialog.sizeHint()
    assert size.width() <= 1366 and size.height() <= 768
    dialog.grab().save(str(SHOTS / f"first-start-{language}.png"))


def test_the_first_office_is_asked_prefilled_and_saved_audited(
    qtbot, empty_context: Context
) -> None:
    dialog = FirstRunDialog(empty_context)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_ops(qtbot)
    assert dialog.office_box.isVisible()
    office = first_office(empty_context)
    assert office is not None and office.code == "tokyo"
    assert dialog.office_edits["address_ja"].text() == office.address_ja
    assert dialog.office_edits["tel"].text() == office.tel

    dialog.office_edits["postal_code"].setText("1700013")
    _create(qtbot, dialog, "見本就労支援協会")
    assert dialog.admin is None and "170-0013" in dialog.message.text()
    assert not has_users(empty_context)

    dialog.office_edits["postal_code"].setText(office.postal_code)
    dialog.office_edits["tel"].setText("03-0000-1234")
    with qtbot.waitSignal(dialog.admin_created):
        _create(qtbot, dialog, "見本就労支援協会")
    assert dialog.actor is not None
    tokyo = next(o for o in list_offices(empty_context, dialog.actor) if o.code == "tokyo")
    assert (tokyo.tel, tokyo.address_ja) == ("03-0000-1234", office.address_ja)
    with empty_context.db.session() as session:
        details = [
            json.loads(e.detail)
            for e in session.scalars(
                select(AuditEntry).where(AuditEntry.action == "manage_settings")
            )
        ]
    assert {"office": "tokyo", "changed": {"tel": {"old": office.tel, "new": "03-0000-1234"}}} in (
        details
    )
