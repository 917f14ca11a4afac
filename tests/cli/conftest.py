"""The command speaks the system's language; these tests read its English, whatever the machine's.

Every test also runs on one pinned day (the services' test clock), so that no result depends on
the day the suite runs.
"""

from __future__ import annotations

import pytest

from tests.conftest import PASSWORD


@pytest.fixture(autouse=True)
def english_system(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "en")


PINNED_NOW = "2026-11-24T15:00:00+09:00"


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVACY_DESK_TODAY", PINNED_NOW)


def log_in_as(monkeypatch: pytest.MonkeyPatch, login: str, password: str = PASSWORD) -> None:
    """The commands that follow log in as this user (PRIVACY_DESK_USER/PASSWORD)."""
    monkeypatch.setenv("PRIVACY_DESK_USER", login)
    monkeypatch.setenv("PRIVACY_DESK_PASSWORD", password)


def admin_logged_in(url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A first administrator, kanri, on the database at url; the commands log in as kanri."""
    from privacy_desk.services.base import Context
    from privacy_desk.services.users import create_first_admin
    from privacy_desk.storage.db import connect

    db = connect(url)
    try:
        create_first_admin(Context(db), "kanri", "管理 次郎", PASSWORD)
    finally:
        db.dispose()
    log_in_as(monkeypatch, "kanri")
