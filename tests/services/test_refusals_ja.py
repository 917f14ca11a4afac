"""Refusals of the services reach a Japanese screen in Japanese, an English one in English.

Every refusal here is the real one: raised by a service call on a real SQLite file (the fixtures
of tests/conftest.py), with the process language set as a screen would set it. The expected
Japanese is the catalogue's (privacy_desk/locale/ja), most of it the wording the office already
read before gettext; a few calls are repeated in English: a refusal reads in the screen's language.

The families: an Individual Number typed into a field (named per field), a missing name, an email
without '@', an unknown case reference, user administration, closures, log-in (wrong password and
lockout), settings, letters refused by the case's state or by their hash, tracking numbers, an
extension to a closed day, a decision that can not be proposed yet, and conflicts.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest
from sqlalchemy import text

from privacy_desk.domain.errors import (
    CalendarError,
    DomainError,
    IndividualNumberRefused,
    MissingReason,
    PermissionDenied,
    RuleViolation,
    ValidationError,
)
from privacy_desk.domain.vocabulary import (
    AuthorityDocument,
    DispatchMethod,
    IdentityDocument,
    IdentityMethod,
    RequesterRole,
    UserRole,
)
from privacy_desk.i18n import set_language
from privacy_desk.letters import LetterKind
from privacy_desk.services.base import Actor, ConflictError, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import CaseDetail, IdentityForm, PersonForm
from privacy_desk.services.letters import LetterService, require_letter_allowed
from privacy_desk.services.users import (
    AccountLocked,
    AdminService,
    LoginFailed,
    authenticate,
    create_first_admin,
)
from tests.conftest import PASSWORD, Clock, make_users
from tests.services.factories import correction_by_email, disclosure_by_parent, moment

# A valid Individual Number (its check digit is right): what the office must never keep.
MY_NUMBER = "123456789018"
MY_NUMBER_TAIL = "個人番号（マイナンバー）が含まれています。個人番号は保管しません。" + (
    "番号を削除してから、もう一度保存してください。"
)


@pytest.fixture
def japanese() -> Iterator[None]:
    set_language("ja")
    try:
        yield
    finally:
        set_language("en")


def refusal(call: Callable[[], object], kind: type[DomainError] = DomainError) -> str:
    """The message of the refusal `call` raises (of class `kind`)."""
    with pytest.raises(kind) as caught:
        call()
    return caught.value.message


def no_english(message: str) -> str:
    """`message` holds no Latin letter (where a test does not spell the whole sentence out)."""
    assert not re.search("[A-Za-z]", message), message
    return message


def investigating(staff: CaseService) -> CaseDetail:
    """A correction by e-mail, identity confirmed, under investigation, no outcome yet."""
    case = staff.intake(correction_by_email())
    case = staff.confirm_identity(
        case.id, case.version, IdentityForm(IdentityMethod.DOCUMENTS, (IdentityDocument.PASSPORT,))
    )
    return staff.start_investigation(case.id, case.version)


# ---- an Individual Number typed into a field ---------------------------------------------------


def _requester(**fields: str) -> Any:
    return dataclasses.replace(
        correction_by_email(), requester=dataclasses.replace(PersonForm("田中 一郎"), **fields)
    )


def _measure(**fields: str) -> Any:
    form = correction_by_email()
    return dataclasses.replace(form, measures=(dataclasses.replace(form.measures[0], **fields),))


def _subject(**fields: str) -> Any:
    form = disclosure_by_parent()
    return dataclasses.replace(form, subject=dataclasses.replace(form.subject, **fields))


@pytest.mark.parametrize(
    ("field", "form", "field_words"),
    [
        ("organisation", _requester(organisation=f"番号 {MY_NUMBER}"), "所属"),
        ("requester's name", _requester(name=f"田中 一郎 {MY_NUMBER}"), "請求者の氏名"),
        ("requester's kana", _requester(kana=f"タナカ {MY_NUMBER}"), "請求者のフリガナ"),
        ("address", _requester(address=f"東京都新宿区 {MY_NUMBER}"), "住所"),
        ("phone number", _requester(phone=MY_NUMBER), "電話番号"),
        ("fax number", _requester(fax=MY_NUMBER), "FAX番号"),
        ("email address", _requester(email=f"{MY_NUMBER}@example.jp"), "メールアドレス"),
        (
            "summary",
            dataclasses.replace(correction_by_email(), summary=f"番号は {MY_NUMBER}"),
            "概要",
        ),
        (
            "contact note",
            dataclasses.replace(correction_by_email(), contact_note=f"番号は {MY_NUMBER}"),
            "受付メモ",
        ),
        ("request text", _measure(requested=f"番号 {MY_NUMBER} の訂正"), "請求内容"),
        ("data subject's name", _subject(name=f"翔 {MY_NUMBER}"), "本人（データの主体）の氏名"),
    ],
    ids=lambda value: (
        value.replace(" ", "_").replace("'", "")
        if isinstance(value, str) and value.isascii()
        else ""
    ),
)
def test_an_individual_number_is_refused_naming_the_field(
    japanese: None,
    context: Context,
    users: dict[str, Actor],
    field: str,
    form: Any,
    field_words: str,
) -> None:
    staff = CaseService(context, users["staff"])
    with pytest.raises(IndividualNumberRefused) as refused:
        staff.intake(form)
    assert refused.value.message == field_words + "に" + MY_NUMBER_TAIL
    assert refused.value.field == field
    assert MY_NUMBER not in refused.value.message


def test_an_individual_number_in_the_fields_of_later_work(
    japanese: None, context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    note = refusal(lambda: staff.add_note(case.id, case.version, f"番号 {MY_NUMBER}"))
    assert note == "メモに" + MY_NUMBER_TAIL
    reason = refusal(
        lambda: staff.extend(case.id, case.version, date(2027, 1, 20), f"番号 {MY_NUMBER}")
    )
    assert reason == "延長の理由に" + MY_NUMBER_TAIL
    closure = refusal(
        lambda: AdminService(context, users["admin"]).add_closure(
            date(2026, 12, 25), f"番号 {MY_NUMBER}"
        )
    )
    assert closure == "理由に" + MY_NUMBER_TAIL


def test_an_individual_number_in_english(context: Context, users: dict[str, Actor]) -> None:
    staff = CaseService(context, users["staff"])
    message = refusal(lambda: staff.intake(_requester(organisation=f"No. {MY_NUMBER}")))
    assert message == (
        "The organisation contains an Individual Number (My Number). The office never keeps "
        "one: remove the number and save again."
    )


# ---- names, e-mail addresses, references -------------------------------------------------------


def test_a_name_is_required(japanese: None, context: Context, users: dict[str, Actor]) -> None:
    staff = CaseService(context, users["staff"])
    no_name = dataclasses.replace(correction_by_email(), requester=PersonForm(" "))
    assert refusal(lambda: staff.intake(no_name), ValidationError) == (
        "請求者の氏名を入力してください。"
    )
    no_subject = _subject(name="")
    assert (
        refusal(lambda: staff.intake(no_subject))
        == "本人（データの主体）の氏名を入力してください。"
    )
    long_name = dataclasses.replace(correction_by_email(), requester=PersonForm("長" * 201))
    assert refusal(lambda: staff.intake(long_name)) == (
        "請求者の氏名は200文字以内で入力してください。"
    )


def test_an_email_address_needs_an_at_sign(
    japanese: None, context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    bad_mail = _requester(email="tanaka.example.jp")
    assert refusal(lambda: staff.intake(bad_mail), ValidationError) == (
        "請求者のメールアドレスに「@」がありません。"
    )
    bad_subject = _subject(email="sho.example.jp")
    assert refusal(lambda: staff.intake(bad_subject)) == "本人のメールアドレスに「@」がありません。"
    set_language("en")
    assert refusal(lambda: staff.intake(bad_mail)) == "The requester's email address has no '@'."


def test_a_case_reference_that_does_not_exist(
    japanese: None, context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    assert refusal(lambda: staff.get_by_reference(" PD-2026-999999 ")) == (
        "案件 PD-2026-999999 は見つかりません。"
    )
    assert refusal(lambda: staff.get(999_999)) == "その案件は見つかりません。"
    set_language("en")
    assert refusal(lambda: staff.get_by_reference("PD-2026-999999")) == (
        "There is no case PD-2026-999999."
    )


# ---- users and log-in --------------------------------------------------------------------------


def test_user_administration_refusals(
    japanese: None, context: Context, users: dict[str, Actor]
) -> None:
    admin = AdminService(context, users["admin"])
    assert refusal(lambda: admin.add_user("sato", "別の 佐藤", UserRole.STAFF, PASSWORD)) == (
        "ログイン名「sato」は既に使われています。"
    )
    assert refusal(lambda: admin.add_user("newbie", "新人 太郎", UserRole.STAFF, "short")) == (
        "パスワードは 10 文字以上にしてください。"
    )
    assert refusal(lambda: admin.add_user("newbie", "   ", UserRole.STAFF, PASSWORD)) == (
        "利用者の氏名を入力してください。"
    )
    assert refusal(lambda: admin.add_user("新人", "新人 太郎", UserRole.STAFF, PASSWORD)) == (
        "ログイン名は英字・数字・ピリオド・ハイフン・下線の2〜64文字です。"
    )
    assert refusal(lambda: admin.set_active(999_999, False)) == "その利用者は見つかりません。"
    assert refusal(lambda: create_first_admin(context, "root", "最初 管理", PASSWORD)) == (
        "このデータベースには既に利用者がいます。ログインしてください。"
    )
    staff = AdminService(context, users["staff"])
    refused = refusal(
        lambda: staff.add_user("newbie", "新人 太郎", UserRole.STAFF, PASSWORD), PermissionDenied
    )
    assert refused == "あなたの役割（担当者）では、この操作はできません。管理者の役割が必要です。"
    set_language("en")
    assert refusal(lambda: admin.add_user("sato", "別の 佐藤", UserRole.STAFF, PASSWORD)) == (
        "The login 'sato' is taken."
    )


def test_a_wrong_password_and_a_locked_account(japanese: None, context: Context) -> None:
    make_users(context)
    wrong = "ログイン名またはパスワードが違います。"
    assert refusal(lambda: authenticate(context, "kimura", "wrong password"), LoginFailed) == wrong
    assert refusal(lambda: authenticate(context, "nobody", PASSWORD), LoginFailed) == wrong
    for _ in range(4):
        refusal(lambda: authenticate(context, "kimura", "wrong password"))
    locked = refusal(lambda: authenticate(context, "kimura", PASSWORD), AccountLocked)
    assert locked == (
        "ログインの失敗が続いたため、このアカウントはロックされています。"
        "15 分後にもう一度お試しいただくか、管理者にご連絡ください。"
    )
    set_language("en")
    assert refusal(lambda: authenticate(context, "kimura", PASSWORD)) == (
        "This account is locked after repeated failed log-ins. Try again in 15 minutes, "
        "or ask an administrator."
    )
    assert refusal(lambda: authenticate(context, "ito", "wrong")) == (
        "The login or password is wrong."
    )


# ---- the office calendar -----------------------------------------------------------------------


def test_closure_refusals(japanese: None, context: Context, users: dict[str, Actor]) -> None:
    admin = AdminService(context, users["admin"])
    assert refusal(lambda: admin.add_closure(date(2026, 12, 25), "長" * 201)) == (
        "理由は200文字以内で入力してください。"
    )
    assert refusal(lambda: admin.add_closure(date(2026, 12, 25), "  ")) == (
        "理由を入力してください。"
    )
    admin.add_closure(date(2026, 12, 25), "棚卸し")
    assert refusal(lambda: admin.add_closure(date(2026, 12, 25), "棚卸し")) == (
        "2026-12-25 は既に休業日として登録されています。"
    )
    assert refusal(lambda: admin.remove_closure(date(2026, 12, 24))) == (
        "2026-12-24 は休業日として登録されていません。"
    )
    too_late = refusal(lambda: admin.add_closure(date(2100, 1, 4), "未来"), CalendarError)
    assert no_english(too_late).startswith("業務カレンダーで扱えるのは1949年から2099年までです。")
    assert "2100-01-04" in too_late
    supervisor = AdminService(context, users["supervisor"])
    assert refusal(lambda: supervisor.add_closure(date(2026, 12, 28), "棚卸し")) == (
        "あなたの役割（責任者）では、この操作はできません。管理者の役割が必要です。"
    )
    set_language("en")
    assert refusal(lambda: admin.remove_closure(date(2026, 12, 24))) == (
        "2026-12-24 is not a closure day."
    )


def test_an_extension_to_a_day_the_office_is_closed(
    japanese: None, context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    closed = refusal(
        lambda: staff.extend(case.id, case.version, date(2026, 12, 29), "年末"), ValidationError
    )
    assert closed == "2026-12-29 は事務所の営業日ではありません。"
    saturday = refusal(lambda: staff.extend(case.id, case.version, date(2027, 1, 16), "調査"))
    assert saturday == "2027-01-16 は事務所の営業日ではありません。"
    earlier = refusal(lambda: staff.extend(case.id, case.version, date(2026, 11, 25), "調査"))
    assert earlier == "新しい期限は現在の期限より後の日にしてください。"
    assert refusal(lambda: staff.extend(case.id, case.version, date(2027, 1, 20), " ")) == (
        "期限の延長には理由が必要です。理由を記入してから保存してください。"
    )
    set_language("en")
    assert refusal(lambda: staff.extend(case.id, case.version, date(2026, 12, 29), "年末")) == (
        "2026-12-29 is not a business day of the office."
    )


# ---- settings ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("idle_lock_minutes", -1, "設定「idle_lock_minutes」に負の値は指定できません。"),
        ("idle_lock_minutes", "ten", "設定「idle_lock_minutes」は整数で指定してください。"),
        ("idle_lock_minutes", True, "設定「idle_lock_minutes」は整数で指定してください。"),
        (
            "mask_names_in_lists",
            3,
            "設定「mask_names_in_lists」は true（はい）または false（いいえ）で指定してください。",
        ),
        (
            "individual_number_policy",
            "keep",
            "設定「individual_number_policy」は次のいずれかで指定してください：refuse, mask。",
        ),
        (
            "target_business_days",
            {"gossip": 5},
            "設定「target_business_days」に「gossip」という項目はありません。",
        ),
        (
            "target_business_days",
            {"disclosure": -5},
            "設定「target_business_days」に負の値は指定できません。",
        ),
        (
            "target_business_days",
            {"disclosure": 999},
            "設定「target_business_days」は 1 から 60 までの数で指定してください。",
        ),
        (
            "target_business_days",
            [10],
            "設定「target_business_days」は項目と値の組（マッピング）で指定してください。",
        ),
        (
            "letterhead",
            3,
            "設定「letterhead」は項目と値の組（マッピング）で指定してください。",
        ),
        ("letterhead", {"colour": "red"}, "設定「letterhead」に「colour」という項目はありません。"),
        ("no_such_setting", 1, "「no_such_setting」という設定はありません。"),
    ],
    ids=lambda value: value if isinstance(value, str) and value.isascii() else "",
)
def test_settings_refusals(
    japanese: None,
    context: Context,
    users: dict[str, Actor],
    key: str,
    value: object,
    expected: str,
) -> None:
    admin = AdminService(context, users["admin"])
    assert refusal(lambda: admin.set_setting(key, value), ValidationError) == expected


def test_letterhead_item_refusals(
    japanese: None, context: Context, users: dict[str, Actor]
) -> None:
    """A letterhead item of the wrong type is named with its setting: letterhead.<item>."""
    from privacy_desk.letters import Letterhead

    admin = AdminService(context, users["admin"])
    items = {f.name: f.type for f in dataclasses.fields(Letterhead)}
    text_item = next(name for name, kind in items.items() if kind in (str, "str"))
    number_item = next(name for name, kind in items.items() if kind in (float, "float"))
    assert refusal(lambda: admin.set_setting("letterhead", {text_item: 3})) == (
        f"設定「letterhead.{text_item}」は文字列で指定してください。"
    )
    assert refusal(lambda: admin.set_setting("letterhead", {number_item: "wide"})) == (
        f"設定「letterhead.{number_item}」は数値で指定してください。"
    )
    set_language("en")
    assert refusal(lambda: admin.set_setting("idle_lock_minutes", -1)) == (
        "The setting idle_lock_minutes can not be negative."
    )


# ---- letters -----------------------------------------------------------------------------------


def test_a_decision_letter_before_approval(
    japanese: None, context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    expected = "決定通知書は、責任者が決定を承認した後にだけ発行できます。この案件は「受付」です。"
    assert refusal(lambda: require_letter_allowed(LetterKind.DECISION, case)) == expected
    letters = LetterService(context, users["staff"])
    refused = refusal(lambda: letters.issue(case.id, None, LetterKind.DECISION), RuleViolation)
    assert refused == expected
    assert refusal(lambda: letters.issue(case.id, None, LetterKind.ANSWER)) == (
        "この案件には回答すべきお問い合わせ・苦情がありません。"
    )
    assert refusal(lambda: letters.issue(case.id, None, LetterKind.EXTENSION)) == (
        "延長のお知らせの前に、延長（新しい期限と理由）を記録してください。"
    )
    set_language("en")
    assert refusal(lambda: letters.issue(case.id, None, LetterKind.DECISION)) == (
        "A decision letter can be issued only after a supervisor approved the decision; "
        "this case is 'Received'."
    )


def test_a_reprint_whose_hash_no_longer_matches(
    japanese: None, context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    letters = LetterService(context, users["staff"])
    letter = letters.issue(case.id, None, LetterKind.ACKNOWLEDGEMENT)
    with context.db.engine.begin() as connection:
        connection.execute(text("UPDATE letters SET pdf = :p"), {"p": b"%PDF-1.4 altered"})
    assert refusal(lambda: letters.pdf(letter.id), RuleViolation) == (
        "通知書1は、発行時に記録したハッシュ値と一致しません。発行後に改変されています。"
        "送付せずに、管理者に連絡してください。"
    )
    assert refusal(lambda: letters.pdf(999_999)) == "その通知書はありません。"


@pytest.mark.parametrize(
    ("method", "words"),
    [(DispatchMethod.SIMPLE_REGISTERED, "簡易書留")]
    + [
        (method, None)
        for method in DispatchMethod
        if method.has_tracking_number and method is not DispatchMethod.SIMPLE_REGISTERED
    ],
    ids=lambda value: str(value) if isinstance(value, DispatchMethod) else "",
)
def test_a_tracking_number_is_needed(
    japanese: None,
    context: Context,
    users: dict[str, Actor],
    method: DispatchMethod,
    words: str | None,
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    letters = LetterService(context, users["staff"])
    letter = letters.issue(case.id, None, LetterKind.ACKNOWLEDGEMENT)
    case = staff.get(case.id)
    message = refusal(
        lambda: letters.record_dispatch(letter.id, method, version=case.version), ValidationError
    )
    assert message == (words or method.label("ja")) + "の場合は追跡番号が必要です。"
    assert no_english(message)


def test_a_letter_sent_in_the_future(
    japanese: None, context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    letters = LetterService(context, users["staff"])
    letter = letters.issue(case.id, None, LetterKind.ACKNOWLEDGEMENT)
    case = staff.get(case.id)
    message = refusal(
        lambda: letters.record_dispatch(
            letter.id, DispatchMethod.POST, date(2027, 1, 5), version=case.version
        )
    )
    assert message == "未来の日付で発送を記録することはできません。"
    set_language("en")
    assert refusal(
        lambda: letters.record_dispatch(
            letter.id, DispatchMethod.SIMPLE_REGISTERED, version=case.version
        )
    ) == ("Simple registered mail needs its tracking number.")


# ---- identity, authority and pauses -----------------------------------------------------------


def test_identity_and_authority_through_the_service(
    japanese: None, context: Context, users: dict[str, Actor], clock: Clock
) -> None:
    clock.set(2026, 11, 25, 10, 0)
    staff = CaseService(context, users["staff"])
    agent = dataclasses.replace(
        disclosure_by_parent(),
        received_at=moment(2026, 11, 25, 9, 30),
        requester=PersonForm("佐々木 誠", "ササキ マコト"),
        requester_role=RequesterRole.AGENT,
        subject=PersonForm("林 葵", "ハヤシ アオイ", date(1990, 3, 3)),
    )
    case = staff.intake(agent)
    one_paper = IdentityForm(IdentityMethod.DOCUMENTS, (IdentityDocument.PENSION_BOOK,))
    weak = refusal(lambda: staff.confirm_identity(case.id, case.version, one_paper), RuleViolation)
    assert weak.startswith("写真なしの書類1点では足りません。")
    assert no_english(weak)
    old = IdentityForm(
        IdentityMethod.DOCUMENTS,
        (IdentityDocument.DRIVERS_LICENCE,),
        (
            (AuthorityDocument.POWER_OF_ATTORNEY, None),
            (AuthorityDocument.SEAL_CERTIFICATE, date(2026, 5, 1)),
        ),
    )
    case = staff.confirm_identity(case.id, case.version, old)
    assert case.warnings == (
        "本人確認は記録しましたが、代理権は確認できていません。"
        "委任状（実印押印）：発行日が記録されていません。"
        "印鑑登録証明書は 2026-05-01 の発行で、3か月より前のものです。"
        "2026-08-25 以降に発行されたものの提出を依頼してください。"
        "有効な確認書類が届くまで、案件を先に進めることはできません。",
    )
    refused = refusal(lambda: staff.start_investigation(case.id, case.version))
    assert no_english(refused).startswith("請求者は任意代理人として請求しています。")


def test_a_pause_needs_a_reason(japanese: None, context: Context, users: dict[str, Actor]) -> None:
    staff = CaseService(context, users["staff"])
    case = investigating(staff)
    message = refusal(lambda: staff.pause(case.id, case.version, None), MissingReason)
    assert message == "期限の進行を停止するには理由が必要です。理由を選んでください。"
    set_language("en")
    assert refusal(lambda: staff.pause(case.id, case.version, None)) == (
        "Pausing the clock needs a reason: choose one."
    )


# ---- decisions and conflicts -------------------------------------------------------------------


def test_a_decision_that_can_not_be_proposed_yet(
    japanese: None, context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    case = investigating(staff)
    assert refusal(lambda: staff.propose(case.id, case.version), RuleViolation) == (
        "まだ承認を依頼できません。訂正・追加・削除：結果を選んでください。"
    )
    set_language("en")
    message = refusal(lambda: staff.propose(case.id, case.version))
    assert message.startswith("The decision can not be proposed yet. Correction")


def test_a_conflict_reads_in_the_screens_language(
    japanese: None, context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    other = CaseService(context, users["staff2"])
    case = staff.intake(correction_by_email())
    other.add_note(case.id, case.version, "電話で住所を確認")
    stale = case.version
    assert refusal(lambda: staff.add_note(case.id, stale, "折り返し予定"), ConflictError) == (
        "この案件は、開いた後に他の人が変更しました。あなたの変更は保存されていませんが、"
        "入力内容は残っています。案件を読み込み直し、変更点を確認してから、"
        "もう一度保存してください。"
    )
    set_language("en")
    assert refusal(lambda: staff.add_note(case.id, stale, "折り返し予定")) == (
        "This case was changed by someone else since you opened it. Nothing of yours was saved "
        "and your typing is kept: reload the case, look at what changed, and save again."
    )
