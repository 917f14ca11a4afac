"""The letter template editor's aids: the fields list, inserting a field, the preview with a chosen
case in its own window, and the reset to the shipped template (asked, undoable, then audited).

Real widgets on a fresh SQLite file from the migrations, the real services; what a preview says is
read back from its PDF bytes.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTreeWidget,
    QWidget,
)
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from privacy_desk import i18n
from privacy_desk.letters import LetterKind
from privacy_desk.letters.context import LetterContext, Letterhead, MissingDocument
from privacy_desk.letters.fields import (
    MEANINGS,
    ROOT_MEANINGS,
    field_groups,
    shipped_fields,
    template_fields,
)
from privacy_desk.letters.templates import _GLOBAL_NAMES, compile_template
from privacy_desk.services.cases import CaseService
from privacy_desk.services.letters import LetterService
from privacy_desk.storage.models import AuditEntry
from privacy_desk.ui.fonts import install_fonts
from privacy_desk.ui.letters import TemplatesEditor
from privacy_desk.ui.letters import common as letters_common
from tests.letters.reading import pdf_text
from tests.services.factories import complaint_by_phone, correction_by_email
from tests.ui.conftest import Desk, click, wait_ops

ACK_JA = (LetterKind.ACKNOWLEDGEMENT, "ja")


@pytest.fixture(autouse=True)
def asked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Answer yes to every confirmation (closing with unsaved text too), keeping the questions."""
    questions: list[str] = []

    def yes(_parent: object, _title: str, text: str, _accept: str) -> bool:
        questions.append(text)
        return True

    monkeypatch.setattr(letters_common, "confirm", yes)
    return questions


def later_desk(make_desk) -> Desk:
    desk = make_desk()
    desk.clock.set(2026, 11, 24, 15, 0)  # after the intake times of the factories
    return desk


def open_editor(qtbot: QtBot, desk: Desk, role: str = "admin") -> TemplatesEditor:
    editor = TemplatesEditor(desk.context, desk.users[role])
    qtbot.addWidget(editor)
    editor.show()
    editor.set_choice(*ACK_JA)
    wait_ops(qtbot)
    return editor


# ====================================================================== the fields list


def _declared_attributes(cls: type) -> set[str]:
    """A dataclass's fields and properties, read from the class itself (not from our lister)."""
    names = {f.name for f in dataclasses.fields(cls)}
    names |= {n for n, v in vars(cls).items() if isinstance(v, property)}
    return names


def test_fields_list_is_what_the_renderer_accepts() -> None:
    fields = template_fields()
    paths = [f.path for f in fields]
    # Every top-level name the renderer knows is listed, and every field of its records.
    assert set(_GLOBAL_NAMES) <= set(paths)
    by_owner = {g.owner: {f.attribute for f in g.fields} for g in field_groups() if g.owner}
    for cls in (LetterContext, Letterhead, MissingDocument, *{t for t in by_owner}):
        assert by_owner[cls] == _declared_attributes(cls), cls.__name__
    # Every listed field compiles where the list says it is read (a loop for a list's records) …
    for group in field_groups():
        for field in group.fields:
            text = field.placeholder
            if group.loop:
                text = f"{group.loop}{text}{{% endfor %}}"
            compile_template("check", text)
    # … and every one has a meaning, translated into Japanese; no meaning is left without a field.
    assert all(f.meaning for f in fields)
    assert set(ROOT_MEANINGS) == {f.path for f in fields if f.owner is None}
    for cls, meanings in MEANINGS.items():
        assert set(meanings) == by_owner[cls], cls.__name__
    ja = i18n.translation("ja")
    untranslated = [f.meaning for f in fields if ja.gettext(f.meaning) == f.meaning]
    assert untranslated == []


def test_a_field_the_renderer_refuses_is_not_listed() -> None:
    paths = {f.path for f in template_fields()}
    assert "letter.reciept_date" not in paths
    with pytest.raises(Exception, match="reciept_date"):
        compile_template("check", "{{ letter.reciept_date }}")
    # The shipped templates read only listed fields, and the acknowledgement its reference.
    used = {f.path for f in shipped_fields("acknowledgement", "ja")}
    assert "letter.reference" in used and used <= paths


