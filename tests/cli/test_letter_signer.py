"""`privacy-desk letter render` names the case's owner, or a named user, as the person in charge;
never the operating-system login the command runs under (issue 10)."""

from __future__ import annotations

import getpass
import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.cli.conftest import admin_logged_in
from tests.cli.test_cli import run


def _contact_line(pdf: Path) -> str:
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    return next(line for line in text.splitlines() if "【担当】" in line)


def test_letters_are_signed_by_the_owner_or_a_named_user(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = f"sqlite:///{tmp_path / 'letters.sqlite3'}"
    assert run(capsys, "--database-url", url, "db", "upgrade")[0] == 0
    admin_logged_in(url, monkeypatch)  # the command acts as kanri (管理 次郎), not the OS login
    assert run(capsys, "--database-url", url, "demo-data", "--cases", "60", "--seed", "2")[0] == 0
    _, out, _ = run(capsys, "--database-url", url, "cases", "list", "--queue", "all-open", "--json")
    rows = json.loads(out)
    owned = next(r for r in rows if r["owner"])
    unowned = next(r for r in rows if not r["owner"])
    login = getpass.getuser()

    def render(reference: str, *more: str) -> tuple[int, Path, str]:
        target = tmp_path / f"{reference}-{len(more)}.pdf"
        code, _out, err = run(
            capsys,
            "--database-url",
            url,
            "letter",
            "render",
            reference,
            "--kind",
            "acknowledgement",
            "--lang",
            "ja",
            "--out",
            str(target),
            *more,
        )
        return code, target, err

    code, pdf, err = render(owned["reference"])
    assert code == 0, err
    line = _contact_line(pdf)
    assert owned["owner"] in line and f"窓口 {login}" not in line
    code, pdf, err = render(unowned["reference"])  # no owner: the user who logged in signs
    assert code == 0, err
    assert "管理 次郎" in _contact_line(pdf) and f"窓口 {login}" not in _contact_line(pdf)
    code, pdf, err = render(unowned["reference"], "--signed-by", "kimura")
    assert code == 0, err
    assert "木村 直樹" in _contact_line(pdf)
