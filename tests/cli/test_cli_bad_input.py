"""Bad values given to the command line get a clear error and exit 1, never a traceback and never
the calm "unexpected error" line that stands for a crash."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from privacy_desk.cli import main

PASSWORD = "a long password"


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    url = f"sqlite:///{tmp_path / 'cli.sqlite3'}"
    assert main(["--database-url", url, "db", "upgrade"]) == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSWORD + "\n"))
    assert main(_add(url, "kanri", "管理 次郎", "admin")) == 0
    capsys.readouterr()
    return url


def _add(url: str, login: str, name: str, role: str = "staff") -> list[str]:
    return ["--database-url", url, "user", "add", login, "--name", name, "--role", role,
            "--password-stdin"]  # fmt: skip


@pytest.mark.parametrize(
    ("login", "name", "password", "says"),
    [
        ("sato", "佐藤\x00花子", PASSWORD, "control characters"),
        ("sato", "佐藤\ud800", PASSWORD, "not valid text"),
        ("sato", "佐" * 201, PASSWORD, "longer than 200"),
        ("sato", "佐藤 1234.5678.9018", PASSWORD, "Individual Number"),
        ("sato", "佐藤\n花子", PASSWORD, "one line"),
        ("sa\x00to", "佐藤 花子", PASSWORD, "A login has"),
        ("sa\udcffto", "佐藤 花子", PASSWORD, "A login has"),
        ("sato", "佐藤 花子", "pass\x00word long", "control characters"),
        ("sato", "佐藤 花子", "pass\ud800word long", "control characters"),
        ("sato", "佐藤 花子", "p" * 5000, "at most 1024"),
    ],
    ids=[
        "nul",
        "surrogate",
        "long",
        "my-number",
        "newline",
        "login-nul",
        "login-surrogate",
        "password-nul",
        "password-surrogate",
        "password-long",
    ],
)
def test_user_add_refuses_bad_values_clearly(
    url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    login: str,
    name: str,
    password: str,
    says: str,
) -> None:
    monkeypatch.setenv("PRIVACY_DESK_USER", "kanri")
    monkeypatch.setenv("PRIVACY_DESK_PASSWORD", PASSWORD)
    monkeypatch.setattr(sys, "stdin", io.StringIO(password + "\n"))
    code = main(_add(url, login, name))
    _out, err = capsys.readouterr()
    assert code == 1
    assert says in err
    assert "unexpected error" not in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("value", "says"),
    [("\x00", "control characters"), ("\udcff", "not valid text"), ("x" * 100_000, "longer than")],
    ids=["nul", "surrogate", "long"],
)
def test_case_commands_refuse_bad_text_clearly(
    url: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    value: str,
    says: str,
) -> None:
    monkeypatch.setenv("PRIVACY_DESK_USER", "kanri")
    monkeypatch.setenv("PRIVACY_DESK_PASSWORD", PASSWORD)
    for args in (["cases", "list", "--search", value], ["cases", "show", value]):
        code = main(["--database-url", url, *args])
        _out, err = capsys.readouterr()
        assert code == 1, args
        assert says in err and "unexpected error" not in err, args


def test_undecodable_bytes_in_a_real_process_give_a_clear_error(url: str, tmp_path: Path) -> None:
    """Bytes that are not UTF-8 reach Python as lone surrogates: the process says so plainly."""
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PRIVACY_DESK_USER": "kanri", "PRIVACY_DESK_PASSWORD": PASSWORD}
    args = [sys.executable.encode(), str(root / "main.py").encode(), b"--database-url",
            url.encode(), b"user", b"add", b"sato", b"--name", b"\xff\xfe", b"--role", b"staff",
            b"--password-stdin"]  # fmt: skip
    done = subprocess.run(
        args, input=(PASSWORD + "\n").encode(), capture_output=True, env=env, check=False
    )
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 1
    assert "not valid text" in err and "Traceback" not in err
