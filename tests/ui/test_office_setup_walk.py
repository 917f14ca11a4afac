"""Issue 9, done when: a new office is set up entirely from the first start and the
Administration menu — both offices, letterhead, users, closures, fees — with nothing left in code
or in a demo account, and every change appears in the audit trail.

One walk through the screens the desk really shows, on an empty SQLite file: first start (the
organisation's names, the head office's letterhead, the first administrator), log-in,
Administration › Settings (document numbers, the Naha branch's letterhead, the disclosure fee,
the bank account), › Users (a Naha staff member), › Calendar (Naha closed on 慰霊の日,
2027-06-23, a Wednesday). A Naha case then gets its acknowledgement: the PDF carries the Naha
letterhead and numbering typed on screen, nothing of the defaults in code (JACCES's), and a reply
date pushed past the closure. The audit trail holds an entry for every change, and the database
no user but the two made on screen. All names, addresses and numbers are invented.
"""

from __future__ import annotations

import json
from datetime import date, datetime

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QSpinBox
from sqlalchemy import select

from privacy_desk.app import StartUp
from privacy_desk.domain.calendar import JST
from privacy_desk.domain.vocabulary import Channel, DisclosureMethod, RequestKind, UserRole
from privacy_desk.letters import LetterKind
from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import IntakeForm, MeasureForm
from privacy_desk.services.letters import LetterService
from privacy_desk.services.users import authenticate
from privacy_desk.storage.db import connect
from privacy_desk.storage.demo_mark import is_demo
from privacy_desk.storage.models import AuditEntry, User
from privacy_desk.ui.admin.calendar import CalendarDialog
from privacy_desk.ui.admin.settings import SettingsDialog
from privacy_desk.ui.admin.users import UsersDialog
from privacy_desk.ui.letters import LettersPanel
from privacy_desk.ui.letters import common as letters_common
from privacy_desk.ui.login import FirstRunDialog, LoginDialog
from privacy_desk.ui.main import MainWindow
from privacy_desk.ui.ops import alive
from tests.conftest import Clock
from tests.letters.reading import assert_contains, pdf_text
from tests.services.factories import MISAKI
from tests.ui.conftest import click, type_text, wait_ops

ORGANISATION = {
    "organisation_ja": "一般社団法人見本就労支援協会",
    "organisation_en": "Mihon Employment Support Association",
    "organisation_short_ja": "MESA",
    "organisation_short_en": "MESA",
}
ADMIN_PASSWORD = "珊瑚の海を渡る風 2027"
STAFF_PASSWORD = "首里の坂道で読む本 2027"
TOKYO = {
    "postal_code": "170-0099",
    "address_ja": "東京都豊島区見本町1丁目2番3号 見本ビル4階",
    "tel": "03-0000-2222",
    "fax": "03-0000-2223",
    "email": "tokyo@mihon.example",
}
NAHA = {
    "postal_code": "900-0099",
    "address_ja": "沖縄県那覇市見本町9丁目8番7号",
    "tel": "098-000-1111",
    "fax": "098-000-1112",
    "email": "naha@mihon.example",
}
PREFIXES = {"document_number_prefix": "MESA個第", "document_number_prefix_en": "MESA No. "}
BANK = {
    "fee_bank": "見本銀行",
    "fee_branch": "波之上支店",
    "fee_account_number": "7654321",
    "fee_payee_kana": "ミホンシユウロウシエンキヨウカイ",
}
IREI_NO_HI = date(2027, 6, 23)


def retype(qtbot, edit: QLineEdit, text: str) -> None:
    """Replace a pre-filled text as a user would: Ctrl+A, Delete, then type."""
    assert edit.isVisible(), edit.objectName()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert edit.text() == ""
    type_text(qtbot, edit, text)


