"""Every office setting is changed in at least one test, and its effect seen.

EFFECT_TESTS lists, per setting of services/settings.SETTINGS, the tests that change it and look
at what changes for people (a due date, a queue, a letter, a log-in, the screen's lock). A setting
added without a test listed here fails `test_every_setting_has_an_effect_test`; a listed test that
no longer exists fails too. Each effect test below compares the changed setting with the default,
so a setting that is stored but ignored fails it.
"""

from __future__ import annotations

import ast
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.vocabulary import (
    AuthorityDocument,
    BankAccountType,
    Channel,
    DeadlineState,
    IdentityDocument,
    IdentityMethod,
    PaymentMethod,
    Queue,
    RequesterRole,
    RequestKind,
)
from privacy_desk.letters import LetterKind
from privacy_desk.services import settings as settings_store
from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import CaseDetail, IdentityForm, IntakeForm, MeasureForm, PersonForm
from privacy_desk.services.letters import LetterOptions, LetterService
from privacy_desk.services.queues import QueueService
from privacy_desk.services.users import (
    AccountLocked,
    AdminService,
    LoginFailed,
    authenticate,
    read_settings,
)
from tests.conftest import PASSWORD, Clock
from tests.letters.reading import pdf_text
from tests.services.factories import complaint_by_phone, disclosure_by_parent, moment

HERE = "tests/services/test_settings_effects.py"
EFFECT_TESTS: dict[str, list[str]] = {
    "identity_scans_keep_days": [
        "tests/services/test_identity_scans.py::"
        "test_kept_some_days_then_purged_at_start_and_by_retention",
    ],
    "scan_max_mb": [
        "tests/services/test_inbox.py::test_scan_max_mb_sets_the_largest_file_taken_in"
    ],
    "inbox_folder": [
        "tests/services/test_inbox.py::test_inbox_folder_names_the_folder_the_desk_watches",
        "tests/ui/test_fax_ui.py::test_the_desk_polls_the_inbox_folder_in_the_background",
    ],
    "target_business_days": [f"{HERE}::test_target_business_days_set_the_due_date"],
    "acknowledgement_business_days": [
        f"{HERE}::test_acknowledgement_business_days_set_the_acknowledgement_due"
    ],
    "due_soon_business_days": [f"{HERE}::test_due_soon_business_days_widen_the_due_soon_queue"],
    "authority_max_age_months": [
        f"{HERE}::test_authority_max_age_decides_whether_an_old_certificate_counts"
    ],
    "clock_start": [
        "tests/services/test_case_life.py::test_clock_can_start_at_confirmed_identity",
        "tests/services/test_rules_time.py::test_days_awaiting_documents_before_identity_are_not_paused_days",
    ],
    "individual_number_policy": [
        "tests/services/test_case_life.py::test_story_7_individual_number_never_stored"
    ],
    "mask_names_in_lists": [
        "tests/services/test_queues.py::test_masked_names_and_audited_reveal",
        f"{HERE}::test_names_are_shown_whole_unless_masking_is_set",
    ],
    "idle_lock_minutes": [
        "tests/ui/test_settings_effects_ui.py::test_idle_lock_minutes_set_the_lock"
    ],
    "lockout_attempts": [f"{HERE}::test_lockout_attempts_count_the_failures_before_a_lock"],
    "lockout_minutes": [f"{HERE}::test_lockout_minutes_say_how_long_the_lock_lasts"],
    "letterhead": [
        f"{HERE}::test_the_letterhead_setting_is_printed_on_letters",
        "tests/services/test_organisation_letters.py::"
        "test_a_cases_letters_print_the_names_the_settings_hold",
    ],
    "reply_business_days": [
        "tests/services/test_letters_from_cases.py::test_the_reply_by_date_is_business_days_on_never_a_closed_day"
    ],
    **{
        key: [f"{HERE}::test_the_fee_account_settings_are_what_a_fee_letter_gives"]
        for key in (
            "fee_bank",
            "fee_branch",
            "fee_account_type",
            "fee_account_number",
            "fee_payee_kana",
            "fee_pay_business_days",
        )
    },
    "fee_yen": [f"{HERE}::test_fee_yen_is_the_amount_a_fee_takes_unless_one_is_typed"],
    "backup_folder": [
        "tests/services/test_backup.py::test_the_daily_backup_goes_to_the_folder_of_the_setting"
    ],
    "backups_kept": [
        "tests/services/test_backup.py::test_the_daily_backup_runs_once_a_day_and_keeps_the_last_n"
    ],
    "audit_anchor_folder": [
        "tests/storage/test_audit_tampering.py::test_the_anchor_file_is_append_only_lines_of_numbers_and_hashes"
    ],
    "retention_years": [
        "tests/services/test_retention.py::test_the_period_is_a_setting_per_kind_and_the_longest_kind_wins"
    ],
    "legal_line_warning_days": [f"{HERE}::test_legal_line_warning_days_say_when_the_line_is_near"],
}


