"""`privacy-desk calendar closures add|remove|list --office`: a Naha closure moves the Naha case
only and prints its reference; one of every office moves both; the list says whose each closure
is; refusals are one line, without a traceback."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update

from privacy_desk.domain.calendar import JST
from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.users import create_first_admin
from privacy_desk.storage.db import connect
from privacy_desk.storage.models import Office, User
from tests.cli.test_cli import run
from tests.conftest import PASSWORD, Clock, make_users
from tests.services.factories import complaint_by_phone

CLOSED = "2026-11-30"  # a Monday after both cases came in, before they are due


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str, str]:
    """A database with a Tokyo case and a Naha case; an administrator logged in through the env.
    Returns the url and the two references (Tokyo's, Naha's)."""
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    db = connect(url)
    context = Context(db, clock=Clock(datetime(2026, 11, 24, 15, 0, tzinfo=JST)))
    create_first_admin(context, "chief", "管理 一郎", PASSWORD)
    users = make_users(context)
    with db.session() as session:
        naha = session.scalar(select(Office.id).where(Office.code == "naha"))
        session.execute(
            update(User).where(User.id == users["staff2"].user_id).values(office_id=naha)
        )
    tokyo = CaseService(context, users["staff"]).intake(complaint_by_phone())
    naha_case = CaseService(context, users["staff2"]).intake(complaint_by_phone())
    assert tokyo.deadlines.current_due.date().isoformat() > CLOSED
    db.dispose()
    monkeypatch.setenv("PRIVACY_DESK_USER", "chief")
    monkeypatch.setenv("PRIVACY_DESK_PASSWORD", PASSWORD)
    return url, tokyo.reference, naha_case.reference


def closures(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> tuple[int, str, str]:
    return run(capsys, "--database-url", url, "calendar", "closures", *args)


def test_a_naha_closure_prints_the_naha_case_only_and_is_removed_again(
    capsys: pytest.CaptureFixture[str], office: tuple[str, str, str]
) -> None:
    url, tokyo, naha = office
    code, out, err = closures(capsys, url, "add", CLOSED, "--reason", "台風", "--office", "naha")
    assert code == 0, err
    assert f"Added closure {CLOSED}." in out
    assert f"Due dates moved (1): {naha}" in out and tokyo not in out
    code, out, _ = closures(capsys, url, "list", "--office", "naha")
    assert out.splitlines() == [f"{CLOSED}\t台風\tnaha"]
    code, out, _ = closures(capsys, url, "list", "--office", "tokyo")
    assert code == 0 and out == ""
    code, out, err = closures(capsys, url, "remove", CLOSED, "--office", "naha")
    assert code == 0, err
    assert f"Removed closure {CLOSED}." in out and f"Due dates moved (1): {naha}" in out
    code, out, _ = closures(capsys, url, "list")
    assert out == ""


def test_a_closure_of_every_office_prints_both_cases_and_the_list_says_whose(
    capsys: pytest.CaptureFixture[str], office: tuple[str, str, str]
) -> None:
    url, tokyo, naha = office
    code, out, err = closures(capsys, url, "add", CLOSED, "--reason", "臨時休業")
    assert code == 0, err
    moved = next(line for line in out.splitlines() if line.startswith("Due dates moved (2): "))
    assert set(moved.removeprefix("Due dates moved (2): ").split(", ")) == {tokyo, naha}
    closures(capsys, url, "add", "2027-06-23", "--reason", "慰霊の日", "--office", "NAHA")
    code, out, _ = closures(capsys, url, "list")
    assert out.splitlines() == [
        f"{CLOSED}\t臨時休業\tevery office",
        "2027-06-23\t慰霊の日\tnaha",
    ]
    code, out, _ = closures(capsys, url, "list", "--office", "tokyo")
    assert out.splitlines() == [f"{CLOSED}\t臨時休業\tevery office"]


def test_a_closure_that_moves_nothing_says_none(
    capsys: pytest.CaptureFixture[str], office: tuple[str, str, str]
) -> None:
    url, _tokyo, _naha = office
    code, out, _ = closures(
        capsys, url, "add", "2027-06-23", "--reason", "慰霊の日", "--office", "naha"
    )
    assert code == 0 and "Due dates moved: none." in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("add", CLOSED, "--reason", "台風", "--office", "osaka"), "no office osaka"),
        (("list", "--office", "osaka"), "no office osaka"),
        (("remove", CLOSED, "--office", "naha"), "not a closure day"),
    ],
    ids=["add-unknown-office", "list-unknown-office", "remove-missing"],
)
def test_refusals_are_one_clear_line(
    capsys: pytest.CaptureFixture[str],
    office: tuple[str, str, str],
    args: tuple[str, ...],
    words: str,
) -> None:
    url, _tokyo, _naha = office
    code, _out, err = closures(capsys, url, *args)
    assert code != 0 and words in err and "Traceback" not in err
    assert "tokyo, naha" in err or "not a closure day" in err


def test_one_office_is_refused_on_a_day_every_office_is_closed(
    capsys: pytest.CaptureFixture[str], office: tuple[str, str, str]
) -> None:
    url, _tokyo, _naha = office
    closures(capsys, url, "add", CLOSED, "--reason", "臨時休業")
    code, _, err = closures(capsys, url, "add", CLOSED, "--reason", "台風", "--office", "naha")
    assert code != 0 and "closure day of every office" in err
    code, out, _ = closures(capsys, url, "list", "--office", "naha")
    assert out.splitlines() == [f"{CLOSED}\t臨時休業\tevery office"]


def due_on(capsys: pytest.CaptureFixture[str], url: str, *office: str) -> str:
    """`calendar due` one business day after Friday 27 November 2026 10:00 (today pinned by
    PRIVACY_DESK_TODAY, tests/cli/conftest.py), on an office's calendar when named."""
    code, out, err = run(
        capsys,
        "--database-url",
        url,
        "calendar",
        "due",
        "--received",
        "2026-11-27T10:00",
        "--business-days",
        "1",
        *office,
        "--json",
    )
    assert code == 0, err
    return str(json.loads(out)["due"])


