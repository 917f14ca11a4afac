"""`privacy-desk retention run`: a dry run that lists references and changes nothing; --apply."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from privacy_desk.domain.calendar import JST
from privacy_desk.services.base import Context
from privacy_desk.services.users import create_first_admin
from privacy_desk.storage.db import connect
from tests.cli.test_cli import run
from tests.conftest import PASSWORD, Clock, make_users
from tests.services.test_retention import counts, story


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, dict]:
    """The retention story in a database, and an administrator logged in through the env."""
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    db = connect(url)
    clock = Clock(datetime(2026, 11, 24, 15, 0, tzinfo=JST))
    context = Context(db, clock=clock)
    create_first_admin(context, "chief", "管理 一郎", PASSWORD)
    cases = story(context, make_users(context), clock)
    db.dispose()
    monkeypatch.setenv("PRIVACY_DESK_USER", "chief")
    monkeypatch.setenv("PRIVACY_DESK_PASSWORD", PASSWORD)
    return url, cases


def test_the_dry_run_lists_references_and_dates_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], office: tuple[str, dict]
) -> None:
    url, cases = office
    db = connect(url)
    before = counts(db)
    db.dispose()
    code, out, err = run(capsys, "--database-url", url, "retention", "run")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith(f"{cases['A'].reference}\tclosed 2023-11-20\tkept until 2026-11-20")
    assert lines[1].startswith(f"{cases['E'].reference}\tclosed 2023-11-21")
    assert "2 closed cases are past their retention period." in out
    assert "Nothing was changed" in out
    for name in ("井上", "西田", "岡本", "埼玉"):
        assert name not in out
    db = connect(url)
    assert counts(db) == before
    db.dispose()
    code, out, _ = run(capsys, "--database-url", url, "retention", "run", "--json")
    plan = json.loads(out)
    assert [item["reference"] for item in plan["items"]] == [
        cases["A"].reference,
        cases["E"].reference,
    ]


def test_apply_purges_and_the_audit_trail_still_verifies(
    capsys: pytest.CaptureFixture[str], office: tuple[str, dict]
) -> None:
    url, cases = office
    code, out, err = run(capsys, "--database-url", url, "retention", "run", "--apply")
    assert code == 0, err
    assert f"Purged {cases['A'].reference}" in out and f"Purged {cases['E'].reference}" in out
    assert (
        "2 cases purged. Letters removed: 1; persons removed: 1; persons kept for other cases: 1."
        in out
    )
    code, out, _ = run(capsys, "--database-url", url, "cases", "show", cases["A"].reference)
    assert code == 1
    code, out, _ = run(capsys, "--database-url", url, "cases", "show", cases["B"].reference)
    assert code == 0
    code, out, _ = run(capsys, "--database-url", url, "audit", "verify")
    assert code == 0 and "intact" in out
    code, out, _ = run(capsys, "--database-url", url, "retention", "run")
    assert "0 closed cases are past their retention period." in out


def test_apply_also_deletes_identity_scans_past_their_kept_days(
    capsys: pytest.CaptureFixture[str], office: tuple[str, dict], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy import select

    from privacy_desk.domain.vocabulary import AttachmentPurpose, IdentityMethod
    from privacy_desk.services import settings as settings_store
    from privacy_desk.services.cases import CaseService
    from privacy_desk.services.dto import IdentityForm
    from privacy_desk.storage.models import Attachment
    from tests.services import scans
    from tests.services.factories import correction_by_email

    url, _cases = office
    db = connect(url)
    context = Context(db, clock=Clock(datetime(2026, 11, 24, 15, 0, tzinfo=JST)))
    with db.session() as session:
        settings_store.write(session, "identity_scans_keep_days", 3)
        session.commit()
    from privacy_desk.services.users import authenticate

    staff = CaseService(context, authenticate(context, "sato", PASSWORD))
    case = staff.intake(correction_by_email())
    case = staff.attach_scans(
        case.id,
        case.version,
        (("山田花子_免許証.png", scans.png()),),
        purpose=AttachmentPurpose.IDENTITY_DOCUMENT,
    )
    staff.confirm_identity(case.id, case.version, IdentityForm(IdentityMethod.CALL_BACK))
    db.dispose()
    monkeypatch.setenv("PRIVACY_DESK_TODAY", "2026-11-28")  # the command runs 3½ days later

    code, out, err = run(capsys, "--database-url", url, "retention", "run")
    assert code == 0, err
    assert "1 scan of an identity document is past its kept days" in out
    assert "山田" not in out
    code, out, err = run(capsys, "--database-url", url, "retention", "run", "--apply")
    assert code == 0, err
    assert "1 scan of an identity document was deleted after the identity check" in out
    db = connect(url)
    with db.session() as session:
        [row] = session.scalars(select(Attachment)).all()
        assert row.content == b"" and row.deleted_at is not None
    db.dispose()
