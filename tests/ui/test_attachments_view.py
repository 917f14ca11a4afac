"""The Files tab of a case: the email, its attachments and the scans kept with the case, listed
with kind, name, size, pages and when received; Open writes a private copy (the same SHA-256)
and hands it to the system, Save as… writes one where chosen, an email shows its text; a scan
of an identity document deleted after the check is listed as deleted and can not be opened."""

from __future__ import annotations

import hashlib
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog
from pytestqt.qtbot import QtBot

from privacy_desk.domain.vocabulary import AttachmentPurpose, IdentityDocument, IdentityMethod
from privacy_desk.services.dto import IdentityForm
from privacy_desk.ui.case import files as files_module
from privacy_desk.ui.case.files import EmailViewer
from tests.services import emails, scans
from tests.ui.conftest import Desk, click, wait_ops
from tests.ui.test_case_workspace import open_workspace, staff_service

LETTER = "請求書.pdf"
LICENCE = "運転免許証.png"


@pytest.fixture
def desk(make_desk: Callable[..., Desk]) -> Desk:
    return make_desk()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """What the workspace handed to the system to open (nothing is really opened)."""
    urls: list[Path] = []

    def open_url(url: QUrl) -> bool:
        urls.append(Path(url.toLocalFile()))
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(open_url))
    return urls


def email_case(desk: Desk) -> int:
    """A case from an email with a PDF attached, then an identity scan on it."""
    staff = staff_service(desk)
    raw = emails.with_attachments((LETTER, "application/pdf", scans.pdf(1, "LETTER")))
    case = staff.intake_email(raw).case
    staff.attach_scans(
        case.id,
        None,
        ((LICENCE, scans.png()),),
        purpose=AttachmentPurpose.IDENTITY_DOCUMENT,
    )
    return case.id


def select(workspace, name: str) -> None:
    tab = workspace.files_tab
    for row in range(tab.table.rowCount()):
        if tab.table.item(row, 1).text() == name:
            tab.table.selectRow(row)
            return
    raise AssertionError(name)


def test_the_files_tab_lists_every_file_and_opens_a_private_copy(
    qtbot: QtBot, desk: Desk, opened: list[Path], tmp_path: Path
) -> None:
    case_id = email_case(desk)
    workspace = open_workspace(qtbot, desk, case_id)
    tab = workspace.files_tab
    workspace.tabs.setCurrentWidget(tab)
    table = tab.table
    rows = [[table.item(r, c).text() for c in range(6)] for r in range(table.rowCount())]
    assert [(r[0], r[1]) for r in rows] == [
        ("Email", rows[0][1]),
        ("Email attachment", LETTER),
        ("Identity document scan", LICENCE),
    ]
    assert rows[0][1].endswith(".eml")
    assert rows[2][3] == "1 page" and rows[2][5] == "Deleted once identity is checked"
    assert all(r[4] for r in rows)  # when received
    workspace.grab().save(str(tmp_path / "files-tab.png"))

    # Open, from the keyboard: Enter on the chosen row.
    select(workspace, LETTER)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_Return)
    wait_ops(qtbot)
    [copy] = opened
    assert copy.name == LETTER
    kept = {a.file_name: a for a in workspace.detail.attachments}
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == kept[LETTER].sha256
    assert stat.S_IMODE(copy.stat().st_mode) == 0o600
    assert stat.S_IMODE(files_module.private_temp_folder().stat().st_mode) == 0o700
    files_module.remove_temp_copies()  # what the end of the application does
    assert not copy.exists()


def test_an_email_shows_its_text_and_save_as_writes_a_copy(
    qtbot: QtBot, desk: Desk, opened: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    workspace = open_workspace(qtbot, desk, email_case(desk))
    tab = workspace.files_tab
    workspace.tabs.setCurrentWidget(tab)
    tab.table.selectRow(0)
    click(qtbot, tab.open_button)
    wait_ops(qtbot)
    viewer = tab.findChild(EmailViewer)
    assert viewer is not None
    assert viewer.body.toPlainText() == emails.BODY
    assert viewer.body.accessibleName()
    viewer.grab().save(str(tmp_path / "email-viewer.png"))
    click(qtbot, viewer.open_original)
    wait_ops(qtbot)
    assert [p.suffix for p in opened] == [".eml"]
    viewer.reject()

    target = tmp_path / "saved.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    select(workspace, LETTER)
    click(qtbot, tab.save_button)
    wait_ops(qtbot)
    kept = {a.file_name: a for a in workspace.detail.attachments}
    assert hashlib.sha256(target.read_bytes()).hexdigest() == kept[LETTER].sha256


def test_a_deleted_identity_scan_shows_as_deleted_and_does_not_open(
    qtbot: QtBot, desk: Desk, opened: list[Path], tmp_path: Path
) -> None:
    case_id = email_case(desk)
    workspace = open_workspace(qtbot, desk, case_id)
    identity = workspace.identity_tab
    assert LICENCE in identity.scans_label.text()
    assert "waiting" in identity.scans_label.text()
    staff_service(desk).confirm_identity(
        case_id,
        None,
        IdentityForm(IdentityMethod.DOCUMENTS, (IdentityDocument.DRIVERS_LICENCE,)),
    )
    workspace.calls.open()  # read the case again
    wait_ops(qtbot)
    assert "Deleted after the check" in identity.scans_label.text()
    tab = workspace.files_tab
    select(workspace, LICENCE)
    row = tab.table.currentRow()
    assert tab.table.item(row, 5).text().startswith("Deleted on ")
    assert not tab.open_button.isEnabled() and not tab.save_button.isEnabled()
    workspace.tabs.setCurrentWidget(tab)
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)  # Enter on the row does nothing either
    tab.open_selected()
    wait_ops(qtbot)
    assert opened == []
    workspace.grab().save(str(tmp_path / "files-deleted.png"))


def test_staff_mark_scans_as_an_identity_document_on_the_case_and_in_the_fax_intake(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    from privacy_desk.domain.vocabulary import Channel
    from privacy_desk.ui.intake import IntakeDialog
    from tests.ui.test_case_workspace import new_case

    path = tmp_path / LICENCE
    path.write_bytes(scans.png())
    workspace = open_workspace(qtbot, desk, new_case(desk).id)
    contacts = workspace.contacts_tab
    workspace.tabs.setCurrentWidget(contacts)
    click(qtbot, contacts.identity_check)
    assert contacts.identity_check.isChecked()
    contacts.attach_paths([path])
    wait_ops(qtbot)
    [kept] = workspace.detail.attachments
    assert kept.purpose is AttachmentPurpose.IDENTITY_DOCUMENT

    dialog = IntakeDialog(desk.context, desk.users["staff"], Channel.FAX)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.identity_scans_check.isVisible()  # no scans yet
    dialog.on_scans_dropped([path])
    wait_ops(qtbot)
    assert dialog.identity_scans_check.isVisible()
    click(qtbot, dialog.identity_scans_check)
    assert dialog.intake_form().scan_purpose is AttachmentPurpose.IDENTITY_DOCUMENT
