"""Scans of identity documents are kept only as long as the identity check needs them.

A scan attached as an identity document loses its content when the identity check is recorded
(or, when the setting keeps them some days, when those days are over: a purge at start and with
`retention run --apply`); its row stays with name, type, pages and the day it was deleted, and
the check stays. The audit trail says so without a name; backups still hold and restore it all.
Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.vocabulary import AttachmentPurpose, IdentityDocument, IdentityMethod
from privacy_desk.services import backup as backups
from privacy_desk.services import settings as settings_store
from privacy_desk.services.backup import BackupService
from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import CaseDetail, IdentityForm
from privacy_desk.services.identity_scans import AUDIT_ACTION, IdentityScanService
from privacy_desk.services.retention import RetentionService
from privacy_desk.storage import dump
from privacy_desk.storage.db import Database, connect
from privacy_desk.storage.models import Attachment, AuditEntry
from tests.conftest import Clock
from tests.services import scans
from tests.services.factories import correction_by_email

ID_SCAN = "山田花子_運転免許証.pdf"  # a name that is itself personal data
LETTER_SCAN = "山田花子_請求書.png"
CHECK = IdentityForm(IdentityMethod.DOCUMENTS, (IdentityDocument.DRIVERS_LICENCE,))
PASSPHRASE = "桜の下で correct horse"


def _case_with_scans(context: Context, users: dict) -> tuple[CaseService, CaseDetail]:
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    case = staff.attach_scans(
        case.id,
        case.version,
        ((ID_SCAN, scans.pdf(2, "LICENCE")),),
        purpose=AttachmentPurpose.IDENTITY_DOCUMENT,
    )
    case = staff.attach_scans(case.id, case.version, ((LETTER_SCAN, scans.png()),))
    return staff, case


def _rows(db: Database) -> dict[str, Attachment]:
    with db.session() as session:
        rows = session.scalars(select(Attachment).order_by(Attachment.id)).all()
        session.expunge_all()
        return {row.file_name: row for row in rows}


def _keep_days(context: Context, days: int) -> None:
    with context.db.session() as session:
        settings_store.write(session, "identity_scans_keep_days", days)
        session.commit()


def test_an_identity_scan_is_deleted_when_the_identity_check_is_recorded(
    context: Context, users: dict
) -> None:
    staff, case = _case_with_scans(context, users)
    before = _rows(context.db)
    assert before[ID_SCAN].purpose is AttachmentPurpose.IDENTITY_DOCUMENT
    assert before[ID_SCAN].content and before[ID_SCAN].deleted_at is None
    assert before[LETTER_SCAN].purpose is AttachmentPurpose.CORRESPONDENCE

    detail = staff.confirm_identity(case.id, case.version, CHECK)

    after = _rows(context.db)
    scan = after[ID_SCAN]
    assert scan.content == b""
    assert scan.deleted_at == context.now()
    # What stays: the row, its name, type, pages and SHA-256; and the check itself.
    assert (scan.media_type, scan.pages, scan.sha256) == (
        "application/pdf",
        2,
        before[ID_SCAN].sha256,
    )
    assert after[LETTER_SCAN].content == before[LETTER_SCAN].content  # correspondence stays
    [check] = detail.identity_checks
    assert check.documents == (IdentityDocument.DRIVERS_LICENCE,)
    listed = {a.file_name: a for a in detail.attachments}
    assert listed[ID_SCAN].deleted_at == context.now()
    assert listed[LETTER_SCAN].deleted_at is None
    # Not openable any more; the correspondence scan is.
    with pytest.raises(ValidationError, match="deleted"):
        staff.attachment(case.id, scan.id)
    assert staff.attachment(case.id, after[LETTER_SCAN].id).content == after[LETTER_SCAN].content


def test_kept_some_days_then_purged_at_start_and_by_retention(
    context: Context, users: dict, clock: Clock
) -> None:
    _keep_days(context, 7)
    staff, case = _case_with_scans(context, users)
    other = staff.intake(replace(correction_by_email(), summary="二件目"))
    other = staff.attach_scans(
        other.id,
        other.version,
        (("second_id.tif", scans.tiff(1)),),
        purpose=AttachmentPurpose.IDENTITY_DOCUMENT,
    )
    staff.confirm_identity(case.id, case.version, CHECK)
    staff.confirm_identity(other.id, other.version, CHECK)
    assert _rows(context.db)[ID_SCAN].content  # kept: 7 days

    purge = IdentityScanService(context, users["staff"])
    clock.moment += timedelta(days=7) - timedelta(minutes=1)
    assert purge.due() == 0
    assert purge.purge().files == 0
    assert _rows(context.db)[ID_SCAN].content

    clock.moment += timedelta(minutes=1)
    assert purge.due() == 2
    retention = RetentionService(context, users["admin"])
    assert retention.review().identity_scans == 2
    result = retention.apply()  # `retention run --apply`
    assert result.identity_scans == 2
    rows = _rows(context.db)
    assert rows[ID_SCAN].content == b"" and rows["second_id.tif"].content == b""
    assert rows[ID_SCAN].deleted_at == context.now()
    assert rows[LETTER_SCAN].content
    assert purge.purge().files == 0  # nothing twice


def test_the_start_purge_deletes_what_is_due(context: Context, users: dict, clock: Clock) -> None:
    _keep_days(context, 3)
    staff, case = _case_with_scans(context, users)
    staff.confirm_identity(case.id, case.version, CHECK)
    clock.moment += timedelta(days=3)
    done = IdentityScanService(context, users["staff"]).purge()
    assert (done.files, done.cases) == (1, 1)
    assert _rows(context.db)[ID_SCAN].deleted_at == context.now()


def test_the_audit_trail_says_it_without_a_name(context: Context, users: dict) -> None:
    staff, case = _case_with_scans(context, users)
    staff.confirm_identity(case.id, case.version, CHECK)
    with context.db.session() as session:
        entries = session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()
        deleted = [e for e in entries if e.action == AUDIT_ACTION]
        assert len(deleted) == 1
        assert deleted[0].case_id == case.id
        detail = json.loads(deleted[0].detail)
        assert {k: detail[k] for k in ("files", "pages", "kept_days")} == {
            "files": 1,
            "pages": 2,
            "kept_days": 0,
        }
        for entry in entries:
            assert "山田" not in entry.detail
            assert "運転免許証" not in entry.detail


def test_an_intake_marks_its_scans_as_identity_documents(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    form = replace(
        correction_by_email(),
        scans=((ID_SCAN, scans.pdf(1, "ID")),),
        scan_purpose=AttachmentPurpose.IDENTITY_DOCUMENT,
    )
    case = staff.intake(form)
    assert [a.purpose for a in case.attachments] == [AttachmentPurpose.IDENTITY_DOCUMENT]
    staff.confirm_identity(case.id, case.version, CHECK)
    assert _rows(context.db)[ID_SCAN].content == b""


def test_a_backup_holds_deleted_and_kept_scans_and_restores_them(
    context: Context, users: dict, tmp_path: Path
) -> None:
    staff, case = _case_with_scans(context, users)
    staff.confirm_identity(case.id, case.version, CHECK)
    with dump.snapshot(context.db) as connection:
        [shape] = [s for s in dump.model_shapes() if s.name == "attachments"]
        original = [tuple(row) for row in dump.rows(connection, shape)]
    assert ("purpose", "text") in shape.columns or any(c == "purpose" for c, _k in shape.columns)
    report = BackupService(context, users["admin"]).create(tmp_path / "office.pdbackup", PASSPHRASE)
    target = tmp_path / "restored.sqlite3"
    backups.restore_backup(report.file, PASSPHRASE, f"sqlite:///{target}")
    again = connect(f"sqlite:///{target}")
    try:
        with dump.snapshot(again) as connection:
            assert [tuple(row) for row in dump.rows(connection, shape)] == original
        restored = _rows(again)
        assert restored[ID_SCAN].content == b"" and restored[ID_SCAN].deleted_at is not None
        assert restored[LETTER_SCAN].content == scans.png()
    finally:
        again.dispose()
