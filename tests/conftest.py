"""Shared fixtures: a fresh SQLite file per test from the real migrations, a fixed clock, users.

PostgreSQL tests use the server at 127.0.0.1:5432 (trust, database `test`): each test run creates
a database of its own and drops it afterwards. Without a reachable server those tests are skipped
with the reason shown, unless PRIVACY_DESK_REQUIRE_POSTGRES=1 (set by .ci/run) makes them fail.
"""

from __future__ import annotations

import hashlib
import os
import re
import sys
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import select

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from privacy_desk.domain.calendar import JST
from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.users import (
    AdminService,
    authenticate,
    create_first_admin,
    has_users,
)
from privacy_desk.storage.db import Database, connect
from privacy_desk.storage.models import User

PASSWORD = "correct horse battery"
POSTGRES_ADMIN_URL = os.environ.get(
    "PRIVACY_DESK_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


class Clock:
    """A clock the test moves by hand (aware datetimes, Japan time by default)."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def set(self, *args: int) -> None:
        self.moment = datetime(*args, tzinfo=JST)


@pytest.fixture(autouse=True)
def _fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2 at its production cost takes ~50 ms a hash; tests hash hundreds of passwords."""
    from argon2 import PasswordHasher

    from privacy_desk.services import users

    monkeypatch.setattr(
        users, "_hasher", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    )


@pytest.fixture(autouse=True)
def _fast_backup_key_derivation(monkeypatch: pytest.MonkeyPatch) -> None:
    """scrypt at its production cost takes ~0.2 s a backup; the file header names the cost used,
    so the files stay real (tests/services/test_backup.py reads one at the production cost)."""
    from privacy_desk.services.backup import sealed

    monkeypatch.setattr(sealed, "SCRYPT_N", 1 << 12)


@pytest.fixture(autouse=True)
def _isolated_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVACY_DESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("PRIVACY_DESK_DATABASE_URL", raising=False)
    # The command line's log-in: only the tests that log in give one.
    monkeypatch.delenv("PRIVACY_DESK_USER", raising=False)
    monkeypatch.delenv("PRIVACY_DESK_PASSWORD", raising=False)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'desk.sqlite3'}"


def _postgres_available() -> str | None:
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(sa.text("select 1"))
        engine.dispose()
    except Exception as exc:  # any failure to reach the server means: skip or fail below
        return f"PostgreSQL at 127.0.0.1:5432 is not reachable ({type(exc).__name__})"
    return None


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    import sqlalchemy as sa

    problem = _postgres_available()
    if problem:
        if os.environ.get("PRIVACY_DESK_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"{problem}; PostgreSQL tests are required here")
        pytest.skip(problem)
    name = f"privacy_desk_test_{uuid.uuid4().hex[:10]}"
    admin = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        with admin.connect() as connection:
            connection.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"
                ),
                {"n": name},
            )
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        admin.dispose()


def _reset_postgres(url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE"))
        connection.execute(sa.text("CREATE SCHEMA public"))
    engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_db(request: pytest.FixtureRequest, sqlite_url: str) -> Iterator[Database]:
    """The same test on a real SQLite file and on the real PostgreSQL server."""
    if request.param == "sqlite":
        db = connect(sqlite_url)
    else:
        url = request.getfixturevalue("postgres_url")
        _reset_postgres(url)
        db = connect(url)
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture
def postgres_db(request: pytest.FixtureRequest) -> Iterator[Database]:
    """A fresh database on the PostgreSQL server (use with the marker postgres)."""
    url = request.getfixturevalue("postgres_url")
    _reset_postgres(url)
    database = connect(url)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def db(sqlite_url: str) -> Iterator[Database]:
    database = connect(sqlite_url)
    try:
        yield database
    finally:
        database.dispose()


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 24, 15, 0, tzinfo=JST))


@pytest.fixture
def context(db: Database, clock: Clock) -> Context:
    return Context(db, clock=clock)


def first_admin(context: Context) -> Actor:
    """The administrator kanri, logged in; made first (as on a new desk) if the database has no
    users yet."""
    if not has_users(context):
        create_first_admin(context, "kanri", "管理 次郎", PASSWORD)
    with context.db.session() as session:
        admins = list(
            session.scalars(select(User.login).where(User.role == UserRole.ADMIN).order_by(User.id))
        )
    if "kanri" not in admins:
        # A test made its own first administrator (with the tests' PASSWORD): it adds kanri.
        AdminService(context, authenticate(context, admins[0], PASSWORD)).add_user(
            "kanri", "管理 次郎", UserRole.ADMIN, PASSWORD
        )
    return authenticate(context, "kanri", PASSWORD)


def make_users(context: Context) -> dict[str, Actor]:
    """A staff member, a second staff member, two supervisors and an administrator."""
    people = {
        "staff": ("sato", "佐藤 花子", UserRole.STAFF),
        "staff2": ("kimura", "木村 直樹", UserRole.STAFF),
        "supervisor": ("ito", "伊藤 健", UserRole.SUPERVISOR),
        "supervisor2": ("mori", "森 由美", UserRole.SUPERVISOR),
        "admin": ("kanri", "管理 次郎", UserRole.ADMIN),
    }
    admin = AdminService(context, first_admin(context))
    for login, name, role in people.values():
        if role is not UserRole.ADMIN:
            admin.add_user(login, name, role, PASSWORD)
    # The tests move the clock by hours and days between two calls of one user: no idle expiry
    # of the sessions here (tests/services/test_sessions.py sets the idle lock it checks).
    admin.set_setting("idle_lock_minutes", 0)
    return {key: authenticate(context, login, PASSWORD) for key, (login, _, _) in people.items()}


def mark_demo_database(context: Context) -> None:
    """Mark the test's database a demo one, so demo data may join the users the test made (a
    database with the office's own users refuses it)."""
    from privacy_desk.storage import demo_mark

    with context.db.session() as session:
        demo_mark.mark_demo(session)


@pytest.fixture
def users(context: Context) -> dict[str, Actor]:
    return make_users(context)


def pytest_make_parametrize_id(config: pytest.Config, val: object, argname: str) -> str | None:
    """ASCII ids for Japanese (and control-character) parameters: the value's ASCII letters and digits and a short hash.

    pytest writes other characters as \\u escapes, and mutmut, which hands the ids of the tests
    that reach a mutant back to pytest, then finds none of them (docs/testing.md).
    """
    if isinstance(val, str) and not (val.isascii() and val.isprintable()):
        kept = re.sub(r"[^0-9A-Za-z._-]+", "", val)[:24]
        digest = hashlib.sha256(val.encode("utf-8", "surrogatepass")).hexdigest()
        return f"{kept}~{digest[:6]}"
    return None


_exit_status: list[int] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _exit_status.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """Leave without interpreter finalisation once Qt was loaded.

    PySide6 6.12 sometimes aborts while Python tears down its objects at exit ("bool_dealloc"),
    after every test has passed and the summary is printed; that would turn a green run red.
    Results and caches are written by now, so end the process with pytest's own exit status.
    """
    if "PySide6.QtCore" in sys.modules and _exit_status:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_exit_status[-1])
