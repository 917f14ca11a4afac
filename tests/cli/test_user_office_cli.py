"""`privacy-desk user add --office CODE` and `user set-office LOGIN CODE`: staff belong to an
office; a bad code is said plainly and changes nothing."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.cli.test_cli import _database_with_users, run
from tests.conftest import PASSWORD


def _offices(capsys: pytest.CaptureFixture[str], url: str) -> dict[str, str]:
    code, out, err = run(capsys, "--database-url", url, "--user", "kanri", "user", "list")
    assert code == 0, err
    return {line.split("\t")[0]: line.split("\t")[2] for line in out.splitlines()}


def test_a_user_is_added_in_naha_and_another_moved_there(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _database_with_users(tmp_path)
    monkeypatch.setenv("PRIVACY_DESK_PASSWORD", PASSWORD)
    monkeypatch.setattr("sys.stdin", io.StringIO("a long new password\n"))
    code, out, err = run(
        capsys,
        "--database-url",
        url,
        "--user",
        "kanri",
        "user",
        "add",
        "higa",
        "--name",
        "比嘉 美咲",
        "--role",
        "staff",
        "--password-stdin",
        "--office",
        "naha",
    )
    assert code == 0, err
    code, out, err = run(
        capsys, "--database-url", url, "--user", "kanri", "user", "set-office", "sato", "naha"
    )
    assert code == 0 and "sato" in out and "naha" in out, err
    offices = _offices(capsys, url)
    assert (offices["higa"], offices["sato"], offices["kimura"]) == ("naha", "naha", "tokyo")


def test_an_unknown_office_or_login_is_said_without_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = _database_with_users(tmp_path)
    monkeypatch.setenv("PRIVACY_DESK_PASSWORD", PASSWORD)
    code, _, err = run(
        capsys, "--database-url", url, "--user", "kanri", "user", "set-office", "sato", "osaka"
    )
    assert code != 0 and "tokyo, naha" in err and "Traceback" not in err
    code, _, err = run(
        capsys, "--database-url", url, "--user", "kanri", "user", "set-office", "nobody", "naha"
    )
    assert code != 0 and "nobody" in err and "Traceback" not in err
    assert _offices(capsys, url)["sato"] == "tokyo"


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "still hold the shipped defaults"),
        ("ja", "出荷時の既定値"),
    ],
)
def test_the_first_administrator_is_told_the_organisation_keeps_the_defaults(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    lang: str,
    words: str,
) -> None:
    url = f"sqlite:///{tmp_path / 'first.sqlite3'}"
    assert run(capsys, "--database-url", url, "db", "upgrade")[0] == 0
    add = ["--lang", lang, "--database-url", url, "user", "add", "--password-stdin"]
    monkeypatch.setattr("sys.stdin", io.StringIO("a long password\n"))
    code, out, err = run(capsys, *add, "kanri", "--name", "管理 次郎", "--role", "admin")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 2 and "kanri" in lines[0]
    assert words in lines[1]
    assert "privacy-desk settings set letterhead.organisation_ja …" in lines[1]
    assert "offices.tokyo.name_ja" in lines[1]
    # A later user, added by the administrator logged in, is not told again.
    monkeypatch.setenv("PRIVACY_DESK_USER", "kanri")
    monkeypatch.setenv("PRIVACY_DESK_PASSWORD", "a long password")
    monkeypatch.setattr("sys.stdin", io.StringIO("another long password\n"))
    code, out, err = run(capsys, *add, "sato", "--name", "佐藤 花子", "--role", "staff")
    assert code == 0, err
    assert len(out.splitlines()) == 1 and words not in out
