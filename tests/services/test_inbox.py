"""The watched fax folder: every file imported once, whatever happens.

Files arrive while the desk runs (two passes), a desk stops between storing a file and moving
it (a restart finds the claim and only moves it), and two desks (two Contexts on one database,
SQLite and PostgreSQL) import the same folder at the same time: every file once. Scans dropped
on a case or on a fax intake are kept with an incoming fax contact; inbox files become cases.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select

from privacy_desk.domain.vocabulary import Channel, ContactKind
from privacy_desk.services import settings as settings_store
from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.inbox import IMPORTED, REFUSED, InboxService, import_folder
from privacy_desk.services.scans import ScanRefused
from privacy_desk.services.users import AdminService
from privacy_desk.storage.db import Database, connect
from privacy_desk.storage.models import Attachment, InboxItem
from tests.conftest import Clock, make_users
from tests.services import scans
from tests.services.factories import complaint_by_phone


def _old(path: Path) -> None:
    """As if the fax machine finished writing it a minute ago."""
    past = time.time() - 60
    os.utime(path, (past, past))


def _drop(folder: Path, name: str, content: bytes) -> Path:
    path = folder / name
    path.write_bytes(content)
    _old(path)
    return path


def _items(db: Database) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(InboxItem)) or 0


@pytest.fixture
def fax_folder(tmp_path: Path) -> Path:
    """The shared folder the fax machine saves in (apart from the desk's database file)."""
    folder = tmp_path / "fax"
    folder.mkdir()
    return folder


@pytest.fixture
def desk(any_db: Database, clock: Clock) -> tuple[Context, dict]:
    context = Context(any_db, clock=clock)
    return context, make_users(context)


def test_files_arriving_while_the_desk_runs_are_imported_once(desk, fax_folder: Path) -> None:
    context, users = desk
    inbox = InboxService(context, users["staff"])
    _drop(fax_folder, "fax0001.pdf", scans.pdf(2, "ONE"))
    first = import_folder(inbox, fax_folder)
    assert first.imported == ["fax0001.pdf"]
    # A second file arrives; one is still being written (changed just now) and waits.
    _drop(fax_folder, "fax0002.tif", scans.tiff(3))
    (fax_folder / "fax0003.pdf").write_bytes(scans.pdf(1, "THREE"))
    second = import_folder(inbox, fax_folder)
    assert (second.imported, second.waiting) == (["fax0002.tif"], ["fax0003.pdf"])
    _old(fax_folder / "fax0003.pdf")
    assert import_folder(inbox, fax_folder).imported == ["fax0003.pdf"]
    assert import_folder(inbox, fax_folder).imported == []
    waiting = inbox.waiting()
    assert [(i.file_name, i.pages) for i in waiting] == [
        ("fax0001.pdf", 2),
        ("fax0002.tif", 3),
        ("fax0003.pdf", 1),
    ]
    assert sorted(p.name for p in (fax_folder / IMPORTED).iterdir()) == [
        "fax0001.pdf",
        "fax0002.tif",
        "fax0003.pdf",
    ]


def test_a_refused_file_is_moved_aside_and_stores_nothing(desk, fax_folder: Path) -> None:
    context, users = desk
    inbox = InboxService(context, users["staff"])
    _drop(fax_folder, "broken.pdf", scans.cut_short(scans.pdf(3)))
    _drop(fax_folder, "letter.pdf", "ご連絡ください".encode())
    done = import_folder(inbox, fax_folder)
    assert [name for name, _why in done.refused] == ["broken.pdf", "letter.pdf"]
    assert "incomplete or damaged" in done.refused[0][1]
    assert _items(context.db) == 0
    assert sorted(p.name for p in (fax_folder / REFUSED).iterdir()) == ["broken.pdf", "letter.pdf"]


def test_a_desk_stopped_after_storing_a_file_does_not_import_it_again(
    desk, fax_folder: Path
) -> None:
    context, users = desk
    inbox = InboxService(context, users["staff"])
    content = scans.pdf(2, "CRASH")
    path = _drop(fax_folder, "fax0009.pdf", content)
    # The desk stored the file and stopped before moving it (the claim is committed).
    assert inbox.import_file(path.name, content) is not None
    assert path.exists()
    # After the restart, a new desk on the same database finds the claim and only moves it.
    restarted = InboxService(Context(connect(context.db.url, upgrade=False)), users["staff2"])
    done = import_folder(restarted, fax_folder)
    assert (done.imported, done.already) == ([], ["fax0009.pdf"])
    assert _items(context.db) == 1
    assert (fax_folder / IMPORTED / "fax0009.pdf").read_bytes() == content
    # A desk that stopped before its commit stored nothing: the file is simply imported.
    _drop(fax_folder, "fax0010.pdf", scans.pdf(1, "TEN"))
    assert import_folder(restarted, fax_folder).imported == ["fax0010.pdf"]
    restarted.context.db.dispose()


def test_two_desks_importing_one_folder_at_once_import_every_file_once(
    desk, fax_folder: Path
) -> None:
    context, users = desk
    other = connect(context.db.url, upgrade=False)
    desks = [
        InboxService(context, users["staff"]),
        InboxService(Context(other), users["staff2"]),
    ]
    names = [f"fax{n:04d}.pdf" for n in range(12)]
    for number, name in enumerate(names):
        _drop(fax_folder, name, scans.pdf(1, f"FAX {number}"))
    results: list[object] = []
    start = threading.Barrier(2)

    def run(inbox: InboxService) -> None:
        start.wait()
        for _pass in range(2):
            results.append(import_folder(inbox, fax_folder))

    threads = [threading.Thread(target=run, args=(d,)) for d in desks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    other.dispose()
    imported = [name for done in results for name in done.imported]  # type: ignore[attr-defined]
    assert sorted(imported) == names  # every file once, by one desk or the other
    assert _items(context.db) == len(names)
    assert sorted(p.name for p in (fax_folder / IMPORTED).iterdir()) == names
    assert not [p for p in fax_folder.iterdir() if p.is_file()]


def test_an_inbox_fax_becomes_a_case_with_its_file(desk, fax_folder: Path) -> None:
    context, users = desk
    inbox = InboxService(context, users["staff"])
    item = inbox.import_file("fax0001.pdf", scans.pdf(2))
    assert item is not None
    form = complaint_by_phone()
    from dataclasses import replace

    case = CaseService(context, users["staff"]).intake(
        replace(form, channel=Channel.FAX, inbox_item_ids=(item.id,))
    )
    assert [(a.file_name, a.pages, a.sha256) for a in case.attachments] == [
        ("fax0001.pdf", 2, item.sha256)
    ]
    assert case.contacts[0].kind is ContactKind.FAX
    assert case.attachments[0].contact_id == case.contacts[0].id
    assert inbox.waiting() == ()
    # Stored once: the inbox row keeps only its claim.
    with context.db.session() as session:
        assert session.scalar(select(InboxItem.content)) == b""
        assert session.scalar(select(func.count()).select_from(Attachment)) == 1


def test_scans_dropped_on_a_case_go_with_a_new_fax_contact(desk) -> None:
    context, users = desk
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    case = staff.attach_scans(case.id, case.version, (("fax.pdf", scans.pdf(3)),))
    fax = [c for c in case.contacts if c.kind is ContactKind.FAX]
    assert len(fax) == 1
    assert [(a.pages, a.contact_id) for a in case.attachments] == [(3, fax[0].id)]
    shown = staff.attachment(case.id, case.attachments[0].id)
    assert shown.content.startswith(b"%PDF-")
    # One bad file refuses the whole drop: nothing kept.
    with pytest.raises(ScanRefused):
        staff.attach_scans(
            case.id, None, (("good.png", scans.png()), ("bad.tif", scans.cut_short(scans.tiff())))
        )
    assert len(staff.get(case.id).attachments) == 1


def test_scan_max_mb_sets_the_largest_file_taken_in(desk, fax_folder: Path) -> None:
    context, users = desk
    big = scans.pdf(1) + b"\n" * (2 * 1024 * 1024)
    inbox = InboxService(context, users["staff"])
    assert inbox.import_file("big.pdf", big) is not None  # the default, 20 MB
    AdminService(context, users["admin"]).set_setting("scan_max_mb", 1)
    with pytest.raises(ScanRefused, match="larger than 1 MB"):
        inbox.import_file("big2.pdf", big + b"\n")
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    with pytest.raises(ScanRefused, match="larger than 1 MB"):
        staff.attach_scans(case.id, None, (("big.pdf", big),))


def test_inbox_folder_names_the_folder_the_desk_watches(desk, fax_folder: Path) -> None:
    from privacy_desk.services.inbox import folder_of_setting

    context, users = desk
    inbox = InboxService(context, users["staff"])
    assert folder_of_setting(inbox) is None  # off by default
    AdminService(context, users["admin"]).set_setting("inbox_folder", str(fax_folder))
    assert folder_of_setting(inbox) == fax_folder
    with context.db.session() as session:
        assert settings_store.load(session).inbox_folder == str(fax_folder)