def test_editor_lists_the_fields_and_marks_those_the_shipped_letter_uses(
    qtbot: QtBot, make_desk
) -> None:
    editor = open_editor(qtbot, make_desk())
    panel = editor.fields_panel
    shipped = {f.path for f in shipped_fields(LetterKind.ACKNOWLEDGEMENT.value, "ja")}
    assert panel.shipped_only.isChecked()
    assert set(panel.listed_paths()) == shipped
    panel.shipped_only.setChecked(False)
    assert set(panel.listed_paths()) == {f.path for f in template_fields()}
    # The fax cover's shipped text reads the fax fields; switching the letter marks them.
    editor.set_choice(LetterKind.FAX_COVER, "ja")
    wait_ops(qtbot)
    panel.shipped_only.setChecked(True)
    assert "letter.fax_number" in panel.listed_paths()
    assert "letter.fax_number" not in shipped
    panel.shipped_only.setChecked(False)
    panel.filter_edit.setText("postal")
    assert panel.listed_paths() == ["recipient.postal_code"]


def test_editor_field_meanings_are_in_the_screen_language(qtbot: QtBot, make_desk) -> None:
    i18n.set_language("ja")
    editor = open_editor(qtbot, make_desk())
    panel = editor.fields_panel
    panel.shipped_only.setChecked(False)
    panel.select_path("letter.reference")
    item = panel.tree.currentItem()
    assert item.text(0) == "letter.reference"
    assert item.text(1) == i18n.translation("ja").gettext("The case reference") != ""
    assert item.text(1) != "The case reference"
    assert panel.detail_label.text().startswith("{{ letter.reference }}")
    assert item.text(1) in panel.detail_label.text()


# ====================================================================== inserting a field


def test_enter_and_double_click_insert_the_field_at_the_cursor(qtbot: QtBot, make_desk) -> None:
    editor = open_editor(qtbot, make_desk())
    original = editor.text()
    cursor = editor.editor.textCursor()
    cursor.setPosition(5)
    editor.editor.setTextCursor(cursor)

    panel = editor.fields_panel
    panel.select_path("letter.reference")
    panel.tree.setFocus()
    qtbot.keyClick(panel.tree, Qt.Key.Key_Return)
    expected = original[:5] + "{{ letter.reference }}" + original[5:]
    assert editor.text() == expected
    assert editor.editor.hasFocus() or not editor.isActiveWindow()
    assert "not saved yet" in editor.state_label.text()
    assert editor.has_unsaved_changes()  # Enter inserted; it did not save

    # A double-click inserts where the cursor now is, right after the first field.
    panel.shipped_only.setChecked(False)
    panel.select_path("m.outcome")
    item = panel.tree.currentItem()
    rect = panel.tree.visualItemRect(item)
    where = QPoint(rect.left() + 8, rect.center().y())  # on the field's name
    assert panel.tree.itemAt(where) is item
    # What a real double-click sends: a click, then the double-click.
    qtbot.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert editor.text() == expected.replace(
        "{{ letter.reference }}", "{{ letter.reference }}{{ m.outcome }}", 1
    )
    # Ctrl+Z undoes an insertion.
    editor.editor.undo()
    assert "{{ m.outcome }}" not in editor.text()


def test_staff_can_not_insert(qtbot: QtBot, make_desk) -> None:
    editor = open_editor(qtbot, make_desk(), "staff")
    before = editor.text()
    editor.fields_panel.select_path("letter.reference")
    qtbot.keyClick(editor.fields_panel.tree, Qt.Key.Key_Return)
    assert editor.text() == before
    assert not editor.fields_panel.insert_button.isEnabled()


# ====================================================================== preview with a case


