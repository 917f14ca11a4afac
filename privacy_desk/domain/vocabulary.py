"""The office's vocabulary: kinds of request, channels, statuses, outcomes, grounds, roles, documents.

Every member carries its English and Japanese label, so screens, letters and exports name things
the same way. Values are stable strings: they are stored in the database and used on the command
line, so never rename one without a migration.
"""

from __future__ import annotations

from enum import StrEnum


class Labelled(StrEnum):
    """A string enum whose members carry an English and a Japanese label."""

    en: str
    ja: str

    def __new__(cls, value: str, en: str = "", ja: str = "") -> Labelled:
        member = str.__new__(cls, value)
        member._value_ = value
        member.en = en or value
        member.ja = ja or member.en
        return member

    def label(self, lang: str = "en") -> str:
        return self.ja if lang == "ja" else self.en

    @classmethod
    def parse(cls, text: str) -> Labelled:
        """The member named by value (also accepting '-' for '_'), or a ValueError for people."""
        key = text.strip().lower().replace("-", "_")
        for member in cls:
            if member.value == key:
                return member
        choices = ", ".join(m.value.replace("_", "-") for m in cls)
        raise ValueError(f"'{text}' is not a {cls.__name__}; choose one of: {choices}")


class Channel(Labelled):
    PHONE = "phone", "Phone", "電話"
    EMAIL = "email", "Email", "メール"
    FAX = "fax", "Fax", "FAX"
    POST = "post", "Post", "郵送"
    IN_PERSON = "in_person", "In person", "来所"
    WEB_FORM = "web_form", "Web form", "Webフォーム"


class RequestKind(Labelled):
    """What a requested measure asks for. One case holds one or more measures."""

    INQUIRY = "inquiry", "Inquiry", "問い合わせ"
    OPINION = "opinion", "Opinion", "意見"
    QUESTION = "question", "Question", "質問"
    COMPLAINT = "complaint", "Complaint", "苦情"
    CONCERN = "concern", "Concern", "懸念"
    COOKIE_QUESTION = (
        "cookie_question",
        "Cookie or website question",
        "Cookie・Webサイトに関する質問",
    )
    PURPOSE_NOTICE = "purpose_notice", "Notice of purpose of use", "利用目的の通知"
    DISCLOSURE = "disclosure", "Disclosure", "開示"
    PROVISION_RECORDS = (
        "provision_records",
        "Disclosure of third-party provision records",
        "第三者提供記録の開示",
    )
    CORRECTION = "correction", "Correction, addition or deletion", "訂正・追加・削除"
    SUSPENSION = "suspension", "Suspension of use or deletion", "利用停止・消去"
    THIRD_PARTY_STOP = "third_party_stop", "Stop provision to third parties", "第三者提供の停止"

    @property
    def is_rights_request(self) -> bool:
        """Rights requests are acted on only after identity (and authority) is confirmed."""
        return self in RIGHTS_KINDS

    @property
    def may_carry_fee(self) -> bool:
        """APPI Art. 38: fees only for disclosure (incl. provision records) and purpose notices."""
        return self in FEE_KINDS


RIGHTS_KINDS = frozenset(
    {
        RequestKind.PURPOSE_NOTICE,
        RequestKind.DISCLOSURE,
        RequestKind.PROVISION_RECORDS,
        RequestKind.CORRECTION,
        RequestKind.SUSPENSION,
        RequestKind.THIRD_PARTY_STOP,
    }
)
FEE_KINDS = frozenset(
    {RequestKind.DISCLOSURE, RequestKind.PROVISION_RECORDS, RequestKind.PURPOSE_NOTICE}
)
ANSWER_KINDS = frozenset(set(RequestKind) - RIGHTS_KINDS)


class CaseStatus(Labelled):
    RECEIVED = "received", "Received", "受付"
    AWAITING_REQUESTER = "awaiting_requester", "Awaiting requester", "請求者待ち"
    IN_INVESTIGATION = "in_investigation", "In investigation", "調査中"
    DECISION_PROPOSED = "decision_proposed", "Decision proposed", "決定案承認待ち"
    APPROVED = "approved", "Approved", "承認済"
    NOTICE_SENT = "notice_sent", "Notice sent", "通知発送済"
    CLOSED = "closed", "Closed", "完了"

    @property
    def is_open(self) -> bool:
        return self is not CaseStatus.CLOSED


