"""Refusals with parameters read in Japanese: the message patterns of the catalogue.

Every message here is produced by the real rule, service or letter code, then translated as a
Japanese screen would show it. Japanese means: no English word is left, except what the office
writes in Latin letters anyway (case references, FAX, Cookie・Web, template and field names).
"""

from __future__ import annotations

import dataclasses
import re
import string
import time
from collections.abc import Callable, Iterator
from datetime import date, datetime

import pytest
from sqlalchemy import text

from privacy_desk import i18n
from privacy_desk.domain import rules
from privacy_desk.domain.calendar import BusinessCalendar
from privacy_desk.domain.errors import (
    CalendarError,
    DomainError,
    IndividualNumberRefused,
    MissingReason,
    PermissionDenied,
    RuleViolation,
    ValidationError,
)
from privacy_desk.domain.rules import Action, AuthorityProof, DecisionDraft
from privacy_desk.domain.vocabulary import (
    AuthorityDocument,
    CaseStatus,
    DisclosureRefusalGround,
    DispatchMethod,
    IdentityDocument,
    IdentityMethod,
    Outcome,
    PauseReason,
    RequesterRole,
    RequestKind,
    UserRole,
)
from privacy_desk.letters import Letterhead, LetterKind, render_letter
from privacy_desk.letters.context import LetterContext, MeasureResult, Recipient
from privacy_desk.letters.errors import IncompleteLetterError, LetterError, TemplateError
from privacy_desk.letters.render import check_context, validate_template
from privacy_desk.letters.samples import sample_contexts
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import IdentityForm, IntakeForm, MeasureForm, PersonForm
from privacy_desk.services.letters import LetterService, require_letter_allowed
from privacy_desk.services.users import AccountLocked, AdminService, authenticate
from privacy_desk.ui import i18n as ui_i18n
from privacy_desk.ui.catalog_ja import JA, JA_FRAGMENTS, JA_PATTERNS
from privacy_desk.ui.errors import message_for
from privacy_desk.ui.i18n import translate_message
from privacy_desk.ui.widgets import refusal_text
from tests.conftest import PASSWORD, Clock
from tests.services.factories import correction_by_email, disclosure_by_parent, moment

# Written in Latin letters on Japanese screens too.
_KEPT = re.compile(r"PD-\d{4}-\d{6}|FAX|Cookie|Web|mm|\{% if %\}|\b(?:title|item|sub):")


@pytest.fixture
def japanese() -> Iterator[None]:
    i18n.set_language("ja")
    try:
        yield
    finally:
        i18n.set_language("en")


def refusal(call: Callable[[], object]) -> DomainError:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


def assert_japanese(message: str, *kept: str, allow: tuple[str, ...] = ()) -> str:
    """The Japanese of `message`: no English word left; `kept` (dates, numbers) still there."""
    shown = translate_message(message)
    rest = _KEPT.sub("", shown)
    for word in allow:
        rest = rest.replace(word, "")
    assert not re.search("[A-Za-z]", rest), f"{message!r} shows as {shown!r}"
    for piece in kept:
        assert piece in shown, f"{piece!r} lost in {shown!r}"
    return shown


# ---- the rules ---------------------------------------------------------------------------------


def test_an_english_screen_shows_the_message_unchanged() -> None:
    exc = refusal(lambda: rules.require_move(Action.CLOSE, CaseStatus.RECEIVED))
    assert exc.message == "You can not close a case that is 'Received'."
    assert translate_message(exc.message) == exc.message
    assert refusal_text(exc) == exc.message
    assert message_for(exc) == exc.message


def test_a_role_refusal_names_role_action_and_needed_role(japanese: None) -> None:
    exc = refusal(lambda: rules.require_role(Action.APPROVE, UserRole.STAFF))
    assert isinstance(exc, PermissionDenied)
    assert translate_message(exc.message) == (
        "あなたの役割（担当者）では、案件の「決定の承認」はできません。責任者の役割が必要です。"
    )
    exc = refusal(lambda: rules.require_role(Action.MANAGE_USERS, UserRole.SUPERVISOR))
    assert translate_message(exc.message) == (
        "あなたの役割（責任者）では、この操作はできません。管理者の役割が必要です。"
    )
    exc = refusal(lambda: rules.require_role(Action.INTAKE, UserRole.ADMIN))
    assert translate_message(exc.message).endswith("担当者または責任者の役割が必要です。")


