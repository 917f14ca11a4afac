"""Every kind of letter, in both languages, read back from the PDF: frame, list items, results."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from privacy_desk.domain.errors import DomainError
from privacy_desk.domain.vocabulary import (
    BankAccountType,
    DisclosureMethod,
    DisclosureRefusalGround,
    Outcome,
    RequestKind,
    SuspensionGround,
)
from privacy_desk.letters import (
    IncompleteLetterError,
    LetterContext,
    LetterError,
    Letterhead,
    LetterKind,
    LetterLayoutError,
    MeasureResult,
    Recipient,
    document_number,
    render_letter,
)
from tests.letters.reading import assert_contains, pdf_pages, pdf_text, sample, squash

TITLES = {
    ("acknowledgement", "ja"): "保有個人データの開示等の請求の受付について（通知）",
    ("acknowledgement", "en"): "Acknowledgement of your request concerning retained personal data",
    ("identity_request", "ja"): "本人確認書類等のご提出について（お願い）",
    ("identity_request", "en"): "Request for identity documents",
    ("decision", "ja"): "保有個人データの開示等の請求に対する決定について（通知）",
    ("decision", "en"): "Notice of decision on your requests about personal data",
    ("extension", "ja"): "回答時期の延長について（通知）",
    ("extension", "en"): "Notice of a later date for our reply",
    ("answer", "ja"): "苦情のお申出への回答について（通知）",
    ("answer", "en"): "Our answer to your complaint",
    ("fax_cover", "ja"): "FAX送信票",
    ("fax_cover", "en"): "Fax cover sheet",
}
LETTERHEAD_TEXT = ("TEL 03-5904-8973", "FAX 03-5904-8974", "info@jacces.or.jp")
ALL = [(kind.value, lang) for kind in LetterKind for lang in ("ja", "en")]


@pytest.mark.parametrize(("kind", "lang"), ALL)
def test_every_letter_carries_the_frame(
    kind: str, lang: str, rendered: dict[tuple[str, str, int], bytes]
) -> None:
    pdf = rendered[(kind, lang, 0)]
    text = pdf_text(pdf)
    assert pdf.startswith(b"%PDF-")
    assert_contains(text, TITLES[(kind, lang)], *LETTERHEAD_TEXT)
    if lang == "ja":
        assert_contains(
            text,
            "JACCES個第令和8-123号",
            "令和8年11月25日",
            "〒170-0013 東京都豊島区東池袋4-21-1 アウルタワー609",
            "〒900-0036 沖縄県那覇市西1-7-14",
            "9:00～18:00（土曜日・日曜日・祝日を除く）",
            "佐藤 花子",
        )
    else:
        assert_contains(
            text,
            "JACCES Privacy No. 2026-123",
            "25 November 2026",
            "4-21-1 Higashi-Ikebukuro, Toshima-ku, Tokyo 170-0013",
            "1-7-14 Nishi, Naha City, Okinawa 900-0036",
            "Hanako Sato",
        )
    if kind != "fax_cover":
        assert_contains(text, "〒150-0002", "東京都渋谷区渋谷2-1-1")
        assert_contains(text, "鈴木 恵子 様" if lang == "ja" else "Dear 鈴木 恵子,")


@pytest.mark.parametrize(("kind", "lang"), [(k, lang) for k, lang in ALL if k != "fax_cover"])
def test_the_case_reference_is_in_the_body(
    kind: str, lang: str, rendered: dict[tuple[str, str, int], bytes]
) -> None:
    assert_contains(pdf_text(rendered[(kind, lang, 0)]), "PD-2026-000123")


def test_western_dates_are_a_setting(letterhead: Letterhead) -> None:
    western = dataclasses.replace(letterhead, era_dates=False)
    text = pdf_text(render_letter(sample("decision", "ja"), western))
    assert_contains(text, "2026年11月25日", "2026年11月2日")
    assert "令和8年" not in text  # (the sample's own free text mentions 令和7年度)


def test_an_agent_is_addressed_on_behalf_of_the_person(
    rendered: dict[tuple[str, str, int], bytes],
) -> None:
    ja = pdf_text(rendered[("decision", "ja", 1)])
    assert_contains(ja, "〒530-0001", "弁護士法人 見本総合法律事務所", "見本 次郎 様")
    assert_contains(ja, "鈴木 恵子様の代理人として")
    en = pdf_text(rendered[("decision", "en", 1)])
    assert_contains(en, "Dear Mr 見本,", "made on behalf of 鈴木 恵子")


# -- decision letters ---------------------------------------------------------------------


def test_partial_disclosure_lists_each_measure_with_its_result_and_reasons(
    rendered: dict[tuple[str, str, int], bytes],
) -> None:
    ja = pdf_text(rendered[("decision", "ja", 0)])
    assert_contains(
        ja,
        "保有個人データの開示について",
        "一部開示（請求のあった保有個人データの一部を開示します。）",
        "開示しない部分",
        "令和7年6月12日付け面談メモの第2段落",
        "法第33条第2項第1号（本人又は第三者の生命、身体、財産その他の権利利益を害するおそれ）",
        "開示することにより当該第三者の権利利益を害するおそれがあるためです。",
        "開示の方法書面の交付",
        "電磁的記録による提供は、相談記録が手書きの書面であるため困難",
        "開示する相談記録の写し（12枚）",
        "第三者提供記録の開示について",
        "全部開示（請求のあった第三者提供記録の全部を開示します。）",
        "300円（令和8年11月2日受領済み）",
        "記",
        "以上",
        "敬具",
        "拝啓",
    )
    assert ja.index("3保有個人データの開示について") < ja.index("4第三者提供記録の開示について")
    en = pdf_text(rendered[("decision", "en", 0)])
    assert_contains(
        en,
        "Disclosed in part: we disclose part of the retained personal data requested.",
        "Art. 33(2)(i): harm to the life, body, property or other rights",
        "disclosing it would likely harm that person's rights.",
        "Copies of the counselling notes disclosed (12 sheets)",
        "Disclosed in full: we disclose all of the third-party provision records requested.",
        "¥300 (received on 2 November 2026)",
        "Yours sincerely,",
    )


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_outcome_of_every_kind_reads_right(
    lang: str, rendered: dict[tuple[str, str, int], bytes]
) -> None:
    text = pdf_text(rendered[("decision", lang, 1)])
    expected = {
        "ja": [
            "不開示（請求のあった保有個人データの全部を開示しません。）",
            "法第33条第2項第2号（業務の適正な実施に著しい支障を及ぼすおそれ）",
            "不存在（請求のあった保有個人データを当協会は保有していません。）",
            "保存期間（1年）の経過により令和7年4月1日に消去",
            "利用目的を、次のとおり通知します。",
            "訂正前「東京都渋谷区渋谷1-1-1」→訂正後「東京都渋谷区渋谷2-1-1」",
            "追加「東京都渋谷区渋谷2-1-1」",
            "削除「東京都渋谷区渋谷1-1-1」",
            "訂正等を行わないこととしました。",
            "事実と相違するものではないためです。",
            "請求の理由公表された利用目的の範囲を超えた取扱い",
            "利用を停止しました。",
            "消去しました。",
            "代わりに講じた措置",
            "提供先就労支援の提携団体（特定非営利活動法人）",
            "停止日令和8年11月20日",
            "既に提供したデータの取扱い",
            "請求に応じないこととしました。",
            "サービスへの影響",
            "お支払いの方法銀行振込",
            "お支払いの期限令和8年12月9日",
            "拝復",
        ],
        "en": [
            "Not disclosed: we do not disclose the retained personal data requested.",
            "No such data held",
            "We notify you of the purposes",
            'Before: "1-1-1 Shibuya, Shibuya-ku, Tokyo" → after: "2-1-1 Shibuya, Shibuya-ku, Tokyo"',
            "We have not corrected the data.",
            "Ground claimedUsed beyond the published purposes",
            "We have suspended the use",
            "We have erased",
            "Measure taken instead",
            "Stopped on20 November 2026",
            "Data already provided",
            "We have decided not to take the measure you requested.",
            "Effect on our services",
            "How to payBy bank transfer",
            "Pay by9 December 2026",
            "Thank you for your letter.",
        ],
    }[lang]
    assert_contains(text, *expected)


def _decision(measure: MeasureResult, lang: str = "ja") -> LetterContext:
    return LetterContext(
        kind=LetterKind.DECISION,
        lang=lang,
        reference="PD-2026-000124",
        issue_date=date(2026, 12, 1),
        staff_name="佐藤 花子",
        recipient=Recipient("100-0001", "東京都千代田区千代田9-9-9", "田中 一郎"),
        request_received_date=date(2026, 11, 16),
        measures=(measure,),
    )


def test_a_refusal_without_reasons_is_refused_naming_the_measure(letterhead: Letterhead) -> None:
    measure = MeasureResult(
        kind=RequestKind.CORRECTION, requested="住所の訂正", outcome=Outcome.NOT_CORRECTED
    )
    with pytest.raises(IncompleteLetterError, match=r"measure 1 \(Correction.*gives no reasons"):
        render_letter(_decision(measure), letterhead)
    # With reasons the same letter goes out and says why nothing changed.
    reasoned = MeasureResult(
        kind=RequestKind.CORRECTION,
        requested="住所の訂正",
        outcome=Outcome.NOT_CORRECTED,
        reasons="登録の住所はセミナー申込書の記載と一致しているためです。",
    )
    text = pdf_text(render_letter(_decision(reasoned), letterhead))
    assert_contains(text, "訂正等を行わないこととしました。", "申込書の記載と一致しているため")
    assert_contains(text, "保有個人データの訂正等の請求に対する決定について（通知）")


@pytest.mark.parametrize(
    ("measure", "message"),
    [
        (MeasureResult(kind=RequestKind.DISCLOSURE, requested="記録"), "has no outcome"),
        (
            MeasureResult(
                kind=RequestKind.DISCLOSURE,
                outcome=Outcome.NOT_DISCLOSED,
                reasons="理由",
            ),
            "names no Art. 33",
        ),
        (
            MeasureResult(kind=RequestKind.THIRD_PARTY_STOP, outcome=Outcome.REFUSED),
            "gives no reasons",
        ),
        (
            MeasureResult(kind=RequestKind.DISCLOSURE, outcome=Outcome.CORRECTED),
            "can not have the outcome",
        ),
        (
            MeasureResult(kind=RequestKind.CORRECTION, outcome=Outcome.CORRECTED),
            "what was changed is missing",
        ),
        (
            MeasureResult(
                kind=RequestKind.THIRD_PARTY_STOP,
                outcome=Outcome.STOPPED,
                third_party_recipient="提携団体",
                action_date=date(2026, 11, 20),
            ),
            "what happens to data already provided",
        ),
        (
            MeasureResult(kind=RequestKind.DISCLOSURE, outcome=Outcome.DISCLOSED_FULL),
            "method of disclosure",
        ),
    ],
)
def test_incomplete_decisions_are_refused(
    measure: MeasureResult, message: str, letterhead: Letterhead
) -> None:
    with pytest.raises(IncompleteLetterError, match=message) as caught:
        render_letter(_decision(measure), letterhead)
    assert isinstance(caught.value, LetterError)
    assert isinstance(caught.value, DomainError)


def test_all_gaps_are_named_at_once(letterhead: Letterhead) -> None:
    context = sample("decision", "ja")
    broken = tuple(
        MeasureResult(kind=m.kind, requested=m.requested, outcome=m.outcome)
        for m in context.measures
    )
    with pytest.raises(IncompleteLetterError) as caught:
        render_letter(sample("decision", "ja", measures=broken), letterhead)
    assert "measure 1 (Disclosure)" in str(caught.value)
    assert "measure 2 (Disclosure of third-party provision records)" in str(caught.value)


@pytest.mark.parametrize(
    ("kind", "changes", "message"),
    [
        ("identity_request", {"reply_by": None}, "reply-by date"),
        ("acknowledgement", {"expected_reply_date": None}, "reply can be expected"),
        ("extension", {"extension_new_due": date(2026, 11, 1)}, "not after the original"),
        ("fax_cover", {"fax_number": ""}, "fax number"),
        ("decision", {"lang": "fr"}, "not a letter language"),
        ("decision", {"recipient": Recipient("", "", "")}, "recipient's name"),
    ],
)
def test_other_letters_refuse_missing_data(
    kind: str, changes: dict[str, object], message: str, letterhead: Letterhead
) -> None:
    with pytest.raises(LetterError, match=message):
        render_letter(dataclasses.replace(sample(kind, "ja"), **changes), letterhead)


# -- the other kinds ----------------------------------------------------------------------


def test_acknowledgement_items(rendered: dict[tuple[str, str, int], bytes]) -> None:
    ja = pdf_text(rendered[("acknowledgement", "ja", 0)])
    assert_contains(
        ja,
        "受付番号PD-2026-000123",
        "受付日令和8年11月2日",
        "開示、第三者提供記録の開示",
        "令和7年度にキャリア相談を受けた際の相談記録一式",
        "300円（令和8年11月2日受領）",
        "令和8年12月2日までに回答する予定です。",
    )
    en = pdf_text(rendered[("acknowledgement", "en", 1)])
    assert_contains(en, "Acknowledgement of your inquiry", "By 2 December 2026.", "Inquiry")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_identity_request_items(lang: str, rendered: dict[tuple[str, str, int], bytes]) -> None:
    person = pdf_text(rendered[("identity_request", lang, 0)])
    agent = pdf_text(rendered[("identity_request", lang, 1)])
    if lang == "ja":
        assert_contains(
            person,
            "ご本人の本人確認書類の写し",
            "(1)のうち1点、又は(2)のうち2点の写し（コピー）",
            "運転免許証",
            "個人番号カード（表面のみ）",
            "保険者番号、被保険者等記号・番号及びQRコードを黒塗り",
            "裏面の写しは、送らないでください。",
            "令和8年12月9日（必着）",
            "簡易書留",
            "本件の手続を終了させていただきます。",
            "回答までの期間に含まれません。",
        )
        assert "委任状" not in person
        assert_contains(agent, "委任状（実印を押印したもの）", "代理人ご自身の本人確認書類の写し")
    else:
        assert_contains(
            person,
            "one document from list (a), or of two documents from list (b)",
            "Driver's licence",
            "the insurer number, the symbol and number of the insured person, and the QR code",
            "copy the front side only. Never send the back side",
            "9 December 2026 (to arrive by that date)",
            "registered mail",
            "will close the case",
            "do not count toward the time for our reply",
        )
        assert "power of attorney" not in person.lower()
        assert_contains(agent, "a power of attorney made by the person", "agent's own identity")


def test_extension_items(rendered: dict[tuple[str, str, int], bytes]) -> None:
    ja = pdf_text(rendered[("extension", "ja", 0)])
    assert_contains(
        ja,
        "当初の回答予定日令和8年11月30日",
        "延長後の回答予定日令和8年12月21日",
        "本部と支所の双方に保管されており",
    )
    en = pdf_text(rendered[("extension", "en", 0)])
    assert_contains(en, "Original reply date30 November 2026", "New reply date21 December 2026")


def test_answer_items(rendered: dict[tuple[str, str, int], bytes]) -> None:
    ja = pdf_text(rendered[("answer", "ja", 0)])
    assert_contains(
        ja,
        "拝復",
        "セミナー案内の郵便物が退会後も届いたことへの苦情",
        "郵送用の宛先リストからの削除が漏れていた",
        "当協会の手続の不備によるもの",
        "退会手続の確認項目に郵送リストの削除を追加しました。",
        "心よりお詫び申し上げます。",
        "個人情報保護委員会",
        "個人情報保護法相談ダイヤル",
        "03-6457-9849",
    )
    en = pdf_text(rendered[("answer", "en", 0)])
    assert_contains(en, "We sincerely apologise", "APPI Helpline: 03-6457-9849", "Our view")


def test_fax_cover_items(rendered: dict[tuple[str, str, int], bytes]) -> None:
    ja = pdf_text(rendered[("fax_cover", "ja", 0)])
    assert_contains(
        ja,
        "宛先鈴木 恵子 様",
        "FAX番号03-0000-1234",
        "本票を含めて3枚",
        "書類の送付について",
        "このFAXには個人情報が含まれています。",
    )
    en = pdf_text(rendered[("fax_cover", "en", 0)])
    assert_contains(en, "3 including this sheet", "CONFIDENTIAL", "Fax number03-0000-1234")


# -- the page -----------------------------------------------------------------------------


def test_fonts_are_embedded_as_subsets(rendered: dict[tuple[str, str, int], bytes]) -> None:
    pdf = rendered[("decision", "ja", 0)]
    assert b"/FontFile2" in pdf
    assert b"+IPAexMincho" in pdf and b"+IPAexGothic" in pdf
    assert len(pdf) < 400_000  # subsets, not the 8 MB fonts


def test_a_long_letter_has_page_numbers_and_a_short_one_has_none(
    rendered: dict[tuple[str, str, int], bytes],
) -> None:
    long_pages = pdf_pages(rendered[("decision", "ja", 1)])
    total = len(long_pages)
    assert total > 2
    for number, page in enumerate(long_pages, start=1):
        assert f"{number}/{total}" in squash(page)
    short = pdf_pages(rendered[("extension", "ja", 0)])
    assert len(short) == 1
    assert "1/1" not in squash(short[0])


def test_long_content_flows_on_without_losing_text(
    letterhead: Letterhead, rendered: dict[tuple[str, str, int], bytes]
) -> None:
    text = pdf_text(rendered[("decision", "ja", 1)])
    assert text.count("について") >= 22  # every measure's heading made it
    assert squash("以上") in text and "【担当】" in text


def test_the_same_case_gives_the_same_bytes(letterhead: Letterhead) -> None:
    context = sample("answer", "ja")
    assert render_letter(context, letterhead) == render_letter(context, letterhead)


def test_an_address_too_long_for_the_window_is_printed_for_a_plain_envelope(
    letterhead: Letterhead,
) -> None:
    recipient = Recipient("150-0002", "東京都渋谷区渋谷2-1-1 " * 12, "鈴木 恵子")
    text = pdf_text(render_letter(sample("extension", "ja", recipient=recipient), letterhead))
    assert_contains(text, "東京都渋谷区渋谷2-1-1" * 12, "鈴木 恵子 様")


def test_a_table_row_taller_than_a_page_is_refused_without_quoting_it(
    letterhead: Letterhead,
) -> None:
    context = sample("fax_cover", "en", fax_subject="Subject of the fax " * 400)
    with pytest.raises(LetterLayoutError, match="too large to fit on one page") as caught:
        render_letter(context, letterhead)
    assert "Subject of the fax" not in str(caught.value)


@pytest.mark.parametrize(
    ("reference", "lang", "expected"),
    [
        ("PD-2026-000123", "ja", "JACCES個第令和8-123号"),
        ("PD-2019-000005", "ja", "JACCES個第令和元-5号"),
        ("PD-2026-000123", "en", "JACCES Privacy No. 2026-123"),
        ("OLD/77", "ja", "JACCES個第OLD/77号"),
    ],
)
def test_document_numbers(reference: str, lang: str, expected: str, letterhead: Letterhead) -> None:
    assert document_number(reference, letterhead, lang) == expected


def test_english_letters_render_japanese_names_in_the_body(letterhead: Letterhead) -> None:
    measure = MeasureResult(
        kind=RequestKind.SUSPENSION,
        requested="Stop the newsletter",
        outcome=Outcome.SUSPENDED,
        suspension_grounds_claimed=(SuspensionGround.BEYOND_PURPOSE,),
        action_date=date(2026, 9, 25),
    )
    context = LetterContext(
        kind=LetterKind.DECISION,
        lang="en",
        reference="PD-2026-000200",
        issue_date=date(2026, 9, 28),
        staff_name="木村 直樹",
        recipient=Recipient("150-0002", "東京都渋谷区渋谷2-1-1", "高橋 美咲"),
        request_received_date=date(2026, 9, 24),
        measures=(measure,),
    )
    text = pdf_text(render_letter(context, letterhead))
    assert_contains(text, "Dear 高橋 美咲,", "木村 直樹", "Done on25 September 2026")


def test_disclosure_with_unpaid_fee_says_how_and_by_when(letterhead: Letterhead) -> None:
    measure = MeasureResult(
        kind=RequestKind.DISCLOSURE,
        requested="相談記録",
        outcome=Outcome.DISCLOSED_FULL,
        method=DisclosureMethod.ELECTRONIC,
        action_date=date(2026, 12, 15),
    )
    context = _decision(measure)
    from dataclasses import replace

    from privacy_desk.domain.vocabulary import PaymentMethod
    from privacy_desk.letters import Fee

    context = replace(
        context,
        fee=Fee(
            1000,
            PaymentMethod.BANK_TRANSFER,
            pay_by=date(2026, 12, 10),
            bank="見本銀行",
            branch="池袋支店",
            account_type=BankAccountType.ORDINARY,
            account_number="7654321",
            payee_kana="ジヤクセス",
        ),
    )
    text = pdf_text(render_letter(context, letterhead))
    assert_contains(
        text,
        "手数料1,000円",
        "お支払いの方法銀行振込",
        "見本銀行池袋支店普通7654321口座名義ジヤクセス",
        "お支払いの期限令和8年12月10日",
        "手数料のお支払いを確認した後に、上記の方法によりお送りします。",
        "保有個人データの開示の請求に対する決定について（通知）",
    )


def test_not_disclosed_with_a_paid_fee_says_what_happens_to_it(
    rendered: dict[tuple[str, str, int], bytes],
) -> None:
    text = pdf_text(rendered[("decision", "ja", 2)])
    assert_contains(text, "300円（令和8年11月2日受領）", "受領した手数料の取扱い")
    assert DisclosureRefusalGround.SERIOUS_INTERFERENCE.ja in text


def test_the_kind_may_come_as_its_stored_value(letterhead: Letterhead) -> None:
    context = dataclasses.replace(sample("extension", "en"), kind="extension")
    assert_contains(pdf_text(render_letter(context, letterhead)), "Notice of a later date")
