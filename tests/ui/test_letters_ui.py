"""The letters screens: register, preview, issue, dispatch, batches, printing and the template editor.

Real widgets on a fresh SQLite file from the migrations, the real services. What a letter says is
read back from the produced PDF bytes with pypdf, never taken from the code that wrote it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QProgressBar, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from privacy_desk import i18n
from privacy_desk.domain.vocabulary import (
    CaseStatus,
    DispatchMethod,
)
from privacy_desk.letters import LetterKind
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import CaseDetail
from privacy_desk.services.letters import LetterService
from privacy_desk.ui.fonts import install_fonts
from privacy_desk.ui.letters import (
    BatchLettersDialog,
    LettersPanel,
    TemplatesEditor,
    kind_label,
    pdf_view,
)
from privacy_desk.ui.letters import common as letters_common
from privacy_desk.ui.letters.pdf_view import PdfBytes, PdfPreview, print_pdf
from tests.services.factories import (
    approve_story_1_disclosure,
    complaint_by_phone,
    correction_by_email,
    disclosure_by_parent,
)
from tests.ui.conftest import Desk, click, wait_ops


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages).replace(" ", "")


def pdf_pages(data: bytes) -> int:
    return len(PdfReader(io.BytesIO(data)).pages)


def page_picture(data: bytes, page: int) -> bytes:
    """A small grey picture of one page, on white, as raw bytes (one byte a pixel)."""
    size = QSize(124, 176)  # A4 in proportion; a width that needs no row padding
    pdf = PdfBytes(data)
    assert pdf.ok
    rendered = pdf.document.render(page, size)
    picture = QImage(size, QImage.Format.Format_Grayscale8)
    picture.fill(Qt.GlobalColor.white)
    painter = QPainter(picture)
    painter.drawImage(0, 0, rendered)
    painter.end()
    pdf.close()
    return bytes(picture.constBits())[: size.width() * size.height()]


def looks_alike(a: bytes, b: bytes, width: int = 124) -> bool:
    """Two page pictures with ink in the same bands of the page, and not blank.

    Printers round thin lines differently, so only where there is ink is compared, not how much.
    """
    band = width * 4

    def inked(picture: bytes) -> list[bool]:
        return [
            sum(255 - x for x in picture[i : i + band]) > 255 for i in range(0, len(picture), band)
        ]

    bands_a, bands_b = inked(a), inked(b)
    same = sum(x == y for x, y in zip(bands_a, bands_b, strict=True))
    return sum(bands_a) > 5 and same >= 0.9 * len(bands_a)


def approve_disclosure(desk: Desk, case: CaseDetail) -> CaseDetail:
    """The story-1 disclosure, from intake to a supervisor's approval (a partial disclosure)."""
    return approve_story_1_disclosure(desk.context, desk.users, desk.clock, case)


@pytest.fixture
def desk(make_desk: Callable[..., Desk]) -> Desk:
    desk = make_desk()
    desk.clock.set(2026, 11, 24, 15, 0)  # after the intake times of the factories
    return desk


@pytest.fixture
def confirmations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answer yes to every confirmation, keeping the questions asked."""
    asked: list[str] = []

    def yes(_parent: object, _title: str, text: str, _accept: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(letters_common, "confirm", yes)
    return asked


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """The system print dialog replaced by a PDF printer writing into the test's folder."""
    files: list[Path] = []

    def choose(_parent: object) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        path = tmp_path / f"printed-{len(files)}.pdf"
        printer.setOutputFileName(str(path))
        files.append(path)
        return printer

    monkeypatch.setattr(pdf_view, "choose_printer", choose)
    return files


def make_panel(qtbot: QtBot, desk: Desk, case_id: int, role: str = "staff") -> LettersPanel:
    panel = LettersPanel(desk.context, desk.users[role], case_id)
    qtbot.addWidget(panel)
    panel.resize(1200, 800)
    panel.show()
    wait_ops(qtbot)
    return panel


# ====================================================================== the panel