def test_a_move_refusal_names_the_status_and_the_way_on(japanese: None) -> None:
    exc = refusal(lambda: rules.require_move(Action.CLOSE, CaseStatus.RECEIVED))
    assert isinstance(exc, RuleViolation)
    assert translate_message(exc.message) == "「受付」の案件では「完了」はできません。"
    exc = refusal(lambda: rules.require_move(Action.EDIT_CASE, CaseStatus.CLOSED))
    assert translate_message(exc.message) == (
        "「完了」の案件では「編集」はできません。"
        "先に案件を再開してください（責任者が理由を記録して再開します）。"
    )
    exc = refusal(lambda: rules.require_move(Action.PAUSE, CaseStatus.AWAITING_REQUESTER))
    assert_japanese(exc.message)
    exc = refusal(lambda: rules.require_move(Action.EDIT_CASE, CaseStatus.DECISION_PROPOSED))
    assert translate_message(exc.message).startswith("「決定案承認待ち」の案件では「編集」")


def test_every_role_and_move_refusal_reads_in_japanese(japanese: None) -> None:
    messages = set()
    for action in Action:
        assert rules.describe(action) in JA_FRAGMENTS, action
        for role in UserRole:
            if role not in rules.PERMISSIONS[action]:
                messages.add(refusal(lambda a=action, r=role: rules.require_role(a, r)).message)
        for status in CaseStatus:
            if status not in rules.ALLOWED_FROM.get(action, frozenset(CaseStatus)):
                exc = refusal(lambda a=action, s=status: rules.require_move(a, s))
                messages.add(exc.message)
    assert len(messages) > 100
    for message in messages:
        assert_japanese(message)


def test_authority_problems_keep_their_dates_and_name_the_documents(japanese: None) -> None:
    today = date(2026, 11, 25)
    old_seal = AuthorityProof(AuthorityDocument.SEAL_CERTIFICATE, date(2026, 5, 1))
    (problem,) = rules.authority_problems(RequesterRole.AGENT, [old_seal], today, 3)
    assert problem.startswith("Seal-registration certificate was issued on 2026-05-01")
    assert translate_message(problem) == (
        "印鑑登録証明書は 2026-05-01 の発行で、3か月より前のものです。"
        "2026-08-25 以降に発行されたものの提出を依頼してください。"
    )
    undated = AuthorityProof(AuthorityDocument.POWER_OF_ATTORNEY, None)
    future = AuthorityProof(AuthorityDocument.FAMILY_REGISTER, date(2027, 1, 4))
    for problem in rules.authority_problems(RequesterRole.AGENT, [undated, future], today, 3):
        assert_japanese(problem)
    assert translate_message(
        rules.authority_problems(RequesterRole.PARENT, [future], today, 3)[0]
    ) == ("戸籍謄本・抄本：発行日 2027-01-04 が未来の日付になっています。")
    for role in RequesterRole:
        for problem in rules.authority_problems(role, [], today, 3):
            assert_japanese(problem)
    (wanted,) = rules.authority_problems(RequesterRole.AGENT, [], today, 3)
    assert translate_message(wanted) == (
        "任意代理人として請求する場合は、次の書類で代理権を確認する必要があります："
        "委任状（実印押印）と印鑑登録証明書。"
    )
    (either,) = rules.authority_problems(RequesterRole.PARENT, [], today, 3)
    assert "戸籍謄本・抄本または住民票の写し" in translate_message(either)


def test_identity_and_authority_not_yet_confirmed(japanese: None) -> None:
    for role in RequesterRole:
        if role.needs_authority:
            exc = refusal(
                lambda r=role: rules.require_identity_confirmed(
                    [RequestKind.DISCLOSURE], r, True, False
                )
            )
            shown = assert_japanese(exc.message)
            assert shown.startswith(f"請求者は{role.ja}として請求しています。")


def test_decision_problems_read_in_japanese(japanese: None) -> None:
    checked = 0
    for kind in RequestKind:
        for outcome in [None, *Outcome]:
            for grounds in ((), (DisclosureRefusalGround.VIOLATION_OF_LAW,)):
                problem = rules.decision_problem(DecisionDraft(kind, outcome, "", grounds))
                if problem:
                    assert_japanese(problem)
                    checked += 1
    assert checked > 150
    problem = rules.decision_problem(DecisionDraft(RequestKind.DISCLOSURE, Outcome.CORRECTED))
    assert translate_message(problem) == "「訂正」は開示の請求の結果として選べません。"