def test_preview_with_a_case_picked_from_recent_cases(qtbot: QtBot, make_desk) -> None:
    desk = later_desk(make_desk)
    staff = CaseService(desk.context, desk.users["staff"])
    first = staff.intake(correction_by_email())
    second = staff.intake(complaint_by_phone())
    editor = open_editor(qtbot, desk)
    chooser = editor.case_chooser
    assert set(chooser.recent_references()) == {first.reference, second.reference}
    assert not editor.preview_window.isVisible()

    chooser.choose(second.reference)
    assert editor.reference_edit.text() == second.reference  # the reference alone
    click(qtbot, editor.preview_button)
    qtbot.waitUntil(lambda: editor.preview.page_count() >= 1, timeout=10_000)
    text = pdf_text(editor.preview.pdf_bytes())
    assert second.reference in text and first.reference not in text
    # Its own window, as tall as the screen allows, not a strip of the editor.
    assert editor.preview_window.isVisible()
    assert editor.preview_window.height() >= 600
    assert second.reference in editor.preview_window.windowTitle()

    # A reference typed by hand, then Enter in the field.
    editor.reference_edit.clear()
    qtbot.keyClicks(editor.reference_edit, first.reference)
    qtbot.keyClick(editor.reference_edit, Qt.Key.Key_Return)
    wait_ops(qtbot)
    qtbot.waitUntil(lambda: first.reference in pdf_text(editor.preview.pdf_bytes()), timeout=10_000)
    assert not editor.has_unsaved_changes()  # Enter previewed; nothing was saved or changed


def test_preview_without_a_case_uses_the_sample_and_an_unknown_reference_is_refused(
    qtbot: QtBot, make_desk
) -> None:
    editor = open_editor(qtbot, make_desk())
    editor.case_chooser.choose("")
    click(qtbot, editor.preview_button)
    qtbot.waitUntil(lambda: editor.preview.page_count() >= 1, timeout=10_000)
    assert "invented sample" in editor.preview.caption()

    editor.reference_edit.setText("PD-2026-999999")
    click(qtbot, editor.preview_button)
    assert "There is no case PD-2026-999999." in editor.message_bar.message()


# ====================================================================== reset


def _audit_details(desk: Desk) -> list[str]:
    with desk.context.db.session() as session:
        return [
            f"{e.action} {e.detail}"
            for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        ]