def test_due_on_an_office_calendar_counts_its_own_closures(
    capsys: pytest.CaptureFixture[str], office: tuple[str, str, str]
) -> None:
    url, _tokyo, _naha = office
    before = {where: due_on(capsys, url, "--office", where) for where in ("tokyo", "naha")}
    assert before["tokyo"] == before["naha"] == due_on(capsys, url)
    closures(capsys, url, "add", CLOSED, "--reason", "台風", "--office", "naha")
    naha = due_on(capsys, url, "--office", "naha")
    assert naha > before["naha"]  # Monday 30 November, closed in Naha, is not counted there
    assert due_on(capsys, url, "--office", "NAHA") == naha
    assert due_on(capsys, url, "--office", "tokyo") == before["tokyo"]
    assert due_on(capsys, url) == before["tokyo"]  # without an office: every office's closures
    code, out, err = run(
        capsys,
        "--database-url",
        url,
        "calendar",
        "due",
        "--received",
        "2026-11-27T10:00",
        "--business-days",
        "1",
        "--office",
        "osaka",
    )
    assert code != 0 and out == "" and "tokyo, naha" in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("day", "why"),
    [
        ("2026-12-05", "(Saturday)"),
        ("2026-12-31", "(Year-end closure)"),
        ("2027-05-03", "(national holiday: Constitution Day)"),
    ],
    ids=["saturday", "year-end", "holiday"],
)
def test_a_closure_on_a_day_closed_anyway_is_refused_in_one_line_saying_why(
    capsys: pytest.CaptureFixture[str], office: tuple[str, str, str], day: str, why: str
) -> None:
    url, _tokyo, _naha = office
    code, out, err = closures(capsys, url, "add", day, "--reason", "臨時休業")
    assert code != 0 and "Traceback" not in err and "Added closure" not in out
    assert (
        f"{day} is already a day the office is closed {why}; a closure can be added only on a business day."
        in err
    )
    assert len(err.strip().splitlines()) == 1
    code, out, _ = closures(capsys, url, "list")
    assert out.strip() == ""
