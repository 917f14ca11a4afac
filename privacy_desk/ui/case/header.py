"""The top of the case workspace: reference, status, next step, deadlines, people, case details.

A mixin of CaseWorkspace, so the labels and fields stay the workspace's attributes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from privacy_desk.domain.rules import Action
from privacy_desk.domain.vocabulary import RequesterRole
from privacy_desk.i18n import _, label
from privacy_desk.i18n import language as screen_language
from privacy_desk.services.dto import CaseDetail, PersonForm
from privacy_desk.ui.case.parts import Outcome, S, WorkspaceMixin, make_button, show_state
from privacy_desk.ui.case.people import PersonDialog, person_text
from privacy_desk.ui.case.watch import ChangedBar
from privacy_desk.ui.text_limits import limit_text
from privacy_desk.ui.widgets import DeadlineStrip, FieldError, MessageBar

if TYPE_CHECKING:
    from privacy_desk.ui.case.workspace import CaseWorkspace


class CaseHeader(WorkspaceMixin):
    """Builds and fills the header, the requester and data-subject boxes and the case details."""

    def _build_header(self, outer: QVBoxLayout) -> None:
        header = QFrame()
        header.setObjectName("case_header")
        head = QVBoxLayout(header)
        head.setContentsMargins(0, 0, 0, 0)
        head.setSpacing(2)
        top = QHBoxLayout()
        self.reference_label = QLabel()
        self.reference_label.setObjectName("case_reference")
        font = self.reference_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.reference_label.setFont(font)
        self.reference_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status_label = QLabel()
        self.status_label.setObjectName("case_status")
        self.status_label.setStyleSheet(
            "background: #e8edf3; color: #2f3f52; border-radius: 4px; padding: 3px 8px;"
            " font-weight: 600;"
        )
        self.kinds_label = QLabel()
        self.kinds_label.setObjectName("case_kinds")
        self.kinds_label.setWordWrap(True)
        self.owner_label = QLabel()
        self.owner_label.setObjectName("case_owner")
        self.office_label = QLabel()
        self.office_label.setObjectName("case_office")
        self.office_label.setContentsMargins(0, 0, 12, 0)
        top.addWidget(self.reference_label)
        top.addWidget(self.status_label)
        top.addWidget(self.kinds_label, 1)
        top.addWidget(self.office_label)
        top.addWidget(self.owner_label)
        head.addLayout(top)
        self.next_label = QLabel()
        self.next_label.setObjectName("next_step")
        self.next_label.setWordWrap(True)
        self.next_label.setStyleSheet("font-weight: 600; color: #1a3d6d;")
        head.addWidget(self.next_label)
        self.send_back_label = QLabel()
        self.send_back_label.setObjectName("send_back_comment")
        self.send_back_label.setWordWrap(True)
        self.send_back_label.setStyleSheet(
            "background: #fff4ce; color: #6b4a00; padding: 4px; border-radius: 3px;"
        )
        head.addWidget(self.send_back_label)
        self.problems_label = QLabel()
        self.problems_label.setObjectName("identity_problems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setStyleSheet("color: #8a1c24;")
        head.addWidget(self.problems_label)
        outer.addWidget(header)

        self.message_bar = MessageBar()
        outer.addWidget(self.message_bar)
        # Changed on another desk: said as soon as it happens (ui/case/watch.py).
        self.changed_bar = ChangedBar(cast("CaseWorkspace", self))
        outer.addWidget(self.changed_bar)

        self.deadline_strip = DeadlineStrip()
        outer.addWidget(self.deadline_strip)

        people = QHBoxLayout()
        self.requester_box = QGroupBox(_("Requester"))
        requester = QVBoxLayout(self.requester_box)
        self.requester_label = QLabel()
        self.requester_label.setObjectName("requester_text")
        self.requester_label.setWordWrap(True)
        self.requester_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit_requester_button = make_button(_("Edit…"), "edit_requester")
        requester.addWidget(self.requester_label, 1)
        requester.addWidget(self.edit_requester_button, 0, Qt.AlignmentFlag.AlignRight)
        self.subject_box = QGroupBox(_("Data subject"))
        subject = QVBoxLayout(self.subject_box)
        self.subject_label = QLabel()
        self.subject_label.setObjectName("subject_text")
        self.subject_label.setWordWrap(True)
        self.subject_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.edit_subject_button = make_button(_("Edit…"), "edit_subject")
        subject.addWidget(self.subject_label, 1)
        subject.addWidget(self.edit_subject_button, 0, Qt.AlignmentFlag.AlignRight)

        details_box = QGroupBox(_("Case"))
        details = QGridLayout(details_box)
        self.summary_edit = QLineEdit()
        self.summary_edit.setObjectName("case_summary")
        limit_text(self.summary_edit, "summary")
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("case_language")
        self.language_combo.addItem(_("Japanese"), "ja")
        self.language_combo.addItem(_("English"), "en")
        self.large_print_check = QCheckBox(_("Large print"))
        self.large_print_check.setObjectName("case_large_print")
        self.save_details_button = make_button(_("Save details"), "save_details")
        self.details_error = FieldError()
        self.linked_label = QLabel()
        self.linked_label.setObjectName("linked_cases")
        self.linked_label.setWordWrap(True)
        self.linked_label.setStyleSheet("color: #5f6368;")
        self.summary_edit.setAccessibleName(_("Summary"))
        self.language_combo.setAccessibleName(_("Letters in"))
        details.addWidget(QLabel(_("Summary")), 0, 0)
        details.addWidget(self.summary_edit, 0, 1, 1, 3)
        details.addWidget(QLabel(_("Letters in")), 1, 0)
        details.addWidget(self.language_combo, 1, 1)
        details.addWidget(self.large_print_check, 1, 2)
        details.addWidget(self.save_details_button, 1, 3, Qt.AlignmentFlag.AlignRight)
        details.addWidget(self.details_error, 2, 0, 1, 4)
        details.addWidget(self.linked_label, 3, 0, 1, 4)
        details.setColumnStretch(1, 1)
        people.addWidget(self.requester_box, 3)
        people.addWidget(self.subject_box, 3)
        people.addWidget(details_box, 4)
        outer.addLayout(people)

    def _show_header(self, d: CaseDetail, keep_details: bool) -> None:
        self.reference_label.setText(d.reference)
        status = label(d.status)
        if d.closure_kind:
            status += f" ({label(d.closure_kind)})"
        self.status_label.setText(status)
        self.kinds_label.setText(
            _("{kinds} — {channel}").format(
                kinds=_(", ").join(label(k) for k in d.kinds), channel=label(d.channel)
            )
        )
        self.owner_label.setText(
            _("Owner: {name}").format(name=d.owner) if d.owner else _("Unassigned")
        )
        offices = getattr(self, "offices", [])
        office = next((o for o in offices if o.code == d.office_code), None)
        self.office_label.setText(
            _("Office: {name}").format(
                name=office.name(screen_language()) if office else d.office_code
            )
        )
        self.next_label.setText(
            _("Next: {step}").format(step=_(d.next_step)) if d.next_step else ""
        )
        self.next_label.setVisible(bool(d.next_step))
        self.send_back_label.setText(
            _("Sent back by the supervisor: {comment}").format(comment=d.send_back_comment)
        )
        self.send_back_label.setVisible(
            bool(d.send_back_comment) and d.status is S.IN_INVESTIGATION
        )
        self.problems_label.setText("\n".join(f"• {_(p)}" for p in d.identity_problems))
        self.problems_label.setVisible(bool(d.identity_problems) and d.status.is_open)

        self.deadline_strip.set_deadlines(d.deadlines, d.status is S.AWAITING_REQUESTER)

        role = d.requester_role
        self.requester_box.setTitle(
            _("Requester — {role}").format(role=label(role))
            if role is not RequesterRole.PERSON
            else _("Requester — the person")
        )
        self.requester_label.setText(person_text(d.requester))
        separate = d.subject.id != d.requester.id
        self.subject_box.setVisible(separate)
        self.subject_label.setText(person_text(d.subject))
        edit = self.state(Action.EDIT_CASE)
        editable = edit.enabled
        for button in (self.edit_requester_button, self.edit_subject_button):
            show_state(button, edit)
        if not keep_details:
            self.summary_edit.blockSignals(True)
            self.summary_edit.setText(d.summary)
            self.summary_edit.blockSignals(False)
            self.language_combo.blockSignals(True)
            self.language_combo.setCurrentIndex(
                max(self.language_combo.findData(d.letter_language), 0)
            )
            self.language_combo.blockSignals(False)
            self.large_print_check.blockSignals(True)
            self.large_print_check.setChecked(d.large_print)
            self.large_print_check.blockSignals(False)
        self.summary_edit.setReadOnly(not editable)
        self.language_combo.setEnabled(editable)
        self.large_print_check.setEnabled(editable)
        self._on_details_edited()
        self.linked_label.setText(
            _("Linked cases: {refs}").format(refs=", ".join(d.linked_references))
            if d.linked_references
            else ""
        )
        self.linked_label.setVisible(bool(d.linked_references))

    # ---------------------------------------------------------------- details and people

    def _details_values(self) -> tuple[str, str, bool]:
        return (
            self.summary_edit.text().strip(),
            self.language_combo.currentData(),
            self.large_print_check.isChecked(),
        )

    def _details_dirty(self, d: CaseDetail) -> bool:
        return self._details_values() != (d.summary, d.letter_language, d.large_print)

    def _on_details_edited(self, *_args: object) -> None:
        dirty = self.detail is not None and self._details_dirty(self.detail)
        self.save_details_button.setEnabled(dirty and self.state(Action.EDIT_CASE).enabled)

    def _on_save_details_clicked(self, *, then: Outcome | None = None) -> bool:
        self.details_error.clear_message()
        summary, language, large = self._details_values()
        return self.perform(
            lambda version: self.service.update_case(
                self.case_id,
                version,
                summary=summary,
                letter_language=language,
                large_print=large,
            ),
            self.details_error.show_for,
            then=then,
        )

    def _edit_person(self, which: str) -> None:
        if self.detail is None:
            return
        person = self.detail.requester if which == "requester" else self.detail.subject
        title = _("Edit the requester") if which == "requester" else _("Edit the data subject")
        person_id = person.id

        def save(form: PersonForm, error: FieldError, saved: Callable[[], None]) -> bool:
            return self.perform(
                lambda version: self.service.update_person(
                    self.case_id, version, person_id, form, opened=person
                ),
                error.show_for,
                saved,
            )

        dialog = PersonDialog(person, title, save, self)
        dialog.setObjectName(f"person_dialog_{which}")
        self.person_dialog = dialog
        dialog.open()
