"""Reading letters back as a person would: the text pypdf extracts from the PDF.

Whitespace is dropped before comparing, because extraction breaks lines where the layout wrapped
them. `sample` gives the invented cases of `privacy_desk.letters.samples`, changed as a test needs.
"""

from __future__ import annotations

import dataclasses
import io
import re
from typing import Any

from pypdf import PdfReader

from privacy_desk.letters import LetterContext
from privacy_desk.letters.samples import sample_contexts

_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    return _SPACE.sub("", text)


def pdf_pages(pdf: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def pdf_text(pdf: bytes) -> str:
    """All the text of the PDF, whitespace removed."""
    return squash("".join(pdf_pages(pdf)))


def sample(kind: str, lang: str, index: int = 0, **changes: Any) -> LetterContext:
    context = sample_contexts(kind, lang)[index]
    return dataclasses.replace(context, **changes) if changes else context


def assert_contains(text: str, *expected: str) -> None:
    for item in expected:
        assert squash(item) in text, f"{item!r} not found in the letter"