def test_a_reason_refusal(japanese: None) -> None:
    exc = refusal(lambda: rules.require_reason("  ", "Reopening a case"))
    assert isinstance(exc, MissingReason)
    assert translate_message(exc.message) == (
        "案件の再開には理由が必要です。理由を記入してから保存してください。"
    )


# ---- the services ------------------------------------------------------------------------------


def test_an_old_seal_certificate_from_the_service(
    japanese: None, context: Context, users: dict[str, Actor], clock: Clock
) -> None:
    clock.set(2026, 11, 25, 10, 0)
    staff = CaseService(context, users["staff"])
    form = IntakeForm(
        channel=disclosure_by_parent().channel,
        received_at=moment(2026, 11, 25, 9, 30),
        requester=PersonForm("佐々木 誠", "ササキ マコト"),
        requester_role=RequesterRole.AGENT,
        subject=PersonForm("林 葵", "ハヤシ アオイ", date(1990, 3, 3)),
        measures=(MeasureForm(RequestKind.DISCLOSURE),),
    )
    case = staff.intake(form)
    old = IdentityForm(
        IdentityMethod.DOCUMENTS,
        (IdentityDocument.DRIVERS_LICENCE,),
        (
            (AuthorityDocument.POWER_OF_ATTORNEY, None),
            (AuthorityDocument.SEAL_CERTIFICATE, date(2026, 5, 1)),
        ),
    )
    # Saved with a warning (authority stays unconfirmed), no longer a refusal.
    warning = staff.confirm_identity(case.id, case.version, old).warnings[0]
    assert translate_message(warning) == (
        "本人確認は記録しましたが、代理権は確認できていません。"
        "委任状（実印押印）：発行日が記録されていません。"
        "印鑑登録証明書は 2026-05-01 の発行で、3か月より前のものです。"
        "2026-08-25 以降に発行されたものの提出を依頼してください。"
        "有効な確認書類が届くまで、案件を先に進めることはできません。"
    )
    case = staff.get(case.id)
    exc = refusal(lambda: staff.start_investigation(case.id, case.version))
    assert_japanese(exc.message)


