"""The command line on a database that is not there, empty or damaged: words, nothing created."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from tests.cli.test_cli import run


@pytest.mark.parametrize(
    "command",
    [
        ["cases", "list"],
        ["user", "list"],
        ["demo-data", "--cases", "1"],
        ["audit", "verify"],
        ["calendar", "closures", "list"],
        ["db", "check"],
    ],
)
def test_a_mistyped_path_creates_no_database(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: list[str]
) -> None:
    path = tmp_path / "desk.sqlit3"  # a typing mistake
    code, out, err = run(capsys, "--database-url", f"sqlite:///{path}", *command)
    assert code == 1 and not out
    assert "There is no Privacy Desk database at" in err and "db upgrade" in err
    assert "Traceback" not in err
    assert not path.exists()


def test_the_default_database_is_not_made_by_a_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "cases", "list")
    assert code == 1 and "There is no Privacy Desk database at" in err
    assert not (tmp_path / "data" / "privacy-desk.sqlite3").exists()


def test_db_upgrade_makes_it_and_db_check_checks_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    assert run(capsys, "--database-url", url, "db", "upgrade")[0] == 0
    code, out, _ = run(capsys, "--database-url", url, "db", "check")
    assert code == 0 and "passed its checks" in out


def test_db_check_names_damage_without_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "desk.sqlite3"
    url = f"sqlite:///{path}"
    assert run(capsys, "--database-url", url, "db", "upgrade")[0] == 0
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA foreign_keys=OFF")
    writer.execute(
        "INSERT INTO notes (case_id, text, author_login, created_at, version) "
        "VALUES (41, 'x', 'sato', '2026-01-01T00:00:00', 1)"
    )
    writer.commit()
    writer.close()
    code, out, err = run(capsys, "--database-url", url, "db", "check")
    assert code == 1 and not out
    assert "failed its integrity check" in err and "Traceback" not in err


def test_an_empty_file_is_reported_by_every_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "desk.sqlite3"
    path.touch()
    for command in (["db", "upgrade"], ["cases", "list"]):
        code, _, err = run(capsys, "--database-url", f"sqlite:///{path}", *command)
        assert code == 1 and "is empty (0 bytes)" in err
    assert path.stat().st_size == 0


def test_a_locked_database_is_said_to_be_locked(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from privacy_desk.storage import opening
    from privacy_desk.storage.db import connect
    from tests.storage.test_opening import locked_by_another_program

    monkeypatch.setattr(opening, "LOCK_WAIT_SECONDS", 0.3)
    path = tmp_path / "desk.sqlite3"
    url = f"sqlite:///{path}"
    connect(url).dispose()
    with locked_by_another_program(path):
        code, out, err = run(capsys, "--database-url", url, "cases", "list")
    assert code == 1 and not out
    assert "is locked by another program" in err and "do not restore a backup" in err
    assert "Traceback" not in err
