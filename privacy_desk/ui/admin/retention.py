"""Administration › Retention: the closed cases past their period, and their purge.

The dialog shows the service's dry run (references, closing days, kinds; never a name), and
purges exactly that list after the administrator confirms, in the background (ServiceOp). The
purge itself, and what it does to each table, is the service's (services/retention.py).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.i18n import _, label, ngettext
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.retention import (
    RetentionPlan,
    RetentionResult,
    RetentionService,
    persons_text,
    purge_text,
)
from privacy_desk.ui.dialogs import BaseDialog
from privacy_desk.ui.ops import ServiceOp


class RetentionDialog(BaseDialog):
    """The dry run, then the purge after a confirmation (administrators only)."""

    def __init__(self, context: Context, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent, "retention_dialog")
        self.service = RetentionService(context, actor)
        self.plan: RetentionPlan | None = None
        self.last_purge: RetentionResult | None = None
        self.setWindowTitle(_("Retention"))
        self.resize(720, 460)
        self._build()
        self._connect()
        self.reload()

    def _build(self) -> None:
        self.intro = QLabel(
            _(
                "Closed cases past their retention period (a setting per kind of request). "
                "Purging removes each case with its letters and its persons, except persons "
                "another case still needs; the audit trail keeps a record without names."
            )
        )
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("retention_table")
        self.table.setHorizontalHeaderLabels(
            [_("Reference"), _("Closed on"), _("Kept until"), _("Kinds")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.summary = QLabel()
        self.summary.setObjectName("retention_summary")
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.purge_button = QPushButton(_("&Purge…"))
        self.purge_button.setObjectName("purge_button")
        self.purge_button.setEnabled(False)
        self.buttons.addButton(self.purge_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.buttons)

    def _connect(self) -> None:
        self.buttons.rejected.connect(self.reject)
        self.purge_button.clicked.connect(self._on_purge_clicked)

    def reload(self) -> None:
        """Ask the service for the dry run again."""
        service = self.service
        ServiceOp(self, service.review).success(self._show_plan).key("review").block().run()

    def _show_plan(self, plan: RetentionPlan) -> None:
        self.plan = plan
        self.table.setRowCount(len(plan.items))
        for row, item in enumerate(plan.items):
            cells = (
                item.reference,
                item.closed_on.isoformat(),
                item.kept_until.isoformat(),
                ", ".join(label(kind) for kind in item.kinds),
            )
            for column, value in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(value))
        self.table.resizeColumnsToContents()
        count = len(plan.items)
        text = ngettext(
            "{n} closed case is past its retention period on {day}.",
            "{n} closed cases are past their retention period on {day}.",
            count,
        ).format(n=count, day=plan.today.isoformat())
        if count:
            text += " " + persons_text(plan)
        if self.last_purge is not None:
            text = purge_text(self.last_purge) + "\n" + text
        self.summary.setText(text)
        self.purge_button.setEnabled(count > 0)
        self.purge_button.setText(
            ngettext("&Purge {n} case…", "&Purge {n} cases…", count).format(n=count)
        )

    def _on_purge_clicked(self) -> None:
        plan = self.plan
        if plan is None or not plan.items:
            return
        box = QMessageBox(self)
        box.setObjectName("retention_confirm")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(_("Retention"))
        box.setText(
            ngettext(
                "Purge {n} closed case for good?",
                "Purge {n} closed cases for good?",
                len(plan.items),
            ).format(n=len(plan.items))
        )
        box.setInformativeText(
            _(
                "Their records, letters and persons (unless another case needs them) are "
                "removed and can not be brought back except from a backup."
            )
        )
        purge = box.addButton(_("Purge"), QMessageBox.ButtonRole.DestructiveRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(QMessageBox.StandardButton.NoButton)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        ids = [item.case_id for item in plan.items]
        box.buttonClicked.connect(lambda button: self.purge(ids) if button is purge else None)
        self.confirm_box = box
        box.open()

    def purge(self, case_ids: list[int]) -> None:
        """Purge these cases (those still due: a case reopened meanwhile stays)."""
        service = self.service
        ServiceOp(self, lambda: service.apply(case_ids)).success(self._on_purged).block().run()

    def _on_purged(self, result: RetentionResult) -> None:
        self.last_purge = result
        self.reload()
