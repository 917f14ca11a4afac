"""Refusals read in the screen's language, letters in their own; the catalogue is whole and current.

Every refusal here is raised by the real rule, letter or service code with the process language
set, as a screen would meet it: Japanese means the expected wording, or at least no English word
left (except what the office writes in Latin letters anyway: case references, FAX, Cookie・Web,
template names and markup). The same calls in English give the English sentences.
The refusals the services raise on a real database (fields holding an Individual Number, users,
log-in, closures, settings, letters, extensions, proposals, conflicts) are in
tests/services/test_refusals_ja.py.

The catalogue tests fail when a marked string has no Japanese (or a fuzzy one), when the compiled
.mo is older than the .po, and when the code holds a marked string the .po does not know yet.
"""

from __future__ import annotations

import dataclasses
import gettext
import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from privacy_desk.domain import rules
from privacy_desk.domain.calendar import BusinessCalendar
from privacy_desk.domain.errors import (
    CalendarError,
    DomainError,
    MissingReason,
    PermissionDenied,
    RuleViolation,
    ValidationError,
)
from privacy_desk.domain.individual_number import mask_individual_numbers
from privacy_desk.domain.rules import Action, AuthorityProof, DecisionDraft
from privacy_desk.domain.vocabulary import (
    AuthorityDocument,
    CaseStatus,
    DisclosureRefusalGround,
    IdentityDocument,
    IdentityMethod,
    Outcome,
    PauseReason,
    RequesterRole,
    RequestKind,
    UserRole,
)
from privacy_desk.i18n import set_language
from privacy_desk.letters import Letterhead, LetterKind, render_letter
from privacy_desk.letters.context import LetterContext, MeasureResult, Recipient
from privacy_desk.letters.errors import IncompleteLetterError, LetterError, TemplateError
from privacy_desk.letters.render import check_context, validate_template
from privacy_desk.letters.samples import sample_contexts
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import IdentityForm
from tests.letters.reading import pdf_text
from tests.services.factories import correction_by_email

PACKAGE = Path(__file__).resolve().parents[1] / "privacy_desk"
PO_FILE = PACKAGE / "locale" / "ja" / "LC_MESSAGES" / "privacy_desk.po"
MO_FILE = PO_FILE.with_suffix(".mo")
# The keywords of scripts/catalog.
KEYWORDS = {
    "_": None,
    "N_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "NP_": ((1, "c"), 2),
}

# Written in Latin letters on Japanese screens too.
_KEPT = re.compile(r"PD-\d{4}-\d{6}|FAX|Cookie|Web|mm|pt|\{% if %\}|\b(?:title|item|sub):")


@pytest.fixture
def japanese() -> Iterator[None]:
    set_language("ja")
    try:
        yield
    finally:
        set_language("en")


def refusal(call: Callable[[], object]) -> str:
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value.message


def assert_japanese(message: str, *kept: str, allow: tuple[str, ...] = ()) -> str:
    """`message` has no English word left, and still holds `kept` (dates, numbers)."""
    rest = _KEPT.sub("", message)
    for word in allow:
        rest = rest.replace(word, "")
    assert not re.search("[A-Za-z]", rest), message
    for piece in kept:
        assert piece in message, f"{piece!r} lost in {message!r}"
    return message


# ---- the rules ---------------------------------------------------------------------------------


def test_an_english_screen_reads_english_refusals() -> None:
    assert refusal(lambda: rules.require_move(Action.CLOSE, CaseStatus.RECEIVED)) == (
        "You can not close a case that is 'Received'."
    )
    assert refusal(lambda: rules.require_role(Action.APPROVE, UserRole.STAFF)) == (
        "Your role (Staff) may not approve the decision of a case; this needs the Supervisor role."
    )
    assert refusal(lambda: rules.require_move(Action.EDIT_CASE, CaseStatus.CLOSED)) == (
        "You can not edit a case that is 'Closed'. Reopen it first (a supervisor, with a reason)."
    )
    (wanted,) = rules.authority_problems(RequesterRole.PARENT, [], date(2026, 11, 25), 3)
    assert wanted == (
        "As Parent with parental authority, the requester must prove authority with: "
        "Family-register extract or Certificate of residence."
    )


