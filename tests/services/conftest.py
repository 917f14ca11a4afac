"""The service tests of the rules run on SQLite and on the PostgreSQL server.

The modules in ON_BOTH_DATABASES get their `db` (and so `context` and `users`) twice: a fresh
SQLite file, and a PostgreSQL database (marker `postgres`) migrated once per test process and
emptied before each test (TRUNCATE … RESTART IDENTITY), a fraction of the time of migrating or
copying a database for every test. Other modules keep SQLite only.
"""

from __future__ import annotations

import importlib.util
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

import privacy_desk.storage
from privacy_desk.storage.db import Database, connect
from privacy_desk.storage.models import Office

_spec = importlib.util.spec_from_file_location(
    "offices_revision",
    Path(privacy_desk.storage.__file__).parent / "migrations" / "versions" / "0010_offices.py",
)
assert _spec is not None and _spec.loader is not None
_OFFICES_REVISION = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_OFFICES_REVISION)

ON_BOTH_DATABASES = {
    "test_calendar_closures",
    "test_dashboard",
    "test_case_actions",
    "test_case_life",
    "test_decision_flow",
    "test_every_action",
    "test_fees",
    "test_identity_scans",
    "test_office_cases",
    "test_offices",
    "test_intake_people_forms",
    "test_mail_intake",
    "test_one_action",
    "test_queues",
    "test_reports",
    "test_roles",
    "test_saved_filters",
    "test_rules_address",
    "test_rules_people",
    "test_rules_third_party",
    "test_rules_time",
    "test_search_databases",
    "test_search_index",
    "test_settings",
    "test_settings_effects",
    "test_user_admin",
}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if module in ON_BOTH_DATABASES and "database_kind" in metafunc.fixturenames:
        metafunc.parametrize(
            "database_kind",
            ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)],
            indirect=True,
        )


@pytest.fixture
def database_kind(request: pytest.FixtureRequest) -> str:
    return getattr(request, "param", "sqlite")


def _server(postgres_url: str) -> sa.Engine:
    """The server's `test` database, for creating and dropping others."""
    base = postgres_url.rsplit("/", 1)[0]
    return sa.create_engine(f"{base}/test", isolation_level="AUTOCOMMIT", poolclass=sa.NullPool)


def _drop(server: sa.Engine, name: str) -> None:
    with server.connect() as connection:
        connection.execute(
            sa.text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"),
            {"n": name},
        )
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))


@pytest.fixture(scope="session")
def postgres_migrated(postgres_url: str) -> Iterator[str]:
    """A database of this test process, migrated once and emptied before each test.

    Its own, apart from `postgres_url`'s (which `any_db` drops the schema of between tests).
    """
    name = f"privacy_desk_services_{uuid.uuid4().hex[:10]}"
    server = _server(postgres_url)
    with server.connect() as connection:
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = postgres_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        connect(url).dispose()
        yield url
    finally:
        _drop(server, name)
        server.dispose()


@pytest.fixture
def postgres_clean(postgres_migrated: str) -> str:
    """The migrated database with every table emptied and every counter back at 1: as fresh as
    a new one, in a fraction of the time (the audit trail's guards are left out for the reset)."""
    engine = sa.create_engine(postgres_migrated, poolclass=sa.NullPool)
    with engine.begin() as connection:
        tables = connection.scalars(
            sa.text(
                "SELECT quote_ident(tablename) FROM pg_tables "
                "WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
            )
        ).all()
        connection.execute(sa.text("SET LOCAL session_replication_role = replica"))
        connection.execute(sa.text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        # What the migrations fill in themselves, as a new database has it: the two offices.
        for office in _OFFICES_REVISION.OFFICES:
            connection.execute(
                sa.insert(Office).values(**office, active=True, version=1),
            )
        connection.execute(
            sa.text("SELECT setval('offices_id_seq', (SELECT max(id) FROM offices))")
        )
    engine.dispose()
    return postgres_migrated


@pytest.fixture
def db(database_kind: str, sqlite_url: str, request: pytest.FixtureRequest) -> Iterator[Database]:
    if database_kind == "sqlite":
        database = connect(sqlite_url)
    else:
        database = connect(request.getfixturevalue("postgres_clean"))
    try:
        yield database
    finally:
        database.dispose()
