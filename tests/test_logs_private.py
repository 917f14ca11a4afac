"""Personal data never reaches a log or a message, and the files that hold it are the user's alone.

Real failures through the real code paths: a busy SQLite file (another connection holds the write
lock and the service call gives up), an over-long value and a NUL byte on PostgreSQL, a conflict
between two desks. Each failure goes where the program sends it (the screen's `show_error`, the
command line's handler) and the test then reads what was logged (caplog and the log file that
`app.set_up_logging` writes) and what was shown, looking for the invented person's data.
`test_without_hide_parameters_the_error_text_carries_the_data` proves the check can fail: the
same busy failure on an engine made without `hide_parameters` has the name in its text.
"""

from __future__ import annotations

import io
import logging
import os
import sqlite3
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from privacy_desk import cli
from privacy_desk.domain import text_fields
from privacy_desk.domain.errors import DomainError
from privacy_desk.services.base import ConflictError, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import IntakeForm, PersonForm
from privacy_desk.services.logsafe import describe_exception, log_handler
from privacy_desk.storage import db as db_module
from privacy_desk.storage.db import Database, DatabaseBusy, connect, data_dir
from privacy_desk.ui import errors
from tests.conftest import make_users
from tests.services.factories import complaint_by_phone

# An invented person (no real one): every piece is looked for in every log and message.
NAME = "山ノ内 紗和子"
KANA = "ヤマノウチ サワコ"
ADDRESS = "北海道旭川市神楽岡十二条7-3-19 コーポ白樺204"
PHONE = "0166-77-4521"
EMAIL = "sawako.yamanouchi@example.jp"
PERSON = PersonForm(NAME, KANA, postal_code="078-8342", address=ADDRESS, phone=PHONE, email=EMAIL)
PIECES = [NAME, "紗和子", KANA, "サワコ", ADDRESS, "神楽岡", PHONE, "0166774521", EMAIL, "sawako"]
# The same pieces as an ASCII-escaped repr would write them.
PIECES += [p.encode("unicode_escape").decode("ascii") for p in PIECES if not p.isascii()]

POSIX = os.name == "posix"


def leaks(text: str) -> list[str]:
    """The pieces of the person's data found in text."""
    return [piece for piece in PIECES if piece in text]


def intake_of(person: PersonForm) -> IntakeForm:
    form = complaint_by_phone()
    return IntakeForm(
        channel=form.channel,
        received_at=form.received_at,
        requester=person,
        measures=form.measures,
        letter_language=form.letter_language,
    )


@pytest.fixture
def log_file() -> Iterator[Path]:
    """The log file as the application sets it up, for this test only."""
    from privacy_desk.app import set_up_logging

    package = logging.getLogger("privacy_desk")
    saved = [h for h in package.handlers if isinstance(h, RotatingFileHandler)]
    for handler in saved:
        package.removeHandler(handler)
    level = package.level
    path = set_up_logging()
    try:
        yield path
    finally:
        for handler in [h for h in package.handlers if isinstance(h, RotatingFileHandler)]:
            package.removeHandler(handler)
            handler.close()
        for handler in saved:
            package.addHandler(handler)
        package.setLevel(level)


def _boxes() -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "error_box" and w.isVisible()
    ]


def shown_on_screen(qtbot: Any, exc: BaseException) -> str:
    """What the screen's error path shows for exc (the box is closed again)."""
    errors.show_error(None, exc)
    boxes = _boxes()
    assert len(boxes) == 1
    text = boxes[0].text() + boxes[0].informativeText() + boxes[0].detailedText()
    boxes[0].accept()
    qtbot.waitUntil(lambda: not errors._parentless)
    return text


def assert_nothing_leaked(*texts: str) -> None:
    for text in texts:
        assert leaks(text) == [], text


# ---------------------------------------------------------------- the helper itself


def _fails_with_data() -> None:
    try:
        {}[EMAIL]
    except KeyError as exc:
        raise ValueError(f"can not save {NAME} at {ADDRESS}", PHONE) from exc


def test_an_exception_is_described_by_type_and_place_only() -> None:
    with pytest.raises(ValueError) as failure:
        _fails_with_data()
    described = describe_exception(failure.value)
    assert described.startswith("ValueError at tests/test_logs_private.py:")
    assert "in _fails_with_data" in described
    assert "<- from KeyError at tests/test_logs_private.py:" in described
    assert_nothing_leaked(described)
    # The home folder (the user's login) is not in it either.
    assert str(Path(__file__).parent) not in described