def test_decision_is_offered_only_after_approval_and_says_why(qtbot: QtBot, desk: Desk) -> None:
    case = CaseService(desk.context, desk.users["staff"]).intake(disclosure_by_parent())
    panel = make_panel(qtbot, desk, case.id)

    index = panel.kind_combo.findData(LetterKind.DECISION.value)
    item = panel.kind_combo.model().item(index)
    assert not item.isEnabled()
    reason = panel.kind_reason(LetterKind.DECISION)
    assert "only after a supervisor approved" in reason
    assert reason in panel.kind_combo.itemData(index, Qt.ItemDataRole.ToolTipRole)
    assert "only after a supervisor approved" in panel.unavailable_label.text()
    assert panel.unavailable_label.isVisible()
    # The first kind the case allows is chosen, and it can be previewed.
    assert panel.kind() is LetterKind.ACKNOWLEDGEMENT
    assert panel.preview_button.isEnabled() and panel.issue_button.isEnabled()

    approve_disclosure(desk, case)
    panel.reload()
    wait_ops(qtbot)
    assert panel.kind_combo.model().item(index).isEnabled()
    assert panel.kind_enabled(LetterKind.DECISION)
    assert "Decision notice" not in panel.unavailable_label.text()
    panel.set_kind(LetterKind.DECISION)
    assert panel.kind() is LetterKind.DECISION and panel.issue_button.isEnabled()


def test_preview_shows_the_letter_without_issuing_it(qtbot: QtBot, desk: Desk) -> None:
    case = CaseService(desk.context, desk.users["staff"]).intake(disclosure_by_parent())
    panel = make_panel(qtbot, desk, case.id)
    panel.set_kind(LetterKind.IDENTITY_REQUEST)
    panel.reply_by_edit.setText("2026-12-10")
    with qtbot.waitSignal(panel.previewed, timeout=10_000):
        click(qtbot, panel.preview_button)
    assert panel.preview.page_count() >= 1
    assert panel.preview.document().pageCount() >= 1
    assert "not issued" in panel.preview.caption()
    words = pdf_text(panel.preview.pdf_bytes())
    assert "鈴木恵子" in words and "本人確認書類" in words
    assert "令和8年12月10日" in words  # the reply-by date typed
    assert panel.table.rowCount() == 0 and not panel.table.isVisible()

    # Changing the options marks the preview as out of date rather than showing stale words.
    panel.set_kind(LetterKind.ACKNOWLEDGEMENT)
    assert "out of date" in panel.preview.caption()
    # Zoom: fit to width at first, then a factor of ours, then back.
    assert panel.preview.is_fit_width()
    click(qtbot, panel.preview.zoom_in_button)
    assert not panel.preview.is_fit_width() and panel.preview.zoom_label.text().endswith("%")
    click(qtbot, panel.preview.fit_button)
    assert panel.preview.is_fit_width()


def test_issue_adds_the_letter_to_the_register_and_keeps_its_pdf(
    qtbot: QtBot, desk: Desk, confirmations: list[str]
) -> None:
    case = approve_disclosure(
        desk, CaseService(desk.context, desk.users["staff"]).intake(disclosure_by_parent())
    )
    panel = make_panel(qtbot, desk, case.id)
    panel.set_kind(LetterKind.DECISION)
    with qtbot.waitSignal(panel.letters_changed, timeout=10_000) as changed:
        click(qtbot, panel.issue_button)
    assert changed.args == [case.id]
    assert "can not be changed" in confirmations[0] and "Issue letter 1?" in confirmations[0]

    assert panel.table.rowCount() == 1
    assert panel.table.item(0, 0).text() == "1"
    assert panel.table.item(0, 1).text() == "Decision notice"
    assert panel.table.item(0, 4).text() == "佐藤 花子"
    assert panel.table.item(0, 6).text() == "not sent yet"
    letter = CaseService(desk.context, desk.users["staff"]).get(case.id).letters[0]
    assert panel.table.item(0, 5).text() == letter.sha256[:12]
    stored = LetterService(desk.context, desk.users["staff"]).pdf(letter.id)
    words = pdf_text(stored)
    assert "鈴木恵子様" in words and "一部開示" in words
    assert "相談員の面談メモは第三者の権利利益を害するおそれがあるため" in words
    # The issued letter is what the preview now shows, byte for byte.
    assert panel.preview.pdf_bytes() == stored
    assert "Letter 1 as issued" in panel.preview.caption()
    assert "issued" in panel.message_bar.message()


def test_issue_after_someone_else_saved_is_refused_and_reloads(
    qtbot: QtBot, desk: Desk, confirmations: list[str]
) -> None:
    staff = CaseService(desk.context, desk.users["staff"])
    case = staff.intake(disclosure_by_parent())
    panel = make_panel(qtbot, desk, case.id)
    panel.set_kind(LetterKind.ACKNOWLEDGEMENT)
    panel.expected_reply_edit.setText("2026-12-20")
    panel.expected_reply_edit.setModified(True)
    staff.add_note(case.id, case.version, "another desk wrote meanwhile")
    click(qtbot, panel.issue_button)
    qtbot.waitUntil(
        lambda: "changed by someone else" in panel.message_bar.message(), timeout=10_000
    )
    assert panel.table.rowCount() == 0
    assert panel.detail is not None and panel.detail.version != case.version
    assert panel.expected_reply_edit.text() == "2026-12-20"  # what was typed stays
    with qtbot.waitSignal(panel.letters_changed, timeout=10_000):
        click(qtbot, panel.issue_button)
    assert panel.table.rowCount() == 1


