"""The start-up's database message: advice to restore a backup only for a damaged file."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox

from privacy_desk.app import open_database
from privacy_desk.storage import opening
from privacy_desk.storage.db import connect
from tests.storage.test_opening import locked_by_another_program


@pytest.fixture
def shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    texts: list[str] = []

    def fake_exec(box: QMessageBox) -> int:
        texts.append(box.text() + "\n" + box.informativeText())
        return 0

    monkeypatch.setattr(QMessageBox, "exec", fake_exec)
    return texts


def test_a_locked_database_is_not_told_to_be_restored(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shown: list[str]
) -> None:
    monkeypatch.setattr(opening, "LOCK_WAIT_SECONDS", 0.3)
    path = tmp_path / "desk.sqlite3"
    connect(f"sqlite:///{path}").dispose()
    with locked_by_another_program(path):
        assert open_database(f"sqlite:///{path}") is None
    assert len(shown) == 1
    assert "locked by another program" in shown[0]
    assert "backup file over" not in shown[0] and "do not restore a backup" in shown[0]


def test_a_mistyped_path_makes_no_database(qtbot, tmp_path: Path, shown: list[str]) -> None:
    path = tmp_path / "typo.sqlite3"
    assert open_database(f"sqlite:///{path}") is None
    assert "There is no Privacy Desk database at" in shown[0]
    assert not path.exists()


def test_the_first_start_makes_its_database_in_the_data_folder(
    qtbot, tmp_path: Path, shown: list[str]
) -> None:
    db = open_database(None)
    assert db is not None and not shown
    db.dispose()
    assert (tmp_path / "data" / "privacy-desk.sqlite3").stat().st_size > 0
