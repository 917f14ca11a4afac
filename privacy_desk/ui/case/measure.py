"""The decision form of one requested measure (outcome, grounds, reasons, method, dates)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from privacy_desk.domain.errors import DomainError, ValidationError
from privacy_desk.domain.rules import Action
from privacy_desk.domain.vocabulary import (
    OUTCOMES_BY_KIND,
    OUTCOMES_NEEDING_DISCLOSURE_GROUND,
    OUTCOMES_NEEDING_REASONS,
    DisclosureMethod,
    DisclosureRefusalGround,
    RequestKind,
)
from privacy_desk.i18n import _, label
from privacy_desk.services.dto import DecisionForm, MeasureData
from privacy_desk.ui.case.parts import DISCLOSURE_KINDS, Outcome, make_button, plain_edit
from privacy_desk.ui.text_limits import limit_text
from privacy_desk.ui.widgets import (
    EnumChecks,
    EnumCombo,
    FieldError,
    OptionalDateEdit,
    format_day,
    refusal_text,
    with_error,
)

if TYPE_CHECKING:
    from privacy_desk.ui.case.workspace import CaseWorkspace


# ==================================================================== decision


class MeasureDecision(QGroupBox):
    """The decision on one requested measure: outcome, grounds, reasons and the rest."""

    def __init__(self, workspace: CaseWorkspace, measure: MeasureData) -> None:
        super().__init__()
        self.workspace = workspace
        self.measure = measure
        self.kind = measure.kind
        self.setObjectName(f"measure_{measure.position}")
        self.setTitle(f"{measure.position + 1}. {label(measure.kind)}")
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.asked_label = QLabel()
        self.asked_label.setWordWrap(True)
        self.asked_label.setStyleSheet("color: #5f6368;")
        form.addRow(_("Asked"), self.asked_label)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("decision_saved")
        form.addRow(_("Saved"), self.saved_label)

        self.outcome_combo = EnumCombo(OUTCOMES_BY_KIND[measure.kind], _("— choose an outcome —"))
        self.outcome_combo.setObjectName("outcome")
        form.addRow(_("Outcome"), self.outcome_combo)
        self.grounds: EnumChecks | None = None
        self.withheld_edit: QPlainTextEdit | None = None
        self.method_combo: EnumCombo | None = None
        self.enclosures_edit: QLineEdit | None = None
        self.changes_edit: QPlainTextEdit | None = None
        self.alternative_edit: QLineEdit | None = None
        disclosure = measure.kind in DISCLOSURE_KINDS
        if disclosure:
            self.grounds = EnumChecks(list(DisclosureRefusalGround))
            self.grounds.setObjectName("disclosure_grounds")
            for box in self.grounds.widgets():
                assert isinstance(box, QCheckBox)
                box.setToolTip(box.text())
            form.addRow(_("Art. 33(2) grounds"), self.grounds)
        self.reasons_edit = plain_edit(
            _("Required when the outcome refuses in whole or in part (APPI Art. 36)"),
            70,
            "reasons",
        )
        limit_text(self.reasons_edit, "reasons")
        self.reasons_error = FieldError()
        self.reasons_error.setObjectName("reasons_error")
        self.reasons_caption = QLabel(_("Reasons"))
        form.addRow(self.reasons_caption, with_error(self.reasons_edit, self.reasons_error))
        if disclosure:
            self.withheld_edit = plain_edit(
                _("What is withheld, if anything"), 50, "withheld_parts"
            )
            limit_text(self.withheld_edit, "withheld_parts")
            form.addRow(_("Withheld parts"), self.withheld_edit)
            self.method_combo = EnumCombo(DisclosureMethod, _("— not chosen —"))
            self.method_combo.setObjectName("decision_method")
            form.addRow(_("Method"), self.method_combo)
            self.enclosures_edit = QLineEdit()
            self.enclosures_edit.setObjectName("enclosures")
            limit_text(self.enclosures_edit, "enclosures")
            form.addRow(_("Enclosures"), self.enclosures_edit)
        if measure.kind is RequestKind.CORRECTION:
            self.changes_edit = plain_edit(_("before → after, one change a line"), 50, "changes")
            limit_text(self.changes_edit, "changes")
            form.addRow(_("Changes (before → after)"), self.changes_edit)
        if measure.kind is RequestKind.SUSPENSION:
            self.alternative_edit = QLineEdit()
            self.alternative_edit.setObjectName("alternative_measure")
            limit_text(self.alternative_edit, "alternative_measure")
            form.addRow(_("Alternative measure"), self.alternative_edit)
        self.action_date_edit = OptionalDateEdit(_("Action date"))
        self.action_date_edit.setObjectName("action_date")
        form.addRow(_("Action date"), self.action_date_edit)
        self.error = FieldError()
        form.addRow(self.error)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_button = make_button(_("Save decision"), "save_decision")
        row.addWidget(self.save_button)
        form.addRow(row)

        self.outcome_combo.currentIndexChanged.connect(self._on_outcome_changed)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.set_measure(measure, force=True)

    def _inputs(self) -> list[QWidget]:
        widgets: list[QWidget] = [self.outcome_combo, self.reasons_edit, self.action_date_edit]
        for widget in (
            self.withheld_edit,
            self.method_combo,
            self.enclosures_edit,
            self.changes_edit,
            self.alternative_edit,
        ):
            if widget is not None:
                widgets.append(widget)
        if self.grounds:
            widgets += self.grounds.widgets()
        return widgets

    def _on_outcome_changed(self) -> None:
        outcome = self.outcome_combo.value()
        if self.grounds:
            needs_ground = outcome in OUTCOMES_NEEDING_DISCLOSURE_GROUND
            self.grounds.setEnabled(needs_ground and self.editable)
        needs_reasons = outcome in OUTCOMES_NEEDING_REASONS
        self.reasons_caption.setText(_("Reasons (required)") if needs_reasons else _("Reasons"))

    @property
    def editable(self) -> bool:
        return self.workspace.state(Action.RECORD_DECISION).enabled

    def values(self) -> tuple[Any, ...]:
        """What the form shows, comparable with values_of(measure) to tell an edit in progress."""
        return (
            self.outcome_combo.value(),
            self.grounds.values() if self.grounds else (),
            self.reasons_edit.toPlainText().strip(),
            self.withheld_edit.toPlainText().strip() if self.withheld_edit else "",
            self.method_combo.value() if self.method_combo else None,
            self.enclosures_edit.text().strip() if self.enclosures_edit else "",
            self.changes_edit.toPlainText().strip() if self.changes_edit else "",
            self.alternative_edit.text().strip() if self.alternative_edit else "",
            self.action_date_edit.text().strip(),
        )

    def values_of(self, m: MeasureData) -> tuple[Any, ...]:
        disclosure = m.kind in DISCLOSURE_KINDS
        return (
            m.outcome,
            tuple(g for g in DisclosureRefusalGround if g in m.disclosure_grounds)
            if disclosure
            else (),
            m.reasons,
            m.withheld_parts if disclosure else "",
            m.method if disclosure else None,
            m.enclosures if disclosure else "",
            m.changes if m.kind is RequestKind.CORRECTION else "",
            m.alternative_measure if m.kind is RequestKind.SUSPENSION else "",
            format_day(m.action_date),
        )

    def has_unsaved_changes(self) -> bool:
        return self.values() != self.values_of(self.measure)

    def set_measure(self, measure: MeasureData, force: bool = False) -> None:
        """Show the saved decision; an edit in progress is kept unless force."""
        keep = not force and self.has_unsaved_changes()
        self.measure = measure
        asked = [measure.requested] if measure.requested else []
        if measure.method_requested:
            asked.append(_("method: {m}").format(m=label(measure.method_requested)))
        if measure.suspension_grounds:
            asked.append(
                _("grounds claimed: {g}").format(
                    g=", ".join(label(g) for g in measure.suspension_grounds)
                )
            )
        if measure.third_party_recipient:
            asked.append(_("recipient: {r}").format(r=measure.third_party_recipient))
        if measure.third_party_grounds:
            asked.append(
                _("grounds claimed: {g}").format(
                    g=", ".join(label(g) for g in measure.third_party_grounds)
                )
            )
        self.asked_label.setText(_("; ").join(asked) or _("(nothing more was noted)"))
        self.saved_label.setText(
            label(measure.outcome) if measure.outcome else _("no decision saved yet")
        )
        if not keep:
            self.outcome_combo.set_value(measure.outcome)
            if self.grounds:
                self.grounds.set_values(measure.disclosure_grounds)
            self.reasons_edit.setPlainText(measure.reasons)
            if self.withheld_edit:
                self.withheld_edit.setPlainText(measure.withheld_parts)
            if self.method_combo:
                self.method_combo.set_value(measure.method)
            if self.enclosures_edit:
                self.enclosures_edit.setText(measure.enclosures)
            if self.changes_edit:
                self.changes_edit.setPlainText(measure.changes)
            if self.alternative_edit:
                self.alternative_edit.setText(measure.alternative_measure)
            self.action_date_edit.set_date(measure.action_date)
        editable = self.editable
        for widget in self._inputs():
            if isinstance(widget, QPlainTextEdit | QLineEdit):
                widget.setReadOnly(not editable)
            else:
                widget.setEnabled(editable)
        self.save_button.setEnabled(editable)
        self.save_button.setToolTip(
            "" if editable else self.workspace.state(Action.RECORD_DECISION).reason
        )
        self._on_outcome_changed()

    def decision_form(self) -> DecisionForm:
        outcome = self.outcome_combo.value()
        if outcome is None:
            raise ValidationError(
                _("{kind}: choose an outcome.").format(kind=label(self.kind)), field="outcome"
            )
        grounds: tuple[DisclosureRefusalGround, ...] = ()
        if self.grounds and outcome in OUTCOMES_NEEDING_DISCLOSURE_GROUND:
            grounds = self.grounds.values()
        return DecisionForm(
            outcome=outcome,
            reasons=self.reasons_edit.toPlainText().strip(),
            disclosure_grounds=grounds,
            withheld_parts=self.withheld_edit.toPlainText().strip() if self.withheld_edit else "",
            method=self.method_combo.value() if self.method_combo else None,
            enclosures=self.enclosures_edit.text().strip() if self.enclosures_edit else "",
            changes=self.changes_edit.toPlainText().strip() if self.changes_edit else "",
            alternative_measure=self.alternative_edit.text().strip()
            if self.alternative_edit
            else "",
            action_date=self.action_date_edit.date_value(),
        )

    def _on_save_clicked(self, *, then: Outcome | None = None) -> bool:
        self.error.clear_message()
        self.reasons_error.clear_message()
        try:
            form = self.decision_form()
        except ValidationError as exc:
            self.error.show_message(refusal_text(exc))
            return False
        ws = self.workspace
        measure_id = self.measure.id
        return ws.perform(
            lambda version: ws.service.record_decision(ws.case_id, version, measure_id, form),
            self._on_refused,
            then=then,
        )

    def save(self, *, then: Outcome | None = None) -> bool:
        """Start saving this measure's decision; the same promise as a Step."""
        return self._on_save_clicked(then=then)

    def _on_refused(self, exc: DomainError) -> None:
        shown = self.reasons_error if exc.field == "reasons" else self.error
        shown.show_message(refusal_text(exc))
        if exc.field == "reasons":
            self.reasons_edit.setFocus()
        # After the layout has made room for the message, not before.
        scroll = self.workspace.decision_tab.scroll_area
        QTimer.singleShot(0, lambda: scroll.ensureWidgetVisible(shown))
