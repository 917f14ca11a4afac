"""The privacy-desk command: sub-commands, JSON output, errors without tracebacks."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from privacy_desk.cli import main
from tests.cli.conftest import admin_logged_in, log_in_as
from tests.conftest import PASSWORD


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _due_a_day_after_christmas_eve(capsys: pytest.CaptureFixture[str], url: str) -> str:
    """`calendar due` one business day after 24 Dec 2026 10:00, on url's closures."""
    code, out, err = run(
        capsys,
        "--database-url",
        url,
        "calendar",
        "due",
        "--received",
        "2026-12-24T10:00",
        "--business-days",
        "1",
        "--json",
    )
    assert code == 0, err
    return str(json.loads(out)["due"])


def test_calendar_due_json_story_3(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "calendar",
        "due",
        "--received",
        "2026-09-18T18:30",
        "--business-days",
        "1",
        "--json",
    )
    assert code == 0
    assert json.loads(out) == {
        "received": "2026-09-18T18:30:00+09:00",
        "effective_receipt": "2026-09-24T09:00:00+09:00",
        "due": "2026-09-25T18:00:00+09:00",
        "legal_line": "2026-10-02",
        "provisional": False,
    }


def test_calendar_due_with_offset_and_provisional(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "calendar",
        "due",
        "--received",
        "2027-12-27T01:00:00+00:00",
        "--business-days",
        "3",
        "--json",
    )
    result = json.loads(out)
    assert code == 0
    assert result["effective_receipt"] == "2027-12-27T10:00:00+09:00"
    assert result["due"] == "2028-01-05T18:00:00+09:00"  # 28, then 4 and 5 January
    assert result["provisional"] is True  # today is 24 November 2026 (tests/cli/conftest.py)


@pytest.mark.parametrize(
    ("today", "provisional"),
    [
        ("2027-01-31", True),  # 2028's equinox days are published in February 2027
        ("2027-02-01", False),
        ("2027-01-31T23:59:00+09:00", True),
        ("2027-01-31T15:00:00+00:00", False),  # already 1 February in Japan
    ],
)
def test_calendar_due_takes_today_from_the_one_clock(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    today: str,
    provisional: bool,
) -> None:
    monkeypatch.setenv("PRIVACY_DESK_TODAY", today)
    code, out, _ = run(
        capsys,
        "calendar",
        "due",
        "--received",
        "2027-12-27T10:00",
        "--business-days",
        "3",
        "--json",
    )
    assert code == 0
    assert json.loads(out)["provisional"] is provisional


def test_the_clock_is_the_system_clock_unless_pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import UTC, datetime

    from privacy_desk import cli

    monkeypatch.delenv("PRIVACY_DESK_TODAY")
    before = datetime.now(UTC)
    assert before <= cli.clock() <= datetime.now(UTC)
    monkeypatch.setenv("PRIVACY_DESK_TODAY", "2026-12-28")
    assert cli.clock().isoformat() == "2026-12-28T12:00:00+09:00"
    assert cli.today().isoformat() == "2026-12-28"


def test_a_wrong_pinned_day_is_refused_in_words(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PRIVACY_DESK_TODAY", "tomorrow")
    code, out, err = run(
        capsys, "calendar", "due", "--received", "2026-12-24T10:00", "--business-days", "1"
    )
    assert code == 1 and out == ""
    assert "PRIVACY_DESK_TODAY" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--received", "2100-01-04T10:00", "--business-days", "1"], "1949 to 2099"),
        (["--received", "yesterday", "--business-days", "1"], "not an ISO 8601"),
    ],
)
def test_calendar_errors(capsys: pytest.CaptureFixture[str], args: list[str], message: str) -> None:
    code, out, err = run(capsys, "calendar", "due", *args)
    assert code == 1 and out == ""
    assert message in err and "Traceback" not in err


