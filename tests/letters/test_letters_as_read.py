"""Letters as their recipients read them (issue 10): each check reads the produced PDF.

The fax cover sheet carries no case content; identity requests say what is missing in the
letter's language; a fee says one thing by its state; the closing never stands alone on a page;
a law firm's address breaks only between its parts; English letters greet Mr/Ms Family or the
full name; the PPC helpline is on decisions and complaint answers only; the document number's
year follows the date style.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date

import pytest
from pypdf import PdfReader

from privacy_desk.domain.vocabulary import (
    AuthorityDocument,
    FormOfAddress,
    Outcome,
    PaymentMethod,
    RequestKind,
)
from privacy_desk.letters import Letterhead, LetterKind, Recipient, render_letter
from privacy_desk.letters.address import address_parts
from privacy_desk.letters.context import Fee, Missing, MissingDocument
from privacy_desk.letters.samples import AGENT, answer_measure, sample_contexts
from tests.letters.reading import assert_contains, pdf_pages, pdf_text, sample, squash

LAW_FIRM = Recipient(
    postal_code="530-0001",
    address="大阪府大阪市北区梅田二丁目4番9号 ブリーゼタワー二十三階",
    name="中村 誠",
    on_behalf_of="平野 真理子",
    organisation="弁護士法人 中村総合法律事務所 大阪事務所",
    form_of_address=FormOfAddress.MR,
)


# -- 1. the fax cover sheet -------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_fax_cover_sheet_carries_no_case_content(lang: str, letterhead: Letterhead) -> None:
    secret = "通院中の持病について" if lang == "ja" else "treatment for a chronic illness"
    context = sample("fax_cover", lang, summary=secret)
    text = pdf_text(render_letter(context, letterhead))
    assert squash(secret) not in text
    if lang == "ja":
        assert_contains(text, "宛先鈴木 恵子 様", "送信枚数本票を含めて3枚", "発信元JACCES")
    else:
        assert_contains(text, "ToMs Keiko Suzuki", "Pages3 including this sheet")


# -- 2. identity requests ----------------------------------------------------------------


def test_an_identity_request_says_what_is_missing_for_its_reader(
    letterhead: Letterhead,
) -> None:
    ja = pdf_text(render_letter(sample("identity_request", "ja", 1), letterhead))
    assert_contains(
        ja,
        "代理人ご自身の本人確認書類の写し",
        "代理権を確認できる書類として、委任状（実印押印）及び印鑑登録証明書（発行後3か月以内のもの）",
        "印鑑登録証明書：お送りいただいたもの（令和8年5月1日発行）は、発行から3か月を超えています。"
        "令和8年8月25日以降に発行されたものをお送りください。",
    )
    assert not re.search(r"[A-Za-z]{4,} (was|is|issued|ask)", ja), (
        "English inside a Japanese letter"
    )
    en = pdf_text(render_letter(sample("identity_request", "en", 1), letterhead))
    assert_contains(
        en,
        "A copy of your own identity document as the agent",
        "Seal-registration certificate: the one you sent was issued on 1 May 2026, more than 3 "
        "months ago. Please send one issued on or after 25 August 2026.",
        "This step protects the personal data of 鈴木 恵子",
    )
    assert squash("protects your personal data") not in en
    person = pdf_text(render_letter(sample("identity_request", "en", 0), letterhead))
    assert_contains(person, "A copy of an identity document of the person concerned")
    assert_contains(person, "This step protects your personal data")


# -- 4. fees -----------------------------------------------------------------------------


def _fee_letter(lang: str, paid: bool, letterhead: Letterhead) -> str:
    context = sample("decision", lang, 0)
    fee = sample("decision", lang, 1).fee
    assert fee is not None
    if paid:
        fee = dataclasses.replace(fee, received_on=date(2026, 11, 20), pay_by=None)
    return pdf_text(render_letter(dataclasses.replace(context, fee=fee), letterhead))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_fee_says_one_thing_by_its_state(lang: str, letterhead: Letterhead) -> None:
    unpaid = _fee_letter(lang, paid=False, letterhead=letterhead)
    paid = _fee_letter(lang, paid=True, letterhead=letterhead)
    enclosed = "本通知に同封してお送りします" if lang == "ja" else "are enclosed with this notice"
    waits = "お支払いを確認した後に" if lang == "ja" else "once we have received the fee"
    assert squash(enclosed) not in unpaid and squash(waits) in unpaid
    assert squash(enclosed) in paid and squash(waits) not in paid
    account = (
        "見本銀行池袋支店普通1234567"
        if lang == "ja"
        else "見本銀行,池袋支店,ordinaryaccount1234567"
    )
    assert account in unpaid and "ジヤクセス" in unpaid
    assert "令和8年12月9日" in unpaid if lang == "ja" else "9December2026" in unpaid
    for leftover in ("開示（通知）", "(or notice)", "ornotice"):
        assert squash(leftover) not in unpaid + paid


def test_an_unpaid_fee_without_the_bank_account_is_refused(letterhead: Letterhead) -> None:
    context = sample("decision", "ja", 1)
    assert context.fee is not None
    fee = dataclasses.replace(context.fee, bank="", account_number="")
    with pytest.raises(Exception, match="fee_bank"):
        render_letter(dataclasses.replace(context, fee=fee), letterhead)
    by_postal_order = dataclasses.replace(fee, payment_method=PaymentMethod.POSTAL_ORDER)
    text = pdf_text(render_letter(dataclasses.replace(context, fee=by_postal_order), letterhead))
    assert_contains(text, "定額小為替（無記入のまま）を当協会あてに郵送してください。")


# -- 5. the closing stays with the body ---------------------------------------------------


def _page_of(pages: list[str], mark: str) -> str:
    return next(squash(page) for page in reversed(pages) if squash(mark) in squash(page))


@pytest.mark.parametrize(("lang", "closing"), [("ja", "以上"), ("en", "Yours sincerely")])
def test_the_closing_never_stands_alone_on_a_page(
    lang: str, closing: str, letterhead: Letterhead
) -> None:
    """Lengthen the last reasons until the letter runs over a page; at every length the page
    that holds the closing holds the end of the last reasons too."""
    base = sample("answer", lang, 0)
    # An inquiry: its answer is the body's last item (a complaint's is the PPC helpline).
    measure = answer_measure(lang, RequestKind.INQUIRY, apology=False)
    word = "調査の経過を記します。" if lang == "ja" else "We record how the inquiry went. "
    pages_seen = set()
    for n in range(0, 80, 3):
        last = f"{word * n}END{n}"
        context = dataclasses.replace(
            base, measures=(dataclasses.replace(measure, measures_taken=last),)
        )
        pages = pdf_pages(render_letter(context, letterhead))
        pages_seen.add(len(pages))
        page = _page_of(pages, closing)
        assert f"END{n}" in page, f"{closing} apart from the last lines at {n} repeats"
    assert len(pages_seen) > 1, "the body never ran over a page"
    # A last item longer than a page: its end goes over with the closing, the rest stays.
    last = f"{word * 500}END"
    context = dataclasses.replace(
        base, measures=(dataclasses.replace(measure, measures_taken=last),)
    )
    pages = pdf_pages(render_letter(context, letterhead))
    assert "END" in _page_of(pages, closing) and len(pages) >= 3


# -- 7. a law firm's address -------------------------------------------------------------


def test_an_address_breaks_only_between_its_parts() -> None:
    parts = [p.text for p in address_parts(LAW_FIRM.address)]
    assert parts == [
        "大阪府",
        "大阪市",
        "北区",
        "梅田",
        "二丁目4番9号",
        "ブリーゼタワー",
        "二十三階",
    ]
    assert [p.text for p in address_parts("東京都八王子市三崎町5-6 三条ビル305号室")] == [
        "東京都",
        "八王子市",
        "三崎町",
        "5-6",
        "三条ビル",
        "305号室",
    ]


def _window_lines(pdf: bytes) -> list[str]:
    """The lines of page 1 drawn inside the top-left window area (x < 100 mm, y < 58 mm)."""
    page = PdfReader(__import__("io").BytesIO(pdf)).pages[0]
    lines: list[str] = []
    height = float(page.mediabox.height)
    mm = 72 / 25.4

    def visit(text: str, cm, tm, font, size) -> None:  # type: ignore[no-untyped-def]
        x, y = cm[4] + tm[4], cm[5] + tm[5]
        if text.strip() and x < 100 * mm and height - y < 58 * mm:
            lines.append(text.strip())

    page.extract_text(visitor_text=visit)
    return lines


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_law_firm_prints_whole_and_its_floor_is_never_split(
    lang: str, letterhead: Letterhead
) -> None:
    context = sample("decision", lang, 1, recipient=LAW_FIRM)
    pdf = render_letter(context, letterhead)
    text = pdf_text(pdf)
    assert_contains(text, "弁護士法人 中村総合法律事務所", "大阪事務所", "ブリーゼタワー二十三階")
    lines = _window_lines(pdf)
    assert any(line.endswith("二十三階") for line in lines), lines
    assert not any(line.endswith(("二十", "二十三")) for line in lines), lines
    # An organisation's name without spaces, wider than the window: it is never broken inside;
    # the letter is laid out for a plain envelope instead.
    firm = "弁護士法人中村総合法律事務所大阪事務所"
    unbroken = dataclasses.replace(LAW_FIRM, organisation=firm)
    pdf = render_letter(sample("decision", lang, 1, recipient=unbroken), letterhead)
    assert any(firm in line for line in _window_lines(pdf)), _window_lines(pdf)
    plain = dataclasses.replace(letterhead, window_envelope=False)
    assert_contains(pdf_text(render_letter(context, plain)), "ブリーゼタワー二十三階")


# -- 9. English forms of address ----------------------------------------------------------


@pytest.mark.parametrize(
    ("recipient", "dear"),
    [
        (LAW_FIRM, "Dear Mr 中村,"),
        (dataclasses.replace(LAW_FIRM, form_of_address=FormOfAddress.MS), "Dear Ms 中村,"),
        (Recipient("150-0002", "東京都渋谷区渋谷2-1-1", "平野 真理子"), "Dear 平野 真理子,"),
        (
            Recipient(
                "150-0002", "東京都渋谷区渋谷2-1-1", "Anna Becker", form_of_address=FormOfAddress.MS
            ),
            "Dear Ms Becker,",
        ),
    ],
)
def test_english_letters_greet_the_person(
    recipient: Recipient, dear: str, letterhead: Letterhead
) -> None:
    text = pdf_text(render_letter(sample("extension", "en", 0, recipient=recipient), letterhead))
    assert squash(dear) in text
    assert "Dear弁護士法人" not in text and "Dear中村総合" not in text


def test_english_decisions_read_naturally(letterhead: Letterhead) -> None:
    text = pdf_text(render_letter(sample("decision", "en", 1), letterhead))
    assert_contains(
        text,
        "We have decided not to take the measure you requested.",
        "Your request to stop providing retained personal data to third parties",
    )
    for stilted in ("We do not take the measure", "Request for stop of"):
        assert squash(stilted) not in text
    assert " can not " not in " ".join(
        pdf_pages(render_letter(sample("identity_request", "en", 0), letterhead))
    )


# -- 10. the PPC helpline and the document number -----------------------------------------

PPC = "03-6457-9849"


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_ppc_helpline_is_on_decisions_and_complaint_answers_only(
    lang: str, letterhead: Letterhead
) -> None:
    assert PPC in pdf_text(render_letter(sample("decision", lang, 0), letterhead))
    assert PPC in pdf_text(render_letter(sample("answer", lang, 0), letterhead))  # a complaint
    cookie = sample(
        "answer",
        lang,
        0,
        measures=(answer_measure(lang, RequestKind.COOKIE_QUESTION, apology=False),),
    )
    assert PPC not in pdf_text(render_letter(cookie, letterhead))


def test_the_document_number_follows_the_date_style(letterhead: Letterhead) -> None:
    context = sample("extension", "ja", 0)
    era = pdf_text(render_letter(context, letterhead))
    assert_contains(era, "JACCES個第令和8-123号", "令和8年11月25日")
    western = dataclasses.replace(letterhead, era_dates=False)
    text = pdf_text(render_letter(context, western))
    assert_contains(text, "JACCES個第2026-123号", "2026年11月25日")
    assert "令和" not in text.split("JACCES（")[0]


def test_every_sample_of_every_kind_renders(letterhead: Letterhead) -> None:
    for kind in LetterKind:
        for lang in ("ja", "en"):
            for context in sample_contexts(kind, lang):
                assert render_letter(context, letterhead).startswith(b"%PDF-")


def test_the_samples_cover_a_stale_proof_and_an_agent_firm() -> None:
    whats = {m.what for m in sample("identity_request", "ja", 1).missing}
    assert whats == {Missing.AGENT_IDENTITY, Missing.AUTHORITY, Missing.STALE_AUTHORITY}
    assert AGENT.organisation and AGENT.form_of_address is FormOfAddress.MR
    assert MissingDocument(Missing.AUTHORITY, options=((AuthorityDocument.POWER_OF_ATTORNEY,),))
    assert Fee(300).paid is False and Outcome.ANSWERED
