"""Intakes at the edges of a working day: half-typed ones when the desk closes, drafts at start.

Closing the main window with an intake half typed asks first: keep it as a draft, discard it,
or cancel the closing. After log-in, drafts left by an earlier session (a crash, a closed
desk) are offered at once, not only when the next intake happens to open.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget

from privacy_desk.domain.vocabulary import Channel
from privacy_desk.i18n import _, ngettext
from privacy_desk.ui.intake.dialog import DRAFT_FORM, IntakeDialog
from privacy_desk.ui.intake.drafts import Draft, waiting_drafts


def half_typed_intakes(window: QWidget) -> list[IntakeDialog]:
    """The window's open intakes with something typed that is not saved."""
    return [d for d in window.findChildren(IntakeDialog) if d.is_half_typed()]


def ask_about_half_typed_intakes(
    parent: QWidget, intakes: list[IntakeDialog], then: Callable[[], object]
) -> QMessageBox:
    """Save as draft / Discard / Cancel, without blocking; `then` runs after the first two."""
    box = QMessageBox(parent)
    box.setObjectName("half_typed_intakes_box")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("Privacy Desk"))
    box.setText(
        ngettext(
            "{n} intake is half typed and not saved as a case. Keep it as a draft?",
            "{n} intakes are half typed and not saved as cases. Keep them as drafts?",
            len(intakes),
        ).format(n=len(intakes))
    )
    box.setInformativeText(_("A draft is offered again when you next log in."))
    keep = box.addButton(_("&Save draft"), QMessageBox.ButtonRole.AcceptRole)
    keep.setObjectName("keep_drafts")
    discard = box.addButton(_("&Discard"), QMessageBox.ButtonRole.DestructiveRole)
    discard.setObjectName("discard_intakes")
    cancel = box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
    cancel.setObjectName("cancel_closing")
    box.setDefaultButton(keep)
    box.setEscapeButton(cancel)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered(button: QAbstractButton) -> None:
        if button is keep:
            for intake in intakes:
                intake.keep_as_draft()
        elif button is discard:
            for intake in intakes:
                intake.discard_and_close()
        else:
            return
        then()

    box.buttonClicked.connect(answered)
    box.open()
    return box


def offer_waiting_drafts(
    parent: QWidget, login: str, open_intake: Callable[[Channel], IntakeDialog | None]
) -> QMessageBox | None:
    """After log-in: say how many drafts wait and open them on request (each restored)."""
    drafts = waiting_drafts(DRAFT_FORM, login)
    if not drafts:
        return None
    box = QMessageBox(parent)
    box.setObjectName("waiting_drafts_box")
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(_("Unsaved intakes"))
    box.setText(
        ngettext(
            "{n} intake from an earlier session was not saved as a case. Open it now?",
            "{n} intakes from an earlier session were not saved as cases. Open them now?",
            len(drafts),
        ).format(n=len(drafts))
    )
    box.setInformativeText(_("Later: each is offered again when you open a new intake."))
    open_button = box.addButton(_("&Open"), QMessageBox.ButtonRole.AcceptRole)
    open_button.setObjectName("open_drafts")
    later = box.addButton(_("&Later"), QMessageBox.ButtonRole.RejectRole)
    later.setObjectName("later_drafts")
    box.setDefaultButton(open_button)
    box.setEscapeButton(later)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def answered(button: QAbstractButton) -> None:
        if button is open_button:
            for draft in drafts:
                dialog = open_intake(_channel_of(draft))
                if dialog is not None and dialog.draft_banner.isVisible():
                    dialog.restore_pending_draft()

    box.buttonClicked.connect(answered)
    box.open()
    return box


def _channel_of(draft: Draft) -> Channel:
    return IntakeDialog.draft_channel(draft) or Channel.PHONE
