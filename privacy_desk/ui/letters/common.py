"""What the letters screens share: the one table of letter-kind and language labels, and asking.

`kind_label` is the screens' single source for the name of a kind of letter (the case workspace
imports it from here). `confirm` asks before something that can not be undone, `ask_yes_no` offers a
follow-up step (Yes or No, No the default); both are looked up on this module at the moment of
asking (`common.confirm(...)`), so a test replaces them once.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from privacy_desk.i18n import _, pgettext
from privacy_desk.services.dto import LetterData
from privacy_desk.services.letter_words import KIND_LABELS, LANGUAGES, kind_label

__all__ = ["KIND_LABELS", "LANGUAGES", "ask_yes_no", "confirm", "kind_label"]

MUTED_STYLE = "color: #5f6368;"


def language_label(language: str) -> str:
    return _(dict(LANGUAGES).get(language, language))


def confirm(parent: QWidget | None, title: str, text: str, accept_text: str) -> bool:
    """Ask before something that can not be undone; tests replace this function."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    accept = box.addButton(accept_text, QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.exec()
    return box.clickedButton() is accept


def ask_yes_no(
    parent: QWidget | None, title: str, text: str, on_yes: Callable[[], None]
) -> QMessageBox:
    """Offer a follow-up step: a question with Yes and No, No the default; `on_yes` runs only
    after a Yes. The box is window-modal and does not wait in a nested event loop.

    Looked up on this module when asking (`common.ask_yes_no(...)`), so a test replaces it.
    """
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    box.setObjectName("yes_no_question")
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    yes = box.addButton(pgettext("question", "Yes"), QMessageBox.ButtonRole.YesRole)
    no = box.addButton(pgettext("question", "No"), QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)
    box.setEscapeButton(no)

    def finished(_result: int) -> None:
        if box.clickedButton() is yes:
            on_yes()

    box.finished.connect(finished)
    box.open()
    return box


def letter_file_name(reference: str, letter: LetterData) -> str:
    """A file name that says which letter it is, without any personal data."""
    return f"{reference}-letter-{letter.number}-{letter.kind}-{letter.language}.pdf"
