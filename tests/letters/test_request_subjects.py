"""Each kind of request is named in the letter's running text in its own words, in both languages.

The templates keep a table of what each request asks (`subjects`); a request missing from it
would read "about correction" or 「correction」. Written against the surviving template mutants
that deleted one row of such a table (docs/testing.md, "Template mutation").
"""

from __future__ import annotations

import dataclasses

import pytest

from privacy_desk.domain.vocabulary import Outcome, RequestKind
from privacy_desk.letters import Letterhead, MeasureResult, render_letter
from tests.letters.reading import assert_contains, pdf_text, sample

SUBJECTS = {
    "en": {
        RequestKind.DISCLOSURE: "for disclosure of retained personal data",
        RequestKind.PROVISION_RECORDS: "for disclosure of the records of provision to third parties",
        RequestKind.PURPOSE_NOTICE: "to be notified of the purposes of use",
        RequestKind.CORRECTION: "for correction of retained personal data",
        RequestKind.SUSPENSION: "to suspend the use of, or erase, retained personal data",
        RequestKind.THIRD_PARTY_STOP: "to stop providing retained personal data to third parties",
    },
    "ja": {
        RequestKind.DISCLOSURE: "保有個人データの開示",
        RequestKind.PROVISION_RECORDS: "第三者提供記録の開示",
        RequestKind.PURPOSE_NOTICE: "利用目的の通知",
        RequestKind.CORRECTION: "保有個人データの訂正等",
        RequestKind.SUSPENSION: "保有個人データの利用停止等",
        RequestKind.THIRD_PARTY_STOP: "保有個人データの第三者提供の停止",
    },
}
CASES = [
    (letter, lang, kind)
    for letter in ("identity_request", "extension")
    for lang in ("ja", "en")
    for kind in SUBJECTS[lang]
]


@pytest.mark.parametrize(
    ("letter", "lang", "kind"), CASES, ids=[f"{a}-{b}-{c.value}" for a, b, c in CASES]
)
def test_the_request_is_named_in_the_running_text(
    letter: str, lang: str, kind: RequestKind, letterhead: Letterhead
) -> None:
    base = sample(letter, lang)
    measure = dataclasses.replace(base.measures[0], kind=kind)
    text = pdf_text(render_letter(dataclasses.replace(base, measures=(measure,)), letterhead))
    if lang == "en":
        assert_contains(text, f"of 2 November 2026 {SUBJECTS[lang][kind]}.")
    else:
        assert_contains(text, f"ご請求のありました{SUBJECTS[lang][kind]}につきましては")


@pytest.mark.parametrize(
    ("lang", "kind"),
    [(lang, kind) for lang in ("ja", "en") for kind in SUBJECTS[lang]],
    ids=[f"{lang}-{kind.value}" for lang in ("ja", "en") for kind in SUBJECTS[lang]],
)
def test_a_decision_on_one_request_names_it_in_its_title(
    lang: str, kind: RequestKind, letterhead: Letterhead
) -> None:
    every_outcome = sample("decision", lang, 1)
    measure = next(m for m in every_outcome.measures if m.kind is kind)
    context = dataclasses.replace(every_outcome, measures=(measure,), fee=None)
    text = pdf_text(render_letter(context, letterhead))
    if lang == "en":
        assert_contains(text, f"Notice of decision on your request {SUBJECTS[lang][kind]}")
    else:
        # A purpose notice is asked for (求め, Art. 32(2)), the others are requested (請求).
        asked = "求め" if kind is RequestKind.PURPOSE_NOTICE else "請求"
        assert_contains(
            text,
            f"{SUBJECTS[lang][kind]}の{asked}に対する決定について（通知）",
            f"ご請求のありました{SUBJECTS[lang][kind]}について、",
        )


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_decision_answers_an_inquiry_among_the_requests_with_its_view_or_reasons(
    lang: str, letterhead: Letterhead
) -> None:
    base = sample("decision", lang)
    inquiry = MeasureResult(
        kind=RequestKind.INQUIRY, requested="問合せ", outcome=Outcome.ANSWERED, view="見解の本文"
    )
    reasoned = dataclasses.replace(inquiry, view="", reasons="理由の本文")
    for measure, shown in ((inquiry, "見解の本文"), (reasoned, "理由の本文")):
        context = dataclasses.replace(base, measures=(*base.measures, measure))
        text = pdf_text(render_letter(context, letterhead))
        assert_contains(text, ("回答" if lang == "ja" else "Answer") + shown)
