"""`privacy-desk import-email`: one case per good file, one line per refused file, exit code 2."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from privacy_desk.domain.calendar import JST
from privacy_desk.services.base import Context
from privacy_desk.services.users import create_first_admin
from privacy_desk.storage.db import connect
from privacy_desk.storage.models import Attachment, Case
from tests.cli.conftest import log_in_as
from tests.cli.test_cli import run
from tests.conftest import PASSWORD, Clock, make_users
from tests.services import emails


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


def stored(url: str) -> tuple[list[str], int]:
    db = connect(url)
    try:
        with db.session() as session:
            references = list(session.scalars(select(Case.reference).order_by(Case.id)))
            files = session.scalar(select(func.count()).select_from(Attachment)) or 0
            return references, files
    finally:
        db.dispose()


def test_a_batch_with_one_bad_file_makes_the_others_and_exits_2(
    capsys: pytest.CaptureFixture[str], office: str, tmp_path: Path
) -> None:
    folder = tmp_path / "受信"
    folder.mkdir()
    good = folder / "plain.eml"
    good.write_bytes(emails.plain())
    bad = folder / "cut.eml"
    bad.write_bytes(emails.with_attachments(("a.pdf", "application/pdf", b"%PDF" * 400))[:-300])
    sjis = folder / "sjis.eml"
    sjis.write_bytes(emails.legacy("Shift_JIS", "cp932"))
    code, out, err = run(
        capsys,
        "--database-url",
        office,
        "import-email",
        str(good),
        str(bad),
        str(sjis),
        str(folder / "missing.eml"),
    )
    assert code == 2
    references, files = stored(office)
    assert len(references) == 2 and files == 2
    assert f"plain.eml: {references[0]} (Inquiry; 1 file kept)" in out
    assert f"sjis.eml: {references[1]}" in out
    assert "2 cases made; 2 files refused." in out
    # The second mail's sender wrote the first: that case is offered for linking.
    assert f"Earlier cases of the same sender, to link in the case: {references[0]}" in out
    refusals = err.splitlines()
    assert [line.split(":")[0] for line in refusals] == ["cut.eml", "missing.eml"]
    assert "incomplete or damaged" in refusals[0]
    # Neither the folders (a person's name may be in them) nor the sender appear.
    assert "受信" not in out + err
    assert "佐々木" not in out + err


def test_all_good_exits_0_and_an_admin_is_refused(
    capsys: pytest.CaptureFixture[str],
    office: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    mail = tmp_path / "html.eml"
    mail.write_bytes(emails.html_only())
    code, out, err = run(
        capsys, "--database-url", office, "import-email", "--kind", "disclosure", str(mail)
    )
    assert code == 0, err
    assert "(Disclosure; 1 file kept)" in out
    assert "HTML" in out
    log_in_as(monkeypatch, "chief")
    code, out, err = run(capsys, "--database-url", office, "import-email", str(mail))
    assert code == 2
    assert len(stored(office)[0]) == 1
