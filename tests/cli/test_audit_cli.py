"""`privacy-desk audit verify` and `audit anchor`: clear words for every kind of tampering, exit 1,
never a traceback. The commands log in as an administrator (PRIVACY_DESK_USER/PASSWORD)."""

from __future__ import annotations

from pathlib import Path

import pytest

from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.users import create_first_admin
from privacy_desk.storage.db import Database, connect
from tests.cli.test_cli import run
from tests.conftest import PASSWORD, make_users
from tests.services.factories import complaint_by_phone
from tests.storage import tampering


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock) -> tuple[str, Database, int]:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    db = connect(url)
    context = Context(db, clock=clock)
    create_first_admin(context, "chief", "長 一郎", PASSWORD)
    monkeypatch.setenv("PRIVACY_DESK_USER", "chief")
    monkeypatch.setenv("PRIVACY_DESK_PASSWORD", PASSWORD)
    users = make_users(context)
    staff = CaseService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    staff.intake(complaint_by_phone())
    yield url, db, case.id
    db.dispose()


def test_verify_before_and_after_the_first_anchor(capsys, desk) -> None:
    url, _db, _case = desk
    code, out, _ = run(capsys, "--database-url", url, "audit", "verify")
    assert code == 0 and "intact" in out and "No anchor yet" in out
    code, out, _ = run(capsys, "--database-url", url, "audit", "anchor")
    assert code == 0 and "Anchored the audit trail at entry" in out
    code, out, _ = run(capsys, "--database-url", url, "audit", "verify")
    assert code == 0 and "Checked against the anchor" in out
    assert "Every case and user matches its last audited state." in out


@pytest.mark.parametrize(
    ("tamper", "words"),
    [
        (tampering.edit_entry, "was altered"),
        (tampering.edit_entry_and_rechain, "differs from the anchor"),
        (tampering.remove_entry, "was removed"),
        (tampering.cut_tail, "was cut: the entries from"),
        (tampering.append_forged, "was altered"),
        (tampering.delete_everything, "Every entry of the audit trail was deleted"),
        (tampering.damage_entry, "is damaged"),
    ],
    ids=lambda p: getattr(p, "__name__", ""),
)
def test_verify_names_the_entry_in_words(capsys, desk, tamper, words) -> None:
    url, db, _case = desk
    assert run(capsys, "--database-url", url, "audit", "anchor")[0] == 0
    _kind, number = tamper(db)
    code, out, err = run(capsys, "--database-url", url, "audit", "verify")
    assert code == 1 and words in out and "Traceback" not in out + err
    if tamper is not tampering.delete_everything:
        assert f" {number} " in out or f" {number}:" in out
    # …and the anchor is not written over a trail whose anchored entries changed.
    if tamper not in (tampering.edit_entry, tampering.append_forged, tampering.damage_entry):
        code, out, _ = run(capsys, "--database-url", url, "audit", "anchor")
        assert code == 1 and "Not anchored" in out


def test_verify_names_a_case_and_a_user_changed_behind_its_back(capsys, desk) -> None:
    url, db, case_id = desk
    tampering.edit_case(db, case_id)
    with db.engine.connect() as connection:
        from sqlalchemy import text

        staff_id = connection.execute(text("SELECT id FROM users WHERE login = 'sato'")).scalar()
        reference = connection.execute(
            text("SELECT reference FROM cases WHERE id = :c"), {"c": case_id}
        ).scalar()
    tampering.edit_user(db, staff_id)
    code, out, _ = run(capsys, "--database-url", url, "audit", "verify")
    assert code == 1
    assert f"Case {reference} differs from its last audited state" in out
    assert "User sato differs from its last audited state" in out


def test_the_anchor_folder_is_the_administrators_choice(capsys, desk, tmp_path: Path) -> None:
    url, _db, _case = desk
    code, out, _ = run(capsys, "--database-url", url, "audit", "anchor-folder")
    assert code == 0 and str(tmp_path / "data" / "audit-anchors") in out
    code, _, err = run(capsys, "--database-url", url, "audit", "anchor-folder", "relative/dir")
    assert code == 1 and "must be a full folder path" in err and "Traceback" not in err
    chosen = tmp_path / "office-share" / "audit"
    code, out, _ = run(capsys, "--database-url", url, "audit", "anchor-folder", str(chosen))
    assert code == 0 and str(chosen) in out
    code, out, _ = run(capsys, "--database-url", url, "audit", "anchor")
    assert code == 0 and str(chosen) in out
    assert [p.name.startswith("audit-anchor-") for p in chosen.iterdir()] == [True]


def test_a_database_that_lost_its_identity_is_not_intact(capsys, desk) -> None:
    url, db, _case = desk
    assert run(capsys, "--database-url", url, "audit", "anchor")[0] == 0
    with db.engine.begin() as connection:
        from sqlalchemy import text

        connection.execute(text("DELETE FROM database_identity"))
    code, out, _ = run(capsys, "--database-url", url, "audit", "verify")
    assert code == 1 and "lost its identity row" in out
    code, _, err = run(capsys, "--database-url", url, "audit", "anchor")
    assert code == 1 and "lost its identity row" in err and "Traceback" not in err
