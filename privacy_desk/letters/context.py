"""The whole input of a letter: plain, frozen data that the services fill from the database.

Nothing here reads a database or a setting; nothing is validated at construction. Rendering
(`privacy_desk.letters.render`) checks that a context holds what its kind of letter needs and
refuses, with a message for people, a letter that would go out incomplete.

`Letterhead` also carries the layout settings an office calibrates against the envelopes it buys
(the window position), see the figures on its fields below and in docs/letters/README.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import ClassVar

from privacy_desk.domain.vocabulary import (
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


class LetterKind(StrEnum):
    """The kinds of letter the office sends. Values are stable: templates are stored by them."""

    ACKNOWLEDGEMENT = "acknowledgement"
    IDENTITY_REQUEST = "identity_request"
    DECISION = "decision"
    EXTENSION = "extension"
    ANSWER = "answer"
    FAX_COVER = "fax_cover"


LANGUAGES = ("ja", "en")


@dataclass(frozen=True)
class Letterhead:
    """The office's own data and layout settings, printed on every letter.

    Window figures (mm, from the top-left corner of the A4 sheet). A 長形3号 envelope is
    120 × 235 mm; A4 folded in three is about 99 × 210 mm, so the sheet can slide 25 mm along
    and 21 mm across. The address window is at least 45 × 80 mm; the envelopes assumed by the
    defaults have it 20 mm from the closed end and 13 mm from the top edge. With the sheet
    pushed fully home and to the top, the window shows x 20–100, y 13–58 of the sheet; pushed
    the other way, x −5–75, y −8–37. What stays visible whatever the shift is the intersection:
    x 20–75, y 13–37 (55 × 24 mm). The defaults put the address block 1 mm inside it:
    x 21–74, y 14–36 (53 × 22 mm). The rest of the union (x up to 100, y up to 58) is kept free
    of any other text, so nothing but the address can ever show through the window.
    """

    organisation_ja: str
    organisation_en: str
    office_ja: str
    office_en: str
    head_office_address_ja: str
    head_office_address_en: str
    branch_office_address_ja: str
    branch_office_address_en: str
    tel: str
    fax: str
    email: str
    office_hours_ja: str
    office_hours_en: str
    person_responsible_ja: str = ""
    person_responsible_en: str = ""
    # The short name letters use in running text: closings, the contact block, the fax cover.
    organisation_short_ja: str = "JACCES"
    organisation_short_en: str = "JACCES"
    document_number_prefix: str = "JACCES個第"
    document_number_prefix_en: str = "JACCES Privacy No. "
    era_dates: bool = True
    address_x_mm: float = 21.0
    address_y_mm: float = 14.0
    address_width_mm: float = 53.0
    address_height_mm: float = 22.0
    large_print: bool = False
    # False: print every address for a plain envelope (no window), in a larger block. An address
    # that does not fit the window even when broken between its parts is printed so anyway.
    window_envelope: bool = True
    # Composed for each letter from its case's office and the offices table
    # (services/letter_context.letterhead_for), never settings of their own: the sending office's
    # name and address (sender block, where documents are posted back to), and one line per
    # active office (name and address) for the foot. Empty: the head and branch fields above.
    sender_office_ja: str = ""
    sender_office_en: str = ""
    return_address_ja: str = ""
    return_address_en: str = ""
    office_lines_ja: tuple[str, ...] = ()
    office_lines_en: tuple[str, ...] = ()
    COMPOSED: ClassVar[frozenset[str]] = frozenset(
        {
            "sender_office_ja",
            "sender_office_en",
            "return_address_ja",
            "return_address_en",
            "office_lines_ja",
            "office_lines_en",
        }
    )

    @classmethod
    def jacces_default(cls) -> Letterhead:
        """JACCES's contact data as published in its privacy policy (31 August 2023)."""
        return cls(
            organisation_ja="JACCES（Japan Association of Career Course and Employment Support）",
            organisation_en="Japan Association of Career Course and Employment Support (JACCES)",
            organisation_short_ja="JACCES",
            organisation_short_en="JACCES",
            office_ja="個人情報相談窓口",
            office_en="Privacy Office",
            head_office_address_ja="〒170-0013 東京都豊島区東池袋4-21-1 アウルタワー609",
            head_office_address_en=(
                "609 Owl Tower, 4-21-1 Higashi-Ikebukuro, Toshima-ku, Tokyo 170-0013, Japan"
            ),
            branch_office_address_ja="〒900-0036 沖縄県那覇市西1-7-14",
            branch_office_address_en="1-7-14 Nishi, Naha City, Okinawa 900-0036, Japan",
            tel="03-5904-8973",
            fax="03-5904-8974",
            email="info@jacces.or.jp",
            office_hours_ja="9:00～18:00（土曜日・日曜日・祝日を除く）",
            office_hours_en="9:00–18:00 (excluding Saturdays, Sundays and holidays)",
        )

    def text(self, name: str, lang: str) -> str:
        """The field `name` in the letter's language (`office` → `office_ja` or `office_en`)."""
        value = getattr(self, f"{name}_{lang}")
        if not value and lang != "ja":
            value = getattr(self, f"{name}_ja")
        return value

    def return_address(self, lang: str) -> str:
        """Where the requester posts documents back to: the case's office, else the head office."""
        return self.text("return_address", lang) or self.text("head_office_address", lang)

    def office_lines(self, lang: str) -> tuple[str, ...]:
        """Every office's name and address for the foot (empty: the head and branch fields)."""
        lines: tuple[str, ...] = getattr(self, f"office_lines_{lang}")
        return lines or self.office_lines_ja


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Recipient:
    """Who the letter goes to. For an agent or guardian, `on_behalf_of` names the person.

    `organisation` is the agent's firm, printed above the name of the person addressed there;
    `form_of_address` is how an English letter greets that person.
    """

    postal_code: str
    address: str
    name: str
    on_behalf_of: str = ""
    fax: str = ""
    organisation: str = ""
    form_of_address: FormOfAddress = FormOfAddress.NONE

    @property
    def title(self) -> str:
        """The English title: "Mr", "Ms", or nothing."""
        return {FormOfAddress.MR: "Mr", FormOfAddress.MS: "Ms"}.get(self.form_of_address, "")

    @property
    def salutation(self) -> str:
        """Who "Dear …" names in English: "Mr 中村" (the family name), or the full name."""
        name = " ".join(self.name.split())
        if not self.title or not name:
            return name
        parts = name.split(" ")
        # Japanese order puts the family name first; Western order last.
        family = parts[0] if _CJK.search(name) else parts[-1]
        return f"{self.title} {family}"


