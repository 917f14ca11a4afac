"""`privacy-desk backup create | verify | restore`: the passphrase, the log-in, clear refusals."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from privacy_desk.cli import main
from privacy_desk.services.base import Context
from privacy_desk.services.users import create_first_admin
from privacy_desk.storage.db import RESTORE_COMMAND, connect
from tests.conftest import PASSWORD

PASSPHRASE = "hinoki-no-mori 2026"


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A desk's database with its first administrator, who the command logs in as."""
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    db = connect(url)
    try:
        create_first_admin(Context(db), "kanri", "管理 次郎", PASSWORD)
    finally:
        db.dispose()
    monkeypatch.setenv("PRIVACY_DESK_USER", "kanri")
    monkeypatch.setenv("PRIVACY_DESK_PASSWORD", PASSWORD)
    monkeypatch.setenv("PRIVACY_DESK_BACKUP_PASSPHRASE", PASSPHRASE)
    return url


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_create_verify_restore(office: str, tmp_path: Path, capsys) -> None:
    file = tmp_path / "office.pdbackup"
    code, out, err = run(capsys, "--database-url", office, "backup", "create", str(file))
    assert (code, err) == (0, "")
    assert "Backup written to" in out and "readable by you only" in out
    assert "Audit trail head: entry 2," in out  # the first administrator, then the log-in
    assert file.stat().st_mode & 0o777 == 0o600
    code, out, _ = run(capsys, "backup", "verify", str(file))
    assert code == 0 and "is sound" in out
    target = f"sqlite:///{tmp_path / 'new.sqlite3'}"
    code, out, _ = run(capsys, "--database-url", target, "backup", "restore", str(file))
    assert code == 0 and "Restored into" in out and "checked" in out
    code, out, err = run(capsys, "--database-url", target, "backup", "restore", str(file))
    assert code == 1 and "is not empty" in err and "Traceback" not in err


def test_the_command_a_damaged_database_names_works(office: str, tmp_path: Path, capsys) -> None:
    file = tmp_path / "BACKUP-FILE.pdbackup"
    assert run(capsys, "--database-url", office, "backup", "create", str(file))[0] == 0
    words = shlex.split(RESTORE_COMMAND.replace("NEW-FILE", str(tmp_path / "NEW-FILE")))
    words[-1] = str(file)
    assert words[0] == "privacy-desk"
    code, _out, err = run(capsys, *words[1:])
    assert (code, err) == (0, "")
    assert (tmp_path / "NEW-FILE.sqlite3").exists()


def test_without_a_passphrase_the_command_says_how_to_give_one(
    office: str, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PRIVACY_DESK_BACKUP_PASSPHRASE")
    file = tmp_path / "office.pdbackup"
    code, _out, err = run(capsys, "--database-url", office, "backup", "create", str(file))
    assert code == 1
    assert "PRIVACY_DESK_BACKUP_PASSPHRASE" in err and "--key-file" in err
    assert not file.exists()


def test_a_wrong_passphrase_or_a_damaged_file_is_one_clear_line(
    office: str, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "office.pdbackup"
    run(capsys, "--database-url", office, "backup", "create", str(file))
    monkeypatch.setenv("PRIVACY_DESK_BACKUP_PASSPHRASE", "not the passphrase")
    target = tmp_path / "new.sqlite3"
    code, _out, err = run(
        capsys, "--database-url", f"sqlite:///{target}", "backup", "restore", str(file)
    )
    assert code == 1 and "passphrase does not open this backup" in err
    assert not target.exists()
    monkeypatch.setenv("PRIVACY_DESK_BACKUP_PASSPHRASE", PASSPHRASE)
    file.write_bytes(file.read_bytes()[:-10])
    code, _out, err = run(capsys, "backup", "verify", str(file))
    assert code == 1 and "cut short" in err
    assert len(err.strip().splitlines()) == 1
    code, _out, err = run(capsys, "backup", "verify", str(tmp_path / "missing.pdbackup"))
    assert code == 1 and "Can not read the backup missing.pdbackup" in err
    file.unlink()
    run(capsys, "--database-url", office, "backup", "create", str(file))
    nowhere = "postgresql://nobody@127.0.0.1:1/none"
    code, _out, err = run(capsys, "--database-url", nowhere, "backup", "restore", str(file))
    assert code == 1 and "could not be reached" in err and "Traceback" not in err


def test_the_desks_key_file_opens_its_daily_backups(
    office: str, tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    from privacy_desk.services import backup as backups
    from tests.conftest import first_admin

    db = connect(office)
    try:
        made = backups.daily_backup(Context(db), first_admin(Context(db)))
    finally:
        db.dispose()
    assert made is not None
    monkeypatch.delenv("PRIVACY_DESK_BACKUP_PASSPHRASE")
    code, out, _ = run(capsys, "backup", "verify", made.file, "--key-file", str(backups.key_file()))
    assert code == 0 and "is sound" in out
