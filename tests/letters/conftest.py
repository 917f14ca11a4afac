"""Fixtures for letter tests: the JACCES letterhead and every shipped sample rendered once."""

from __future__ import annotations

import pytest

from privacy_desk.letters import Letterhead, LetterKind, render_letter
from privacy_desk.letters.samples import sample_contexts


@pytest.fixture(scope="session")
def letterhead() -> Letterhead:
    return Letterhead.jacces_default()


@pytest.fixture(scope="session")
def rendered(letterhead: Letterhead) -> dict[tuple[str, str, int], bytes]:
    """Every invented sample of every kind in both languages, rendered once per session."""
    out: dict[tuple[str, str, int], bytes] = {}
    for kind in LetterKind:
        for lang in ("ja", "en"):
            for index, context in enumerate(sample_contexts(kind, lang)):
                out[(kind.value, lang, index)] = render_letter(context, letterhead)
    return out
