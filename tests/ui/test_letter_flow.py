"""The letter workflow on screen (issue 11): Print then Reprint, the kind the case needs next, one
"Record dispatch", pausing and resuming the clock with consent, closed cases, batches and printing.

Real widgets on a fresh SQLite file, the real services; the questions asked are answered by
replacing `ui.letters.common.confirm` / `ask_yes_no` and the print dialog by a PDF printer.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot

from privacy_desk.domain.vocabulary import (
    CaseStatus,
    DispatchMethod,
    IdentityDocument,
    PauseReason,
)
from privacy_desk.letters import LetterKind
from privacy_desk.services.cases import CaseService
from privacy_desk.services.letters import LetterService
from privacy_desk.ui.case import CaseWorkspace
from privacy_desk.ui.letters import BatchLettersDialog, LettersPanel, pdf_view
from privacy_desk.ui.letters import common as letters_common
from tests.services.factories import (
    approve_story_1_disclosure,
    complaint_by_phone,
    correction_by_email,
    disclosure_by_parent,
)
from tests.ui.conftest import Desk, click, wait_ops

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def desk(make_desk) -> Desk:  # type: ignore[no-untyped-def]
    desk = make_desk()
    desk.clock.set(2026, 11, 24, 15, 0)  # after the intake times of the factories
    return desk


@pytest.fixture
def confirmations(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    asked: list[str] = []

    def yes(_parent: object, _title: str, text: str, _accept: str) -> bool:
        asked.append(text)
        return True

    monkeypatch.setattr(letters_common, "confirm", yes)
    return asked


class Answers:
    """The Yes/No questions asked, answered with `answer`."""

    def __init__(self) -> None:
        self.answer = True
        self.asked: list[str] = []

    def __call__(self, _parent: object, _title: str, text: str) -> bool:
        self.asked.append(text)
        return self.answer


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> Answers:
    answers = Answers()
    monkeypatch.setattr(letters_common, "ask_yes_no", answers)
    return answers


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    files: list[Path] = []

    def choose(_parent: object) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
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


def issue(qtbot: QtBot, panel: LettersPanel) -> None:
    with qtbot.waitSignal(panel.letters_changed, timeout=10_000):
        click(qtbot, panel.issue_button)
    wait_ops(qtbot)


# ====================================================================== 1. Print, then Reprint


def test_after_issuing_the_button_says_print_then_reprint(
    qtbot: QtBot, desk: Desk, confirmations: list[str], printed: list[Path]
) -> None:
    case = CaseService(desk.context, desk.users["staff"]).intake(correction_by_email())
    panel = make_panel(qtbot, desk, case.id)
    issue(qtbot, panel)
    assert panel.selected_letter() is not None
    assert panel.print_button.text().replace("&", "") == "Print…"
    assert "again" not in panel.print_button.toolTip()

    click(qtbot, panel.print_button)
    qtbot.waitUntil(lambda: "sent to the printer" in panel.message_bar.message(), timeout=10_000)
    assert printed and printed[0].stat().st_size > 0
    assert panel.print_button.text().replace("&", "") == "Reprint…"

    # A letter dispatched elsewhere (another desk) shows Reprint at once.
    other = CaseService(desk.context, desk.users["staff"]).intake(correction_by_email())
    letter = LetterService(desk.context, desk.users["staff"]).issue(
        other.id, other.version, LetterKind.ACKNOWLEDGEMENT
    )
    LetterService(desk.context, desk.users["staff"]).record_dispatch(
        letter.id, DispatchMethod.POST, version=None
    )
    second = make_panel(qtbot, desk, other.id)
    assert second.print_button.text().replace("&", "") == "Reprint…"


# ====================================================================== 2. the kind needed next


def test_the_kind_offered_first_is_the_one_the_next_step_needs(
    qtbot: QtBot, desk: Desk, confirmations: list[str], questions: Answers
) -> None:
    staff = CaseService(desk.context, desk.users["staff"])
    case = staff.intake(disclosure_by_parent())
    panel = make_panel(qtbot, desk, case.id)
    assert panel.kind() is LetterKind.ACKNOWLEDGEMENT
    assert "Acknowledgement of receipt" in panel.new_box.next_label.text()
    questions.answer = False
    issue(qtbot, panel)
    # Identity not yet confirmed: the identity request comes next.
    assert panel.kind() is LetterKind.IDENTITY_REQUEST
    assert "Request for identity documents" in panel.new_box.next_label.text()

    decided = approve_story_1_disclosure(
        desk.context, desk.users, desk.clock, staff.intake(disclosure_by_parent())
    )
    approved = make_panel(qtbot, desk, decided.id)
    assert approved.kind() is LetterKind.DECISION

    complaint = staff.intake(complaint_by_phone())
    assert make_panel(qtbot, desk, complaint.id).kind() is LetterKind.ACKNOWLEDGEMENT


# ====================================================================== 3. one "Record dispatch"


def test_one_record_dispatch_wording_everywhere(qtbot: QtBot, desk: Desk) -> None:
    case = CaseService(desk.context, desk.users["staff"]).intake(correction_by_email())
    ws = CaseWorkspace(desk.context, desk.users["staff"], case.id)
    qtbot.addWidget(ws)
    ws.show()
    wait_ops(qtbot)
    assert ws.action_buttons["notice"].text() == "Record dispatch…"
    panel = make_panel(qtbot, desk, case.id)
    assert panel.dispatch_button.text().replace("&", "") == "Record dispatch…"
    # No other wording for the same action in the code or the catalogue.
    sources = "\n".join(p.read_text("utf-8") for p in (ROOT / "privacy_desk").rglob("*.py"))
    catalogue = (ROOT / "privacy_desk/locale/privacy_desk.pot").read_text("utf-8")
    for text in (sources, catalogue):
        assert not re.search(r"Record (the )?(decision )?notice (as )?sent", text)
        assert "Record as sent" not in text


# ====================================================================== 4. pause and resume


def test_issuing_an_identity_request_offers_to_pause_the_clock(
    qtbot: QtBot, desk: Desk, confirmations: list[str], questions: Answers
) -> None:
    staff = CaseService(desk.context, desk.users["staff"])
    case = staff.intake(correction_by_email())
    panel = make_panel(qtbot, desk, case.id)
    panel.set_kind(LetterKind.IDENTITY_REQUEST)
    questions.answer = False
    issue(qtbot, panel)
    assert len(questions.asked) == 1 and "Pause the clock" in questions.asked[0]
    assert staff.get(case.id).status is CaseStatus.RECEIVED  # no consent, nothing happened

    panel.set_kind(LetterKind.IDENTITY_REQUEST)
    questions.answer = True
    issue(qtbot, panel)
    qtbot.waitUntil(
        lambda: staff.get(case.id).status is CaseStatus.AWAITING_REQUESTER, timeout=10_000
    )
    wait_ops(qtbot)
    detail = staff.get(case.id)
    assert detail.pauses and detail.pauses[-1].reason is PauseReason.IDENTITY_DOCUMENTS
    assert "paused" in panel.message_bar.message()
    # An acknowledgement asks nothing.
    asked = len(questions.asked)
    panel.set_kind(LetterKind.ACKNOWLEDGEMENT)
    issue(qtbot, panel)
    assert len(questions.asked) == asked


def confirm_by_passport(qtbot: QtBot, ws: CaseWorkspace) -> None:
    identity = ws.identity_tab
    ws.tabs.setCurrentWidget(identity)
    click(qtbot, identity.photo_checks.boxes[IdentityDocument.PASSPORT])
    with qtbot.waitSignal(ws.case_changed, timeout=10_000):
        click(qtbot, identity.confirm_button)
    wait_ops(qtbot)


@pytest.mark.parametrize("answer", [True, False])
def test_confirming_identity_offers_to_resume_a_paused_clock(
    qtbot: QtBot, desk: Desk, questions: Answers, answer: bool
) -> None:
    staff = CaseService(desk.context, desk.users["staff"])
    case = staff.intake(correction_by_email())
    case = staff.pause(case.id, case.version, PauseReason.IDENTITY_DOCUMENTS)
    ws = CaseWorkspace(desk.context, desk.users["staff"], case.id)
    qtbot.addWidget(ws)
    ws.resize(1300, 850)
    ws.show()
    wait_ops(qtbot)
    questions.answer = answer
    confirm_by_passport(qtbot, ws)
    assert len(questions.asked) == 1 and "Resume" in questions.asked[0]
    wait_ops(qtbot)
    detail = staff.get(case.id)
    assert detail.identity_confirmed
    expected = CaseStatus.RECEIVED if answer else CaseStatus.AWAITING_REQUESTER
    assert detail.status is expected


def test_confirming_identity_on_a_running_clock_asks_nothing(
    qtbot: QtBot, desk: Desk, questions: Answers
) -> None:
    case = CaseService(desk.context, desk.users["staff"]).intake(correction_by_email())
    ws = CaseWorkspace(desk.context, desk.users["staff"], case.id)
    qtbot.addWidget(ws)
    ws.resize(1300, 850)
    ws.show()
    wait_ops(qtbot)
    confirm_by_passport(qtbot, ws)
    assert questions.asked == []


# ====================================================================== 5. closed cases


def test_a_closed_case_offers_no_issuing_or_preview_and_says_why(
    qtbot: QtBot, desk: Desk, confirmations: list[str]
) -> None:
    staff = CaseService(desk.context, desk.users["staff"])
    case = staff.intake(correction_by_email())
    LetterService(desk.context, desk.users["staff"]).issue(
        case.id, case.version, LetterKind.ACKNOWLEDGEMENT
    )
    case = staff.get(case.id)
    case = staff.withdraw(case.id, case.version)
    assert case.status is CaseStatus.CLOSED
    panel = make_panel(qtbot, desk, case.id)
    for button in (panel.preview_button, panel.issue_button):
        assert not button.isEnabled()
        assert "closed" in button.toolTip()
    assert panel.new_box.closed_label.isVisible()
    assert "closed" in panel.new_box.closed_label.text()
    # Issued letters can still be shown and printed.
    assert panel.show_button.isEnabled() and panel.print_button.isEnabled()

    open_case = staff.intake(correction_by_email())
    panel = make_panel(qtbot, desk, open_case.id)
    assert panel.preview_button.isEnabled() and panel.issue_button.isEnabled()
    assert not panel.new_box.closed_label.isVisible()


# ====================================================================== 6. batches


def letter_count(desk: Desk, case_id: int) -> int:
    return len(CaseService(desk.context, desk.users["staff"]).get(case_id).letters)


def test_batch_lists_who_gets_the_letter_before_issuing_and_issues_only_those(
    qtbot: QtBot,
    desk: Desk,
    confirmations: list[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf_view, "choose_printer", lambda _parent: None)
    staff = CaseService(desk.context, desk.users["staff"])
    mine = staff.intake(correction_by_email())
    other = CaseService(desk.context, desk.users["staff2"])
    theirs = other.intake(correction_by_email())
    theirs = other.take(theirs.id, theirs.version)
    decided = approve_story_1_disclosure(
        desk.context, desk.users, desk.clock, staff.intake(disclosure_by_parent())
    )
    closed = staff.intake(complaint_by_phone())
    closed = staff.withdraw(closed.id, closed.version)
    done = staff.intake(correction_by_email())
    LetterService(desk.context, desk.users["staff"]).issue(
        done.id, done.version, LetterKind.ACKNOWLEDGEMENT
    )
    ids = [mine.id, theirs.id, decided.id, closed.id, done.id]
    before = {case_id: letter_count(desk, case_id) for case_id in ids}

    dialog = BatchLettersDialog(desk.context, desk.users["staff"], ids)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_ops(qtbot)
    table = dialog.plan_table
    rows = [tuple(table.item(r, c).text() for c in range(3)) for r in range(table.rowCount())]
    assert [row[0] for row in rows] == [
        mine.reference,
        theirs.reference,
        decided.reference,
        closed.reference,
        done.reference,
    ]
    assert rows[0][1] == "Yes" and rows[0][2] == ""
    assert all(row[1].startswith("No") for row in rows[1:])
    assert "another person's case" in rows[1][2]
    assert "already decided" in rows[2][2]
    assert "closed" in rows[3][2]
    assert "already issued" in rows[4][2]
    assert "1 of 5 selected cases will get the letter" in dialog.plan_label.text()
    assert dialog.issue_button.text().replace("&", "") == "Issue 1 letter and print…"
    # Nothing was issued by showing the list.
    assert {case_id: letter_count(desk, case_id) for case_id in ids} == before

    with qtbot.waitSignal(dialog.batch_finished, timeout=10_000):
        click(qtbot, dialog.issue_button)
    wait_ops(qtbot)
    assert "Issue 1 letters, one for each case?" in confirmations[0]
    after = {case_id: letter_count(desk, case_id) for case_id in ids}
    assert after == {**before, mine.id: before[mine.id] + 1}

    # The kind chosen again lists the cases again: an identity request fits other cases.
    fresh = BatchLettersDialog(desk.context, desk.users["staff"], [mine.id, closed.id])
    qtbot.addWidget(fresh)
    fresh.show()
    wait_ops(qtbot)
    fresh.set_kind(LetterKind.IDENTITY_REQUEST)
    wait_ops(qtbot)
    assert fresh.eligible_ids() == [mine.id]


def test_batch_records_the_dispatch_of_the_issued_letters_at_once(
    qtbot: QtBot, desk: Desk, confirmations: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pdf_view, "choose_printer", lambda _parent: None)
    staff = CaseService(desk.context, desk.users["staff"])
    ids = [staff.intake(correction_by_email()).id for _ in range(3)]
    dialog = BatchLettersDialog(desk.context, desk.users["staff"], ids)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_ops(qtbot)
    assert not dialog.dispatch_button.isEnabled()  # nothing issued yet
    with qtbot.waitSignal(dialog.batch_finished, timeout=10_000):
        click(qtbot, dialog.issue_button)
    wait_ops(qtbot)
    click(qtbot, dialog.dispatch_button)
    record = dialog.dispatch_dialog
    assert record is not None and record.isVisible()
    methods = [record.method_combo.itemData(i) for i in range(record.method_combo.count())]
    assert (
        DispatchMethod.SIMPLE_REGISTERED.value not in methods
    )  # a tracking number each: one by one
    record.set_method(DispatchMethod.HANDED_OVER)
    with qtbot.waitSignal(record.accepted, timeout=10_000):
        click(qtbot, record.record_button)
    wait_ops(qtbot)
    for case_id in ids:
        (letter,) = staff.get(case_id).letters
        assert letter.dispatch_method is DispatchMethod.HANDED_OVER
        assert letter.dispatched_on == desk.context.today()
    assert "Dispatch recorded for 3 letters" in dialog.summary.toPlainText()
    assert not dialog.dispatch_button.isEnabled()


# ====================================================================== 7. printing


def page_images(path: Path) -> list[list[dict]]:
    """For each printed page, its images: filter, bits per pixel component, width and height."""
    found = []
    for page in PdfReader(io.BytesIO(path.read_bytes())).pages:
        images = []
        xobjects = page["/Resources"].get_object().get("/XObject", {})
        for ref in xobjects.values():
            image = ref.get_object()
            if image.get("/Subtype") != "/Image":
                continue
            images.append(
                {
                    "filter": str(image.get("/Filter")),
                    "bits": int(image.get("/BitsPerComponent", 1)),
                    "mask": bool(image.get("/ImageMask", False)),
                    "width": int(image["/Width"]),
                    "height": int(image["/Height"]),
                }
            )
        found.append(images)
    return found


def test_printing_sends_one_bit_pages_at_the_printers_resolution_in_the_background(
    qtbot: QtBot, desk: Desk, tmp_path: Path
) -> None:
    from tests.ui.test_letters_ui import looks_alike, page_picture

    staff = CaseService(desk.context, desk.users["staff"])
    case = approve_story_1_disclosure(
        desk.context, desk.users, desk.clock, staff.intake(disclosure_by_parent())
    )
    data = LetterService(desk.context, desk.users["staff"]).preview(case.id, LetterKind.DECISION)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    resolution = printer.resolution()
    assert resolution >= 600

    finished: list[bool] = []
    assert pdf_view.print_pdf(None, data, printer=printer, on_finished=finished.append)
    # print_pdf returned while the pages are still being rendered on the thread pool.
    assert finished == [] and len(pdf_view._printing) == 1
    qtbot.waitUntil(lambda: finished == [True], timeout=10_000)
    wait_ops(qtbot)

    count = len(PdfReader(io.BytesIO(data)).pages)
    assert pages(out) == count >= 1
    a4_width = round(595.28 * resolution / 72)
    for images in page_images(out):
        assert images, "a printed page holds the rendered page"
        for image in images:
            # 1 bit a pixel, losslessly compressed: never a JPEG (DCTDecode) of the page.
            assert "DCT" not in image["filter"]
            assert image["bits"] == 1
            assert abs(image["width"] - a4_width) <= 2  # the printer's resolution, not less
    # The figure the issue measured: 1.7 MB a page as a 600-dpi JPEG; a 1-bit page at 1200 dpi
    # is about a third of it (590 kB for this letter), and sharp.
    per_page = out.stat().st_size / count
    assert per_page < 1_000_000, f"{per_page:.0f} bytes a page"
    printed = out.read_bytes()
    for page in range(count):
        assert looks_alike(page_picture(data, page), page_picture(printed, page))


def pages(path: Path) -> int:
    return len(PdfReader(io.BytesIO(path.read_bytes())).pages)
