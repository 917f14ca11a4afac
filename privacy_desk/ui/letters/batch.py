"""Letters for many cases at once: one letter per selected case, issued in the background.

`BatchLettersDialog` first lists the selected cases and, for each, whether it will get the letter
and why the others will not (another person's case, already decided, closed, the letter already
issued, a state the letter does not fit: `LetterService.batch_plan`), before anything is issued.
Only the eligible cases are issued, in one `ServiceOp` with progress, shown in a progress dialog
that can be cancelled (the letters issued before the cancel stay issued); a case refused meanwhile
is listed with the reason; then the combined PDF is printed and the dispatch of the issued letters
can be recorded at once (`BatchDispatchDialog`). An issued letter is never changed: the screen
says so before issuing.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QPushButton,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.errors import DomainError
from privacy_desk.domain.rules import PERMISSIONS, Action
from privacy_desk.i18n import _, ngettext, pgettext, sentences
from privacy_desk.letters import LetterKind
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.letter_flow import BatchCase
from privacy_desk.services.letters import BatchResult, LetterOptions, LetterService
from privacy_desk.ui.dialogs import BaseDialog
from privacy_desk.ui.errors import show_error
from privacy_desk.ui.letters import common
from privacy_desk.ui.letters.batch_dispatch import BatchDispatchDialog
from privacy_desk.ui.letters.common import LANGUAGES, kind_label
from privacy_desk.ui.letters.pdf_view import print_pdf, save_pdf
from privacy_desk.ui.ops import OpHandle, ServiceOp, alive
from privacy_desk.ui.widgets import read_only_table, refusal_text


class BatchLettersDialog(BaseDialog):
    """One letter for each selected case, issued in the background, then printed as one PDF."""

    batch_finished = Signal(int)

    BATCH_KINDS = (
        LetterKind.ACKNOWLEDGEMENT,
        LetterKind.IDENTITY_REQUEST,
        LetterKind.DECISION,
        LetterKind.EXTENSION,
        LetterKind.ANSWER,
    )

    def __init__(
        self, context: Context, actor: Actor, case_ids: list[int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent, "batch_letters")
        self.context = context
        self.actor = actor
        self.case_ids = list(case_ids)
        self.batch_result: BatchResult | None = None
        self.progress_dialog: QProgressDialog | None = None
        self.last_progress: tuple[int, int] = (0, 0)
        self._task: OpHandle | None = None
        self.plan: tuple[BatchCase, ...] = ()
        self.dispatch_dialog: BatchDispatchDialog | None = None
        self.setWindowTitle(_("Issue letters for {n} cases").format(n=len(self.case_ids)))

        self.intro_label = QLabel(
            _(
                "One letter is issued for each selected case that may have it, numbered on its "
                "case and kept exactly as issued. The list says which of the {n} selected cases "
                "will get the letter and why the others will not; nothing is issued before you "
                "confirm. The letters are then printed together."
            ).format(n=len(self.case_ids))
        )
        self.intro_label.setWordWrap(True)
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("batch_kind")
        for kind in self.BATCH_KINDS:
            self.kind_combo.addItem(kind_label(kind), kind.value)
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("batch_language")
        self.language_combo.addItem(_("Each case's letter language"), None)
        for code, name in LANGUAGES:
            self.language_combo.addItem(_(name), code)
        form = QFormLayout()
        form.addRow(_("Kind"), self.kind_combo)
        form.addRow(_("Language"), self.language_combo)

        self.plan_label = QLabel(_("Checking the selected cases…"))
        self.plan_label.setObjectName("batch_plan_label")
        self.plan_label.setWordWrap(True)
        self.plan_table = read_only_table(
            [_("Case"), _("Gets the letter"), _("Why not")], "batch_plan", stretch=2
        )

        self.summary = QTextBrowser()
        self.summary.setObjectName("batch_summary")
        self.summary.setOpenLinks(False)
        self.summary.hide()

        self.issue_button = QPushButton(_("&Issue and print…"))
        self.issue_button.setObjectName("issue_button")
        self.issue_button.setDefault(True)
        self.dispatch_button = QPushButton(_("Record &dispatch…"))
        self.dispatch_button.setObjectName("dispatch_button")
        self.dispatch_button.setToolTip(
            _("Record how and when the issued letters were sent: one way, one date")
        )
        self.print_button = QPushButton(_("&Print…"))
        self.print_button.setObjectName("print_button")
        self.save_button = QPushButton(_("Save as &PDF…"))
        self.save_button.setObjectName("save_button")
        self.close_button = QPushButton(_("Close"))
        self.close_button.setObjectName("close_button")
        for button in (self.print_button, self.save_button, self.dispatch_button):
            button.setEnabled(False)
        self.issue_button.setEnabled(False)  # until the plan says who gets the letter
        buttons = QHBoxLayout()
        buttons.addWidget(self.issue_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.dispatch_button)
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(form)
        layout.addWidget(self.plan_label)
        layout.addWidget(self.plan_table, 2)
        layout.addWidget(self.summary, 1)
        layout.addLayout(buttons)
        self.resize(760, 560)

        self.kind_combo.currentIndexChanged.connect(self._on_kind_changed)
        self.issue_button.clicked.connect(self._on_issue_clicked)
        self.dispatch_button.clicked.connect(self._on_dispatch_clicked)
        self.print_button.clicked.connect(self._on_print_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.close_button.clicked.connect(self.reject)
        self._load_plan()

    def _may_issue(self) -> bool:
        return self.actor.role in PERMISSIONS[Action.ISSUE_LETTER]

    # ------------------------------------------------------------------ the plan

    def _load_plan(self) -> None:
        """Ask which selected cases would get a letter of the chosen kind (nothing is issued)."""
        self.plan = ()
        self.issue_button.setEnabled(False)
        self.plan_label.setText(_("Checking the selected cases…"))
        service = LetterService(self.context, self.actor)
        case_ids, kind = list(self.case_ids), self.kind()
        ServiceOp(self, lambda: service.batch_plan(case_ids, kind)).key("plan").success(
            self._show_plan
        ).failure(self._on_plan_refused).run()

    def _on_kind_changed(self) -> None:
        if self.batch_result is None and not self.is_running():
            self._load_plan()

    def _on_plan_refused(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError):
            self.plan_label.setText(refusal_text(exc))

    def _show_plan(self, plan: tuple[BatchCase, ...]) -> None:
        self.plan = plan
        table = self.plan_table
        table.setRowCount(len(plan))
        for row, entry in enumerate(plan):
            gets = QTableWidgetItem(
                pgettext("batch", "Yes") if entry.eligible else _("No: not issued")
            )
            if not entry.eligible:
                # Words first; the colour only repeats them.
                gets.setForeground(QBrush(QColor("#a50e0e")))
            values = [QTableWidgetItem(entry.reference), gets, QTableWidgetItem(entry.reason)]
            for column, item in enumerate(values):
                item.setData(Qt.ItemDataRole.UserRole, entry.case_id)
                table.setItem(row, column, item)
        eligible = self.eligible_ids()
        self.plan_label.setText(
            sentences(
                ngettext(
                    "{n} of {total} selected cases will get the letter.",
                    "{n} of {total} selected cases will get the letter.",
                    len(eligible),
                ).format(n=len(eligible), total=len(plan)),
                _("The others are listed with the reason.") if len(eligible) < len(plan) else "",
            )
        )
        self.issue_button.setText(
            ngettext(
                "&Issue {n} letter and print…", "&Issue {n} letters and print…", len(eligible)
            ).format(n=len(eligible))
        )
        may = self._may_issue()
        self.issue_button.setEnabled(bool(eligible) and may)
        if not may:
            self.issue_button.setToolTip(_("Your role may look at letters but not issue them."))
        elif not eligible:
            self.issue_button.setToolTip(_("None of the selected cases may have this letter now."))
        else:
            self.issue_button.setToolTip("")

    def eligible_ids(self) -> list[int]:
        return [entry.case_id for entry in self.plan if entry.eligible]

    def kind(self) -> LetterKind:
        return LetterKind(self.kind_combo.currentData())

    def set_kind(self, kind: LetterKind) -> None:
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind.value))

    def is_running(self) -> bool:
        return self._task is not None and self.batch_result is None

    def _on_issue_clicked(self) -> None:
        eligible = self.eligible_ids()
        if self.is_running() or not eligible:
            return
        kind = self.kind()
        language = self.language_combo.currentData()
        total = len(eligible)
        asked = common.confirm(
            self,
            _("Issue letters"),
            _(
                "An issued letter is kept exactly as it is and can not be changed; a correction "
                "is a new letter. Issue {n} letters, one for each case?"
            ).format(n=total)
            + "\n\n"
            + kind_label(kind),
            _("Issue {n} letters").format(n=total),
        )
        if not asked:
            return
        self.issue_button.setEnabled(False)
        self.kind_combo.setEnabled(False)
        self.language_combo.setEnabled(False)
        self.batch_result = None
        progress = QProgressDialog(_("Issuing letters…"), _("Cancel"), 0, total, self)
        progress.setObjectName("batch_progress")
        progress.setWindowTitle(_("Issue letters"))
        # Not modal: a modal progress dialog runs events inside setValue. The controls that
        # could start a second batch are disabled instead; Close cancels (see reject).
        progress.setAutoClose(False)
        progress.setAutoReset(False)
        progress.setMinimumDuration(0)
        progress.setValue(0)
        self.progress_dialog = progress
        case_ids = eligible
        options = LetterOptions(language=language)
        context, actor = self.context, self.actor

        def work(report: Callable[[int, int], bool]) -> BatchResult | Exception:
            try:
                return LetterService(context, actor).issue_batch(case_ids, kind, options, report)
            except DomainError:
                raise
            except Exception as exc:
                # Handed back as an answer: the screen must close its progress before saying it.
                return exc

        self._task = (
            ServiceOp(self, work)
            .progress(self._on_batch_progress)
            .success(self._on_batch_done)
            .failure(self._on_batch_failed)
            .run()
        )
        progress.canceled.connect(self._on_progress_canceled)

    def _on_progress_canceled(self) -> None:
        if self._task is not None:
            self._task.cancel()
        if self.progress_dialog is not None:
            self.progress_dialog.setLabelText(_("Stopping after the letter being issued now…"))

    def _on_batch_progress(self, done: int, total: int) -> None:
        self.last_progress = (done, total)
        progress = self.progress_dialog
        if progress is not None and not progress.wasCanceled():
            progress.setLabelText(
                _("Issuing letters… {done} of {total} cases done").format(done=done, total=total)
            )
            progress.setMaximum(total)
            progress.setValue(done)

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            # Closing a progress dialog emits canceled; the batch is over, so nothing to cancel.
            self.progress_dialog.canceled.disconnect(self._on_progress_canceled)
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _on_batch_done(self, result: BatchResult | Exception) -> None:
        if isinstance(result, Exception):
            self._on_batch_failed(result)
            return
        self.batch_result = result
        self._close_progress()
        self.summary.setPlainText(self.summary_text())
        self.summary.show()
        has_pdf = bool(result.issued)
        self.print_button.setEnabled(has_pdf)
        self.save_button.setEnabled(has_pdf)
        self.dispatch_button.setEnabled(has_pdf and self._may_issue())
        self.close_button.setDefault(not has_pdf)
        self.batch_finished.emit(len(result.issued))
        if has_pdf:
            # Let the summary paint before the system print dialog takes the focus.
            QTimer.singleShot(0, self._on_print_clicked)

    def _on_batch_failed(self, exc: BaseException) -> None:
        self._close_progress()
        self._task = None
        self.issue_button.setEnabled(bool(self.eligible_ids()))
        self.kind_combo.setEnabled(True)
        self.language_combo.setEnabled(True)
        if isinstance(exc, DomainError):
            self.summary.setPlainText(refusal_text(exc))
            self.summary.show()
        else:
            show_error(self, exc)

    def summary_text(self) -> str:
        result = self.batch_result
        if result is None:
            return ""
        lines = [
            _("{n} letters issued.").format(n=len(result.issued))
            if len(result.issued) != 1
            else _("1 letter issued.")
        ]
        if result.cancelled:
            done = len(result.issued) + len(result.refused)
            lines.append(
                _(
                    "Stopped on your request after {done} of {total} cases; the letters issued "
                    "before that stay issued."
                ).format(done=done, total=len(self.eligible_ids()))
            )
        if result.refused:
            lines.append("")
            lines.append(_("{n} refused:").format(n=len(result.refused)))
            for _case_id, reference, reason in result.refused:
                lines.append(f"• {reference}: {reason}")
        if result.issued:
            lines.append("")
            lines.append(
                _(
                    "Print the letters, send them, then record their dispatch here (Record "
                    "dispatch), or a registered letter's on its case (Letters tab)."
                )
            )
        return "\n".join(lines)

    def _on_dispatch_clicked(self) -> None:
        result = self.batch_result
        if result is None or not result.issued:
            return
        ids = [letter.id for _case_id, letter in result.issued]
        dialog = BatchDispatchDialog(self.context, self.actor, ids, self)
        dialog.accepted.connect(self._on_dispatch_recorded)
        self.dispatch_dialog = dialog
        dialog.open()

    def _on_dispatch_recorded(self) -> None:
        dialog = self.dispatch_dialog
        if dialog is None or dialog.refused is None:
            return
        recorded = len(dialog.letter_ids) - len(dialog.refused)
        lines = [
            "",
            ngettext(
                "Dispatch recorded for {n} letter: {method}, {day}.",
                "Dispatch recorded for {n} letters: {method}, {day}.",
                recorded,
            ).format(n=recorded, method=dialog.method_combo.currentText(), day=dialog.day()),
        ]
        for _letter_id, reason in dialog.refused:
            lines.append(f"• {reason}")
        self.summary.append("\n".join(lines))
        self.dispatch_button.setEnabled(False)
        self.batch_finished.emit(len(self.batch_result.issued) if self.batch_result else 0)

    def _on_print_clicked(self) -> None:
        if not alive(self) or self.batch_result is None or not self.batch_result.combined_pdf:
            return
        print_pdf(self, self.batch_result.combined_pdf)

    def _on_save_clicked(self) -> None:
        if self.batch_result is None or not self.batch_result.combined_pdf:
            return
        today = self.context.today().strftime("%Y%m%d")
        name = f"letters-{self.kind().value}-{today}-{len(self.batch_result.issued)}.pdf"
        path = save_pdf(self, self.batch_result.combined_pdf, name)
        if path is not None:
            self.summary.append("\n" + _("Saved as {file}.").format(file=path.name))

    def reject(self) -> None:
        if self.is_running():
            # Closing mid-batch would leave letters half printed: cancel first, then close.
            self._on_progress_canceled()
            return
        super().reject()