def test_unreadable_date_is_refused_in_the_panel(qtbot: QtBot, desk: Desk) -> None:
    case = CaseService(desk.context, desk.users["staff"]).intake(disclosure_by_parent())
    panel = make_panel(qtbot, desk, case.id)
    panel.set_kind(LetterKind.ACKNOWLEDGEMENT)
    panel.expected_reply_edit.setText("next week")
    click(qtbot, panel.preview_button)
    assert "is not a date" in panel.message_bar.message()
    assert panel.expected_reply_edit.property("invalid") is True
    assert not panel.is_busy()


def test_fax_cover_options_are_asked_and_a_missing_one_is_pointed_at(
    qtbot: QtBot, desk: Desk
) -> None:
    case = CaseService(desk.context, desk.users["staff"]).intake(disclosure_by_parent())
    panel = make_panel(qtbot, desk, case.id)
    panel.set_kind(LetterKind.FAX_COVER)
    assert panel.fax_subject_edit.isVisible() and not panel.expected_reply_edit.isVisible()
    panel.fax_number_edit.setText("")
    click(qtbot, panel.preview_button)
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10_000)
    assert "fax number is missing" in panel.message_bar.message()
    assert panel.fax_number_edit.property("invalid") is True
    assert panel.preview.page_count() == 0

    panel.fax_number_edit.setText("03-1234-5678")
    panel.fax_pages_spin.setValue(3)
    with qtbot.waitSignal(panel.previewed, timeout=10_000):
        click(qtbot, panel.preview_button)
    assert panel.fax_number_edit.property("invalid") is False
    words = pdf_text(panel.preview.pdf_bytes())
    # An empty subject is a neutral one (in the letter's language): a cover never names the case.
    assert "03-1234-5678" in words and "書類の送付について" in words


def test_record_dispatch_needs_the_tracking_number_then_sends_the_notice(
    qtbot: QtBot, desk: Desk, confirmations: list[str]
) -> None:
    case = approve_disclosure(
        desk, CaseService(desk.context, desk.users["staff"]).intake(disclosure_by_parent())
    )
    panel = make_panel(qtbot, desk, case.id)
    panel.set_kind(LetterKind.DECISION)
    with qtbot.waitSignal(panel.letters_changed, timeout=10_000):
        click(qtbot, panel.issue_button)

    click(qtbot, panel.dispatch_button)
    dialog = panel.dispatch_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.date_edit.date().toPython() == desk.context.today()
    assert not dialog.tracking_edit.isEnabled()  # ordinary post has no tracking number
    dialog.set_method(DispatchMethod.SIMPLE_REGISTERED)
    assert dialog.tracking_edit.isEnabled()
    click(qtbot, dialog.record_button)
    assert "tracking number" in dialog.message()
    assert dialog.isVisible() and dialog.tracking_edit.property("invalid") is True
    assert CaseService(desk.context, desk.users["staff"]).get(case.id).status is CaseStatus.APPROVED

    qtbot.keyClicks(dialog.tracking_edit, "1234-5678-9131")
    with qtbot.waitSignal(panel.letters_changed, timeout=10_000):
        click(qtbot, dialog.record_button)
    assert not dialog.isVisible()
    after = CaseService(desk.context, desk.users["staff"]).get(case.id)
    assert after.status is CaseStatus.NOTICE_SENT
    assert after.letters[0].tracking_number == "1234-5678-9131"
    assert panel.table.item(0, 6).text() == "Simple registered mail"
    assert panel.table.item(0, 7).text() == "1234-5678-9131"
    assert panel.table.item(0, 8).text() == "2026-11-30"
    assert "can now be closed" in panel.message_bar.message()