def test_a_role_refusal_names_role_action_and_needed_role(japanese: None) -> None:
    assert refusal(lambda: rules.require_role(Action.APPROVE, UserRole.STAFF)) == (
        "あなたの役割（担当者）では、案件の「決定の承認」はできません。責任者の役割が必要です。"
    )
    assert refusal(lambda: rules.require_role(Action.MANAGE_USERS, UserRole.SUPERVISOR)) == (
        "あなたの役割（責任者）では、この操作はできません。管理者の役割が必要です。"
    )
    message = refusal(lambda: rules.require_role(Action.INTAKE, UserRole.ADMIN))
    assert message.endswith("担当者または責任者の役割が必要です。")


def test_a_move_refusal_names_the_status_and_the_way_on(japanese: None) -> None:
    with pytest.raises(RuleViolation) as exc:
        rules.require_move(Action.CLOSE, CaseStatus.RECEIVED)
    assert exc.value.message == "「受付」の案件では「完了」はできません。"
    assert refusal(lambda: rules.require_move(Action.EDIT_CASE, CaseStatus.CLOSED)) == (
        "「完了」の案件では「編集」はできません。"
        "先に案件を再開してください（責任者が理由を記録して再開します）。"
    )
    assert_japanese(
        refusal(lambda: rules.require_move(Action.PAUSE, CaseStatus.AWAITING_REQUESTER))
    )
    message = refusal(lambda: rules.require_move(Action.EDIT_CASE, CaseStatus.DECISION_PROPOSED))
    assert message.startswith("「決定案承認待ち」の案件では「編集」")


def test_every_role_and_move_refusal_reads_in_japanese(japanese: None) -> None:
    messages = set()
    for action in Action:
        for role in UserRole:
            if role not in rules.PERMISSIONS[action]:
                with pytest.raises(PermissionDenied) as exc:
                    rules.require_role(action, role)
                messages.add(exc.value.message)
        for status in CaseStatus:
            if status not in rules.ALLOWED_FROM.get(action, frozenset(CaseStatus)):
                messages.add(refusal(lambda a=action, s=status: rules.require_move(a, s)))
    assert len(messages) > 100
    for message in messages:
        assert_japanese(message)


def test_authority_problems_keep_their_dates_and_name_the_documents(japanese: None) -> None:
    today = date(2026, 11, 25)
    old_seal = AuthorityProof(AuthorityDocument.SEAL_CERTIFICATE, date(2026, 5, 1))
    (problem,) = rules.authority_problems(RequesterRole.AGENT, [old_seal], today, 3)
    assert problem == (
        "印鑑登録証明書は 2026-05-01 の発行で、3か月より前のものです。"
        "2026-08-25 以降に発行されたものの提出を依頼してください。"
    )
    undated = AuthorityProof(AuthorityDocument.POWER_OF_ATTORNEY, None)
    future = AuthorityProof(AuthorityDocument.FAMILY_REGISTER, date(2027, 1, 4))
    for problem in rules.authority_problems(RequesterRole.AGENT, [undated, future], today, 3):
        assert_japanese(problem)
    assert rules.authority_problems(RequesterRole.PARENT, [future], today, 3)[0] == (
        "戸籍謄本・抄本：発行日 2027-01-04 が未来の日付になっています。"
    )
    for role in RequesterRole:
        for problem in rules.authority_problems(role, [], today, 3):
            assert_japanese(problem)
    (wanted,) = rules.authority_problems(RequesterRole.AGENT, [], today, 3)
    assert wanted == (
        "任意代理人として請求する場合は、次の書類で代理権を確認する必要があります："
        "委任状（実印押印）と印鑑登録証明書。"
    )
    (either,) = rules.authority_problems(RequesterRole.PARENT, [], today, 3)
    assert "戸籍謄本・抄本または住民票の写し" in either


def test_identity_refusals(japanese: None) -> None:
    for role in RequesterRole:
        if role.needs_authority:
            message = refusal(
                lambda r=role: rules.require_identity_confirmed(
                    [RequestKind.DISCLOSURE], r, True, False
                )
            )
            assert assert_japanese(message).startswith(f"請求者は{role.ja}として請求しています。")
    message = refusal(
        lambda: rules.require_identity_confirmed(
            [RequestKind.DISCLOSURE], RequesterRole.PERSON, False, False
        )
    )
    assert message.startswith("請求者の本人確認がまだ済んでいません。")
    assert_japanese(rules.identity_problem(IdentityMethod.DOCUMENTS, []) or "")
    one = rules.identity_problem(IdentityMethod.DOCUMENTS, [IdentityDocument.PENSION_BOOK])
    assert one is not None and one.startswith("写真なしの書類1点では足りません。")


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
    assert problem == "「訂正」は開示の請求の結果として選べません。"


