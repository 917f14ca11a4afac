"""`privacy-desk user …`: the administrator's commands and a user's own `user password`."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import admin_logged_in, log_in_as
from tests.cli.test_cli import run
from tests.conftest import PASSWORD

TEMPORARY = "仮のパスワード 2026"
CHOSEN = "新しい合言葉 みどり"


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture) -> str:
    """A database with kanri (administrator, logged in for the commands) and sato (staff)."""
    url = f"sqlite:///{tmp_path / 'users.sqlite3'}"
    assert run(capsys, "--database-url", url, "db", "upgrade")[0] == 0
    admin_logged_in(url, monkeypatch)
    stdin(monkeypatch, PASSWORD)
    code, _, err = user(
        capsys, url, "add", "sato", "--name", "佐藤 花子", "--role", "staff", "--password-stdin"
    )
    assert code == 0, err
    return url


def stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text + "\n"))


def user(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    return run(capsys, "--database-url", url, "user", *args)


def listed(capsys: pytest.CaptureFixture[str], url: str) -> dict[str, dict]:
    code, out, err = user(capsys, url, "list", "--json")
    assert code == 0, err
    return {row["login"]: row for row in json.loads(out)}


def test_list_shows_role_state_last_log_in_failures_and_lock(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    code, out, _ = user(capsys, url, "list")
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split("\t") == [
        "LOGIN",
        "ROLE",
        "OFFICE",
        "ACTIVE",
        "LAST LOG-IN",
        "FAILED",
        "LOCKED UNTIL",
        "NAME",
    ]
    assert "kanri\tadmin\ttokyo\tyes\t2026-11-24 15:00\t0\t-\t管理 次郎" in lines
    assert "sato\tstaff\ttokyo\tyes\t-\t0\t-\t佐藤 花子" in lines
    rows = listed(capsys, url)
    assert rows["sato"]["failed_logins"] == 0 and rows["sato"]["last_login_at"] is None
    assert "password_hash" not in rows["sato"]


def test_disable_enable_and_set_role(
    capsys: pytest.CaptureFixture[str], url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert user(capsys, url, "disable", "SATO")[:2] == (0, "sato is disabled.\n")
    assert listed(capsys, url)["sato"]["active"] is False
    code, _, err = user(capsys, url, "disable", "sato")
    assert code == 1 and "already disabled" in err
    assert user(capsys, url, "enable", "sato")[:2] == (0, "sato is enabled.\n")
    assert user(capsys, url, "set-role", "sato", "supervisor")[:2] == (
        0,
        "sato is now supervisor.\n",
    )
    assert listed(capsys, url)["sato"]["role"] == "supervisor"
    with pytest.raises(SystemExit) as exited:
        user(capsys, url, "set-role", "sato", "chief")
    assert exited.value.code == 2 and "invalid choice" in capsys.readouterr().err
    code, _, err = user(capsys, url, "enable", "nobody")
    assert code == 1 and "no user with the login 'nobody'" in err


def test_the_last_administrator_is_kept(capsys: pytest.CaptureFixture[str], url: str) -> None:
    for args in (("disable", "kanri"), ("set-role", "kanri", "staff")):
        code, out, err = user(capsys, url, *args)
        assert (code, out) == (1, "") and "kanri is the last active administrator" in err
        assert "Traceback" not in err
    assert listed(capsys, url)["kanri"] == {
        **listed(capsys, url)["kanri"],
        "role": "admin",
        "active": True,
    }


def test_reset_then_the_user_must_choose_a_new_password(
    capsys: pytest.CaptureFixture[str], url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    stdin(monkeypatch, "qwertyuiop")
    code, _, err = user(capsys, url, "reset-password", "sato")
    assert code == 1 and "too easy to guess" in err and "qwertyuiop" not in err
    stdin(monkeypatch, TEMPORARY)
    code, out, _ = user(capsys, url, "reset-password", "sato")
    assert code == 0 and "must choose a new one" in out and TEMPORARY not in out
    assert listed(capsys, url)["sato"]["must_change_password"] is True
    code, out, _ = user(capsys, url, "list")
    assert "sato\tstaff\ttokyo\tyes (must change password)" in out

    log_in_as(monkeypatch, "sato", TEMPORARY)
    code, out, err = run(capsys, "--database-url", url, "cases", "list")
    assert (code, out) == (1, "")
    assert "password was reset" in err and "--user sato user password" in err
    stdin(monkeypatch, TEMPORARY)
    code, _, err = user(capsys, url, "password")
    assert code == 1 and "must differ" in err
    stdin(monkeypatch, CHOSEN)
    assert user(capsys, url, "password")[:2] == (0, "Your password was changed.\n")
    log_in_as(monkeypatch, "sato", CHOSEN)
    code, _, err = run(capsys, "--database-url", url, "cases", "list")
    assert code == 0, err


def test_unlock(
    capsys: pytest.CaptureFixture[str], url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    log_in_as(monkeypatch, "sato", "not the password")
    for _ in range(5):
        assert run(capsys, "--database-url", url, "cases", "list")[0] == 1
    log_in_as(monkeypatch, "sato")
    code, _, err = run(capsys, "--database-url", url, "cases", "list")
    assert code == 1 and "locked" in err
    log_in_as(monkeypatch, "kanri")
    code, out, _ = user(capsys, url, "list")
    sato = next(line for line in out.splitlines() if line.startswith("sato\t")).split("\t")
    assert sato[6] != "-"  # locked until …
    assert user(capsys, url, "unlock", "sato")[:2] == (0, "sato is unlocked.\n")
    code, _, err = user(capsys, url, "unlock", "sato")
    assert code == 1 and "not locked" in err
    log_in_as(monkeypatch, "sato")
    assert run(capsys, "--database-url", url, "cases", "list")[0] == 0


def test_staff_may_not_administer(
    capsys: pytest.CaptureFixture[str], url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    log_in_as(monkeypatch, "sato")
    for args in (("list",), ("disable", "kanri"), ("unlock", "kanri")):
        code, out, err = user(capsys, url, *args)
        assert (code, out) == (1, "") and "Traceback" not in err and err, args