class ClosureKind(Labelled):
    NOTIFIED = "notified", "Notified", "通知済"
    WITHDRAWN = "withdrawn", "Withdrawn", "取下げ"
    IDENTITY_NOT_CONFIRMED = (
        "identity_not_confirmed",
        "Identity could not be confirmed",
        "本人確認不能",
    )


class Outcome(Labelled):
    ANSWERED = "answered", "Answer given", "回答済"
    PURPOSES_NOTIFIED = "purposes_notified", "Purposes notified", "利用目的を通知"
    DISCLOSED_FULL = "disclosed_full", "Disclosed in full", "全部開示"
    DISCLOSED_PART = "disclosed_part", "Disclosed in part", "一部開示"
    NOT_DISCLOSED = "not_disclosed", "Not disclosed", "不開示"
    NO_DATA_HELD = "no_data_held", "No such data held", "保有個人データ不存在"
    CORRECTED = "corrected", "Corrected", "訂正"
    ADDED = "added", "Added", "追加"
    DELETED = "deleted", "Deleted", "削除"
    NOT_CORRECTED = "not_corrected", "Not corrected (data accurate)", "訂正しない"
    SUSPENDED = "suspended", "Use suspended", "利用停止"
    ERASED = "erased", "Erased", "消去"
    ALTERNATIVE_MEASURE = "alternative_measure", "Alternative measure", "代替措置"
    STOPPED = "stopped", "Provision stopped", "第三者提供を停止"
    REFUSED = "refused", "Refused", "応じない"


_ANSWER = (Outcome.ANSWERED,)
OUTCOMES_BY_KIND: dict[RequestKind, tuple[Outcome, ...]] = {
    **{kind: _ANSWER for kind in ANSWER_KINDS},
    RequestKind.PURPOSE_NOTICE: (Outcome.PURPOSES_NOTIFIED, Outcome.REFUSED),
    RequestKind.DISCLOSURE: (
        Outcome.DISCLOSED_FULL,
        Outcome.DISCLOSED_PART,
        Outcome.NOT_DISCLOSED,
        Outcome.NO_DATA_HELD,
    ),
    RequestKind.PROVISION_RECORDS: (
        Outcome.DISCLOSED_FULL,
        Outcome.DISCLOSED_PART,
        Outcome.NOT_DISCLOSED,
        Outcome.NO_DATA_HELD,
    ),
    RequestKind.CORRECTION: (
        Outcome.CORRECTED,
        Outcome.ADDED,
        Outcome.DELETED,
        Outcome.NOT_CORRECTED,
    ),
    RequestKind.SUSPENSION: (
        Outcome.SUSPENDED,
        Outcome.ERASED,
        Outcome.ALTERNATIVE_MEASURE,
        Outcome.REFUSED,
    ),
    RequestKind.THIRD_PARTY_STOP: (Outcome.STOPPED, Outcome.REFUSED),
}

# Outcomes that refuse in whole or part (or replace what was asked): APPI Art. 36 asks for
# reasons, and the office's own rule is stricter: always give them.
OUTCOMES_NEEDING_REASONS = frozenset(
    {
        Outcome.REFUSED,
        Outcome.DISCLOSED_PART,
        Outcome.NOT_DISCLOSED,
        Outcome.NO_DATA_HELD,
        Outcome.NOT_CORRECTED,
        Outcome.ALTERNATIVE_MEASURE,
    }
)
# Disclosure may be withheld only on the grounds of APPI Art. 33(2).
OUTCOMES_NEEDING_DISCLOSURE_GROUND = frozenset({Outcome.DISCLOSED_PART, Outcome.NOT_DISCLOSED})


class DisclosureRefusalGround(Labelled):
    """APPI Art. 33(2) (i)–(iii): the only grounds on which disclosure may be refused."""

    HARM_TO_PERSON_OR_THIRD_PARTY = (
        "harm",
        "Art. 33(2)(i): harm to the life, body, property or other rights of the person or a third party",
        "法第33条第2項第1号（本人又は第三者の生命、身体、財産その他の権利利益を害するおそれ）",
    )
    SERIOUS_INTERFERENCE = (
        "interference",
        "Art. 33(2)(ii): serious interference with the proper conduct of the office's work",
        "法第33条第2項第2号（業務の適正な実施に著しい支障を及ぼすおそれ）",
    )
    VIOLATION_OF_LAW = (
        "other_law",
        "Art. 33(2)(iii): disclosure would violate another law",
        "法第33条第2項第3号（他の法令に違反することとなる場合）",
    )


