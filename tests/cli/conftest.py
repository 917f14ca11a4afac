"""The command speaks the system's language; these tests read its English, whatever the machine's.

Every test also runs on one pinned day (the services' test clock), so that no result depends on
the day the suite runs.
"""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def english_system(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "en")


PINNED_NOW = "2026-11-24T15:00:00+09:00"


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PRIVACY_DESK_TODAY", PINNED_NOW)