def test_reprint_and_save_give_the_issued_bytes(
    qtbot: QtBot,
    desk: Desk,
    confirmations: list[str],
    printed: list[Path],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    case = CaseService(desk.context, desk.users["staff"]).intake(correction_by_email())
    panel = make_panel(qtbot, desk, case.id)
    with qtbot.waitSignal(panel.letters_changed, timeout=10_000):
        click(qtbot, panel.issue_button)
    letter = panel.selected_letter()
    assert letter is not None and letter.kind == LetterKind.ACKNOWLEDGEMENT.value
    stored = LetterService(desk.context, desk.users["staff"]).pdf(letter.id)

    click(qtbot, panel.reprint_button)
    assert printed and printed[0].exists()
    on_paper = printed[0].read_bytes()
    assert pdf_pages(on_paper) == pdf_pages(stored)
    # The printer gets pictures of the pages: compare them with the letter's own pages.
    for page in range(pdf_pages(stored)):
        assert looks_alike(page_picture(stored, page), page_picture(on_paper, page))

    target = tmp_path / "saved-letter"
    monkeypatch.setattr(pdf_view, "ask_save_path", lambda _parent, name: target)
    click(qtbot, panel.save_button)
    assert (tmp_path / "saved-letter.pdf").read_bytes() == stored
    assert "saved as saved-letter.pdf" in panel.message_bar.message()


def test_a_role_that_may_not_issue_sees_letters_but_can_not_issue(qtbot: QtBot, desk: Desk) -> None:
    case = CaseService(desk.context, desk.users["staff"]).intake(correction_by_email())
    panel = make_panel(qtbot, desk, case.id, role="admin")
    assert panel.preview_button.isEnabled()
    assert not panel.issue_button.isEnabled()
    assert "not issue" in panel.issue_button.toolTip()


def test_japanese_screen_explains_in_japanese(qtbot: QtBot, desk: Desk) -> None:
    install_fonts(QApplication.instance())
    i18n.set_language("ja")
    case = CaseService(desk.context, desk.users["staff"]).intake(disclosure_by_parent())
    panel = make_panel(qtbot, desk, case.id)
    assert panel.kind_combo.itemText(0) == "受領通知"
    assert "承認" in panel.kind_reason(LetterKind.DECISION)
    assert "only after" not in panel.unavailable_label.text()
    assert "決定通知書：決定通知書は、責任者が決定を承認した後" in panel.unavailable_label.text()
    assert panel.language_combo.currentText() == "日本語"
    # A refusal worded by the letter checker names the field in Japanese too.
    panel.set_kind(LetterKind.FAX_COVER)
    panel.fax_number_edit.setText("")
    click(qtbot, panel.preview_button)
    qtbot.waitUntil(lambda: not panel.is_busy(), timeout=10_000)
    assert "「FAX番号」を入力してください" in panel.message_bar.message()


def test_every_kind_of_letter_has_one_label_in_each_language(qtbot: QtBot) -> None:
    english = {kind: kind_label(kind) for kind in LetterKind}
    assert english[LetterKind.FAX_COVER] == "Fax cover sheet"
    assert all(text and text != kind.value for kind, text in english.items())
    assert kind_label("fax_cover") == english[LetterKind.FAX_COVER]  # a stored code reads alike
    i18n.set_language("ja")
    japanese = {kind: kind_label(kind) for kind in LetterKind}
    assert japanese[LetterKind.ACKNOWLEDGEMENT] == "受領通知"
    assert all(japanese[kind] != english[kind] for kind in LetterKind)


# ====================================================================== batches


def test_batch_issues_in_the_background_then_prints_one_pdf(
    qtbot: QtBot, desk: Desk, confirmations: list[str], printed: list[Path]
) -> None:
    staff = CaseService(desk.context, desk.users["staff"])
    ids = [staff.intake(correction_by_email()).id for _ in range(3)]
    dialog = BatchLettersDialog(desk.context, desk.users["staff"], ids)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_ops(qtbot)  # the list of who gets the letter comes first
    shown: list[int] = []
    with qtbot.waitSignal(dialog.batch_finished, timeout=30_000) as finished:
        qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
        # The click returned while the letters are still being issued: the window is not held.
        assert dialog.is_running() and dialog.progress_dialog is not None
        dialog.progress_dialog.findChild(QProgressBar).valueChanged.connect(shown.append)
        qtbot.waitUntil(lambda: dialog.last_progress == (3, 3), timeout=30_000)
    assert finished.args == [3]
    assert dialog.last_progress == (3, 3)
    assert shown == [1, 2, 3]  # the progress bar went through each case
    assert "3 letters issued" in dialog.summary.toPlainText()
    assert "Issue 3 letters, one for each case?" in confirmations[0]
    assert dialog.progress_dialog is None
    for case_id in ids:
        assert len(staff.get(case_id).letters) == 1

    result = dialog.batch_result
    assert result is not None and not result.cancelled
    assert pdf_text(result.combined_pdf).count("田中一郎様") == 3
    # Printing the combined PDF starts by itself once the summary is shown.
    qtbot.waitUntil(lambda: bool(printed) and printed[0].exists(), timeout=10_000)
    wait_ops(qtbot)  # the pages go to the printer one by one
    assert pdf_pages(printed[0].read_bytes()) == pdf_pages(result.combined_pdf)
    assert dialog.print_button.isEnabled() and dialog.save_button.isEnabled()


def test_batch_lists_refused_cases_with_reference_and_reason(
    qtbot: QtBot, desk: Desk, confirmations: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_view, "choose_printer", lambda _parent: None)
    staff = CaseService(desk.context, desk.users["staff"])
    open_case = staff.intake(correction_by_email())
    closed = staff.intake(complaint_by_phone())
    closed = staff.withdraw(closed.id, closed.version)
    dialog = BatchLettersDialog(desk.context, desk.users["staff"], [open_case.id, closed.id])
    qtbot.addWidget(dialog)
    dialog.show()
    wait_ops(qtbot)
    # Before anything is issued, the closed case is listed as not getting the letter, and why.
    rows = {
        dialog.plan_table.item(r, 0).text(): dialog.plan_table.item(r, 2).text()
        for r in range(dialog.plan_table.rowCount())
    }
    assert rows == {open_case.reference: "", closed.reference: "the case is closed"}
    with qtbot.waitSignal(dialog.batch_finished, timeout=30_000) as finished:
        click(qtbot, dialog.issue_button)
    assert finished.args == [1]
    summary = dialog.summary.toPlainText()
    assert "1 letter issued" in summary
    assert staff.get(closed.id).letters == ()


def test_cancel_stops_the_batch_early(
    qtbot: QtBot, desk: Desk, confirmations: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_view, "choose_printer", lambda _parent: None)
    staff = CaseService(desk.context, desk.users["staff"])
    # Enough cases that the batch is still running when the screen answers the first step.
    ids = [staff.intake(correction_by_email()).id for _ in range(20)]
    dialog = BatchLettersDialog(desk.context, desk.users["staff"], ids)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_ops(qtbot)  # the list of who gets the letter comes first
    qtbot.mouseClick(dialog.issue_button, Qt.MouseButton.LeftButton)
    progress = dialog.progress_dialog
    assert progress is not None
    cancel = progress.findChild(QPushButton)
    # The user presses Cancel as soon as the first letter is shown as done.
    progress.findChild(QProgressBar).valueChanged.connect(
        lambda value: value == 1 and cancel.click()
    )
    qtbot.waitUntil(lambda: dialog.batch_result is not None, timeout=20_000)
    result = dialog.batch_result
    assert result.cancelled
    assert 1 <= len(result.issued) < len(ids)
    assert "Stopped on your request" in dialog.summary.toPlainText()
    issued = sum(len(staff.get(case_id).letters) for case_id in ids)
    assert issued == len(result.issued)  # those issued stay issued, nothing else was


# ====================================================================== printing and saving


def test_print_pdf_prints_every_page_on_a4(qtbot: QtBot, desk: Desk, tmp_path: Path) -> None:
    case = approve_disclosure(
        desk, CaseService(desk.context, desk.users["staff"]).intake(disclosure_by_parent())
    )
    data = LetterService(desk.context, desk.users["staff"]).preview(case.id, LetterKind.DECISION)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert print_pdf(None, data, printer=printer)
    wait_ops(qtbot)  # the pages go to the printer one by one
    assert out.exists()
    reader = PdfReader(str(out))
    assert len(reader.pages) == pdf_pages(data) >= 1
    printed = out.read_bytes()
    for page in range(len(reader.pages)):
        assert looks_alike(page_picture(data, page), page_picture(printed, page))
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - 595.3) < 1.5 and abs(height - 841.9) < 1.5