def test_reason_fee_and_approval_refusals(japanese: None) -> None:
    # The caller names what needs the reason in the screen's language.
    with pytest.raises(MissingReason) as exc:
        rules.require_reason("  ", "案件の再開")
    assert exc.value.message == "案件の再開には理由が必要です。理由を記入してから保存してください。"
    assert refusal(lambda: rules.require_fee_allowed([RequestKind.CORRECTION])) == (
        "手数料を記録できるのは、開示または利用目的の通知の請求だけです（法第38条）。"
    )
    assert refusal(lambda: rules.require_approver(1, 2, UserRole.STAFF)) == (
        "決定を承認できるのは責任者だけです。"
    )
    assert_japanese(refusal(lambda: rules.require_approver(2, 2, UserRole.SUPERVISOR)))


def test_calendar_refusals(japanese: None) -> None:
    calendar = BusinessCalendar(today=date(2026, 11, 24))
    assert refusal(lambda: calendar.add_business_days(date(2099, 12, 20), 30)) == (
        "業務カレンダーで扱えるのは1949年から2099年までです。"
        "2099-12-20 の 30 営業日後はその範囲を超えます。"
    )
    assert refusal(lambda: calendar.add_business_days(date(2026, 12, 1), -2)) == (
        "営業日の数に負の値は指定できません。"
    )
    late = refusal(lambda: calendar.due(datetime(2026, 12, 1, 10, 0), 5, 1.5))  # type: ignore[arg-type]
    assert late == "停止した営業日の数は整数で指定してください。"
    closure = refusal(lambda: BusinessCalendar([datetime(2026, 1, 5)]))  # type: ignore[list-item]
    assert closure.startswith("休業日は日付で指定してください")
    with pytest.raises(CalendarError) as exc:
        calendar.is_business_day(date(2100, 1, 4))
    assert_japanese(exc.value.message, "1949", "2099", "2100-01-04")
    assert calendar.closed_reason(date(2026, 11, 28)) == "土曜日"
    assert calendar.closed_reason(date(2026, 12, 30)) == "年末年始休業"


def test_a_mask_with_digits_is_refused_in_japanese(japanese: None) -> None:
    with pytest.raises(ValidationError) as exc:
        mask_individual_numbers("123456789018", "9")
    assert exc.value.message == "伏せ字には、数字を含まない1文字以上の文字を指定してください。"


# ---- refusals of the rules met through the services --------------------------------------------


