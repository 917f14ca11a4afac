"""The Contacts tab: every contact in or out, and a form to log one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from privacy_desk.domain.rules import Action
from privacy_desk.domain.vocabulary import (
    AttachmentPurpose,
    ContactDirection,
    ContactKind,
    DispatchMethod,
)
from privacy_desk.i18n import _, label
from privacy_desk.services.dto import AttachmentFile, CaseDetail
from privacy_desk.services.inbox import scan_limit_mb
from privacy_desk.ui.case.parts import Outcome, fill_rows, make_button, plain_edit, show_state
from privacy_desk.ui.intake.scans import (
    THUMBNAIL,
    AttachmentList,
    ScanViewer,
    check_scan_files,
    page_image,
)
from privacy_desk.ui.ops import ServiceOp
from privacy_desk.ui.text_limits import limit_text
from privacy_desk.ui.widgets import (
    EnumCombo,
    FieldError,
    MomentEdit,
    format_moment,
    read_only_table,
)

if TYPE_CHECKING:
    from privacy_desk.ui.case.workspace import CaseWorkspace


# ==================================================================== contacts


class ContactsTab(QWidget):
    """Every contact in or out: call notes, emails, faxes, letters, with time and direction."""

    def __init__(self, workspace: CaseWorkspace) -> None:
        super().__init__()
        self.workspace = workspace
        layout = QVBoxLayout(self)
        self.table = read_only_table(
            [
                _("When"),
                _("Direction"),
                _("Kind"),
                _("Summary"),
                _("Sent by"),
                _("Tracking no."),
                _("Logged by"),
            ],
            "contacts_table",
        )
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setStretchLastSection(False)
        layout.addWidget(self.table, 1)

        # Files kept with the contacts (an email, fax scans): first page, pages; drop scans on
        # the case, or choose them, to keep them with a new incoming fax contact.
        files = QHBoxLayout()
        self.attachments = AttachmentList()
        self.attachments.open_requested.connect(self.open_attachment)
        files.addWidget(self.attachments, 1)
        self.attach_button = make_button(_("Attach fax scans…"), "attach_scans")
        self.attach_button.setToolTip(
            _(
                "Keep PDF, TIFF, PNG or JPEG scans with a new incoming fax contact (or drop them "
                "on the case)"
            )
        )
        self.attach_button.clicked.connect(self._on_attach_clicked)
        attach = QVBoxLayout()
        attach.addWidget(self.attach_button)
        self.identity_check = QCheckBox(_("As an identity &document"))
        self.identity_check.setObjectName("scans_are_identity")
        self.identity_check.setToolTip(
            _("The scans are deleted once the identity check is recorded (only their record stays)")
        )
        attach.addWidget(self.identity_check)
        attach.addStretch(1)
        files.addLayout(attach)
        layout.addLayout(files)

        add_box = QGroupBox(_("Add a contact"))
        add = QGridLayout(add_box)
        self.kind_combo = EnumCombo(ContactKind)
        self.kind_combo.setObjectName("contact_kind")
        self.direction_combo = EnumCombo(ContactDirection)
        self.direction_combo.setObjectName("contact_direction")
        self.time_edit = MomentEdit()
        self.time_edit.setObjectName("contact_time")
        self.dispatch_combo = EnumCombo(DispatchMethod, _("— not a dispatch —"))
        self.dispatch_combo.setObjectName("contact_dispatch")
        self.tracking_edit = QLineEdit()
        self.tracking_edit.setObjectName("contact_tracking")
        limit_text(self.tracking_edit, "tracking number")
        self.summary_edit = plain_edit(_("What was said or sent"), 60, "contact_summary")
        limit_text(self.summary_edit, "contact note")
        self.error = FieldError()
        self.add_button = make_button(_("Add contact"), "add_contact")
        add.addWidget(QLabel(_("Kind")), 0, 0)
        add.addWidget(self.kind_combo, 0, 1)
        add.addWidget(QLabel(_("Direction")), 0, 2)
        add.addWidget(self.direction_combo, 0, 3)
        add.addWidget(QLabel(_("When (Japan time)")), 0, 4)
        add.addWidget(self.time_edit, 0, 5)
        add.addWidget(QLabel(_("Sent by")), 1, 0)
        add.addWidget(self.dispatch_combo, 1, 1)
        add.addWidget(QLabel(_("Tracking no.")), 1, 2)
        add.addWidget(self.tracking_edit, 1, 3)
        add.addWidget(QLabel(_("Summary")), 2, 0, Qt.AlignmentFlag.AlignTop)
        add.addWidget(self.summary_edit, 2, 1, 1, 5)
        add.addWidget(self.error, 3, 1, 1, 5)
        add.addWidget(self.add_button, 4, 5, Qt.AlignmentFlag.AlignRight)
        add.setColumnStretch(1, 1)
        add.setColumnStretch(3, 1)
        layout.addWidget(add_box)
        self.add_button.clicked.connect(self._on_add_clicked)

    def show_detail(self, detail: CaseDetail) -> None:
        ws = self.workspace
        fill_rows(
            self.table,
            [
                [
                    format_moment(c.occurred_at),
                    label(c.direction),
                    label(c.kind),
                    c.summary,
                    label(c.dispatch_method) if c.dispatch_method else "",
                    c.tracking_number,
                    ws.person_name(c.created_by),
                ]
                for c in detail.contacts
            ],
        )
        if not self.has_unsaved_changes():
            self.time_edit.set_moment(ws.context.now())
        show_state(self.add_button, ws.state(Action.ADD_CONTACT))
        show_state(self.attach_button, ws.state(Action.ADD_CONTACT))
        self.attachments.show_attachments(detail.attachments)
        for a in detail.attachments:
            if a.deleted_at is not None:
                continue
            if a.pages is not None and not self.attachments.has_thumbnail(a.id):
                self._load_thumbnail(a.id)

    # ---------------------------------------------------------------- fax scans

    def attach_paths(self, paths: list[Path]) -> bool:
        """Scans dropped or chosen: checked and kept with a new incoming fax contact; one that
        is no readable scan is refused by its name and nothing is kept."""
        ws = self.workspace
        if not ws.state(Action.ADD_CONTACT).enabled:
            return False
        context, service, case_id = ws.context, ws.service, ws.case_id
        purpose = (
            AttachmentPurpose.IDENTITY_DOCUMENT
            if self.identity_check.isChecked()
            else AttachmentPurpose.CORRESPONDENCE
        )

        def attach(version: int) -> object:
            scans = check_scan_files(paths, scan_limit_mb(context))
            return service.attach_scans(
                case_id,
                version,
                tuple((scan.name, scan.content) for scan in scans),
                purpose=purpose,
            )

        return ws.perform(attach)

    def _on_attach_clicked(self) -> None:
        names, _chosen = QFileDialog.getOpenFileNames(
            self,
            _("Attach fax scans"),
            "",
            _("Scans (*.pdf *.tif *.tiff *.png *.jpg *.jpeg);;All files (*)"),
        )
        if names:
            self.attach_paths([Path(name) for name in names])

    def _load_thumbnail(self, attachment_id: int) -> None:
        ws = self.workspace
        service, case_id = ws.service, ws.case_id
        ServiceOp(self, lambda: service.attachment(case_id, attachment_id)).success(
            self._show_thumbnail
        ).failure(lambda _exc: None).run()

    def _show_thumbnail(self, shown: AttachmentFile) -> None:
        image = page_image(shown.data.media_type, shown.content, 0, THUMBNAIL.width())
        if not image.isNull():
            self.attachments.set_thumbnail(shown.data.id, image)

    def open_attachment(self, attachment_id: int) -> None:
        """Show a kept file: a scan page by page (the read is audited); another file, or a
        deleted identity scan, in the Files tab."""
        ws = self.workspace
        listed = {a.id: a for a in (ws.detail.attachments if ws.detail else ())}
        a = listed.get(attachment_id)
        if a is not None and (a.pages is None or a.deleted_at is not None):
            ws.files_tab.show_file(attachment_id)
            return
        service, case_id = ws.service, ws.case_id
        ServiceOp(self, lambda: service.attachment(case_id, attachment_id)).success(
            self._show_attachment
        ).run()

    def _show_attachment(self, shown: AttachmentFile) -> None:
        a = shown.data
        if a.pages is None:  # not a scan: the Files tab opens it
            self.workspace.files_tab.show_file(a.id)
            return
        viewer = ScanViewer(a.file_name, a.media_type, shown.content, a.pages, self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.open()

    def has_unsaved_changes(self) -> bool:
        return bool(self.summary_edit.toPlainText().strip() or self.tracking_edit.text().strip())

    def save_pending(self, then: Outcome | None = None) -> bool:
        return self._on_add_clicked(then=then) if self.has_unsaved_changes() else False

    def _on_add_clicked(self, *, then: Outcome | None = None) -> bool:
        self.error.clear_message()
        ws = self.workspace
        kind = self.kind_combo.value()
        direction = self.direction_combo.value()
        summary = self.summary_edit.toPlainText()
        moment = self.time_edit.moment()
        dispatch = self.dispatch_combo.value()
        tracking = self.tracking_edit.text()

        def done() -> None:
            self.summary_edit.clear()
            self.tracking_edit.clear()
            self.dispatch_combo.set_value(None)
            self.time_edit.set_moment(ws.context.now())

        return ws.perform(
            lambda version: ws.service.add_contact(
                ws.case_id,
                version,
                kind,  # type: ignore[arg-type]
                direction,  # type: ignore[arg-type]
                summary,
                moment,
                dispatch,
                tracking,
            ),
            self.error.show_for,
            done,
            then,
        )