def test_print_is_cancelled_with_the_dialog(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_view, "choose_printer", lambda _parent: None)
    assert print_pdf(None, b"%PDF-1.4 not really") is False


def test_save_pdf_adds_the_suffix_and_reports_a_folder_it_can_not_write(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(pdf_view, "ask_save_path", lambda _parent, _name: tmp_path / "a")
    assert pdf_view.save_pdf(None, b"%PDF-1.4", "x.pdf") == tmp_path / "a.pdf"
    monkeypatch.setattr(pdf_view, "ask_save_path", lambda _parent, _name: None)
    assert pdf_view.save_pdf(None, b"%PDF-1.4", "x.pdf") is None
    monkeypatch.setattr(
        pdf_view, "ask_save_path", lambda _parent, _name: tmp_path / "missing" / "b.pdf"
    )
    parent = QWidget()
    qtbot.addWidget(parent)
    assert pdf_view.save_pdf(parent, b"%PDF-1.4", "x.pdf") is None
    box = parent.findChild(QWidget, "error_box")
    assert box is not None and "could not be written" in box.text()


def test_preview_refuses_bytes_that_are_not_a_pdf(qtbot: QtBot) -> None:
    preview = PdfPreview()
    qtbot.addWidget(preview)
    assert preview.set_pdf(b"not a pdf") is False
    assert preview.page_count() == 0 or not preview.view.isVisible()
    assert "could not be displayed" in preview.empty_label.text()


# ====================================================================== templates


def test_template_editor_refuses_unknown_field_saves_and_resets(
    qtbot: QtBot, desk: Desk, confirmations: list[str]
) -> None:
    admin = LetterService(desk.context, desk.users["admin"])
    case = CaseService(desk.context, desk.users["staff"]).intake(correction_by_email())
    editor = TemplatesEditor(desk.context, desk.users["admin"])
    qtbot.addWidget(editor)
    editor.show()
    editor.set_choice(LetterKind.ACKNOWLEDGEMENT, "ja")
    wait_ops(qtbot)
    original = editor.text()
    assert (original, False) == admin.template_text(LetterKind.ACKNOWLEDGEMENT, "ja")
    assert "default" in editor.state_label.text()
    assert not editor.reset_button.isEnabled()

    broken = original + "\n{{ no_such_field }}"
    editor.editor.setPlainText(broken)
    assert "not saved yet" in editor.state_label.text()
    click(qtbot, editor.save_button)
    qtbot.waitUntil(lambda: not editor.is_busy(), timeout=10_000)
    line = broken.splitlines().index("{{ no_such_field }}") + 1
    message = editor.message_bar.message()
    assert f"line {line}: unknown field 'no_such_field'" in message
    assert f"Line {line}, field 'no_such_field'" in message
    assert editor.error_line() == line
    assert editor.text() == broken  # nothing typed is lost
    assert admin.template_text(LetterKind.ACKNOWLEDGEMENT, "ja") == (original, False)

    # An edit of another template is kept while switching.
    editor.set_choice(LetterKind.ACKNOWLEDGEMENT, "en")
    wait_ops(qtbot)
    assert editor.text() != broken
    editor.set_choice(LetterKind.ACKNOWLEDGEMENT, "ja")
    wait_ops(qtbot)
    assert editor.text() == broken and editor.has_unsaved_changes()

    changed = original.replace("請求の受付について（通知）", "ご請求を確かに承りました（通知）")
    assert changed != original
    editor.editor.setPlainText(changed)
    with qtbot.waitSignal(editor.template_saved, timeout=10_000):
        click(qtbot, editor.save_button)
    assert admin.template_text(LetterKind.ACKNOWLEDGEMENT, "ja") == (changed, True)
    assert "edited copy" in editor.state_label.text()
    assert not editor.has_unsaved_changes()

    # The preview fills the saved template from a real case.
    qtbot.keyClicks(editor.reference_edit, case.reference)
    click(qtbot, editor.preview_button)
    qtbot.waitUntil(lambda: editor.preview.page_count() >= 1, timeout=10_000)
    assert "ご請求を確かに承りました（通知）" in pdf_text(editor.preview.pdf_bytes())

    # Reset puts the shipped text in the editor; saving it deletes the edited copy.
    click(qtbot, editor.reset_button)
    assert editor.text() == original
    assert admin.template_text(LetterKind.ACKNOWLEDGEMENT, "ja") == (changed, True)
    with qtbot.waitSignal(editor.template_reset, timeout=10_000):
        click(qtbot, editor.save_button)
    assert admin.template_text(LetterKind.ACKNOWLEDGEMENT, "ja") == (original, False)
    assert editor.text() == original and "default" in editor.state_label.text()


def test_template_editor_is_read_only_for_staff(qtbot: QtBot, desk: Desk) -> None:
    editor = TemplatesEditor(desk.context, desk.users["staff"])
    qtbot.addWidget(editor)
    assert editor.editor.isReadOnly()
    assert not editor.save_button.isEnabled() and not editor.reset_button.isEnabled()