def test_a_move_refused_through_the_service(
    japanese: None, context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(correction_by_email())
    message = refusal(lambda: staff.start_investigation(case.id, case.version))
    assert message.startswith("請求者の本人確認がまだ済んでいません。")
    case = staff.confirm_identity(
        case.id, case.version, IdentityForm(IdentityMethod.DOCUMENTS, (IdentityDocument.PASSPORT,))
    )
    case = staff.start_investigation(case.id, case.version)
    case = staff.pause(case.id, case.version, PauseReason.CLARIFICATION)
    assert refusal(lambda: staff.propose(case.id, case.version)) == (
        "「請求者待ち」の案件では「決定の承認依頼」はできません。"
        "請求者待ちで期限の進行を停止しています。先に再開してください。"
    )
    set_language("en")
    assert refusal(lambda: staff.propose(case.id, case.version)) == (
        "You can not propose a decision on a case that is 'Awaiting requester'. "
        "It is paused awaiting the requester; resume it first."
    )


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
        with pytest.raises(IncompleteLetterError) as exc:
            check_context(context)
        assert_japanese(exc.value.message)
    shown = refusal(lambda: check_context(contexts[-2]))
    assert shown.startswith("決定通知書を作成できません。案件番号がありません。")
    assert "請求1（開示）の結果が選ばれていません。" in shown
    assert "請求4（開示）は「全部開示」ですが、開示の方法が記載されていません。" in shown


def test_a_decision_letter_refused_naming_the_measure(japanese: None) -> None:
    context = sample_contexts("decision", "ja")[0]
    measure = MeasureResult(kind=RequestKind.CORRECTION, outcome=Outcome.NOT_CORRECTED)
    assert refusal(lambda: check_context(dataclasses.replace(context, measures=(measure,)))) == (
        "決定通知書を作成できません。請求1（訂正・追加・削除）は「訂正しない」ですが、"
        "理由が記載されていません。"
    )
    with pytest.raises(LetterError) as exc:
        check_context(dataclasses.replace(context, lang="fr"))
    assert assert_japanese(exc.value.message, allow=("fr", "ja", "en")).startswith("「fr」は")
    set_language("en")
    assert refusal(lambda: check_context(dataclasses.replace(context, measures=(measure,)))) == (
        "The decision letter can not be produced: measure 1 (Correction, addition or deletion) "
        "is 'Not corrected (data accurate)' but gives no reasons."
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
    with pytest.raises(TemplateError) as exc:
        validate_template("fax_cover", "ja", template)
    assert exc.value.message == expected


def test_template_refusals_in_english() -> None:
    with pytest.raises(TemplateError) as exc:
        validate_template("fax_cover", "ja", "title: x\ntitle: y\n")
    assert exc.value.message == (
        "Letter template ja/fax_cover (edited): the filled text is not valid letter markup: "
        "a letter has one 'title:' line; this is a second one (line 2 of the filled text)"
    )


def test_a_template_reading_an_empty_value(japanese: None) -> None:
    overrides = {("answer", "ja"): "title: x\n{{ fee.amount_yen }}\n"}
    context = sample_contexts("answer", "ja")[0]
    message = refusal(
        lambda: render_letter(context, Letterhead.jacces_default(), overrides=overrides)
    )
    assert message == (
        "通知書テンプレート ja/answer（編集版）、2行目：「amount_yen」は、この案件では"
        "空の値から読み出されています。{% if %} で囲んでください"
    )
    syntax = "title: x\nopening: Dear {{ recipient.name }\n"
    # The parser's own words stay as they are; what the office says around them is Japanese.
    assert refusal(lambda: validate_template("answer", "en", syntax)).startswith(
        "通知書テンプレート en/answer（編集版）、2行目：構文エラー："
    )


def test_a_letter_speaks_its_own_language_whatever_the_screens() -> None:
    """The frame's words follow the letter's language, never the process's."""
    letterhead = Letterhead.jacces_default()
    japanese_letter = sample_contexts("answer", "ja")[0]
    english_letter = sample_contexts("answer", "en")[0]
    set_language("en")
    ja_on_english_screen = pdf_text(render_letter(japanese_letter, letterhead))
    set_language("ja")
    try:
        en_on_japanese_screen = pdf_text(render_letter(english_letter, letterhead))
    finally:
        set_language("en")
    assert "【担当】" in ja_on_english_screen and "受付時間" in ja_on_english_screen
    assert "様" in ja_on_english_screen and "Contact:" not in ja_on_english_screen
    assert "Contact:" in en_on_japanese_screen and "Officehours" in en_on_japanese_screen
    assert "【担当】" not in en_on_japanese_screen and "本部" not in en_on_japanese_screen


# ---- the catalogue -----------------------------------------------------------------------------


def _catalogue():  # type: ignore[no-untyped-def]
    with PO_FILE.open("rb") as handle:
        return read_po(handle, locale="ja")


def _key(context: str | None, message: str | tuple[str, ...]) -> tuple[str | None, str]:
    return context, message if isinstance(message, str) else message[0]


def test_every_message_has_japanese_and_none_is_fuzzy() -> None:
    untranslated = []
    for message in _catalogue():
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            untranslated.append(_key(message.context, message.id))
    assert untranslated == []


def test_the_compiled_catalogue_is_current() -> None:
    with MO_FILE.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    entries = 0
    for message in _catalogue():
        if not message.id:
            continue
        entries += 1
        if isinstance(message.id, tuple):
            singular, plural = message.id
            string = message.string[0]
            if message.context:
                assert compiled.npgettext(message.context, singular, plural, 1) == string
            else:
                assert compiled.ngettext(singular, plural, 1) == string, singular
        elif message.context:
            found = compiled.pgettext(message.context, message.id)
            assert found == message.string, (message.context, message.id)
        else:
            assert compiled.gettext(message.id) == message.string, message.id
    in_mo = {key for key in compiled._catalog if key != ""}  # type: ignore[attr-defined]
    singular_keys = {key[0] if isinstance(key, tuple) else key for key in in_mo}
    assert len(singular_keys) == entries, "the .mo holds entries the .po does not"


def test_extraction_finds_nothing_the_catalogue_lacks() -> None:
    known = {_key(message.context, message.id) for message in _catalogue() if message.id}
    extracted = {
        _key(context, message)
        for _filename, _lineno, message, _comments, context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS
        )
    }
    assert extracted, "nothing was extracted: the keywords no longer match the code"
    assert sorted(extracted - known, key=str) == []