class SuspensionGround(Labelled):
    """Grounds a requester may claim for suspension of use or deletion (policy; APPI Art. 35)."""

    BEYOND_PURPOSE = (
        "beyond_purpose",
        "Used beyond the published purposes",
        "公表された利用目的の範囲を超えた取扱い",
    )
    DECEIT = (
        "deceit",
        "Acquired by deceit or other fraudulent means",
        "偽りその他不正の手段による取得",
    )
    IMPROPER_USE = "improper_use", "Improper use", "不適正な利用"
    UNLAWFUL_PROVISION = (
        "unlawful_provision",
        "Unlawful provision to a third party",
        "違法な第三者提供",
    )
    NO_LONGER_NEEDED = "no_longer_needed", "No longer needed", "利用する必要がなくなった"
    LEAK = "leak", "A leak occurred", "漏えい等の事態が生じた"
    HARM_TO_RIGHTS = (
        "harm_to_rights",
        "Likely to harm the person's rights or legitimate interests",
        "本人の権利又は正当な利益が害されるおそれ",
    )


class DisclosureMethod(Labelled):
    PAPER = "paper", "Paper", "書面の交付"
    ELECTRONIC = "electronic", "Electronic record", "電磁的記録の提供"
    OTHER = "other", "Other method", "その他の方法"


class RequesterRole(Labelled):
    PERSON = "person", "The person", "本人"
    PARENT = "parent", "Parent with parental authority", "親権者"
    MINOR_GUARDIAN = "minor_guardian", "Guardian of a minor", "未成年後見人"
    ADULT_GUARDIAN = "adult_guardian", "Adult guardian", "成年後見人"
    AGENT = "agent", "Appointed agent", "任意代理人"

    @property
    def needs_authority(self) -> bool:
        return self is not RequesterRole.PERSON


class IdentityMethod(Labelled):
    DOCUMENTS = "documents", "Documents seen", "本人確認書類"
    CALL_BACK = "call_back", "Call-back to the number on file", "登録番号への折返し電話"
    IN_PERSON = "in_person", "In person", "来所による確認"


class IdentityDocument(Labelled):
    """Documents that confirm identity: one with a photo, or two without."""

    DRIVERS_LICENCE = "drivers_licence", "Driver's licence", "運転免許証"
    PASSPORT = "passport", "Passport", "旅券（パスポート）"
    RESIDENCE_CARD = "residence_card", "Residence card", "在留カード"
    INDIVIDUAL_NUMBER_CARD = (
        "individual_number_card",
        "Individual Number Card (front side only)",
        "個人番号カード（表面のみ）",
    )
    DISABILITY_CERTIFICATE = (
        "disability_certificate",
        "Disability certificate with photo",
        "写真付き障害者手帳",
    )
    HEALTH_INSURANCE = (
        "health_insurance",
        "Health-insurance qualification certificate (numbers masked)",
        "健康保険の資格確認書（記号・番号等をマスキング）",
    )
    PENSION_BOOK = "pension_book", "Pension book", "年金手帳"
    RESIDENCE_CERTIFICATE = "residence_certificate", "Certificate of residence", "住民票の写し"
    OTHER_WITHOUT_PHOTO = (
        "other_without_photo",
        "Other official document without photo",
        "その他の公的書類（写真なし）",
    )

    @property
    def has_photo(self) -> bool:
        return self in PHOTO_DOCUMENTS


PHOTO_DOCUMENTS = frozenset(
    {
        IdentityDocument.DRIVERS_LICENCE,
        IdentityDocument.PASSPORT,
        IdentityDocument.RESIDENCE_CARD,
        IdentityDocument.INDIVIDUAL_NUMBER_CARD,
        IdentityDocument.DISABILITY_CERTIFICATE,
    }
)


class AuthorityDocument(Labelled):
    """Proof that a guardian or agent may act for the person."""

    FAMILY_REGISTER = "family_register", "Family-register extract", "戸籍謄本・抄本"
    RESIDENCE_CERTIFICATE = "residence_certificate", "Certificate of residence", "住民票の写し"
    REGISTERED_MATTERS = (
        "registered_matters",
        "Certificate of registered matters",
        "登記事項証明書",
    )
    POWER_OF_ATTORNEY = (
        "power_of_attorney",
        "Power of attorney with registered seal",
        "委任状（実印押印）",
    )
    SEAL_CERTIFICATE = "seal_certificate", "Seal-registration certificate", "印鑑登録証明書"