def test_a_new_office_is_set_up_from_the_first_start_and_the_administration_menu(
    qtbot, tmp_path, monkeypatch
) -> None:
    assert IREI_NO_HI.weekday() == 2  # a Wednesday: a business day unless closed
    db = connect(f"sqlite:///{tmp_path / 'new-office.sqlite3'}")
    clock = Clock(datetime(2027, 6, 14, 9, 0, tzinfo=JST))  # a Monday in June
    context = Context(db, clock=clock)
    app = QApplication.instance()
    quits = app.quitOnLastWindowClosed()
    start = StartUp(app, context)
    try:
        # 1. First start: the organisation, the first office, the first administrator.
        start.begin()
        (first,) = [
            w for w in app.topLevelWidgets() if isinstance(w, FirstRunDialog) and w.isVisible()
        ]
        wait_ops(qtbot)
        assert first.office_box.isVisible()
        type_text(qtbot, first.organisation_ja_edit, ORGANISATION["organisation_ja"])
        retype(qtbot, first.organisation_en_edit, ORGANISATION["organisation_en"])
        retype(qtbot, first.organisation_short_edit, ORGANISATION["organisation_short_ja"])
        for key, text in TOKYO.items():
            retype(qtbot, first.office_edits[key], text)
        type_text(qtbot, first.login_edit, "kanri")
        type_text(qtbot, first.name_edit, "見本 管理子")
        type_text(qtbot, first.password_edit, ADMIN_PASSWORD)
        type_text(qtbot, first.repeat_edit, ADMIN_PASSWORD)
        click(qtbot, first.create_button)
        login = start.login_dialog
        assert isinstance(login, LoginDialog) and login.isVisible()
        retype(qtbot, login.login_edit, "kanri")
        type_text(qtbot, login.password_edit, ADMIN_PASSWORD)
        click(qtbot, login.log_in_button)
        window = start.window
        assert isinstance(window, MainWindow)
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: window.model.has_loaded, timeout=10_000)
        wait_ops(qtbot)

        # 2. Administration › Settings: numbering, Naha's letterhead, the fee and the bank.
        window.actions_by_name["office_settings"].trigger()
        settings = window.findChild(SettingsDialog)
        wait_ops(qtbot)
        for key, text in PREFIXES.items():
            retype(qtbot, settings.findChild(QLineEdit, f"letterhead.{key}"), text)
        settings.show_page("offices")
        tabs = settings.office_tabs.tabBar()
        naha_tab = tabs.tabRect([tabs.tabText(i) for i in range(tabs.count())].index("Naha branch"))
        qtbot.mouseClick(tabs, Qt.MouseButton.LeftButton, pos=naha_tab.center())
        for key, text in NAHA.items():
            retype(qtbot, settings.findChild(QLineEdit, f"office.naha.{key}"), text)
        settings.show_page("letters")
        fee = settings.findChild(QSpinBox, "fee_yen.disclosure")
        fee.selectAll()
        type_text(qtbot, fee, "800")
        for key, text in BANK.items():
            retype(qtbot, settings.findChild(QLineEdit, key), text)
        account_type = settings.findChild(QComboBox, "fee_account_type")
        account_type.setCurrentIndex(account_type.findData("current"))
        click(qtbot, settings.save_button)
        assert not alive(settings)  # saved, closed and deleted: nothing was refused

        # 3. Administration › Users: a staff member in Naha.
        window.actions_by_name["users"].trigger()
        users = window.findChild(UsersDialog)
        wait_ops(qtbot)
        click(qtbot, users.add_button)
        add = users.add_dialog
        type_text(qtbot, add.login_edit, "nakasone")
        type_text(qtbot, add.name_edit, "仲宗根 見本")
        add.role_combo.set_value(UserRole.STAFF)
        add.office_combo.setCurrentIndex(add.office_combo.findData("naha"))
        type_text(qtbot, add.password_edit, STAFF_PASSWORD)
        type_text(qtbot, add.repeat_edit, STAFF_PASSWORD)
        click(qtbot, add.ok_button)
        assert "nakasone was added as Staff" in users.message.message()
        users.close()

        # A Naha case comes in (intake is not administration: through the service).
        staff = authenticate(context, "nakasone", STAFF_PASSWORD)
        form = IntakeForm(
            channel=Channel.PHONE,
            received_at=clock(),
            requester=MISAKI,
            measures=(
                MeasureForm(
                    RequestKind.DISCLOSURE, "私の保有個人データすべて", DisclosureMethod.PAPER
                ),
            ),
            summary="本人からの開示請求",
        )
        case = CaseService(context, staff).intake(form)
        assert case.office_code == "naha"
        due_before = case.deadlines.current_due.date()
        assert due_before > IREI_NO_HI

        # 4. Administration › Calendar: Naha closed on 慰霊の日; the case's due date moves.
        window.actions_by_name["calendar"].trigger()
        calendar = window.findChild(CalendarDialog)
        wait_ops(qtbot)
        while calendar.year_box.value() < 2027:
            click(qtbot, calendar.next_button)
        click(qtbot, calendar.add_button)
        closure = calendar.add_dialog
        closure.day_edit.setDate(QDate(2027, 6, 23))
        type_text(qtbot, closure.reason_edit, "慰霊の日")
        closure.office_box.setCurrentIndex(closure.office_box.findData("naha"))
        click(qtbot, closure.buttons.button(closure.buttons.StandardButton.Ok))
        assert case.reference in calendar.moved_label.text()
        calendar.office_box.setCurrentIndex(calendar.office_box.findData("naha"))
        assert calendar.month(6).days[IREI_NO_HI].text() == "23C"
        calendar.close()
        due_after = CaseService(context, staff).get(case.id).deadlines.current_due.date()
        assert (due_before, due_after) == (date(2027, 6, 28), date(2027, 6, 29))

        # 5. The acknowledgement, issued from the case's letters: the Naha letterhead.
        monkeypatch.setattr(letters_common, "confirm", lambda *_args: True)
        panel = LettersPanel(context, staff, case.id)
        qtbot.addWidget(panel)
        panel.show()
        wait_ops(qtbot)
        assert panel.kind() is LetterKind.ACKNOWLEDGEMENT
        with qtbot.waitSignal(panel.letters_changed, timeout=10_000):
            click(qtbot, panel.issue_button)
        (letter,) = CaseService(context, staff).get(case.id).letters
        words = pdf_text(LetterService(context, staff).pdf(letter.id))
        assert_contains(words, ORGANISATION["organisation_ja"], "那覇支部", *NAHA.values())
        assert_contains(words, "令和9年6月29日までに回答する予定です")
        assert_contains(words, "MESA個第令和9-1号")
        assert "03-0000-222" not in words  # the head office's TEL and FAX are not the sender's
        assert "jacces" not in words.lower()  # nothing of the defaults in code
        fee_now = CaseService(context, staff).record_fee(case.id, None, None)
        assert [f.amount_yen for f in fee_now.fees] == [800]  # the fee set in Settings

        # 6. The audit trail has every administration change; no demo account anywhere.
        with db.session() as session:
            trail = [
                (e.actor, e.action, json.loads(e.detail))
                for e in session.scalars(select(AuditEntry).order_by(AuditEntry.id))
            ]
            logins = set(session.scalars(select(User.login)))
            assert not is_demo(session)
        admin = [(who, what, detail) for who, what, detail in trail if what.startswith("manage_")]
        assert ("first-run:kanri", "manage_users", {"added": "kanri", "role": "admin"}) in admin
        changes = {
            key: change["new"]
            for who, what, detail in admin
            if what == "manage_settings"
            for key, change in detail.get("changes", {}).items()
        }
        letterhead = {**ORGANISATION, **PREFIXES}
        assert {k: changes[f"letterhead.{k}"] for k in letterhead} == letterhead
        assert changes["fee_yen.disclosure"] == 800
        assert changes["fee_account_type"] == "current"
        assert {k: changes[k] for k in BANK} == BANK
        offices = {
            detail["office"]: {k: v["new"] for k, v in detail["changed"].items()}
            for who, what, detail in admin
            if what == "manage_settings" and "office" in detail
        }
        assert offices == {"tokyo": TOKYO, "naha": NAHA}
        added = [d for who, what, d in admin if what == "manage_users" and who == "kanri"]
        assert [(d["added"], d["role"], d.get("office")) for d in added] == [
            ("nakasone", "staff", "naha")
        ]
        (closed,) = [d for _who, what, d in admin if what == "manage_calendar"]
        assert (closed["closure"], closed["office"], closed["reason"]) == (
            "2027-06-23",
            "naha",
            "慰霊の日",
        )
        assert logins == {"kanri", "nakasone"}
    finally:
        start.log_out()
        app.setQuitOnLastWindowClosed(quits)
        if start.window is not None:
            start.window.close()
        wait_ops(qtbot)
        db.dispose()
