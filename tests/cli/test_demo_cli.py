"""`privacy-desk demo-data` only ever fills a demo database, and `--demo` opens the demo one."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from privacy_desk.cli import main
from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.demo import DEMO_ADMIN, DEMO_USERS, is_demo
from privacy_desk.services.users import AdminService, authenticate
from privacy_desk.storage.db import connect, default_url, demo_url
from privacy_desk.storage.models import AuditEntry, Case, User
from tests.cli.conftest import admin_logged_in
from tests.conftest import PASSWORD
from tests.services.factories import complaint_by_phone


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _snapshot(url: str) -> tuple[bool, set[str], int, int]:
    """Demo or not, the logins, the cases and the demo-data audit entries of the database at
    url (the command's own log-in and log-out are audited too)."""
    db = connect(url, create=False)
    try:
        with db.session() as session:
            logins = set(session.scalars(sa.select(User.login)))
            cases = session.scalar(sa.select(sa.func.count()).select_from(Case)) or 0
            entries = (
                session.scalar(
                    sa.select(sa.func.count())
                    .select_from(AuditEntry)
                    .where(AuditEntry.action == "demo_data")
                )
                or 0
            )
        return is_demo(Context(db)), logins, cases, entries
    finally:
        db.dispose()


def _office_database(url: str, monkeypatch: pytest.MonkeyPatch, *, with_case: bool) -> None:
    """The office's own database: its first administrator, a staff member, maybe a real case."""
    admin_logged_in(url, monkeypatch)
    db = connect(url, create=False)
    try:
        context = Context(db)
        AdminService(context, authenticate(context, "kanri", PASSWORD)).add_user(
            "tanaka", "田中 一郎", UserRole.STAFF, PASSWORD
        )
        if with_case:
            CaseService(context, authenticate(context, "tanaka", PASSWORD)).intake(
                complaint_by_phone()
            )
    finally:
        db.dispose()


@pytest.mark.parametrize("with_case", [False, True], ids=["real-user", "real-user-and-case"])
def test_demo_data_refuses_a_database_with_real_data_and_changes_nothing(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    with_case: bool,
) -> None:
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    assert run(capsys, "--database-url", url, "db", "upgrade")[0] == 0
    _office_database(url, monkeypatch, with_case=with_case)
    before = _snapshot(url)
    assert before[1] == {"kanri", "tanaka"} and before[2] == int(with_case)

    code, out, err = run(capsys, "--database-url", url, "demo-data", "--cases", "20")

    assert code == 1 and out == ""
    assert "holds the office's own cases or users" in err
    assert "nothing was changed" in err
    assert "Traceback" not in err
    assert _snapshot(url) == before  # not marked, no demo accounts, no cases, no demo entry


def test_demo_data_marks_a_fresh_database_and_adds_the_demo_accounts(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    assert run(capsys, "--database-url", url, "db", "upgrade")[0] == 0
    admin_logged_in(url, monkeypatch)  # the first administrator alone: still a fresh database
    assert _snapshot(url)[:3] == (False, {"kanri"}, 0)

    code, out, _ = run(capsys, "--database-url", url, "demo-data", "--cases", "30")
    assert code == 0 and "Added 30 demo cases" in out
    demo, logins, cases, _entries = _snapshot(url)
    assert demo and cases == 30
    assert logins == {"kanri", *(login for login, _n, _r in DEMO_USERS)}

    # An already-demo database takes more (its demo accounts are not real users).
    code, out, _ = run(capsys, "--database-url", url, "demo-data", "--cases", "5", "--seed", "2")
    assert code == 0 and "Added 5 demo cases" in out
    assert _snapshot(url)[2] == 35

    db = connect(url, create=False)
    try:
        with db.session() as session:
            marks = [
                e.detail
                for e in session.scalars(
                    sa.select(AuditEntry).where(AuditEntry.action == "demo_data")
                )
                if "marked_demo" in e.detail
            ]
    finally:
        db.dispose()
    assert len(marks) == 1  # marked once, in the audit trail


def test_demo_option_makes_and_fills_the_demo_database_beside_the_office_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = run(capsys, "--demo", "demo-data", "--cases", "12")
    assert code == 0, err
    assert "Added 12 demo cases" in out and f"{DEMO_ADMIN[0]} (admin)" in out
    demo, logins, cases, _entries = _snapshot(demo_url())
    assert demo and cases == 12
    assert logins == {DEMO_ADMIN[0], *(login for login, _n, _r in DEMO_USERS)}
    assert Path(demo_url().removeprefix("sqlite:///")) == tmp_path / "data" / "demo.sqlite3"
    # The office's own database was neither made nor touched.
    assert not Path(default_url().removeprefix("sqlite:///")).exists()


def test_demo_and_a_database_url_together_are_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'other.sqlite3'}"
    with pytest.raises(SystemExit) as exited:
        main(["--demo", "--database-url", url, "demo-data", "--cases", "1"])
    assert exited.value.code == 2
    assert "--demo and --database-url" in capsys.readouterr().err
    assert not (tmp_path / "other.sqlite3").exists()
    assert not (tmp_path / "data" / "demo.sqlite3").exists()


def test_demo_data_never_runs_without_a_log_in_on_a_database_with_users(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--demo skips the log-in only to set up an empty demo database."""
    assert run(capsys, "--demo", "demo-data", "--cases", "3")[0] == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    code, _, err = run(capsys, "--demo", "demo-data", "--cases", "3")
    assert code == 1 and "needs a log-in" in err
    assert _snapshot(demo_url())[2] == 3
