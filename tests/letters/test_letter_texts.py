"""Every shipped sample letter, read back from its PDF, is the text a person read and approved.

`tests/letters/texts/` holds, per kind, language and sample, the text extracted from the printed
PDF (one file per letter, pages separated by a form feed). They were read as the recipient would
read them; a change to a template, the samples or the layout that changes a word of a letter
makes this test fail with the lines that differ, so that the change is read too. Whitespace is
not compared (extraction breaks lines where the layout wrapped them).

After a deliberate change, write the texts again and read the difference before committing it:

    PRIVACY_DESK_WRITE_LETTER_TEXTS=1 .venv/bin/python -m pytest tests/letters/test_letter_texts.py
    git diff tests/letters/texts/

The mutation testing of the templates (`scripts/mutate_templates.py`, docs/testing.md) showed why
this is needed: a deleted sentence or a negated condition in an English template survived the
tests that look for chosen phrases only.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

from privacy_desk.letters import LetterKind
from privacy_desk.letters.samples import sample_contexts
from tests.letters.reading import pdf_pages, squash

TEXTS = Path(__file__).parent / "texts"
WRITE = os.environ.get("PRIVACY_DESK_WRITE_LETTER_TEXTS") == "1"
SAMPLES = [
    (kind.value, lang, index)
    for kind in LetterKind
    for lang in ("ja", "en")
    for index in range(len(sample_contexts(kind, lang)))
]


def _lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize(("kind", "lang", "index"), SAMPLES)
def test_each_sample_letter_reads_as_approved(
    kind: str, lang: str, index: int, rendered: dict[tuple[str, str, int], bytes]
) -> None:
    text = "\f\n".join(pdf_pages(rendered[(kind, lang, index)]))
    path = TEXTS / f"{kind}-{lang}-{index}.txt"
    if WRITE:
        path.write_text(text.rstrip() + "\n", encoding="utf-8")
        pytest.fail(f"{path.name} written: read `git diff {path}` before committing it")
    assert path.exists(), f"{path.name} is missing: write it (see this module's docstring)"
    approved = path.read_text(encoding="utf-8")
    if squash(text) != squash(approved):
        diff = "\n".join(
            difflib.unified_diff(
                _lines(approved), _lines(text), "approved", "printed", n=1, lineterm=""
            )
        )
        pytest.fail(f"{path.name}: the letter no longer reads as approved\n{diff}")


def test_every_approved_text_belongs_to_a_sample() -> None:
    """A text left behind by a removed sample would be approved for nothing."""
    expected = {f"{kind}-{lang}-{index}.txt" for kind, lang, index in SAMPLES}
    assert {path.name for path in TEXTS.glob("*.txt")} == expected
