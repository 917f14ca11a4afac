"""Invented cases for test-filling templates, previews in the template editor, tests and benchmarks.

Every person, address and case here is made up. `sample_contexts` gives, for each kind of
letter, contexts that between them take every branch of the shipped templates (every outcome of
every kind of measure, agent and person, fee paid and unpaid).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from privacy_desk.domain.vocabulary import (
    OUTCOMES_BY_KIND,
    AuthorityDocument,
    BankAccountType,
    DisclosureMethod,
    DisclosureRefusalGround,
    FormOfAddress,
    Outcome,
    PaymentMethod,
    RequestKind,
    SuspensionGround,
)
from privacy_desk.letters.context import (
    Fee,
    LetterContext,
    LetterKind,
    MeasureResult,
    Missing,
    MissingDocument,
    Recipient,
)

_T = {
    "ja": {
        "requested_disclosure": "令和7年度にキャリア相談を受けた際の相談記録一式",
        "requested_records": "私の個人データを第三者に提供した記録",
        "requested_purpose": "私の個人情報の利用目的",
        "requested_correction": "会員登録の住所を現住所に訂正すること",
        "requested_suspension": "メールマガジンへの利用の停止",
        "requested_stop": "提携団体への私の個人データの提供の停止",
        "withheld": "相談記録のうち、令和7年6月12日付け面談メモの第2段落（第三者の発言を記録した部分）",
        "reasons_part": (
            "当該部分には、面談に同席した第三者の発言とその方の健康状態に関する記述が含まれており、"
            "開示することにより当該第三者の権利利益を害するおそれがあるためです。"
        ),
        "reasons_not": (
            "請求のあった評価資料は、就労支援事業の委託元との契約に基づき作成中の選考資料であり、"
            "開示することにより選考業務の適正な実施に著しい支障を及ぼすおそれがあるためです。"
        ),
        "reasons_nodata": (
            "当協会では、ご請求の期間のWebフォーム送信記録を保存期間（1年）の経過により"
            "令和7年4月1日に消去しており、現在は保有していません。"
        ),
        "reasons_refused": "提携団体への提供は、法令に基づく報告義務によるもので、停止することができません。",
        "reasons_notcorrected": (
            "当協会で確認したところ、登録されている住所は令和7年10月のセミナー申込書にご記入いただいた"
            "住所と一致しており、事実と相違するものではないためです。"
        ),
        "reasons_alternative": "会計記録は法令により7年間の保存が必要なため、消去に代えて利用を停止しました。",
        "alternative": "会計記録を除く会員情報の利用を停止し、会計記録は閲覧権限を経理担当者1名に限定しました。",
        "effect": "今後、当協会のメールマガジンはお届けできなくなります。",
        "difficulty": (
            "ご希望の電磁的記録による提供は、相談記録が手書きの書面であるため困難であり、"
            "書面の写しの交付により開示します。"
        ),
        "enclosure_1": "開示する相談記録の写し（12枚）",
        "enclosure_2": "第三者提供記録の写し（1枚）",
        "recipient_3p": "就労支援の提携団体（特定非営利活動法人）",
        "provided_note": "既に提供したデータについては、提供先に対し利用の停止と消去を依頼しました。",
        "purposes": "お問い合わせへの回答、セミナー等のご案内、利用規約の変更等の重要なお知らせのため",
        "summary": "セミナー案内の郵便物が退会後も届いたことへの苦情",
        "facts": "退会手続の際、郵送用の宛先リストからの削除が漏れていたことを確認しました。",
        "view": "退会された方に案内をお送りしたことは、当協会の手続の不備によるものです。",
        "measures_taken": "宛先リストから削除し、退会手続の確認項目に郵送リストの削除を追加しました。",
        "apology": "ご不快な思いをおかけしましたことを、心よりお詫び申し上げます。",
        "missing_1": "ご本人の本人確認書類の写し",
        "missing_2": "ご本人と代理人の続柄が分かる書類（お持ちの場合）",
        "ext_reason": "ご請求の記録が本部と支所の双方に保管されており、調査に時間を要するため。",
        "fax_subject": "書類の送付について",
        "before_1": "東京都渋谷区渋谷1-1-1",
        "after_1": "東京都渋谷区渋谷2-1-1",
    },
    "en": {
        "requested_disclosure": "All notes of my career counselling sessions in fiscal 2025",
        "requested_records": "Records of any provision of my data to third parties",
        "requested_purpose": "The purposes for which my personal data is used",
        "requested_correction": "Correct my registered address to my current address",
        "requested_suspension": "Stop using my data for the newsletter",
        "requested_stop": "Stop giving my data to the partner organisation",
        "withheld": "In the counselling notes, the second paragraph of the interview memo of 12 June 2025 (a third party's statements)",
        "reasons_part": (
            "That paragraph records statements of a third party who attended the interview and "
            "details of that person's health; disclosing it would likely harm that person's rights."
        ),
        "reasons_not": (
            "The evaluation papers requested are selection documents still being prepared under a "
            "contract with the commissioning body; disclosing them would seriously interfere with "
            "the proper conduct of the selection."
        ),
        "reasons_nodata": (
            "The web-form records of the period requested were erased on 1 April 2025 when their "
            "retention period (one year) ended; we no longer hold them."
        ),
        "reasons_refused": "The provision to the partner is made under a legal duty to report and cannot be stopped.",
        "reasons_notcorrected": (
            "The address on file matches the address you wrote on the seminar form in October "
            "2025; it is not inaccurate."
        ),
        "reasons_alternative": "Accounting records must be kept for seven years by law, so we suspended their use instead of erasing them.",
        "alternative": "We suspended the use of your member data other than accounting records and limited access to those records to one accountant.",
        "effect": "You will no longer receive our newsletter.",
        "difficulty": (
            "Providing the notes as an electronic record, as you asked, is difficult because they "
            "are handwritten; we disclose them as paper copies."
        ),
        "enclosure_1": "Copies of the counselling notes disclosed (12 sheets)",
        "enclosure_2": "Copy of the third-party provision record (1 sheet)",
        "recipient_3p": "A partner organisation for employment support (non-profit)",
        "provided_note": "We asked the recipient to stop using and to erase the data already provided.",
        "purposes": "Answering inquiries, sending information on seminars, and important notices such as changes to terms of use",
        "summary": "Complaint that seminar mailings kept arriving after leaving the association",
        "facts": "When your membership ended, your address was not removed from the mailing list.",
        "view": "Sending you mailings after you left was caused by a gap in our procedure.",
        "measures_taken": "We removed your address and added a mailing-list check to the procedure for leaving.",
        "apology": "We sincerely apologise for the inconvenience and discomfort this caused you.",
        "missing_1": "A copy of an identity document of the person concerned",
        "missing_2": "A document showing how you are related to the person concerned (if you have one)",
        "ext_reason": "The records requested are kept at both the head office and the branch office, and searching them takes longer.",
        "fax_subject": "Documents sent to you",
        "before_1": "1-1-1 Shibuya, Shibuya-ku, Tokyo",
        "after_1": "2-1-1 Shibuya, Shibuya-ku, Tokyo",
    },
}

PERSON = Recipient(
    postal_code="150-0002",
    address="東京都渋谷区渋谷2-1-1 渋谷サンプルハイツ305号室",
    name="鈴木 恵子",
    fax="03-0000-1234",
)
AGENT = Recipient(
    postal_code="5300001",
    address="大阪府大阪市北区梅田二丁目4番9号 見本タワー二十三階",
    name="見本 次郎",
    on_behalf_of="鈴木 恵子",
    fax="06-0000-5678",
    organisation="弁護士法人 見本総合法律事務所 大阪事務所",
    form_of_address=FormOfAddress.MR,
)


def _base(
    kind: LetterKind, lang: str, recipient: Recipient = PERSON, **fields: Any
) -> LetterContext:
    """A sample with the particulars every sample shares; `fields` are the rest of the context."""
    return LetterContext(
        kind=kind,
        lang=lang,
        reference="PD-2026-000123",
        issue_date=date(2026, 11, 25),
        staff_name="佐藤 花子" if lang == "ja" else "Hanako Sato",
        recipient=recipient,
        request_received_date=date(2026, 11, 2),
        **fields,
    )


def partial_disclosure_measures(lang: str) -> tuple[MeasureResult, ...]:
    """Two measures: counselling notes disclosed in part, provision records disclosed in full."""
    t = _T[lang]
    return (
        MeasureResult(
            kind=RequestKind.DISCLOSURE,
            requested=t["requested_disclosure"],
            outcome=Outcome.DISCLOSED_PART,
            disclosure_grounds=(DisclosureRefusalGround.HARM_TO_PERSON_OR_THIRD_PARTY,),
            reasons=t["reasons_part"],
            withheld_parts=t["withheld"],
            method=DisclosureMethod.PAPER,
            method_difficulty_note=t["difficulty"],
            enclosures=(t["enclosure_1"],),
        ),
        MeasureResult(
            kind=RequestKind.PROVISION_RECORDS,
            requested=t["requested_records"],
            outcome=Outcome.DISCLOSED_FULL,
            method=DisclosureMethod.PAPER,
            enclosures=(t["enclosure_2"],),
        ),
    )


def every_outcome_measures(lang: str) -> tuple[MeasureResult, ...]:
    """One measure for each outcome of each rights kind, with what each needs."""
    t = _T[lang]
    reasons = {
        Outcome.DISCLOSED_PART: t["reasons_part"],
        Outcome.NOT_DISCLOSED: t["reasons_not"],
        Outcome.NO_DATA_HELD: t["reasons_nodata"],
        Outcome.NOT_CORRECTED: t["reasons_notcorrected"],
        Outcome.ALTERNATIVE_MEASURE: t["reasons_alternative"],
        Outcome.REFUSED: t["reasons_refused"],
    }
    requested = {
        RequestKind.DISCLOSURE: t["requested_disclosure"],
        RequestKind.PROVISION_RECORDS: t["requested_records"],
        RequestKind.PURPOSE_NOTICE: t["requested_purpose"],
        RequestKind.CORRECTION: t["requested_correction"],
        RequestKind.SUSPENSION: t["requested_suspension"],
        RequestKind.THIRD_PARTY_STOP: t["requested_stop"],
    }
    measures = []
    for kind, request in requested.items():
        for outcome in OUTCOMES_BY_KIND[kind]:
            measures.append(
                MeasureResult(
                    kind=kind,
                    requested=request,
                    outcome=outcome,
                    disclosure_grounds=(DisclosureRefusalGround.SERIOUS_INTERFERENCE,)
                    if outcome in (Outcome.DISCLOSED_PART, Outcome.NOT_DISCLOSED)
                    else (),
                    suspension_grounds_claimed=(SuspensionGround.BEYOND_PURPOSE,)
                    if kind in (RequestKind.SUSPENSION, RequestKind.THIRD_PARTY_STOP)
                    else (),
                    reasons=reasons.get(outcome, ""),
                    withheld_parts=t["withheld"] if outcome is Outcome.DISCLOSED_PART else "",
                    method=DisclosureMethod.ELECTRONIC
                    if outcome in (Outcome.DISCLOSED_FULL, Outcome.DISCLOSED_PART)
                    else None,
                    method_difficulty_note=t["difficulty"]
                    if outcome is Outcome.DISCLOSED_PART
                    else "",
                    enclosures=(t["enclosure_1"],) if outcome is Outcome.DISCLOSED_FULL else (),
                    changes=((t["before_1"], t["after_1"]), ("", t["after_1"]), (t["before_1"], ""))
                    if outcome in (Outcome.CORRECTED, Outcome.ADDED, Outcome.DELETED)
                    else (),
                    action_date=date(2026, 11, 20),
                    alternative_measure=t["alternative"]
                    if outcome is Outcome.ALTERNATIVE_MEASURE
                    else "",
                    third_party_recipient=t["recipient_3p"]
                    if kind is RequestKind.THIRD_PARTY_STOP
                    else "",
                    effect_on_services=t["effect"] if kind is RequestKind.SUSPENSION else "",
                    provided_data_note=t["provided_note"] if outcome is Outcome.STOPPED else "",
                    purposes=t["purposes"] if outcome is Outcome.PURPOSES_NOTIFIED else "",
                )
            )
    return tuple(measures)


def answer_measure(
    lang: str, kind: RequestKind = RequestKind.COMPLAINT, apology: bool = True
) -> MeasureResult:
    t = _T[lang]
    return MeasureResult(
        kind=kind,
        requested=t["summary"],
        outcome=Outcome.ANSWERED,
        facts=t["facts"],
        view=t["view"],
        measures_taken=t["measures_taken"],
        apology=t["apology"] if apology else "",
    )


def sample_contexts(kind: str, lang: str) -> tuple[LetterContext, ...]:
    """Contexts that together take every branch of the shipped template of `kind`."""
    kind = LetterKind(kind)
    t = _T[lang]
    fee_unpaid = Fee(
        300,
        PaymentMethod.BANK_TRANSFER,
        pay_by=date(2026, 12, 9),
        bank="見本銀行",
        branch="池袋支店",
        account_type=BankAccountType.ORDINARY,
        account_number="1234567",
        payee_kana="ジヤクセス",
    )
    fee_paid = Fee(300, PaymentMethod.POSTAL_ORDER, received_on=date(2026, 11, 2))
    if kind is LetterKind.DECISION:
        return (
            _base(kind, lang, measures=partial_disclosure_measures(lang), fee=fee_paid),
            _base(
                kind,
                lang,
                AGENT,
                measures=every_outcome_measures(lang),
                fee=fee_unpaid,
                is_agent_request=True,
                replying_to_letter=True,
            ),
            _base(
                kind,
                lang,
                measures=tuple(
                    m for m in every_outcome_measures(lang) if m.outcome is Outcome.NOT_DISCLOSED
                ),
                fee=fee_paid,
            ),
        )
    if kind is LetterKind.ACKNOWLEDGEMENT:
        return (
            _base(
                kind,
                lang,
                measures=partial_disclosure_measures(lang),
                fee=fee_paid,
                expected_reply_date=date(2026, 12, 2),
            ),
            _base(
                kind,
                lang,
                AGENT,
                measures=(answer_measure(lang, RequestKind.INQUIRY, apology=False),),
                summary=t["summary"],
                expected_reply_date=date(2026, 12, 2),
                is_agent_request=True,
            ),
        )
    if kind is LetterKind.IDENTITY_REQUEST:
        return (
            _base(
                kind,
                lang,
                measures=partial_disclosure_measures(lang),
                missing=(MissingDocument(Missing.IDENTITY_DOCUMENT),),
                reply_by=date(2026, 12, 9),
            ),
            _base(
                kind,
                lang,
                AGENT,
                measures=partial_disclosure_measures(lang),
                missing=(
                    MissingDocument(Missing.AGENT_IDENTITY),
                    MissingDocument(
                        Missing.AUTHORITY,
                        options=(
                            (
                                AuthorityDocument.POWER_OF_ATTORNEY,
                                AuthorityDocument.SEAL_CERTIFICATE,
                            ),
                        ),
                        months=3,
                    ),
                    MissingDocument(
                        Missing.STALE_AUTHORITY,
                        document=AuthorityDocument.SEAL_CERTIFICATE,
                        issued_on=date(2026, 5, 1),
                        oldest=date(2026, 8, 25),
                        months=3,
                    ),
                ),
                missing_items=(t["missing_2"],),
                reply_by=date(2026, 12, 9),
                is_agent_request=True,
                replying_to_letter=True,
            ),
        )
    if kind is LetterKind.EXTENSION:
        return (
            _base(
                kind,
                lang,
                measures=partial_disclosure_measures(lang),
                extension_original_due=date(2026, 11, 30),
                extension_new_due=date(2026, 12, 21),
                extension_reason=t["ext_reason"],
            ),
            _base(
                kind,
                lang,
                AGENT,
                measures=partial_disclosure_measures(lang),
                extension_original_due=date(2026, 11, 30),
                extension_new_due=date(2026, 12, 21),
                extension_reason=t["ext_reason"],
                is_agent_request=True,
            ),
        )
    if kind is LetterKind.ANSWER:
        return (
            _base(
                kind,
                lang,
                measures=(answer_measure(lang),),
                summary=t["summary"],
                replying_to_letter=True,
            ),
            _base(
                kind,
                lang,
                AGENT,
                measures=(
                    answer_measure(lang, RequestKind.INQUIRY, apology=False),
                    answer_measure(lang, RequestKind.COMPLAINT),
                ),
                is_agent_request=True,
            ),
        )
    return (
        _base(
            kind,
            lang,
            fax_to_name="鈴木 恵子" if lang == "ja" else "Ms Keiko Suzuki",
            fax_number=PERSON.fax,
            fax_pages=3,
            fax_subject=t["fax_subject"],
        ),
    )


def sample_context(kind: str, lang: str) -> LetterContext:
    """One representative invented context of `kind` (for previews)."""
    return sample_contexts(kind, lang)[0]
