"""The one error dialog: a refusal in words, also when no window is there to hold it."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QMessageBox

from privacy_desk.domain.errors import RuleViolation
from privacy_desk.ui import errors


def _boxes() -> list[QMessageBox]:
    return [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QMessageBox) and w.objectName() == "error_box" and w.isVisible()
    ]


def test_an_error_without_a_parent_stays_on_screen_until_closed(qtbot) -> None:
    errors.show_error(None, RuleViolation("The case is closed."))
    boxes = _boxes()
    assert len(boxes) == 1
    assert boxes[0].text() == "The case is closed."
    assert boxes[0].icon() == QMessageBox.Icon.Warning
    boxes[0].accept()
    qtbot.waitUntil(lambda: not errors._parentless)
    assert not _boxes()


def test_an_unexpected_error_is_said_calmly_without_its_text(qtbot) -> None:
    errors.show_error(None, KeyError("山田 太郎"))
    box = _boxes()[0]
    assert "did not expect" in box.text()
    assert "山田" not in box.text()
    box.accept()
    qtbot.waitUntil(lambda: not errors._parentless)
