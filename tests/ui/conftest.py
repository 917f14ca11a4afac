"""Widget-test fixtures: isolated QSettings, and a desk on a fresh SQLite file from the migrations.

`make_desk(demo_cases=N)` gives a Context (fixed clock) with the usual five users and, if asked,
N invented demo cases. Databases with demo cases are built once per session and copied for each
test, so a test starts from the same data in milliseconds. Background tasks are awaited before
the database is closed.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from itertools import groupby
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QPoint, QSettings, Qt, QThreadPool
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QWidget
from sqlalchemy import select

from privacy_desk.domain.calendar import JST
from privacy_desk.i18n import set_language
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.demo import DEMO_PASSWORD, DemoService
from privacy_desk.services.users import authenticate
from privacy_desk.storage.db import connect
from privacy_desk.storage.models import User
from privacy_desk.ui import ops
from privacy_desk.ui.gc_pin import pin_garbage_collection, release_garbage_collection
from tests.conftest import PASSWORD, Clock, make_users, mark_demo_database

NOW = datetime(2026, 11, 24, 10, 5, tzinfo=JST)
ROLE_KEYS = {
    "sato": "staff",
    "kimura": "staff2",
    "higa": "staff3",
    "ito": "supervisor",
    "mori": "supervisor2",
    "kanri": "admin",
}
MADE_USERS = frozenset({"sato", "kimura", "ito", "mori", "kanri"})  # tests.conftest.make_users
__all__ = ["NOW", "PASSWORD", "Desk"]


@dataclass
class Desk:
    """A database ready for the screens: its context and the actors by role key."""

    context: Context
    users: dict[str, Actor]
    clock: Clock


@pytest.fixture(autouse=True)
def _gc_on_the_gui_thread(qapp: QCoreApplication) -> Iterator[None]:
    """As the application does (make_application): cycles are collected on the GUI thread;
    the tests of other folders, with no event loop to drive the collector, get it back."""
    pin_garbage_collection(qapp)
    yield
    release_garbage_collection(qapp)


@pytest.fixture(autouse=True)
def qt_settings(qapp: QCoreApplication, tmp_path: Path) -> Iterator[Path]:
    """QSettings in the test's own folder, and the screen language reset to English."""
    folder = tmp_path / "qsettings"
    QCoreApplication.setOrganizationName("JACCES")
    QCoreApplication.setApplicationName("Privacy Desk (tests)")
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    set_language("en")
    yield folder
    set_language("en")
    _end_open_intakes()
    _let_ops_finish()


def _let_ops_finish(seconds: float = 10.0) -> None:
    """A service call a test started and did not wait for would still be pending in the next
    test (seen: test_ops counted one op too many): give it time to deliver its answer here."""
    deadline = time.monotonic() + seconds
    while ops.pending() and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.005)


def _end_open_intakes() -> None:
    """An intake a test left open (one a window opened, which qtbot does not close) keeps its
    draft timers running and would write its draft into the next test's data folder: end it."""
    from privacy_desk.ui.intake.dialog import IntakeDialog

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, IntakeDialog) and not widget.is_saving():
            widget.discard_and_close()


def _actors(context: Context) -> dict[str, Actor]:
    """Every user of the desk, logged in (make_users' password; the demo data's for its own)."""
    with context.db.session() as session:
        logins = list(session.scalars(select(User.login).order_by(User.id)))
    return {
        ROLE_KEYS.get(login, login): authenticate(
            context, login, PASSWORD if login in MADE_USERS else DEMO_PASSWORD
        )
        for login in logins
    }


def _build(path: Path, demo_cases: int) -> None:
    db = connect(f"sqlite:///{path}")
    try:
        context = Context(db, clock=Clock(NOW))
        users = make_users(context)
        if demo_cases:
            mark_demo_database(context)
            DemoService(context, users["admin"]).generate(demo_cases, seed=3)
    finally:
        db.dispose()


@pytest.fixture(scope="session")
def _desk_templates(tmp_path_factory: pytest.TempPathFactory) -> Callable[[int], Path]:
    folder = tmp_path_factory.mktemp("desk-templates")
    made: dict[int, Path] = {}

    def template(demo_cases: int) -> Path:
        if demo_cases not in made:
            path = folder / f"desk-{demo_cases}.sqlite3"
            _build(path, demo_cases)
            made[demo_cases] = path
        return made[demo_cases]

    return template


@pytest.fixture
def make_desk(
    qtbot: object, tmp_path: Path, _desk_templates: Callable[[int], Path]
) -> Iterator[Callable[..., Desk]]:
    """A factory: make_desk(demo_cases=0) -> Desk on a fresh copy of a prepared database."""
    databases = []

    def make(demo_cases: int = 0) -> Desk:
        path = tmp_path / f"desk-{len(databases)}.sqlite3"
        shutil.copyfile(_desk_templates(demo_cases), path)
        db = connect(f"sqlite:///{path}")
        databases.append(db)
        clock = Clock(NOW)
        context = Context(db, clock=clock)
        return Desk(context, _actors(context), clock)

    yield make
    pool = QThreadPool.globalInstance()
    pool.waitForDone(10_000)
    QCoreApplication.processEvents()
    pool.waitForDone(10_000)
    for db in databases:
        db.dispose()


@pytest.fixture
def qt_context(make_desk: Callable[..., Desk]) -> Context:
    """A Context on a fresh database with five users and no cases."""
    return make_desk().context


@pytest.fixture
def demo_desk(make_desk: Callable[..., Desk]) -> Desk:
    """A desk with 300 invented cases (the same ones in every test)."""
    return make_desk(300)


def type_text(qtbot: object, widget: QWidget, text: str) -> None:
    """Type like a user: ASCII key by key, Japanese as an input method commits it."""
    widget.setFocus()
    for is_ascii, run in groupby(text, key=str.isascii):
        chunk = "".join(run)
        if is_ascii:
            qtbot.keyClicks(widget, chunk)  # type: ignore[attr-defined]
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def wait_ops(qtbot: object, timeout: int = 10_000) -> None:
    """Let every service call started from a screen (ui.ops) deliver its answer."""
    qtbot.waitUntil(lambda: ops.pending() == 0, timeout=timeout)  # type: ignore[attr-defined]


def click(qtbot: object, widget: QWidget) -> None:
    """Click as a user would, after checking the widget can be clicked at all, and let the
    service calls the click started deliver their answers."""
    assert widget.isVisible(), f"{widget.objectName()} is not visible"
    assert widget.isEnabled(), f"{widget.objectName()} is disabled: {widget.toolTip()}"
    if isinstance(widget, QCheckBox):  # a check box reacts to clicks on its box and text only
        qtbot.mouseClick(  # type: ignore[attr-defined]
            widget, Qt.MouseButton.LeftButton, pos=QPoint(8, widget.height() // 2)
        )
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
    wait_ops(qtbot)
