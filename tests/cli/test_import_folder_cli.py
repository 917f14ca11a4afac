"""`privacy-desk import-folder`: one pass over the fax folder, each file once, refused ones aside."""

from __future__ import annotations

import os
import time
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from privacy_desk.domain.calendar import JST
from privacy_desk.services.base import Context
from privacy_desk.services.users import create_first_admin
from privacy_desk.storage.db import connect
from privacy_desk.storage.models import InboxItem
from tests.cli.conftest import log_in_as
from tests.cli.test_cli import run
from tests.conftest import PASSWORD, Clock, make_users
from tests.services import scans


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    db = connect(url)
    context = Context(db, clock=Clock(datetime(2026, 11, 24, 15, 0, tzinfo=JST)))
    create_first_admin(context, "chief", "管理 一郎", PASSWORD)
    make_users(context)
    db.dispose()
    log_in_as(monkeypatch, "sato")
    return url


def test_one_pass_imports_each_scan_once_and_sets_refused_ones_aside(
    capsys: pytest.CaptureFixture[str], office: str, tmp_path: Path
) -> None:
    folder = tmp_path / "ファクス"
    folder.mkdir()
    (folder / "fax1.pdf").write_bytes(scans.pdf(2))
    (folder / "fax2.tif").write_bytes(scans.tiff(2))
    (folder / "cut.pdf").write_bytes(scans.cut_short(scans.pdf(3)))
    past = time.time() - 60
    for path in folder.iterdir():
        os.utime(path, (past, past))
    args = ("--database-url", office, "import-folder", str(folder))
    code, out, err = run(capsys, *args)
    assert code == 2
    assert "fax1.pdf: imported" in out and "fax2.tif: imported" in out
    assert "cut.pdf: refused" in err
    assert sorted(p.name for p in (folder / "imported").iterdir()) == ["fax1.pdf", "fax2.tif"]
    assert [p.name for p in (folder / "refused").iterdir()] == ["cut.pdf"]
    code, out, _err = run(capsys, *args)
    assert code == 0
    db = connect(office)
    with db.session() as session:
        assert session.scalar(select(func.count()).select_from(InboxItem)) == 2
    db.dispose()