class Missing(StrEnum):
    """What an identity-request letter asks for; the template words it for the recipient."""

    IDENTITY_DOCUMENT = "identity_document"  # the person's own identity document
    AGENT_IDENTITY = "agent_identity"  # the agent's (or guardian's) own identity document
    AUTHORITY = "authority"  # proof of the authority to act: one of `options`
    STALE_AUTHORITY = "stale_authority"  # `documents` issued on `issued_on`: too old


@dataclass(frozen=True)
class MissingDocument:
    """One document still needed, with what the recipient must know to send the right one."""

    what: Missing
    # AUTHORITY: the sets of documents that prove it, any one set being enough.
    options: tuple[tuple[AuthorityDocument, ...], ...] = ()
    # STALE_AUTHORITY: the document, when it was issued, and the oldest issue date accepted.
    document: AuthorityDocument | None = None
    issued_on: date | None = None
    oldest: date | None = None
    months: int = 0


@dataclass(frozen=True)
class MeasureResult:
    """One requested measure of a case and what the office decided (or answered) about it."""

    kind: RequestKind
    requested: str = ""
    outcome: Outcome | None = None
    disclosure_grounds: tuple[DisclosureRefusalGround, ...] = ()
    suspension_grounds_claimed: tuple[SuspensionGround, ...] = ()
    reasons: str = ""
    withheld_parts: str = ""
    method: DisclosureMethod | None = None
    method_difficulty_note: str = ""
    enclosures: tuple[str, ...] = ()
    changes: tuple[tuple[str, str], ...] = ()
    action_date: date | None = None
    alternative_measure: str = ""
    third_party_recipient: str = ""
    effect_on_services: str = ""
    # What happens to data already given to the third party (third-party stop).
    provided_data_note: str = ""
    # The purposes of use notified (purpose notice).
    purposes: str = ""
    # Answer to an inquiry or complaint.
    facts: str = ""
    view: str = ""
    measures_taken: str = ""
    apology: str = ""


@dataclass(frozen=True)
class Fee:
    """The fee of a case (APPI Art. 38: disclosure, provision records, purpose notice)."""

    amount_yen: int
    payment_method: PaymentMethod | None = None
    pay_by: date | None = None
    received_on: date | None = None
    # What happens to a fee already paid when nothing is disclosed (refund or not, and how).
    note: str = ""
    # Where to pay by bank transfer (from the office settings); the payee in katakana.
    bank: str = ""
    branch: str = ""
    account_type: BankAccountType | None = None
    account_number: str = ""
    payee_kana: str = ""

    @property
    def paid(self) -> bool:
        return self.received_on is not None


@dataclass(frozen=True)
class LetterContext:
    """Everything one letter says. Dates are `date`s; the template formats them."""

    kind: LetterKind
    lang: str
    reference: str
    issue_date: date
    staff_name: str
    recipient: Recipient
    request_received_date: date | None = None
    measures: tuple[MeasureResult, ...] = ()
    fee: Fee | None = None
    expected_reply_date: date | None = None
    # Documents still needed (worded by the template), and further ones staff typed in the
    # letter's language.
    missing: tuple[MissingDocument, ...] = ()
    missing_items: tuple[str, ...] = ()
    is_agent_request: bool = False
    reply_by: date | None = None
    extension_original_due: date | None = None
    extension_new_due: date | None = None
    extension_reason: str = ""
    summary: str = ""
    replying_to_letter: bool = False
    fax_to_name: str = ""
    fax_number: str = ""
    fax_pages: int = 0
    fax_subject: str = ""
    large_print: bool = False
