"""An unpaid fee's letter says how to pay it, for each way of paying, in both languages.

Written against a surviving template mutant that deleted the postage-stamps sentence
(docs/testing.md, "Template mutation"): the samples pay by bank transfer only.
"""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from privacy_desk.domain.vocabulary import PaymentMethod
from privacy_desk.letters import Fee, Letterhead, render_letter
from tests.letters.reading import assert_contains, pdf_text, sample

HOW = {
    ("en", PaymentMethod.POSTAL_ORDER): "Please post us a postal money order (teigaku kogawase)",
    ("en", PaymentMethod.STAMPS): "Please post us postage stamps to the amount.",
    ("en", PaymentMethod.CASH): "Cash (at our office).",
    (
        "ja",
        PaymentMethod.POSTAL_ORDER,
    ): "定額小為替（無記入のまま）を当協会あてに郵送してください。",
    ("ja", PaymentMethod.STAMPS): "郵便切手を当協会あてに郵送してください。",
    ("ja", PaymentMethod.CASH): "現金（当協会の窓口でお支払いください。）",
}


@pytest.mark.parametrize(("lang", "method"), list(HOW), ids=[f"{a}-{b.value}" for a, b in HOW])
def test_an_unpaid_fee_says_how_it_is_paid(
    lang: str, method: PaymentMethod, letterhead: Letterhead
) -> None:
    fee = Fee(500, method, pay_by=date(2026, 12, 10))
    context = dataclasses.replace(sample("decision", lang), fee=fee)
    text = pdf_text(render_letter(context, letterhead))
    assert_contains(text, HOW[(lang, method)])
    for (other_lang, other), words in HOW.items():
        if other_lang == lang and other is not method:
            assert words.replace(" ", "") not in text
    assert ("口座名義" if lang == "ja" else "Payee") not in text  # no bank account


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_without_a_fee_or_enclosures_the_data_is_sent_by_its_date(
    lang: str, letterhead: Letterhead
) -> None:
    base = sample("decision", lang)
    measure = dataclasses.replace(
        base.measures[0], enclosures=(), action_date=date(2026, 12, 15), method_difficulty_note=""
    )
    text = pdf_text(
        render_letter(dataclasses.replace(base, measures=(measure,), fee=None), letterhead)
    )
    assert_contains(
        text,
        "令和8年12月15日までに、上記の方法によりお送りします。"
        if lang == "ja"
        else "We will send it by the method above by 15 December 2026.",
    )
