"""The Letters tab of one case: the register, a new letter with its preview, and dispatch.

The register lists what was issued (number, kind, language, when, by whom, the start of the
SHA-256, how and when it left); an issued letter can be shown, reprinted, saved and recorded as
sent. The "new letter" form offers only the kinds the case allows now and says why the others
are not; Preview shows the PDF as it would be issued. An issued letter is never changed: a
correction is a new letter with the next number, and the screen says so before issuing.

Every service call runs through `ui.ops.ServiceOp`: the form (or the register) is held busy
while its call runs, and an answer for a closed tab is dropped.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from privacy_desk import i18n
from privacy_desk.domain.errors import DomainError
from privacy_desk.domain.rules import PERMISSIONS, Action
from privacy_desk.domain.vocabulary import CaseStatus, DispatchMethod, PauseReason
from privacy_desk.i18n import _, sentences
from privacy_desk.letters import LetterKind
from privacy_desk.services.base import Actor, ConflictError, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import CaseDetail, LetterData
from privacy_desk.services.letter_flow import closed_reason, next_letter
from privacy_desk.services.letters import LetterOptions, LetterService
from privacy_desk.services.settings import OfficeSettings
from privacy_desk.services.users import list_users, read_settings
from privacy_desk.ui.letters import common
from privacy_desk.ui.letters.common import kind_label, language_label
from privacy_desk.ui.letters.dispatch import DispatchDialog
from privacy_desk.ui.letters.new_letter import NewLetterForm
from privacy_desk.ui.letters.pdf_view import PdfPreview, print_pdf, save_pdf
from privacy_desk.ui.letters.register import LetterRegister
from privacy_desk.ui.ops import ServiceOp, alive
from privacy_desk.ui.widgets import (
    MessageBar,
    refusal_text,
)

DEFAULT_IDENTITY_DAYS = OfficeSettings().reply_business_days  # until the desk is read


class LettersPanel(QWidget):
    """The letters of one case: the register, a new letter with its preview, and dispatch."""

    letters_changed = Signal(int)
    previewed = Signal()

    def __init__(
        self,
        context: Context,
        actor: Actor,
        case_id: int,
        parent: QWidget | None = None,
        detail: CaseDetail | None = None,
    ) -> None:
        """detail: the case as its workspace just loaded it (full), to save a second read."""
        super().__init__(parent)
        self.context = context
        self.actor = actor
        self.case_id = case_id
        self.detail: CaseDetail | None = None
        self.dispatch_dialog: DispatchDialog | None = None
        self._preview_of: tuple[Any, ...] | None = None
        self._preview_caption = ""
        self._names: dict[str, str] = {}
        self._identity_days = DEFAULT_IDENTITY_DAYS
        self._printed: set[int] = set()
        self._suggested: LetterKind | None = None
        self._build()
        self._connect()
        if detail is not None:
            self.show_detail(detail)
        self._load_desk(with_case=detail is None)

    # ------------------------------------------------------------------ construction

    def _build(self) -> None:
        self.message_bar = MessageBar()
        self.register_box = LetterRegister()
        # The register's parts and the form's fields under the names the tab has always had.
        self.table = self.register_box.table
        self.empty_label = self.register_box.empty_label
        self.show_button = self.register_box.show_button
        self.reprint_button = self.register_box.reprint_button
        self.print_button = self.register_box.print_button
        self.save_button = self.register_box.save_button
        self.dispatch_button = self.register_box.dispatch_button
        self.new_box = NewLetterForm()
        self.kind_combo = self.new_box.kind_combo
        self.unavailable_label = self.new_box.unavailable_label
        self.language_combo = self.new_box.language_combo
        self.expected_reply_edit = self.new_box.expected_reply_edit
        self.reply_by_edit = self.new_box.reply_by_edit
        self.fax_number_edit = self.new_box.fax_number_edit
        self.fax_pages_spin = self.new_box.fax_pages_spin
        self.fax_subject_edit = self.new_box.fax_subject_edit
        self.preview_button = self.new_box.preview_button
        self.issue_button = self.new_box.issue_button

        self.preview = PdfPreview()
        self.preview.setObjectName("letter_preview")
        self.preview.clear(
            _("Choose a kind of letter and press Preview to see it as it would be issued.")
        )
        bottom = QSplitter(Qt.Orientation.Horizontal)
        bottom.setChildrenCollapsible(False)
        bottom.addWidget(self.new_box)
        bottom.addWidget(self.preview)
        bottom.setStretchFactor(0, 0)
        bottom.setStretchFactor(1, 1)
        bottom.setSizes([420, 780])
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.register_box)
        self.splitter.addWidget(bottom)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        # The preview gets the room a page needs; the register scrolls in what is left.
        self.splitter.setSizes([140, 660])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.message_bar)
        layout.addWidget(self.splitter, 1)

    def _connect(self) -> None:
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.table.itemDoubleClicked.connect(self._on_table_double_clicked)
        self.show_button.clicked.connect(self._on_show_clicked)
        self.reprint_button.clicked.connect(self._on_reprint_clicked)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.dispatch_button.clicked.connect(self._on_dispatch_clicked)
        self.new_box.options_changed.connect(self._on_new_box_options_changed)
        self.preview_button.clicked.connect(self._on_preview_clicked)
        self.issue_button.clicked.connect(self._on_issue_clicked)

    # ------------------------------------------------------------------ loading

    def _load_desk(self, with_case: bool) -> None:
        """The names of the users and the identity reply days, and the case unless given."""
        context, actor, case_id = self.context, self.actor, self.case_id

        def read() -> tuple[dict[str, str], int, CaseDetail | None]:
            names = {user.login: user.name for user in list_users(context, actor)}
            days = read_settings(context, actor).reply_business_days
            detail = CaseService(context, actor).get(case_id) if with_case else None
            return names, days, detail

        ServiceOp(self, read).key("desk").success(self._on_desk_loaded).failure(
            self._show_load_refusal
        ).run()

    def _on_desk_loaded(self, loaded: tuple[dict[str, str], int, CaseDetail | None]) -> None:
        self._names, self._identity_days, detail = loaded
        detail = detail or self.detail
        if detail is not None:
            self.show_detail(detail)

    def _show_load_refusal(self, exc: BaseException) -> None:
        if isinstance(exc, DomainError):
            self.message_bar.show_message(refusal_text(exc))

    def reload(self) -> None:
        """Read the case again; what is typed in the new-letter area stays as it is."""
        service = CaseService(self.context, self.actor)
        case_id = self.case_id
        ServiceOp(self, lambda: service.get(case_id)).key("case").success(self.show_detail).failure(
            self._show_load_refusal
        ).run()

    def show_detail(self, detail: CaseDetail) -> None:
        """Show this snapshot of the case (the workspace may pass the one it just loaded)."""
        first = self.detail is None
        self.detail = detail
        self.register_box.fill(detail, self._names)
        self.new_box.update_kinds(detail, choose_first=first)
        # The kind the case's next step needs comes first, whenever that need changes (a new
        # case, an identity request issued, a decision approved); a kind chosen by hand stays
        # while the need is the same.
        suggested = next_letter(detail)
        if suggested is not None and (first or suggested != self._suggested):
            self.set_kind(suggested)
        self._suggested = suggested
        self.new_box.show_next(suggested)
        if first:
            self.new_box.choose_language(detail.letter_language)
        self.new_box.fill_defaults(detail, self.context.today(), self._identity_days)
        self._update_buttons()

    # ------------------------------------------------------------------ state

    def kind(self) -> LetterKind:
        return self.new_box.kind()

    def set_kind(self, kind: LetterKind) -> None:
        self.new_box.set_kind(kind)

    def kind_enabled(self, kind: LetterKind) -> bool:
        return self.new_box.kind_enabled(kind)

    def kind_reason(self, kind: LetterKind) -> str:
        return self.new_box.kind_reason(kind)

    def language(self) -> str:
        return self.new_box.language()

    def options(self) -> LetterOptions:
        return self.new_box.options()

    def selected_letter(self) -> LetterData | None:
        return self.register_box.selected_letter() if self.detail is not None else None

    def select_letter(self, number: int) -> None:
        self.register_box.select_letter(number)

    def next_number(self) -> int:
        letters = self.detail.letters if self.detail else ()
        return max((lt.number for lt in letters), default=0) + 1

    def is_busy(self) -> bool:
        """A preview or an issue is on its way (the new-letter form is held meanwhile)."""
        return bool(self.new_box.property("busy"))

    def _may_issue(self) -> bool:
        return self.actor.role in PERMISSIONS[Action.ISSUE_LETTER]

    def _update_buttons(self) -> None:
        self.register_box.update_buttons(self._may_issue(), frozenset(self._printed))
        closed = closed_reason(self.detail) if self.detail is not None else None
        allowed = self.detail is not None and closed is None and self.kind_enabled(self.kind())
        self.preview_button.setEnabled(allowed)
        self.issue_button.setEnabled(allowed and self._may_issue())
        self.new_box.set_open(closed is None)
        if closed is not None:
            self.preview_button.setToolTip(closed)
            self.issue_button.setToolTip(closed)
        elif not self._may_issue():
            self.preview_button.setToolTip(_("Show the letter as it would be issued now"))
            self.issue_button.setToolTip(_("Your role may look at letters but not issue them."))
        else:
            self.preview_button.setToolTip(_("Show the letter as it would be issued now"))
            self.issue_button.setToolTip(
                _("Keep the letter with its number; it can be reprinted but never changed")
            )
        self.new_box.closed_label.setText(closed or "")
        self.new_box.closed_label.setVisible(closed is not None)
        if closed is not None and not self.preview.page_count() and not self.is_busy():
            self.preview.set_message(closed)

    def _read_options(self) -> LetterOptions | None:
        self.new_box.mark_field(None)
        try:
            return self.options()
        except DomainError as exc:
            self.message_bar.show_message(refusal_text(exc))
            self.new_box.mark_field(exc.field)
            return None

    def _preview_key(self, options: LetterOptions) -> tuple[Any, ...]:
        return (self.kind(), options)

    # ------------------------------------------------------------------ new letter

    def _on_new_box_options_changed(self) -> None:
        self._update_buttons()
        if self._preview_of is None or not self.preview.page_count():
            return
        try:
            current = self._preview_key(self.options())
        except DomainError:
            current = None
        caption = self._preview_caption
        if current != self._preview_of:
            caption += _(" — out of date: press Preview again")
        self.preview.caption_label.setText(caption)

    def _on_preview_clicked(self) -> None:
        if self.is_busy() or self.detail is None:
            return
        options = self._read_options()
        if options is None:
            return
        self.message_bar.clear_message()
        kind, case_id = self.kind(), self.case_id
        service = LetterService(self.context, self.actor)
        self.preview.set_message(_("Preparing the preview…"))
        key = self._preview_key(options)
        caption = _("Preview, not issued: {kind} ({language})").format(
            kind=kind_label(kind), language=language_label(options.language or "ja")
        )

        def show(pdf: bytes) -> None:
            self._preview_of = key
            self._preview_caption = caption
            self.preview.set_pdf(pdf, caption)
            self.previewed.emit()

        def refused(exc: BaseException) -> None:
            self.preview.set_message(_("No preview: the letter was refused (see above)."))
            self._on_letter_refused(exc)

        ServiceOp(self.new_box, lambda: service.preview(case_id, kind, options)).block().success(
            show
        ).failure(refused).run()

    def _on_issue_clicked(self) -> None:
        if self.is_busy() or self.detail is None:
            return
        options = self._read_options()
        if options is None:
            return
        kind, number = self.kind(), self.next_number()
        asked = common.confirm(
            self,
            _("Issue letter"),
            _(
                "An issued letter is kept exactly as it is and can not be changed; a correction "
                "is a new letter. Issue letter {n}?"
            ).format(n=number)
            + "\n\n"
            + _("{kind} ({language})").format(
                kind=kind_label(kind), language=language_label(options.language or "ja")
            ),
            _("Issue letter {n}").format(n=number),
        )
        if not asked:
            return
        self.message_bar.clear_message()
        case_id, version = self.case_id, self.detail.version
        service = LetterService(self.context, self.actor)
        cases = CaseService(self.context, self.actor)

        def work() -> tuple[LetterData, bytes, CaseDetail]:
            letter = service.issue(case_id, version, kind, options)
            detail = cases.get(case_id)
            return letter, service.pdf(letter.id, "view"), detail

        ServiceOp(self.new_box, work).block().success(self._on_issued).failure(
            self._on_letter_refused
        ).run()

    def _on_issued(self, result: tuple[LetterData, bytes, CaseDetail]) -> None:
        letter, pdf, detail = result
        self.show_detail(detail)
        self.select_letter(letter.number)
        self._update_buttons()
        self._preview_of = None
        self.preview.set_pdf(pdf, self._issued_caption(letter))
        self.message_bar.show_message(
            _(
                "Letter {n} was issued and kept with its fingerprint. Print it, send it, "
                "then record its dispatch."
            ).format(n=letter.number),
            level="info",
        )
        self.letters_changed.emit(self.case_id)
        if letter.kind == LetterKind.IDENTITY_REQUEST.value:
            self._offer_pause(detail)

    def _offer_pause(self, detail: CaseDetail) -> None:
        """After an identity request: pause the clock while the documents are awaited? Only
        with the user's yes; the case's own pause action does it."""
        state = detail.actions.get(Action.PAUSE)
        if state is None or not state.enabled:
            return
        service = CaseService(self.context, self.actor)
        case_id, version = self.case_id, detail.version

        def paused(new: CaseDetail) -> None:
            self.show_detail(new)
            self.message_bar.show_message(
                _("The clock is paused: awaiting identity documents."), level="info"
            )
            self.letters_changed.emit(self.case_id)

        def pause() -> None:
            if not alive(self):
                return
            ServiceOp(
                self,
                lambda: service.pause(case_id, version, PauseReason.IDENTITY_DOCUMENTS),
            ).success(paused).failure(self._on_letter_refused).run()

        common.ask_yes_no(
            self,
            _("Pause the clock"),
            _(
                "The request for identity documents is issued. Pause the clock while the "
                "documents are awaited? Days waiting do not count toward the reply."
            ),
            pause,
        )

    def _on_letter_refused(self, exc: BaseException) -> None:
        if isinstance(exc, ConflictError):
            self.message_bar.show_message(
                _(
                    "This case was changed by someone else since it was loaded; nothing was "
                    "issued. It now shows the case as it is: check, then issue again."
                ),
                level="warning",
            )
            self.reload()
            return
        if isinstance(exc, DomainError):
            self._show_refusal(exc)
            self.new_box.mark_field(exc.field)

    def _show_refusal(self, exc: DomainError) -> None:
        text = refusal_text(exc)
        caption = self.new_box.field_caption(exc.field)
        if caption is None or i18n.language() == "en":
            self.message_bar.show_message(text)
            return
        # Name the option to fill in by its caption on screen, then the checker's own words.
        self.message_bar.show_message(
            _("The letter can not be produced yet: fill in '{field}'.").format(field=caption),
            [text],
        )

    # ------------------------------------------------------------------ issued letters

    def _issued_caption(self, letter: LetterData) -> str:
        return _("Letter {n} as issued: {kind} ({language})").format(
            n=letter.number, kind=kind_label(letter.kind), language=language_label(letter.language)
        )

    def _with_issued_pdf(self, purpose: str, then: Any) -> None:
        """Fetch the selected letter's PDF as issued, then hand it to `then(letter, pdf)`."""
        letter = self.selected_letter()
        if letter is None:
            return
        service = LetterService(self.context, self.actor)
        ServiceOp(self.register_box, lambda: service.pdf(letter.id, purpose)).block().success(
            lambda pdf: then(letter, pdf)
        ).failure(self._show_load_refusal).run()

    def _on_table_selection_changed(self) -> None:
        self._update_buttons()

    def _on_table_double_clicked(self, _item: QTableWidgetItem) -> None:
        self._on_show_clicked()

    def _on_show_clicked(self) -> None:
        def show(letter: LetterData, pdf: bytes) -> None:
            self._preview_of = None
            self.preview.set_pdf(pdf, self._issued_caption(letter))

        self._with_issued_pdf("view", show)

    def _on_reprint_clicked(self) -> None:
        def reprint(letter: LetterData, pdf: bytes) -> None:
            def printed(sent: bool) -> None:
                if sent:
                    self._printed.add(letter.id)
                    self._update_buttons()
                    self.message_bar.show_message(
                        _("Letter {n} was sent to the printer.").format(n=letter.number),
                        level="info",
                    )

            print_pdf(self, pdf, on_finished=printed)

        self._with_issued_pdf("reprint" if self.register_box.is_reprint() else "print", reprint)

    def _on_save_clicked(self) -> None:
        def save(letter: LetterData, pdf: bytes) -> None:
            if self.detail is None:
                return
            path = save_pdf(self, pdf, common.letter_file_name(self.detail.reference, letter))
            if path is not None:
                self.message_bar.show_message(
                    _("Letter {n} was saved as {file}.").format(n=letter.number, file=path.name),
                    level="info",
                )

        self._with_issued_pdf("save", save)

    def _on_dispatch_clicked(self) -> None:
        letter = self.selected_letter()
        if letter is None:
            return
        service = LetterService(self.context, self.actor)
        # The version of the case the user has open: a dispatch recorded meanwhile on another
        # desk makes this one a conflict, and nothing is written.
        version = self.detail.version if self.detail is not None else None

        def submit(method: DispatchMethod, day: date, tracking: str) -> CaseDetail:
            return service.record_dispatch(letter.id, method, day, tracking, version=version)

        self.dispatch_dialog = DispatchDialog(letter, self.context.today(), submit, self)
        self.dispatch_dialog.accepted.connect(self._on_dispatch_dialog_accepted)
        self.dispatch_dialog.open()

    def _on_dispatch_dialog_accepted(self) -> None:
        dialog = self.dispatch_dialog
        if dialog is None or dialog.detail is None:
            return
        letter = self.selected_letter()
        self.show_detail(dialog.detail)
        number = letter.number if letter else ""
        text = _("The dispatch of letter {n} is recorded.").format(n=number)
        if dialog.detail.status is CaseStatus.NOTICE_SENT:
            text = sentences(text, _("The notice is sent: the case can now be closed."))
        self.message_bar.show_message(text, level="info")
        self.letters_changed.emit(self.case_id)
