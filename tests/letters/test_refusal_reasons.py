"""Every refusing outcome of every kind, in both languages, prints the reasons it was given.

The cases are generated from the vocabulary (Outcome × RequestKind, kept where OUTCOMES_BY_KIND
allows the pair and OUTCOMES_NEEDING_REASONS says it refuses), so a new outcome or kind is tried
without touching this file. Each letter carries a reasons text of its own, so a template that
prints another measure's reasons, or none, fails.
"""

from __future__ import annotations

import dataclasses

import pytest

from privacy_desk.domain.vocabulary import (
    OUTCOMES_BY_KIND,
    OUTCOMES_NEEDING_REASONS,
    Outcome,
    RequestKind,
)
from privacy_desk.letters import Letterhead, LetterKind, MeasureResult, render_letter
from privacy_desk.letters.samples import every_outcome_measures
from tests.letters.reading import pdf_text, sample

LANGUAGES = ("ja", "en")
REFUSING = [
    (outcome, kind)
    for kind in RequestKind
    for outcome in Outcome
    if outcome in OUTCOMES_NEEDING_REASONS and outcome in OUTCOMES_BY_KIND.get(kind, ())
]


def unique_reasons(outcome: Outcome, kind: RequestKind, lang: str) -> str:
    tag = f"R{list(Outcome).index(outcome):02d}K{list(RequestKind).index(kind):02d}{lang.upper()}"
    if lang == "ja":
        return f"理由の検査文{tag}のとおりです。"
    return f"The reasons check text {tag} applies."


def measure_for(outcome: Outcome, kind: RequestKind, lang: str) -> MeasureResult:
    """The shipped sample's measure of this pair (with all the pair needs), reasons replaced."""
    for measure in every_outcome_measures(lang):
        if measure.kind is kind and measure.outcome is outcome:
            return dataclasses.replace(measure, reasons=unique_reasons(outcome, kind, lang))
    pytest.fail(
        f"letters/samples.every_outcome_measures has no measure for {kind.value} → "
        f"{outcome.value}: add one so its letter can be tried"
    )


def test_every_refusing_outcome_is_tried() -> None:
    assert {outcome for outcome, _ in REFUSING} == set(OUTCOMES_NEEDING_REASONS)
    assert len({tag for tag in (unique_reasons(o, k, "ja") for o, k in REFUSING)}) == len(REFUSING)


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize(
    ("outcome", "kind"), REFUSING, ids=[f"{k.value}-{o.value}" for o, k in REFUSING]
)
def test_a_refusing_outcome_prints_its_own_reasons(
    outcome: Outcome, kind: RequestKind, lang: str, letterhead: Letterhead
) -> None:
    mine = measure_for(outcome, kind, lang)
    # A second refusing measure beside it, with reasons of its own: each must stay with its own.
    other = [
        dataclasses.replace(m, reasons=f"OTHER{index}")
        for index, m in enumerate(every_outcome_measures(lang))
        if m.outcome in OUTCOMES_NEEDING_REASONS and (m.kind, m.outcome) != (kind, outcome)
    ][:1]
    context = sample(LetterKind.DECISION.value, lang, 0, measures=(mine, *other))
    text = pdf_text(render_letter(context, letterhead))
    assert mine.reasons.replace(" ", "") in text
    for measure in other:
        assert measure.reasons.replace(" ", "") in text