def test_a_record_with_exc_info_is_written_without_the_text(log_file: Path) -> None:
    """A `log.exception(...)` added one day still writes type and place only."""
    with pytest.raises(ValueError) as failure:
        _fails_with_data()
    somewhere = logging.getLogger("privacy_desk.somewhere")
    # Another handler formats the record first with a plain formatter (full traceback).
    plain = logging.StreamHandler(io.StringIO())
    somewhere.addHandler(plain)
    try:
        somewhere.error("failed", exc_info=(ValueError, failure.value, failure.value.__traceback__))
    finally:
        somewhere.removeHandler(plain)
    assert NAME in plain.stream.getvalue()  # what the log file would get without SafeFormatter
    written = log_file.read_text(encoding="utf-8")
    assert "failed" in written
    assert "ValueError at tests/test_logs_private.py:" in written
    assert_nothing_leaked(written)


def test_the_screen_logs_type_and_place_only(
    qtbot: Any, caplog: pytest.LogCaptureFixture, log_file: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """show_error, the excepthook that leads to it, and an op whose window is gone."""
    from privacy_desk.ui import ops

    with pytest.raises(ValueError) as failure:
        _fails_with_data()
    exc = failure.value
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    errors.install_excepthook()
    with caplog.at_level(logging.INFO):
        shown = shown_on_screen(qtbot, exc)
        sys.excepthook(ValueError, exc, exc.__traceback__)
        boxes = _boxes()
        assert len(boxes) == 1
        boxes[0].accept()
        qtbot.waitUntil(lambda: not errors._parentless)
        ops._log_unexpected(exc)
    written = log_file.read_text(encoding="utf-8")
    assert written.count("unexpected error: ValueError at tests/test_logs_private.py:") == 2
    assert "unexpected error in a dropped op: ValueError at tests/test_logs_private.py:" in written
    assert caplog.text.count("ValueError at ") == 3
    assert_nothing_leaked(shown, caplog.text, written)


# ---------------------------------------------------------------- a busy SQLite file


@contextmanager
def write_locked(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Another connection holds the file's write lock; new connections wait 0.2 s for it."""
    monkeypatch.setattr(db_module, "SQLITE_BUSY_TIMEOUT_MS", 200)
    blocker = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")
        yield
        blocker.execute("ROLLBACK")
    finally:
        blocker.close()


def _busy_intake(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, staff: Any, clock: Any
) -> BaseException:
    """The exception of an intake (with the person's data) while the file is write-locked.

    On the clock the staff member logged in by: their session's last activity is fresh, so the
    first write is the intake's own."""
    with write_locked(sqlite_url, monkeypatch):
        database = connect(sqlite_url)
        try:
            with pytest.raises(Exception) as failure:
                CaseService(Context(database, clock=clock), staff).intake(intake_of(PERSON))
        finally:
            database.dispose()
    # Told plainly (issue 8, "SQLite busy"); the driver's error, kept as the cause, is the one
    # whose text would carry the person's data.
    assert isinstance(failure.value, DatabaseBusy)
    assert type(failure.value.__cause__).__name__ == "OperationalError"
    return failure.value


def test_a_busy_database_on_the_screen_leaves_no_personal_data(
    qtbot: Any,
    sqlite_url: str,
    context: Context,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    log_file: Path,
) -> None:
    users = make_users(context)
    exc = _busy_intake(sqlite_url, monkeypatch, users["staff"], context.clock)
    assert_nothing_leaked(str(exc), repr(exc), str(exc.__cause__), repr(exc.__cause__))
    with caplog.at_level(logging.INFO):
        shown = shown_on_screen(qtbot, exc)
    written = log_file.read_text(encoding="utf-8")
    assert "busy with another desk" in shown
    assert_nothing_leaked(shown, caplog.text, written)


def test_without_hide_parameters_the_error_text_carries_the_data(
    qtbot: Any,
    sqlite_url: str,
    context: Context,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    log_file: Path,
) -> None:
    """The check above can fail: an engine that shows its parameters puts the name in the text.

    The log stays clean even then: it is written from type and place, never from the text.
    """
    users = make_users(context)
    real_create_engine = db_module.create_engine

    def showing_parameters(*args: Any, **kwargs: Any) -> Any:
        kwargs["hide_parameters"] = False
        return real_create_engine(*args, **kwargs)

    monkeypatch.setattr(db_module, "create_engine", showing_parameters)
    exc = _busy_intake(sqlite_url, monkeypatch, users["staff"], context.clock)
    assert NAME in str(exc.__cause__)
    assert NAME not in str(exc)
    with caplog.at_level(logging.INFO):
        shown = shown_on_screen(qtbot, exc)
    assert_nothing_leaked(shown, caplog.text, log_file.read_text(encoding="utf-8"))


def test_a_busy_database_on_the_command_line_leaves_no_personal_data(
    sqlite_url: str,
    context: Context,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    make_users(context)
    monkeypatch.setenv("PRIVACY_DESK_USER", "kanri")
    monkeypatch.setenv("PRIVACY_DESK_PASSWORD", "correct horse battery")
    monkeypatch.setattr(sys, "stdin", io.StringIO("correct horse battery\n"))
    arguments = ["--lang", "en", "--database-url", sqlite_url, "user", "add", "sawako"]
    arguments += ["--name", NAME, "--role", "staff", "--password-stdin"]

    with caplog.at_level(logging.INFO), write_locked(sqlite_url, monkeypatch):
        status = cli.main(arguments)
    assert status == 1
    out, err = capsys.readouterr()
    assert "busy with another desk's work" in err
    assert "Traceback" not in err
    log = data_dir() / "logs" / "privacy-desk.log"
    written = log.read_text(encoding="utf-8") if log.exists() else ""
    assert_nothing_leaked(out, err, caplog.text, written)
    # The command's handler does not stay behind on the package's logger.
    assert not [
        h
        for h in logging.getLogger("privacy_desk").handlers
        if isinstance(h, RotatingFileHandler) and Path(h.baseFilename).parent == data_dir() / "logs"
    ]


# ---------------------------------------------------------------- PostgreSQL refuses the text


def unchecked_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """Take the domain's text checks away, so that a bad value reaches the database."""

    def unchecked(value: object, code: str, *, lines: bool = True) -> str:
        return str(value or "").strip()

    monkeypatch.setattr(text_fields, "check_text", unchecked)


@pytest.mark.postgres
@pytest.mark.parametrize(
    "person",
    [
        pytest.param(
            PersonForm(NAME, KANA, address=ADDRESS + "ー" * 400, phone=PHONE, email=EMAIL),
            id="over-long address",
        ),
        pytest.param(
            PersonForm(NAME, KANA + "\x00", address=ADDRESS, phone=PHONE, email=EMAIL),
            id="NUL byte in the kana",
        ),
    ],
)
def test_postgresql_refusing_a_value_leaves_no_personal_data(
    qtbot: Any,
    postgres_db: Database,
    person: PersonForm,
    caplog: pytest.LogCaptureFixture,
    log_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    context = Context(postgres_db)
    staff = make_users(context)["staff"]
    with pytest.raises(DomainError):  # the declared limits refuse it plainly
        CaseService(context, staff).intake(intake_of(person))
    unchecked_text(monkeypatch)  # as if a check were missing: the server refuses it instead
    with pytest.raises(Exception) as failure:
        CaseService(context, staff).intake(intake_of(person))
    exc = failure.value
    assert not isinstance(exc, DomainError)
    assert_nothing_leaked(str(exc), repr(exc))
    with caplog.at_level(logging.INFO):
        shown = shown_on_screen(qtbot, exc)
    written = log_file.read_text(encoding="utf-8")
    assert f"unexpected error: {type(exc).__module__}.{type(exc).__qualname__} at " in written
    assert_nothing_leaked(shown, caplog.text, written)


@pytest.mark.postgres
def test_a_nul_byte_on_the_command_line_leaves_no_personal_data(
    postgres_db: Database,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    make_users(Context(postgres_db))
    monkeypatch.setenv("PRIVACY_DESK_USER", "kanri")
    monkeypatch.setenv("PRIVACY_DESK_PASSWORD", "correct horse battery")
    monkeypatch.setattr(sys, "stdin", io.StringIO("correct horse battery\n"))
    arguments = ["--lang", "en", "--database-url", postgres_db.url, "user", "add", "sawako"]
    arguments += ["--name", NAME + "\x00", "--role", "staff", "--password-stdin"]
    assert cli.main(arguments) == 1
    assert "control characters" in capsys.readouterr().err  # refused plainly by the domain
    unchecked_text(monkeypatch)  # as if the check were missing: the server refuses it instead
    monkeypatch.setattr(sys, "stdin", io.StringIO("correct horse battery\n"))
    with caplog.at_level(logging.INFO):
        status = cli.main(arguments)
    out, err = capsys.readouterr()
    assert status == 1
    assert "Traceback" not in err
    written = (data_dir() / "logs" / "privacy-desk.log").read_text(encoding="utf-8")
    assert "privacy_desk.cli: unexpected error: " in written
    assert_nothing_leaked(out, err, caplog.text, written)


# ---------------------------------------------------------------- a conflict between two desks


def test_a_conflict_leaves_no_personal_data(
    qtbot: Any, context: Context, caplog: pytest.LogCaptureFixture, log_file: Path
) -> None:
    users = make_users(context)
    desk_a = CaseService(context, users["staff"])
    desk_b = CaseService(context, users["staff2"])
    case = desk_a.intake(complaint_by_phone())
    opened_a, opened_b = desk_a.get(case.id), desk_b.get(case.id)
    person_id = opened_a.requester.id
    desk_a.update_person(case.id, opened_a.version, person_id, PersonForm("井上 優子", "イノウエ"))
    with pytest.raises(ConflictError) as conflict:
        desk_b.update_person(case.id, opened_b.version, person_id, PERSON)
    with caplog.at_level(logging.INFO):
        shown = shown_on_screen(qtbot, conflict.value)
    assert "changed by someone else" in shown
    assert_nothing_leaked(
        shown,
        str(conflict.value),
        repr(conflict.value.changes),
        caplog.text,
        log_file.read_text(encoding="utf-8"),
    )
    assert NAME not in repr(desk_a.get(case.id))  # and nothing of desk B's was saved


# ---------------------------------------------------------------- private files (POSIX)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The most generous umask: the permissions must not depend on it."""
    previous = os.umask(0)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.skipif(not POSIX, reason="file modes are POSIX")
def test_the_data_folder_and_the_database_files_are_private(open_umask: None) -> None:
    database = connect()  # the default: an SQLite file in the data folder
    try:
        make_users(Context(database))  # writes: the -wal and -shm are there now
        path = data_dir() / "privacy-desk.sqlite3"
        assert mode(data_dir()) == 0o700
        assert mode(path) == 0o600
        for suffix in ("-wal", "-shm"):
            companion = path.with_name(path.name + suffix)
            assert companion.exists()
            assert mode(companion) == 0o600, suffix
    finally:
        database.dispose()


@pytest.mark.skipif(not POSIX, reason="file modes are POSIX")
def test_an_existing_database_file_is_made_private(sqlite_url: str, open_umask: None) -> None:
    path = Path(sqlite_url.removeprefix("sqlite:///"))
    connect(sqlite_url).dispose()
    path.chmod(0o644)
    connect(sqlite_url).dispose()
    assert mode(path) == 0o600


@pytest.mark.skipif(not POSIX, reason="file modes are POSIX")
def test_the_log_files_are_private_also_when_rotated(open_umask: None, log_file: Path) -> None:
    logging.getLogger("privacy_desk.test").error("a line")
    assert mode(log_file.parent) == 0o700
    assert mode(log_file) == 0o600
    handler = log_handler()
    try:
        handler.doRollover()
        handler.doRollover()
    finally:
        handler.close()
    for path in (log_file, *(log_file.with_name(f"{log_file.name}.{n}") for n in (1, 2))):
        assert path.exists()
        assert mode(path) == 0o600, path.name


@pytest.mark.skipif(not POSIX, reason="file modes are POSIX")
def test_a_rotated_log_left_readable_is_made_private(open_umask: None) -> None:
    folder = data_dir() / "logs"
    folder.mkdir(parents=True)
    old = folder / "privacy-desk.log.3"
    old.write_text("old\n", encoding="utf-8")
    old.chmod(0o644)
    log_handler().close()
    assert mode(old) == 0o600


@pytest.mark.skipif(not POSIX, reason="file modes are POSIX")
def test_draft_files_are_private(open_umask: None) -> None:
    from privacy_desk.ui.intake.drafts import DraftStore

    store = DraftStore("intake", "sato")
    store.save({"name": NAME})
    assert mode(store.path) == 0o600
    assert mode(store.path.parent) == 0o700
    assert mode(data_dir()) == 0o700
