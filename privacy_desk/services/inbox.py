"""The watched fax folder: new scans become inbox items, each imported exactly once.

The fax machine or the multifunction printer saves scans in a shared folder (setting
`inbox_folder`). A pass over it (:func:`import_folder`, run by the desk on a timer off the GUI
thread and by `privacy-desk import-folder`) checks each file by its content and claims it in the
database: the row of :class:`InboxItem` is unique on the file's SHA-256 and name, and is written
in the transaction that stores the file. Only after that commit is the file moved into the
folder's `imported` subfolder. So a desk that stops mid-import either stored nothing (the file is
still there, imported on the next pass) or stored it (the next pass finds the claim and only
moves the file), and two desks watching one folder race on the unique claim: one stores the
file, the other finds it taken. A file that is no readable scan is moved into `refused`, never
deleted; a file still being written (changed in the last seconds) waits for the next pass.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.rules import Action
from privacy_desk.i18n import _
from privacy_desk.services import settings as settings_store
from privacy_desk.services.base import Context, Service
from privacy_desk.services.dto import InboxItemData
from privacy_desk.services.scans import ScanRefused, check_scan, clean_name
from privacy_desk.storage.db import DatabaseBusy
from privacy_desk.storage.models import InboxItem

IMPORTED = "imported"
REFUSED = "refused"
# A file changed less than this long ago may still be being written by the fax machine.
SETTLE_SECONDS = 2.0


def item_data(item: InboxItem) -> InboxItemData:
    return InboxItemData(
        id=item.id,
        file_name=item.file_name,
        media_type=item.media_type,
        size=item.size,
        pages=item.pages,
        sha256=item.sha256,
        arrived_at=item.arrived_at,
        case_id=item.case_id,
    )


@dataclass(frozen=True)
class InboxScan:
    """An inbox item with its content, to show before it is taken into a case."""

    data: InboxItemData
    content: bytes = field(repr=False)


class InboxService(Service):
    """Files from the watched fax folder, waiting to become cases."""

    def import_file(
        self, file_name: str, content: bytes, arrived_at: datetime | None = None
    ) -> InboxItemData | None:
        """Claim and store one file as an inbox item; None when it was claimed before (by this
        or another desk). ScanRefused when it is no readable scan: nothing is stored then."""
        name = clean_name(file_name) or _("scan")
        try:
            with self.unit_of_work(Action.INBOX_IMPORT) as session:
                scan = check_scan(name, content, settings_store.load(session).scan_max_mb)
                claimed = session.scalar(
                    select(InboxItem.id).where(
                        InboxItem.sha256 == scan.sha256, InboxItem.file_name == scan.name
                    )
                )
                if claimed is not None:
                    return None
                item = InboxItem(
                    file_name=scan.name,
                    sha256=scan.sha256,
                    media_type=scan.media_type,
                    size=scan.size,
                    pages=scan.pages,
                    content=scan.content,
                    arrived_at=arrived_at or self.context.now(),
                    imported_at=self.context.now(),
                    imported_by_login=self.actor.login,
                )
                session.add(item)
                session.flush()  # the claim: a second desk's insert fails (or waits) here
                self.record(session, Action.INBOX_IMPORT, None, item=item.id, pages=scan.pages)
                return item_data(item)
        except IntegrityError:
            return None  # another desk claimed the same file a moment before

    def waiting(self) -> tuple[InboxItemData, ...]:
        """The inbox: files not yet taken into a case, the oldest first."""
        with self.unit_of_work(Action.LIST_CASES, activity=False) as session:
            rows = session.scalars(
                select(InboxItem)
                .where(InboxItem.case_id.is_(None))
                .order_by(InboxItem.arrived_at, InboxItem.id)
            ).all()
            found = tuple(item_data(item) for item in rows)
            self.record(session, Action.LIST_CASES, None, queue="inbox", count=len(found))
            return found

    def count_waiting(self) -> int:
        """How many files wait in the inbox (the count beside the Inbox queue; not audited,
        like the queues' counts)."""
        with self.unit_of_work(Action.LIST_CASES, activity=False) as session:
            return (
                session.scalar(select(func.count(InboxItem.id)).where(InboxItem.case_id.is_(None)))
                or 0
            )

    def item(self, item_id: int) -> InboxScan:
        """One waiting inbox file with its content (the read is audited)."""
        with self.unit_of_work(Action.READ_CASE) as session:
            item = session.get(InboxItem, item_id)
            if item is None or item.case_id is not None:
                raise ValidationError(
                    _("That fax is no longer waiting in the inbox: another desk may have taken it.")
                )
            self.record(session, Action.READ_CASE, None, inbox_item=item.id)
            return InboxScan(item_data(item), item.content)


@dataclass
class FolderPass:
    """What one pass over the folder did, by file name (names are shown to staff only)."""

    imported: list[str] = field(default_factory=list)
    already: list[str] = field(default_factory=list)  # claimed before: only moved aside
    refused: list[tuple[str, str]] = field(default_factory=list)  # (name, why)
    waiting: list[str] = field(default_factory=list)  # still being written


def import_folder(
    service: InboxService, folder: Path, settle_seconds: float = SETTLE_SECONDS
) -> FolderPass:
    """One pass: every settled file of the folder imported once, then moved aside."""
    if not folder.is_dir():
        raise ValidationError(_("The fax folder does not exist or can not be opened."))
    done = FolderPass()
    try:
        paths = sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith("."))
    except OSError:
        raise ValidationError(_("The fax folder can not be read.")) from None
    for path in paths:
        try:
            stat = path.stat()
            if time.time() - stat.st_mtime < settle_seconds:
                done.waiting.append(path.name)
                continue
            limit_mb = 200
            if stat.st_size > limit_mb * 1024 * 1024:
                raise ScanRefused(
                    _("The file is larger than {limit} MB: it was not imported.").format(
                        limit=limit_mb
                    )
                )
            content = path.read_bytes()
            if len(content) != stat.st_size or path.stat().st_size != stat.st_size:
                done.waiting.append(path.name)  # still growing (a copy keeps the old time)
                continue
        except FileNotFoundError:
            continue  # another desk moved it aside meanwhile
        except ScanRefused as exc:
            done.refused.append((path.name, str(exc)))
            _move_aside(path, folder / REFUSED)
            continue
        except OSError:
            done.waiting.append(path.name)  # locked by the writer: the next pass
            continue
        arrived = datetime.fromtimestamp(stat.st_mtime, UTC)
        try:
            item = _import_once(service, path.name, content, arrived)
        except ScanRefused as exc:
            done.refused.append((path.name, str(exc)))
            _move_aside(path, folder / REFUSED)
            continue
        (done.imported if item is not None else done.already).append(path.name)
        _move_aside(path, folder / IMPORTED)
    return done


