"""Emails become cases: the original and its attachments kept with their SHA-256, numbers masked,
bad files refused with nothing stored, the sender's earlier cases found, backups holding it all."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from privacy_desk.domain.calendar import JST
from privacy_desk.domain.errors import DomainError
from privacy_desk.domain.individual_number import contains_individual_number
from privacy_desk.domain.vocabulary import Channel, ContactKind, RequestKind
from privacy_desk.services import backup as backups
from privacy_desk.services.backup import BackupService
from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.mail import MailRefused, parse_email
from privacy_desk.services.mail_intake import email_form
from privacy_desk.storage.db import connect
from privacy_desk.storage.models import Attachment, AuditEntry, Case, Contact, Person
from tests.services import emails
from tests.services.emails import ADDRESS, BODY, SENDER, SENT, SUBJECT

PDF = b"%PDF-1.4 " + bytes(range(256)) * 40


def counts(context: Context) -> tuple[int, ...]:
    with context.db.session() as session:
        return tuple(
            session.scalar(select(func.count()).select_from(model))
            for model in (Case, Person, Contact, Attachment, AuditEntry)
        )


def stored(context: Context, case_id: int) -> list[Attachment]:
    with context.db.session() as session:
        rows = session.scalars(
            select(Attachment).where(Attachment.case_id == case_id).order_by(Attachment.id)
        ).all()
        session.expunge_all()
        return list(rows)


def test_an_email_becomes_a_case_with_its_files_kept(context: Context, users: dict) -> None:
    raw = emails.with_attachments(("本人確認書類.pdf", "application/pdf", PDF))
    made = CaseService(context, users["staff"]).intake_email(raw, (RequestKind.DISCLOSURE,))
    case = made.case
    assert case.channel is Channel.EMAIL
    assert case.deadlines.received_at == SENT
    assert case.requester.name == SENDER
    assert case.requester.email == ADDRESS
    assert case.summary.startswith(SUBJECT)
    assert made.files_kept == 2 and made.notices == ()
    files = stored(context, case.id)
    assert [(f.file_name, f.media_type) for f in files] == [
        (f"{case.reference}.eml", "message/rfc822"),
        ("本人確認書類.pdf", "application/pdf"),
    ]
    for row in files:
        assert row.sha256 == hashlib.sha256(row.content).hexdigest()
        assert row.size == len(row.content)
        assert row.created_by_login == users["staff"].login
    assert files[1].content == PDF
    assert parse_email(files[0].content).body == BODY
    with context.db.session() as session:
        contact = session.get(Contact, files[0].contact_id)
        assert contact is not None
        assert contact.kind is ContactKind.EMAIL
        assert contact.summary == BODY
        assert {f.contact_id for f in files} == {contact.id}


def test_my_numbers_are_masked_before_anything_is_stored(context: Context, users: dict) -> None:
    digits = emails.MY_NUMBER.replace(" ", "")
    raw = emails.with_attachments(
        (f"カード{digits}.jpg", "image/jpeg", b"\xff\xd8\xff"),
        subject=f"開示請求 {emails.MY_NUMBER}",
        body=f"番号は {emails.MY_NUMBER} です。",
    )
    made = CaseService(context, users["staff"]).intake_email(raw)
    assert any("My Number" in notice for notice in made.notices)
    assert not contains_individual_number(made.case.summary)
    files = stored(context, made.case.id)
    assert not contains_individual_number(files[1].file_name)
    assert digits.encode() not in files[0].content
    kept = parse_email(files[0].content)
    assert not kept.masked  # nothing left to mask in what was kept
    with context.db.session() as session:
        notes = session.scalars(select(Contact.summary)).all()
    assert notes and not any(contains_individual_number(n) for n in notes)


BAD = {
    "truncated": emails.with_attachments(("a.pdf", "application/pdf", PDF))[:-300],
    "not an email": "メモ\n".encode() * 20,
    "no sender": emails.plain(sender=None),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_a_refused_file_stores_nothing(context: Context, users: dict, name: str) -> None:
    staff = CaseService(context, users["staff"])
    before = counts(context)
    with pytest.raises(DomainError) as refused:
        staff.intake_email(BAD[name])
    assert "佐々木" not in str(refused.value)
    assert counts(context) == before


def test_the_dialog_path_reads_the_original_again(context: Context, users: dict) -> None:
    """The form the window saves carries the original; a damaged one stops the case whole."""
    staff = CaseService(context, users["staff"])
    email = parse_email(emails.plain())
    form = email_form(email, context.now())
    case = staff.intake(form)
    assert [f.media_type for f in stored(context, case.id)] == ["message/rfc822"]
    before = counts(context)
    with pytest.raises(MailRefused):
        staff.intake(replace(form, email_original=BAD["truncated"]))
    assert counts(context) == before


def test_received_time_falls_back_to_now(context: Context, users: dict) -> None:
    made = CaseService(context, users["staff"]).intake_email(emails.plain(date=None))
    assert made.case.deadlines.received_at == context.now()
    assert any("date" in notice for notice in made.notices)


def test_the_senders_earlier_cases_are_found_by_address(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    first = staff.intake_email(emails.plain()).case
    other = emails.plain(sender=f"別名 <{ADDRESS.upper()}>")
    similar = staff.similar_cases(email=parse_email(other).sender_address)
    assert [s.case_id for s in similar] == [first.id]
    assert "email" in similar[0].matched_on


def test_backups_hold_the_attachments(context: Context, users: dict, tmp_path: Path) -> None:
    raw = emails.with_attachments(("本人確認書類.pdf", "application/pdf", PDF))
    case = CaseService(context, users["staff"]).intake_email(raw).case
    report = BackupService(context, users["admin"]).create(
        tmp_path / "b.pdbackup", "桜の下で correct horse"
    )
    target = tmp_path / "restored.sqlite3"
    restored = backups.restore_backup(report.file, "桜の下で correct horse", f"sqlite:///{target}")
    assert restored.manifest.counts["attachments"] == 2
    again = connect(f"sqlite:///{target}")
    try:
        with again.session() as session:
            rows = session.scalars(select(Attachment).where(Attachment.case_id == case.id)).all()
            assert sorted(r.sha256 for r in rows) == sorted(
                f.sha256 for f in stored(context, case.id)
            )
            assert any(r.content == PDF for r in rows)
    finally:
        again.dispose()


def test_retention_purges_an_emails_files_with_its_case(context: Context, users: dict) -> None:
    from privacy_desk.services.retention import RetentionService

    staff = CaseService(context, users["staff"])
    clock = context.clock
    clock.set(2023, 11, 20, 16, 0)  # type: ignore[attr-defined]
    raw = emails.with_attachments(
        ("本人確認書類.pdf", "application/pdf", PDF),
        date=datetime(2023, 11, 20, 10, 0, tzinfo=JST),
    )
    old = staff.intake_email(raw).case
    staff.withdraw(old.id, None, "取り下げの連絡あり")
    clock.set(2026, 11, 24, 15, 0)  # type: ignore[attr-defined]
    kept = staff.intake_email(emails.with_attachments(("書類.pdf", "application/pdf", PDF))).case
    result = RetentionService(context, users["admin"]).apply()
    assert result.references == (old.reference,)
    assert stored(context, old.id) == []
    assert len(stored(context, kept.id)) == 2