def _test_functions(path: str) -> set[str]:
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def test_every_setting_has_an_effect_test() -> None:
    missing = sorted(set(settings_store.SETTINGS) - set(EFFECT_TESTS))
    assert not missing, f"give these settings an effect test in EFFECT_TESTS: {missing}"
    stale = sorted(set(EFFECT_TESTS) - set(settings_store.SETTINGS))
    assert not stale, f"EFFECT_TESTS names settings that no longer exist: {stale}"
    for key, tests in EFFECT_TESTS.items():
        assert tests, key
        for node in tests:
            path, name = node.split("::")
            assert name in _test_functions(path), f"{key}: {node} does not exist"


def _set(context: Context, users: dict, key: str, value: object) -> None:
    AdminService(context, users["admin"]).set_setting(key, value)


def _calendar(context: Context):
    with context.db.session() as session:
        return context.calendar(session)


def test_target_business_days_set_the_due_date(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    form = complaint_by_phone()
    default = staff.intake(form).deadlines
    calendar = _calendar(context)
    assert default.original_due == calendar.due(form.received_at, 10).due
    _set(context, users, "target_business_days", {"complaint": 3, "disclosure": 20})
    changed = staff.intake(form).deadlines
    assert changed.original_due == calendar.due(form.received_at, 3).due
    assert changed.current_due == changed.original_due < default.original_due
    # A case with two kinds keeps the shorter target.
    both = IntakeForm(
        channel=Channel.PHONE,
        received_at=form.received_at,
        requester=form.requester,
        measures=(MeasureForm(RequestKind.COMPLAINT, "案内"), MeasureForm(RequestKind.INQUIRY)),
    )
    assert staff.intake(both).deadlines.original_due == calendar.due(form.received_at, 3).due
    disclosure = staff.intake(disclosure_by_parent(form.received_at)).deadlines
    assert disclosure.original_due == calendar.due(form.received_at, 20).due


def test_acknowledgement_business_days_set_the_acknowledgement_due(
    context: Context, users: dict
) -> None:
    staff = CaseService(context, users["staff"])
    form = complaint_by_phone()
    calendar = _calendar(context)
    default = staff.intake(form).deadlines.acknowledgement_due
    assert default == calendar.due(form.received_at, 1).due
    _set(context, users, "acknowledgement_business_days", 4)
    changed = staff.intake(form).deadlines.acknowledgement_due
    assert changed == calendar.due(form.received_at, 4).due > default


def _move_until(clock: Clock, staff: CaseService, case: CaseDetail, days_left: int) -> None:
    for _ in range(40):
        if staff.get(case.id).deadlines.business_days_left == days_left:
            return
        clock.moment += timedelta(days=1)
    pytest.fail(f"never {days_left} business days left")


def test_due_soon_business_days_widen_the_due_soon_queue(
    context: Context, users: dict, clock: Clock
) -> None:
    staff = CaseService(context, users["staff"])
    queues = QueueService(context, users["staff"])
    case = staff.intake(complaint_by_phone())
    _move_until(clock, staff, case, 4)
    assert staff.get(case.id).deadlines.state is DeadlineState.ON_TRACK
    assert queues.counts()[Queue.DUE_SOON] == 0
    _set(context, users, "due_soon_business_days", 4)
    assert staff.get(case.id).deadlines.state is DeadlineState.DUE_SOON
    assert queues.counts()[Queue.DUE_SOON] == 1
    assert [r.id for r in queues.list(Queue.DUE_SOON).rows] == [case.id]
    _set(context, users, "due_soon_business_days", 3)
    assert staff.get(case.id).deadlines.state is DeadlineState.ON_TRACK
    assert queues.counts()[Queue.DUE_SOON] == 0


def _agent_with_old_seal(context: Context, users: dict, clock: Clock) -> CaseDetail:
    clock.set(2026, 11, 25, 10, 0)
    staff = CaseService(context, users["staff"])
    case = staff.intake(
        IntakeForm(
            channel=Channel.POST,
            received_at=moment(2026, 11, 25, 9, 30),
            requester=PersonForm("佐々木 誠", "ササキ マコト", organisation="佐々木法律事務所"),
            requester_role=RequesterRole.AGENT,
            subject=PersonForm("林 葵", "ハヤシ アオイ", date(1990, 3, 3)),
            measures=(MeasureForm(RequestKind.DISCLOSURE),),
        )
    )
    return staff.confirm_identity(
        case.id,
        case.version,
        IdentityForm(
            IdentityMethod.DOCUMENTS,
            (IdentityDocument.DRIVERS_LICENCE,),
            (
                (AuthorityDocument.POWER_OF_ATTORNEY, date(2026, 11, 10)),
                # Issued 6 months and 24 days before the check.
                (AuthorityDocument.SEAL_CERTIFICATE, date(2026, 5, 1)),
            ),
        ),
    )


def test_authority_max_age_decides_whether_an_old_certificate_counts(
    context: Context, users: dict, clock: Clock
) -> None:
    assert not _agent_with_old_seal(context, users, clock).authority_confirmed
    _set(context, users, "authority_max_age_months", 7)
    assert _agent_with_old_seal(context, users, clock).authority_confirmed
    _set(context, users, "authority_max_age_months", 6)
    again = _agent_with_old_seal(context, users, clock)
    assert not again.authority_confirmed
    assert any("Seal-registration" in p for p in again.identity_problems)


def test_names_are_shown_whole_unless_masking_is_set(context: Context, users: dict) -> None:
    CaseService(context, users["staff"]).intake(disclosure_by_parent())
    queues = QueueService(context, users["staff"])
    assert queues.list(Queue.ALL_OPEN).rows[0].requester_name == "鈴木 恵子"
    _set(context, users, "mask_names_in_lists", True)
    assert queues.list(Queue.ALL_OPEN).rows[0].requester_name == "鈴木 ＊＊"


def _fail(context: Context, times: int) -> None:
    for _ in range(times):
        with pytest.raises(LoginFailed):
            authenticate(context, "sato", "wrong password")


def test_lockout_attempts_count_the_failures_before_a_lock(context: Context, users: dict) -> None:
    _fail(context, 4)  # one short of the default five
    assert authenticate(context, "sato", PASSWORD).login == "sato"
    _set(context, users, "lockout_attempts", 2)
    _fail(context, 1)
    assert authenticate(context, "sato", PASSWORD).login == "sato"
    _fail(context, 2)
    with pytest.raises(AccountLocked):
        authenticate(context, "sato", PASSWORD)


def test_lockout_minutes_say_how_long_the_lock_lasts(
    context: Context, users: dict, clock: Clock
) -> None:
    _set(context, users, "lockout_attempts", 1)
    _fail(context, 1)
    clock.moment += timedelta(minutes=14)
    with pytest.raises(AccountLocked):  # the default: 15 minutes
        authenticate(context, "sato", PASSWORD)
    clock.moment += timedelta(minutes=2)
    assert authenticate(context, "sato", PASSWORD).login == "sato"
    _set(context, users, "lockout_minutes", 60)
    _fail(context, 1)
    clock.moment += timedelta(minutes=59)
    with pytest.raises(AccountLocked):
        authenticate(context, "sato", PASSWORD)
    clock.moment += timedelta(minutes=2)
    assert authenticate(context, "sato", PASSWORD).login == "sato"


def test_the_letterhead_setting_is_printed_on_letters(context: Context, users: dict) -> None:
    case = CaseService(context, users["staff"]).intake(complaint_by_phone())
    letters = LetterService(context, users["staff"])
    before = pdf_text(letters.preview(case.id, LetterKind.ACKNOWLEDGEMENT))
    # TEL, FAX, email and hours are the case's office's (services/offices.letterhead_for); the
    # names are the letterhead setting's.
    assert "PrivacyOffice" in before and "PrivacyDeskTeam" not in before
    _set(context, users, "letterhead", {"office_en": "Privacy Desk Team"})
    after = pdf_text(letters.preview(case.id, LetterKind.ACKNOWLEDGEMENT))
    assert "PrivacyDeskTeam" in after and "PrivacyOffice" not in after


def test_the_fee_account_settings_are_what_a_fee_letter_gives(
    context: Context, users: dict
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(disclosure_by_parent())
    case = staff.record_fee(case.id, case.version, 300, PaymentMethod.BANK_TRANSFER)
    letters = LetterService(context, users["staff"])

    def fee() -> Any:
        with context.db.session() as session:
            built = letters.build_context(
                session,
                staff.get(case.id),
                LetterKind.DECISION,
                LetterOptions(),
                read_settings(context, users["staff"]),
            )
        assert built.fee is not None
        return built.fee

    default = fee()
    settings = {
        "fee_bank": "見本銀行",
        "fee_branch": "池袋支店",
        "fee_account_type": "current",
        "fee_account_number": "7654321",
        "fee_payee_kana": "ジヤクセス",
    }
    for key, value in settings.items():
        _set(context, users, key, value)
    _set(context, users, "fee_pay_business_days", 20)
    changed = fee()
    assert (
        changed.bank,
        changed.branch,
        changed.account_type,
        changed.account_number,
        changed.payee_kana,
    ) == ("見本銀行", "池袋支店", BankAccountType.CURRENT, "7654321", "ジヤクセス")
    # Ten more business days to pay: at least two weeks later.
    assert changed.pay_by >= default.pay_by + timedelta(days=14)


def test_legal_line_warning_days_say_when_the_line_is_near(
    context: Context, users: dict, clock: Clock
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(disclosure_by_parent())
    line = case.deadlines.legal_line
    assert line is not None
    clock.set(line.year, line.month, line.day, 10, 0)
    clock.moment -= timedelta(days=5)
    assert not staff.get(case.id).deadlines.legal_line_near  # default: 3 days
    _set(context, users, "legal_line_warning_days", 5)
    assert staff.get(case.id).deadlines.legal_line_near
    _set(context, users, "legal_line_warning_days", 4)
    assert not staff.get(case.id).deadlines.legal_line_near


def test_fee_yen_is_the_amount_a_fee_takes_unless_one_is_typed(
    context: Context, users: dict
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(disclosure_by_parent())
    assert case.fee_default_yen == 0
    with pytest.raises(ValidationError, match="no fee"):  # the default: no fee set
        staff.record_fee(case.id, case.version, None)
    _set(context, users, "fee_yen", {"disclosure": 300})
    case = staff.get(case.id)
    assert case.fee_default_yen == 300
    case = staff.record_fee(case.id, case.version, None, PaymentMethod.BANK_TRANSFER)
    assert [f.amount_yen for f in case.fees] == [300]
    case = staff.record_fee(case.id, case.version, 500)  # a typed amount wins
    assert [f.amount_yen for f in case.fees] == [300, 500]