def test_an_extension_to_a_day_the_office_is_closed(
    japanese: None, context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    exc = refusal(lambda: staff.extend(case.id, case.version, date(2026, 12, 29), "年末"))
    assert isinstance(exc, ValidationError)
    assert translate_message(exc.message) == "2026-12-29 は事務所の営業日ではありません。"
    assert refusal_text(exc) == message_for(exc) == translate_message(exc.message)


def test_a_proposal_without_outcome_reads_the_same_with_or_without_its_catalogue_entry(
    japanese: None, context: Context, users: dict[str, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    case = staff.confirm_identity(
        case.id, case.version, IdentityForm(IdentityMethod.DOCUMENTS, (IdentityDocument.PASSPORT,))
    )
    case = staff.start_investigation(case.id, case.version)
    exc = refusal(lambda: staff.propose(case.id, case.version))
    expected = "まだ承認を依頼できません。訂正・追加・削除：結果を選んでください。"
    assert translate_message(exc.message) == expected
    monkeypatch.delitem(JA, exc.message, raising=False)
    assert translate_message(exc.message) == expected
    exc = refusal(lambda: staff.pause(case.id, case.version, None))
    assert_japanese(exc.message)
    case = staff.pause(case.id, case.version, PauseReason.CLARIFICATION)
    exc = refusal(lambda: staff.propose(case.id, case.version))
    assert translate_message(exc.message) == (
        "「請求者待ち」の案件では「決定の承認依頼」はできません。"
        "請求者待ちで期限の進行を停止しています。先に再開してください。"
    )


def test_an_individual_number_in_a_typed_field(
    japanese: None, context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    form = dataclasses.replace(
        correction_by_email(),
        requester=PersonForm("田中 一郎", organisation="番号 123456789018"),
    )
    exc = refusal(lambda: staff.intake(form))
    assert isinstance(exc, IndividualNumberRefused)
    assert translate_message(exc.message) == (
        "所属に個人番号（マイナンバー）が含まれています。個人番号は保管しません。"
        "番号を削除してから、もう一度保存してください。"
    )
    no_name = dataclasses.replace(correction_by_email(), requester=PersonForm(" "))
    exc = refusal(lambda: staff.intake(no_name))
    assert translate_message(exc.message) == "請求者の氏名を入力してください。"
    bad_mail = dataclasses.replace(
        correction_by_email(), requester=PersonForm("田中 一郎", email="tanaka.example.jp")
    )
    exc = refusal(lambda: staff.intake(bad_mail))
    assert translate_message(exc.message) == "請求者のメールアドレスに「@」がありません。"


def test_a_case_reference_that_does_not_exist(
    japanese: None, context: Context, users: dict[str, Actor]
) -> None:
    exc = refusal(lambda: CaseService(context, users["staff"]).get_by_reference("PD-2026-999999"))
    assert translate_message(exc.message) == "案件 PD-2026-999999 は見つかりません。"


def test_administration_refusals(
    japanese: None, context: Context, users: dict[str, Actor], clock: Clock
) -> None:
    admin = AdminService(context, users["admin"])
    exc = refusal(lambda: admin.add_user("sato", "別の 佐藤", UserRole.STAFF, PASSWORD))
    assert translate_message(exc.message) == "ログイン名「sato」は既に使われています。"
    exc = refusal(lambda: admin.add_user("newbie", "新人 太郎", UserRole.STAFF, "short"))
    assert translate_message(exc.message) == "パスワードは 10 文字以上にしてください。"
    exc = refusal(lambda: admin.add_user("newbie", "   ", UserRole.STAFF, PASSWORD))
    assert translate_message(exc.message) == "利用者の氏名を入力してください。"
    exc = refusal(lambda: admin.add_closure(date(2026, 12, 25), "長" * 201))
    assert translate_message(exc.message) == "理由は200文字以内で入力してください。"
    admin.add_closure(date(2026, 12, 25), "棚卸し")
    exc = refusal(lambda: admin.add_closure(date(2026, 12, 25), "棚卸し"))
    assert translate_message(exc.message) == "2026-12-25 は既に休業日として登録されています。"
    exc = refusal(lambda: admin.remove_closure(date(2026, 12, 24)))
    assert translate_message(exc.message) == "2026-12-24 は休業日として登録されていません。"
    exc = refusal(lambda: admin.add_closure(date(2100, 1, 4), "未来"))
    assert isinstance(exc, CalendarError)
    assert_japanese(exc.message, "1949", "2099", "2100-01-04")
    for _ in range(5):
        refusal(lambda: authenticate(context, "kimura", "wrong password"))
    exc = refusal(lambda: authenticate(context, "kimura", PASSWORD))
    assert isinstance(exc, AccountLocked)
    assert translate_message(exc.message) == (
        "ログインの失敗が続いたため、このアカウントはロックされています。"
        "15 分後にもう一度お試しいただくか、管理者にご連絡ください。"
    )


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("idle_lock_minutes", -1),
        ("idle_lock_minutes", "ten"),
        ("mask_names_in_lists", 3),
        ("individual_number_policy", "keep"),
        ("letterhead", 3),
        ("no_such_setting", 1),
    ],
)
def test_settings_refusals(
    japanese: None, context: Context, users: dict[str, Actor], key: str, value: object
) -> None:
    exc = refusal(lambda: AdminService(context, users["admin"]).set_setting(key, value))
    allow = (key, "refuse", "mask", "true", "false")
    shown = assert_japanese(exc.message, allow=allow)
    assert f"「{key}」" in shown


def test_calendar_refusals(japanese: None) -> None:
    calendar = BusinessCalendar(today=date(2026, 11, 24))
    exc = refusal(lambda: calendar.add_business_days(date(2099, 12, 20), 30))
    assert translate_message(exc.message) == (
        "業務カレンダーで扱えるのは1949年から2099年までです。"
        "2099-12-20 の 30 営業日後はその範囲を超えます。"
    )
    exc = refusal(lambda: calendar.add_business_days(date(2026, 12, 1), -2))
    assert translate_message(exc.message) == "営業日の数に負の値は指定できません。"
    exc = refusal(lambda: calendar.due(datetime(2026, 12, 1, 10, 0), 5, 1.5))  # type: ignore[arg-type]
    assert translate_message(exc.message) == "停止した営業日の数は整数で指定してください。"
    exc = refusal(lambda: BusinessCalendar([datetime(2026, 1, 5)]))  # type: ignore[list-item]
    assert translate_message(exc.message).startswith("休業日は日付で指定してください")


# ---- letters -----------------------------------------------------------------------------------


def _empty(kind: LetterKind, **changes: object) -> LetterContext:
    return LetterContext(
        kind=kind,
        lang="ja",
        reference="",
        issue_date=date(2026, 12, 1),
        staff_name="",
        recipient=Recipient("", "", ""),
        is_agent_request=True,
        **changes,  # type: ignore[arg-type]
    )


def test_every_gap_of_every_kind_of_letter(japanese: None) -> None:
    contexts = [_empty(kind) for kind in LetterKind]
    contexts.append(
        _empty(
            LetterKind.EXTENSION,
            extension_original_due=date(2026, 12, 8),
            extension_new_due=date(2026, 12, 1),
        )
    )
    broken = tuple(
        MeasureResult(kind=kind, outcome=outcome)
        for kind in (RequestKind.DISCLOSURE, RequestKind.THIRD_PARTY_STOP, RequestKind.INQUIRY)
        for outcome in [None, *Outcome]
    )
    contexts.append(_empty(LetterKind.DECISION, measures=broken))
    contexts.append(_empty(LetterKind.ANSWER, measures=(MeasureResult(RequestKind.COMPLAINT),)))
    for context in contexts:
        exc = refusal(lambda c=context: check_context(c))
        assert isinstance(exc, IncompleteLetterError)
        assert_japanese(exc.message)
    started = time.perf_counter()
    shown = translate_message(refusal(lambda: check_context(contexts[-2])).message)
    assert time.perf_counter() - started < 5  # a long list of gaps must not freeze the screen
    assert shown.startswith("決定通知書を作成できません。案件番号がありません。")
    assert "請求1（開示）の結果が選ばれていません。" in shown
    assert "請求4（開示）は「全部開示」ですが、開示の方法が記載されていません。" in shown


def test_a_decision_letter_refused_naming_the_measure(japanese: None) -> None:
    context = sample_contexts("decision", "ja")[0]
    measure = MeasureResult(kind=RequestKind.CORRECTION, outcome=Outcome.NOT_CORRECTED)
    exc = refusal(lambda: check_context(dataclasses.replace(context, measures=(measure,))))
    assert translate_message(exc.message) == (
        "決定通知書を作成できません。請求1（訂正・追加・削除）は「訂正しない」ですが、"
        "理由が記載されていません。"
    )
    exc = refusal(lambda: check_context(dataclasses.replace(context, lang="fr")))
    assert isinstance(exc, LetterError)
    assert assert_japanese(exc.message, allow=("fr", "ja", "en")).startswith("「fr」は")


def test_letter_state_refusals_from_the_service(
    japanese: None, context: Context, users: dict[str, Actor], monkeypatch: pytest.MonkeyPatch
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    exc = refusal(lambda: require_letter_allowed(LetterKind.DECISION, case))
    expected = "決定通知書は、責任者が決定を承認した後にだけ発行できます。この案件は「受付」です。"
    assert translate_message(exc.message) == expected
    monkeypatch.delitem(JA, exc.message, raising=False)
    assert translate_message(exc.message) == expected
    letters = LetterService(context, users["staff"])
    letter = letters.issue(case.id, None, LetterKind.ACKNOWLEDGEMENT)
    exc = refusal(
        lambda: letters.record_dispatch(letter.id, DispatchMethod.REGISTERED, version=None)
    )
    assert translate_message(exc.message) == "簡易書留の場合は追跡番号が必要です。"
    with context.db.engine.begin() as connection:
        connection.execute(text("UPDATE letters SET pdf = :p"), {"p": b"%PDF-1.4 altered"})
    exc = refusal(lambda: letters.pdf(letter.id))
    assert translate_message(exc.message) == (
        "通知書1は、発行時に記録したハッシュ値と一致しません。発行後に改変されています。"
        "送付せずに、管理者に連絡してください。"
    )


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        (
            "title: x\n{{ reciever }}\n",
            "通知書テンプレート ja/fax_cover（編集版）、2行目：不明な項目「reciever」があります",
        ),
        (
            "opening: no title\n",
            "通知書テンプレート ja/fax_cover（編集版）：作成した本文が通知書の書式に合っていません："
            "title: の行がありません",
        ),
        (
            "title: x\nsub: before an item\n",
            "通知書テンプレート ja/fax_cover（編集版）：作成した本文が通知書の書式に合っていません："
            "item: の行より前に sub: の行があります（作成した本文の2行目）",
        ),
        (
            "title: x\ntitle: y\n",
            "通知書テンプレート ja/fax_cover（編集版）：作成した本文が通知書の書式に合っていません："
            "title: の行は1つだけです。これは2つ目の title: の行です（作成した本文の2行目）",
        ),
        (
            "title: x\n{{ letter.recipient.nmae }}\n",
            "通知書テンプレート ja/fax_cover（編集版）、2行目：不明な項目「letter.recipient.nmae」"
            "があります（Recipient には「nmae」がありません）",
        ),
    ],
)
def test_template_refusals(japanese: None, template: str, expected: str) -> None:
    exc = refusal(lambda: validate_template("fax_cover", "ja", template))
    assert isinstance(exc, TemplateError)
    assert translate_message(exc.message) == expected


def test_a_template_reading_an_empty_value(japanese: None) -> None:
    overrides = {("answer", "ja"): "title: x\n{{ fee.amount_yen }}\n"}
    letterhead = Letterhead.jacces_default()
    context = sample_contexts("answer", "ja")[0]
    exc = refusal(lambda: render_letter(context, letterhead, overrides=overrides))
    assert translate_message(exc.message) == (
        "通知書テンプレート ja/answer（編集版）、2行目：「amount_yen」は、この案件では"
        "空の値から読み出されています。{% if %} で囲んでください"
    )
    syntax = "title: x\nopening: Dear {{ recipient.name }\n"
    exc = refusal(lambda: validate_template("answer", "en", syntax))
    # The parser's own words stay as they are; what the office says around them is Japanese.
    assert translate_message(exc.message).startswith(
        "通知書テンプレート en/answer（編集版）、2行目：構文エラー："
    )


def test_an_address_too_long_for_the_envelope_window(japanese: None) -> None:
    context = sample_contexts("answer", "ja")[0]
    long = dataclasses.replace(
        context, recipient=dataclasses.replace(context.recipient, address="東京都千代田区" * 40)
    )
    exc = refusal(lambda: render_letter(long, Letterhead.jacces_default()))
    assert assert_japanese(exc.message, "53 × 22 mm").startswith("宛先の住所と氏名が封筒の窓")


# ---- the translator and the catalogue ------------------------------------------------------------


def test_what_nobody_knows_stays_as_it_is(japanese: None) -> None:
    assert translate_message("A refusal nobody wrote a pattern for.") == (
        "A refusal nobody wrote a pattern for."
    )
    assert translate_message("") == ""
    # Known around an unknown part: the part stays, the rest is Japanese.
    assert translate_message("There is no case X-1.") == "案件 X-1 は見つかりません。"


def test_refusal_text_and_the_error_dialog_use_the_patterns(japanese: None) -> None:
    exc = refusal(lambda: rules.require_move(Action.REOPEN, CaseStatus.RECEIVED))
    assert refusal_text(exc) == "「受付」の案件では「再開」はできません。"
    assert message_for(exc) == refusal_text(exc)
    unexpected = message_for(RuntimeError("boom"))
    assert unexpected.startswith("予期しない問題が発生しました。")


def _japanese_fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _sample(english: str) -> str:
    names = ui_i18n.placeholders(english)
    return english.format(**{name: f"⟨{name}⟩" for name in names})


def test_every_pattern_compiles_with_the_same_placeholders_in_both_languages() -> None:
    assert len(JA_PATTERNS) == len({english for english, _ in JA_PATTERNS})
    for english, japanese_text in JA_PATTERNS:
        names = ui_i18n.placeholders(english)
        assert names, english
        assert set(names) == _japanese_fields(japanese_text), english
        regex = ui_i18n.compile_template(english)
        assert set(regex.groupindex) == set(names)
        sample = _sample(english)
        match = regex.match(sample)
        assert match is not None, english
        assert match.groupdict() == {name: f"⟨{name}⟩" for name in names}
        filled = _KEPT.sub("", japanese_text.format(**{name: "値" for name in names}))
        assert not re.search("[A-Za-z]", re.sub(r"\b(?:true|false)\b", "", filled)), filled


def test_no_two_patterns_match_the_same_message() -> None:
    patterns = ui_i18n.message_patterns()
    assert len(patterns) == len(JA_PATTERNS)
    for pattern in patterns:
        sample = _sample(pattern.english)
        matching = [other.english for other in patterns if other.regex.match(sample)]
        assert matching == [pattern.english], sample


def test_patterns_agree_with_the_catalogues_own_entries(
    japanese: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the catalogue spells out a message a pattern also reads, both say the same."""
    compared = 0
    for key, value in list(JA.items()):
        if not any(pattern.regex.match(key) for pattern in ui_i18n.message_patterns()):
            continue
        with monkeypatch.context() as patch:
            patch.delitem(JA, key)
            found = ui_i18n._japanese(key, {})
        if found is not None and found[1]:
            assert found[0] == value, key
            compared += 1
    assert compared > 50