def test_argument_mistakes_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["cases", "list", "--queue", "everything"])
    assert exited.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_admin_flow(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert run(capsys, "--database-url", url, "db", "upgrade")[0] == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long password\n"))
    code, out, _ = run(
        capsys,
        "--database-url",
        url,
        "user",
        "add",
        "kanri",
        "--name",
        "管理 次郎",
        "--role",
        "admin",
        "--password-stdin",
    )
    assert code == 0 and "kanri" in out
    log_in_as(monkeypatch, "kanri", "a long password")
    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    code, _, err = run(
        capsys,
        "--database-url",
        url,
        "user",
        "add",
        "sato",
        "--name",
        "佐藤",
        "--role",
        "staff",
        "--password-stdin",
    )
    assert code == 1 and "at least 10" in err

    code, out, _ = run(capsys, "--database-url", url, "demo-data", "--cases", "120", "--seed", "5")
    assert code == 0 and "Added 120 demo cases" in out

    code, out, _ = run(
        capsys,
        "--database-url",
        url,
        "cases",
        "list",
        "--queue",
        "all-open",
        "--limit",
        "500",
        "--json",
    )
    rows = json.loads(out)
    assert code == 0 and rows
    assert {
        "reference",
        "kinds",
        "channel",
        "status",
        "owner",
        "requester_role",
        "requester_name",
        "received_at",
        "due",
        "legal_line",
    } <= set(rows[0])
    assert rows[0]["due"].endswith("+09:00")

    code, out, _ = run(
        capsys, "--database-url", url, "cases", "list", "--queue", "closed", "--json"
    )
    assert all(r["status"] == "closed" for r in json.loads(out))

    reference = rows[0]["reference"]
    code, out, _ = run(capsys, "--database-url", url, "cases", "show", reference, "--json")
    case = json.loads(out)
    assert code == 0 and case["reference"] == reference
    assert {"name", "kana", "birth_date", "phone", "address"} <= set(case["requester"])
    assert case["measures"] and case["history"] and case["contacts"]

    code, _, err = run(capsys, "--database-url", url, "cases", "show", "PD-1999-999999")
    assert code == 1 and "no case PD-1999-999999" in err

    code, out, _ = run(
        capsys,
        "--database-url",
        url,
        "calendar",
        "closures",
        "add",
        "2026-12-25",
        "--reason",
        "創立記念日",
    )
    assert code == 0
    code, out, _ = run(capsys, "--database-url", url, "calendar", "closures", "list")
    assert "2026-12-25\t創立記念日" in out
    assert _due_a_day_after_christmas_eve(capsys, url) == "2026-12-28T18:00:00+09:00"  # closure

    code, out, _ = run(capsys, "--database-url", url, "audit", "verify")
    assert code == 0 and "intact" in out


def test_entry_points_agree() -> None:
    root = Path(__file__).resolve().parents[2]
    by_main = subprocess.run(
        [sys.executable, str(root / "main.py"), "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    by_module = subprocess.run(
        [sys.executable, "-m", "privacy_desk.cli", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert by_main.returncode == 0 and "demo-data" in by_main.stdout
    assert by_main.stdout.replace("main.py", "privacy-desk") == by_module.stdout.replace(
        "cli.py", "privacy-desk"
    )


def test_letter_render(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pypdf import PdfReader

    url = f"sqlite:///{tmp_path / 'letters.sqlite3'}"
    assert run(capsys, "--database-url", url, "db", "upgrade")[0] == 0
    admin_logged_in(url, monkeypatch)
    assert run(capsys, "--database-url", url, "demo-data", "--cases", "60", "--seed", "2")[0] == 0
    _, out, _ = run(
        capsys,
        "--database-url",
        url,
        "cases",
        "list",
        "--queue",
        "all-open",
        "--limit",
        "200",
        "--json",
    )
    rights = {"disclosure", "correction", "suspension", "third_party_stop", "purpose_notice"}
    received = next(
        r for r in json.loads(out) if r["status"] == "received" and rights & set(r["kinds"])
    )
    target = tmp_path / "out" / "ack.pdf"
    code, out, err = run(
        capsys,
        "--database-url",
        url,
        "letter",
        "render",
        received["reference"],
        "--kind",
        "acknowledgement",
        "--lang",
        "en",
        "--out",
        str(target),
    )
    assert code == 0, err
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert received["reference"].split("-")[1] in text and "03-5904-8973" in text
    code, _, err = run(
        capsys,
        "--database-url",
        url,
        "letter",
        "render",
        received["reference"],
        "--kind",
        "decision",
        "--out",
        str(tmp_path / "decision.pdf"),
    )
    assert code == 1 and "approved" in err and "Traceback" not in err
    assert not (tmp_path / "decision.pdf").exists()


def test_choices_come_from_the_vocabulary() -> None:
    from privacy_desk.cli import LETTER_KINDS, QUEUE_NAMES, ROLE_NAMES
    from privacy_desk.domain.vocabulary import Queue, UserRole
    from privacy_desk.letters import LetterKind

    assert [q.value.replace("_", "-") for q in Queue] == QUEUE_NAMES
    assert "awaiting-approval" in QUEUE_NAMES and "due-soon" in QUEUE_NAMES
    assert ROLE_NAMES == ["staff", "supervisor", "admin"] == [r.value for r in UserRole]
    assert [k.value.replace("_", "-") for k in LetterKind] == LETTER_KINDS
    assert "identity-request" in LETTER_KINDS and "fax-cover" in LETTER_KINDS


def test_the_command_speaks_the_language_asked_for(capsys: pytest.CaptureFixture[str]) -> None:
    from privacy_desk.i18n import language

    args = ["calendar", "due", "--received", "2100-01-04T10:00", "--business-days", "1"]
    code, out, err = run(capsys, "--lang", "ja", *args)
    assert code == 1 and out == ""
    assert "業務カレンダーで扱えるのは1949年から2099年までです。" in err
    assert err.startswith("privacy-desk：エラー：")
    assert language() == "en"  # the process's language is left as it was
    code, _, err = run(capsys, *args)
    assert "The office calendar covers 1949 to 2099" in err


def test_the_system_language_is_the_default(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANGUAGE", "ja_JP.UTF-8")
    code, out, _ = run(
        capsys, "calendar", "due", "--received", "2026-09-18T18:30", "--business-days", "1"
    )
    assert code == 0
    assert "起算日時：2026-09-24T09:00:00+09:00" in out
    assert "提訴可能日（到達日＋14日）：2026-10-02" in out


def test_help_is_translated(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["--lang", "ja", "--help"])
    assert exited.value.code == 0
    assert "データベースの保守" in capsys.readouterr().out


def test_a_letter_language_is_not_the_command_language() -> None:
    from privacy_desk.cli import requested_language

    assert requested_language(["--database-url", "x", "--lang", "ja", "cases"]) == "ja"
    assert requested_language(["--lang=ja"]) == "ja"
    assert requested_language(["letter", "render", "R", "--lang", "ja"]) is None
    assert requested_language([]) is None


# ---------------------------------------------------------------- log-in on the command line


def _database_with_users(tmp_path: Path) -> str:
    from privacy_desk.services.base import Context
    from privacy_desk.storage.db import connect
    from tests.conftest import make_users

    url = f"sqlite:///{tmp_path / 'login.sqlite3'}"
    db = connect(url)
    try:
        make_users(Context(db))
    finally:
        db.dispose()
    return url


def _audited(url: str) -> list[tuple[str, str]]:
    from sqlalchemy import select

    from privacy_desk.storage.db import connect
    from privacy_desk.storage.models import AuditEntry

    db = connect(url)
    try:
        with db.session() as session:
            return [
                tuple(row) for row in session.execute(select(AuditEntry.actor, AuditEntry.action))
            ]
    finally:
        db.dispose()


def test_every_reading_command_logs_in(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _database_with_users(tmp_path)
    for command in (
        ["user", "list"],
        ["cases", "list"],
        ["audit", "anchor"],
        ["calendar", "closures", "list"],
    ):
        code, out, err = run(capsys, "--database-url", url, *command)
        assert code == 1 and out == "" and "needs a log-in: give --user LOGIN" in err, command
    # A login but no password, standard input not a terminal: said, never asked.
    code, _, err = run(capsys, "--database-url", url, "--user", "kanri", "user", "list")
    assert code == 1 and "no password: set PRIVACY_DESK_PASSWORD" in err
    monkeypatch.setenv("PRIVACY_DESK_PASSWORD", "correct horse battery")
    code, out, _ = run(capsys, "--database-url", url, "--user", "kanri", "user", "list")
    assert code == 0 and "sato\tstaff" in out
    # The command's session is ended when it is done.
    assert _audited(url)[-2:] == [("kanri", "login"), ("kanri", "logout")]


def test_a_wrong_password_and_an_unknown_login_say_the_same(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from privacy_desk.services.users import unknown_login_actor

    url = _database_with_users(tmp_path)
    log_in_as(monkeypatch, "kanri", "not the password")
    wrong = run(capsys, "--database-url", url, "cases", "list")
    log_in_as(monkeypatch, "nobody.here")
    unknown = run(capsys, "--database-url", url, "cases", "list")
    assert wrong == unknown == (1, "", "privacy-desk: error: The login or password is wrong.\n")
    assert _audited(url)[-2:] == [
        ("kanri", "login_failed"),
        (unknown_login_actor("nobody.here"), "login_failed"),
    ]
    assert not any("nobody" in actor for actor, _ in _audited(url))


def test_a_deactivated_user_can_not_log_in(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from privacy_desk.services.base import Context
    from privacy_desk.services.users import AdminService, authenticate
    from privacy_desk.storage.db import connect

    url = _database_with_users(tmp_path)
    db = connect(url)
    context = Context(db)
    sato = authenticate(context, "sato", PASSWORD)
    AdminService(context, authenticate(context, "kanri", PASSWORD)).set_active(sato.user_id, False)
    db.dispose()
    log_in_as(monkeypatch, "sato")
    code, out, err = run(capsys, "--database-url", url, "cases", "list")
    assert (code, out) == (1, "") and "The login or password is wrong." in err


def test_the_first_administrator_needs_no_log_in_and_only_the_first(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'first.sqlite3'}"
    assert run(capsys, "--database-url", url, "db", "upgrade")[0] == 0
    add = ["--database-url", url, "user", "add", "--password-stdin"]
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long password\n"))
    code, _, err = run(capsys, *add, "sato", "--name", "佐藤 花子", "--role", "staff")
    assert code == 1 and "the first user must be an administrator" in err
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long password\n"))
    assert run(capsys, *add, "kanri", "--name", "管理 次郎", "--role", "admin")[0] == 0
    assert _audited(url) == [("first-run:kanri", "manage_users")]
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long password\n"))
    code, _, err = run(capsys, *add, "nise", "--name", "偽 次郎", "--role", "admin")
    assert code == 1 and "needs a log-in" in err  # the second one is an administrator's act


def test_calendar_due_and_help_need_no_log_in(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = _database_with_users(tmp_path)
    assert _due_a_day_after_christmas_eve(capsys, url) == "2026-12-25T18:00:00+09:00"
    with pytest.raises(SystemExit) as exited:
        main(["--help"])
    assert exited.value.code == 0 and "--user LOGIN" in capsys.readouterr().out
