"""Fax scans on screen: dropped on a case (a new incoming fax contact with the files, pages and a
thumbnail; opening one shows it) or on the fax intake (kept when saved); a bad file refused by its
name with nothing kept; the watched folder polled in the background while the desk runs and after
a restart, its faxes opened from the inbox as intakes."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from privacy_desk.domain.vocabulary import Channel, ContactKind, RequestKind
from privacy_desk.services.inbox import InboxService
from privacy_desk.services.users import AdminService
from privacy_desk.storage.models import Attachment, Contact, InboxItem
from privacy_desk.ui.intake import IntakeDialog
from privacy_desk.ui.intake.scans import InboxDialog, InboxWatch, ScanViewer
from tests.services import scans
from tests.ui.conftest import Desk, wait_ops
from tests.ui.test_case_workspace import new_case, open_workspace
from tests.ui.test_email_import import drop


@pytest.fixture
def desk(make_desk: Callable[..., Desk]) -> Desk:
    return make_desk()


def write(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    past = time.time() - 60
    os.utime(path, (past, past))
    return path


def test_scans_dropped_on_a_case_are_kept_with_a_fax_contact(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    case = new_case(desk)
    workspace = open_workspace(qtbot, desk, case.id)
    pdf = write(tmp_path, "受信ファクス.pdf", scans.pdf(3))
    tif = write(tmp_path, "scan.tif", scans.tiff(2))
    # Dropped over a text field of the case, which would otherwise take it as text.
    drop(workspace.contacts_tab.summary_edit, pdf, tif)
    wait_ops(qtbot)
    detail = workspace.detail
    assert detail is not None
    assert [(a.file_name, a.pages) for a in detail.attachments] == [
        ("受信ファクス.pdf", 3),
        ("scan.tif", 2),
    ]
    assert detail.contacts[-1].kind is ContactKind.FAX
    listed = workspace.contacts_tab.attachments
    assert listed.count() == 2 and "3 pages" in listed.item(0).text()
    qtbot.waitUntil(lambda: all(not listed.item(i).icon().isNull() for i in range(2)))
    listed.open_requested.emit(detail.attachments[0].id)
    wait_ops(qtbot)
    viewer = workspace.contacts_tab.findChild(ScanViewer)
    assert viewer is not None and len(viewer.page_labels) == 3
    assert all(
        label.pixmap() is not None and not label.pixmap().isNull() for label in viewer.page_labels
    )
    viewer.grab().save(str(tmp_path / "viewer.png"))


def test_a_bad_scan_in_a_drop_is_named_and_nothing_is_kept(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    case = new_case(desk)
    workspace = open_workspace(qtbot, desk, case.id)
    good = write(tmp_path, "good.png", scans.png())
    cut = write(tmp_path, "cut.pdf", scans.cut_short(scans.pdf(2)))
    renamed = write(tmp_path, "letter.jpg", "手紙です".encode())
    drop(workspace, good, cut, renamed)
    wait_ops(qtbot)
    shown = workspace.message_bar.text_label.text() + workspace.message_bar.details_label.text()
    assert "cut.pdf" in shown and "letter.jpg" in shown and "good.png" not in shown
    assert "incomplete or damaged" in shown
    with desk.context.db.session() as session:
        assert session.scalars(select(Attachment)).all() == []


def test_scans_dropped_on_the_fax_intake_are_kept_when_saved(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    dialog = IntakeDialog(desk.context, desk.users["staff"], Channel.PHONE)
    qtbot.addWidget(dialog)
    dialog.show()
    drop(dialog.summary_edit, write(tmp_path, "fax.pdf", scans.pdf(2)))
    wait_ops(qtbot)
    assert dialog.channel_combo.value() is Channel.FAX
    assert dialog.held_scans() == ("fax.pdf",)
    assert "fax.pdf" in dialog.scan_notice.text()
    dialog.requester.edits["name"].setText("小川 真理子")
    dialog.measures[RequestKind.DISCLOSURE].check.setChecked(True)
    with qtbot.waitSignal(dialog.case_created, timeout=10_000):
        dialog.accept()
    wait_ops(qtbot)
    with desk.context.db.session() as session:
        kept = session.scalars(select(Attachment)).all()
        assert [(a.file_name, a.pages) for a in kept] == [("fax.pdf", 2)]
        contact = session.get(Contact, kept[0].contact_id)
        assert contact is not None and contact.kind == ContactKind.FAX.value


def test_the_desk_polls_the_inbox_folder_in_the_background(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    folder = tmp_path / "fax"
    folder.mkdir()
    staff = desk.users["staff"]
    owner = IntakeDialog(desk.context, staff, Channel.FAX)  # any widget owns the watch
    qtbot.addWidget(owner)
    watch = InboxWatch(owner, desk.context, staff, interval_ms=50, settle_seconds=0)
    passes: list[object] = []
    watch.passed.connect(passes.append)
    watch.start()
    write(folder, "fax1.pdf", scans.pdf(1))
    qtbot.wait(300)
    wait_ops(qtbot)
    assert passes == []  # the setting is empty: the folder is not watched
    AdminService(desk.context, desk.users["admin"]).set_setting("inbox_folder", str(folder))
    qtbot.waitUntil(lambda: (folder / "imported" / "fax1.pdf").exists(), timeout=10_000)
    # A fax arrives while the desk runs.
    write(folder, "fax2.tif", scans.tiff(2))
    qtbot.waitUntil(lambda: (folder / "imported" / "fax2.tif").exists(), timeout=10_000)
    watch.timer.stop()
    wait_ops(qtbot)
    # The desk restarts: a new watch takes what arrived meanwhile, and nothing twice.
    write(folder, "fax3.png", scans.png())
    again = InboxWatch(owner, desk.context, staff, interval_ms=50, settle_seconds=0)
    again.start()
    qtbot.waitUntil(lambda: (folder / "imported" / "fax3.png").exists(), timeout=10_000)
    again.timer.stop()
    wait_ops(qtbot)
    waiting = InboxService(desk.context, staff).waiting()
    assert [w.file_name for w in waiting] == ["fax1.pdf", "fax2.tif", "fax3.png"]

    # The inbox lists them; one opens as a fax intake that takes it in when saved.
    inbox = InboxDialog(desk.context, staff, owner)
    qtbot.addWidget(inbox)
    inbox.show()
    wait_ops(qtbot)
    assert inbox.items.count() == 3
    chosen: list[int] = []
    inbox.open_requested.connect(chosen.append)
    inbox.open_button.click()
    assert chosen == [waiting[0].id]
    dialog = IntakeDialog(desk.context, staff, Channel.PHONE)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.take_inbox_item(InboxService(desk.context, staff).item(chosen[0]))
    assert dialog.channel_combo.value() is Channel.FAX
    dialog.requester.edits["name"].setText("小川 真理子")
    dialog.measures[RequestKind.DISCLOSURE].check.setChecked(True)
    with qtbot.waitSignal(dialog.case_created, timeout=10_000):
        dialog.accept()
    wait_ops(qtbot)
    with desk.context.db.session() as session:
        item = session.get(InboxItem, chosen[0])
        assert item is not None and item.case_id is not None
        kept = session.scalars(select(Attachment).where(Attachment.case_id == item.case_id))
        assert [a.file_name for a in kept] == ["fax1.pdf"]