def _import_once(
    service: InboxService, name: str, content: bytes, arrived: datetime
) -> InboxItemData | None:
    """The import, tried again when the SQLite file was busy with another desk's write."""
    for attempt in range(5):
        try:
            return service.import_file(name, content, arrived)
        except DatabaseBusy:
            if attempt == 4:
                raise
            time.sleep(0.2 * (attempt + 1))
    return None


def _move_aside(path: Path, into: Path) -> None:
    """Move a file into a subfolder under a name not taken there; gone already is fine."""
    with contextlib.suppress(OSError):
        into.mkdir(exist_ok=True)
    target = into / path.name
    number = 1
    while target.exists():
        target = into / f"{path.stem} ({number}){path.suffix}"
        number += 1
    # Gone already (another desk moved it), or held open by its writer: the claim stays, and
    # the next pass moves it.
    with contextlib.suppress(OSError):
        os.replace(path, target)


def folder_of_setting(service: Service) -> Path | None:
    """The watched folder the office set, or None when none is set."""
    with service.context.db.session() as session:
        folder = settings_store.load(session).inbox_folder
    return Path(folder) if folder else None


def scan_limit_mb(context: Context) -> int:
    """The office's largest scan, in MB (setting scan_max_mb)."""
    with context.db.session() as session:
        return settings_store.load(session).scan_max_mb