# Which proofs establish authority for each role: any one set of the tuple suffices.
AUTHORITY_PROOFS: dict[RequesterRole, tuple[frozenset[AuthorityDocument], ...]] = {
    RequesterRole.PARENT: (
        frozenset({AuthorityDocument.FAMILY_REGISTER}),
        frozenset({AuthorityDocument.RESIDENCE_CERTIFICATE}),
    ),
    RequesterRole.MINOR_GUARDIAN: (
        frozenset({AuthorityDocument.REGISTERED_MATTERS}),
        frozenset({AuthorityDocument.FAMILY_REGISTER}),
    ),
    RequesterRole.ADULT_GUARDIAN: (frozenset({AuthorityDocument.REGISTERED_MATTERS}),),
    RequesterRole.AGENT: (
        frozenset({AuthorityDocument.POWER_OF_ATTORNEY, AuthorityDocument.SEAL_CERTIFICATE}),
    ),
}


class PauseReason(Labelled):
    IDENTITY_DOCUMENTS = "identity_documents", "Awaiting identity documents", "本人確認書類待ち"
    CLARIFICATION = "clarification", "Awaiting clarification", "請求内容の確認待ち"
    FEE = "fee", "Awaiting fee", "手数料の入金待ち"


class ContactDirection(Labelled):
    IN = "in", "Incoming", "受信"
    OUT = "out", "Outgoing", "発信"


class ContactKind(Labelled):
    CALL = "call", "Call note", "電話記録"
    EMAIL = "email", "Email", "メール"
    FAX = "fax", "Fax", "FAX"
    LETTER = "letter", "Letter", "書面"
    VISIT = "visit", "Visit", "来所"
    WEB_FORM = "web_form", "Web form", "Webフォーム"


class DispatchMethod(Labelled):
    POST = "post", "Ordinary post", "普通郵便"
    REGISTERED = "registered", "Registered mail", "簡易書留"
    PROOF_OF_DELIVERY = "proof_of_delivery", "Registered with proof of delivery", "配達証明"
    ADDRESSEE_ONLY = "addressee_only", "Addressee-only delivery", "本人限定受取郵便"
    FAX = "fax", "Fax", "FAX"
    EMAIL = "email", "Email", "メール"
    HANDED_OVER = "handed_over", "Handed over", "手渡し"

    @property
    def has_tracking_number(self) -> bool:
        return self in {
            DispatchMethod.REGISTERED,
            DispatchMethod.PROOF_OF_DELIVERY,
            DispatchMethod.ADDRESSEE_ONLY,
        }


class PaymentMethod(Labelled):
    CASH = "cash", "Cash", "現金"
    BANK_TRANSFER = "bank_transfer", "Bank transfer", "銀行振込"
    POSTAL_ORDER = "postal_order", "Postal money order", "定額小為替"
    STAMPS = "stamps", "Postage stamps", "郵便切手"


class UserRole(Labelled):
    STAFF = "staff", "Staff", "担当者"
    SUPERVISOR = "supervisor", "Supervisor", "責任者"
    ADMIN = "admin", "Administrator", "管理者"


class Queue(Labelled):
    MINE = "mine", "Mine", "自分の案件"
    UNASSIGNED = "unassigned", "Unassigned", "未割当"
    DUE_SOON = "due_soon", "Due soon", "期限間近"
    OVERDUE = "overdue", "Overdue", "期限超過"
    AWAITING_APPROVAL = "awaiting_approval", "Awaiting my approval", "承認待ち"
    AWAITING_REQUESTER = "awaiting_requester", "Awaiting requester", "請求者待ち"
    ALL_OPEN = "all_open", "All open", "未完了すべて"
    CLOSED = "closed", "Closed", "完了"


class DeadlineState(Labelled):
    ON_TRACK = "on_track", "On track", "順調"
    DUE_SOON = "due_soon", "Due soon", "期限間近"
    OVERDUE = "overdue", "Overdue", "期限超過"
    PAUSED = "paused", "Paused", "停止中"
    DONE = "done", "Done", "完了"