def test_reset_asks_restores_the_shipped_text_undoably_and_saving_is_audited(
    qtbot: QtBot, make_desk, asked: list[str]
) -> None:
    desk = make_desk()
    admin = LetterService(desk.context, desk.users["admin"])
    shipped, edited = admin.template_text(*ACK_JA)
    assert not edited
    changed = shipped.replace("請求の受付について（通知）", "ご請求を確かに承りました（通知）")
    admin.save_template(*ACK_JA, changed)

    editor = open_editor(qtbot, desk)
    assert editor.text() == changed and editor.is_edited_copy()
    assert "shipped template" in editor.reset_button.text()
    assert editor.reset_button.isEnabled()

    click(qtbot, editor.reset_button)
    assert len(asked) == 1 and "edited copy will be replaced" in asked[0]
    assert editor.text() == shipped
    # Nothing is stored yet: the edited copy is still in use, and Ctrl+Z brings it back.
    assert admin.template_text(*ACK_JA) == (changed, True)
    assert "not saved yet" in editor.state_label.text()
    editor.editor.setFocus()
    qtbot.keyClick(editor.editor, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.text() == changed
    qtbot.keyClick(
        editor.editor,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert editor.text() == shipped

    before = len(_audit_details(desk))
    with qtbot.waitSignal(editor.template_reset, timeout=10_000):
        click(qtbot, editor.save_button)
    assert admin.template_text(*ACK_JA) == (shipped, False)
    assert not editor.has_unsaved_changes() and "default" in editor.state_label.text()
    assert not editor.reset_button.isEnabled()  # the shipped text is in use and shown
    new = _audit_details(desk)[before:]
    assert len(new) == 1 and new[0].startswith("manage_settings")
    assert "acknowledgement/ja" in new[0]


def test_reset_refused_in_the_question_changes_nothing(
    qtbot: QtBot, make_desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    desk = make_desk()
    admin = LetterService(desk.context, desk.users["admin"])
    shipped, _ = admin.template_text(*ACK_JA)
    admin.save_template(*ACK_JA, shipped + "\n")
    monkeypatch.setattr(letters_common, "confirm", lambda *_args: False)
    editor = open_editor(qtbot, desk)
    click(qtbot, editor.reset_button)
    assert editor.text() == shipped + "\n" and not editor.has_unsaved_changes()


def test_reset_of_unsaved_changes_to_the_shipped_text(
    qtbot: QtBot, make_desk, asked: list[str]
) -> None:
    editor = open_editor(qtbot, make_desk())
    shipped = editor.text()
    assert not editor.reset_button.isEnabled()
    editor.editor.setPlainText(shipped + "text: more\n")
    assert editor.reset_button.isEnabled()
    click(qtbot, editor.reset_button)
    assert "not saved are replaced" in asked[0]
    assert editor.text() == shipped and not editor.has_unsaved_changes()


def test_a_saved_copy_that_repeats_the_shipped_text_can_still_be_reset(
    qtbot: QtBot, make_desk, asked: list[str]
) -> None:
    desk = make_desk()
    admin = LetterService(desk.context, desk.users["admin"])
    shipped, _ = admin.template_text(*ACK_JA)
    admin.save_template(*ACK_JA, shipped)
    editor = open_editor(qtbot, desk)
    assert editor.is_edited_copy() and editor.reset_button.isEnabled()
    click(qtbot, editor.reset_button)
    assert "edited copy will be replaced" in asked[0]
    with qtbot.waitSignal(editor.template_reset, timeout=10_000):
        click(qtbot, editor.save_button)
    assert admin.template_text(*ACK_JA) == (shipped, False)
    assert not editor.reset_button.isEnabled()


# ====================================================================== screens


@pytest.mark.parametrize("language", ["en", "ja"])
def test_screenshots_fit_1366x768(qtbot: QtBot, make_desk, language: str, tmp_path: Path) -> None:
    install_fonts(QApplication.instance())
    i18n.set_language(language)
    desk = later_desk(make_desk)
    case = CaseService(desk.context, desk.users["staff"]).intake(correction_by_email())
    editor = open_editor(qtbot, desk)
    editor.resize(1366, 740)
    editor.fields_panel.select_path("letter.reference")
    editor.case_chooser.choose(case.reference)
    click(qtbot, editor.preview_button)
    qtbot.waitUntil(lambda: editor.preview.page_count() >= 1, timeout=10_000)
    # 768 less a task bar (40) and a title bar (30).
    assert editor.minimumSizeHint().width() <= 1366
    assert editor.minimumSizeHint().height() <= 698, editor.minimumSizeHint()
    assert editor.preview_window.height() <= 768
    qtbot.wait(800)  # QPdfView draws its pages a moment after loading them
    # PD_SCREENSHOTS=folder keeps the pictures to look at; else the test's own folder.
    folder = Path(os.environ.get("PD_SCREENSHOTS") or tmp_path)
    assert editor.grab().save(str(folder / f"templates-editor-{language}.png"))
    assert editor.preview_window.grab().save(str(folder / f"templates-preview-{language}.png"))


@pytest.mark.parametrize("language", ["en", "ja"])
def test_every_control_has_a_shortcut_or_a_name(qtbot: QtBot, make_desk, language: str) -> None:
    i18n.set_language(language)
    editor = open_editor(qtbot, make_desk())
    shown = [w for w in editor.findChildren(QWidget) if w.isVisibleTo(editor)]
    keys = []
    for widget in shown:
        if isinstance(widget, QLabel | QAbstractButton) and "&" in widget.text():
            keys.append(widget.text().split("&", 1)[1][:1].casefold())
    assert len(keys) >= 10 and len(keys) == len(set(keys)), keys
    buddies = {id(label.buddy()) for label in editor.findChildren(QLabel) if label.buddy()}
    inputs = (QComboBox, QLineEdit, QPlainTextEdit, QTreeWidget)
    unnamed = [
        w.objectName()
        for w in shown
        if isinstance(w, inputs)
        and not isinstance(w.parent(), QComboBox)
        and not w.accessibleName()
        and id(w) not in buddies
    ]
    assert unnamed == []
