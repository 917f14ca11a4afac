"""Letters: plain data in, bytes of PDF out.

The services fill a `LetterContext` (and a `Letterhead` from the settings) and call
`render_letter`; templates per kind and language (resources/letters/<lang>/<kind>.j2, or an
administrator's edited copy) give the words; `layout` gives the page. Imports only reportlab,
Jinja2, pypdf, the standard library and `privacy_desk.domain`.

The names below are loaded on first use, so that importing `privacy_desk.letters.context` (the
command line does, for its choices) does not load reportlab and Jinja2.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from privacy_desk.letters.context import (
        Fee,
        LetterContext,
        Letterhead,
        LetterKind,
        MeasureResult,
        Recipient,
    )
    from privacy_desk.letters.dates import format_date
    from privacy_desk.letters.errors import (
        IncompleteLetterError,
        LetterError,
        LetterLayoutError,
        TemplateError,
    )
    from privacy_desk.letters.render import check_context, render_letter, validate_template
    from privacy_desk.letters.samples import sample_context
    from privacy_desk.letters.templates import default_template_text, document_number

_WHERE = {
    "Fee": "context",
    "LetterContext": "context",
    "Letterhead": "context",
    "LetterKind": "context",
    "MeasureResult": "context",
    "Recipient": "context",
    "format_date": "dates",
    "IncompleteLetterError": "errors",
    "LetterError": "errors",
    "LetterLayoutError": "errors",
    "TemplateError": "errors",
    "check_context": "render",
    "render_letter": "render",
    "validate_template": "render",
    "sample_context": "samples",
    "default_template_text": "templates",
    "document_number": "templates",
}

__all__ = [
    "Fee",
    "IncompleteLetterError",
    "LetterContext",
    "LetterError",
    "LetterKind",
    "LetterLayoutError",
    "Letterhead",
    "MeasureResult",
    "Recipient",
    "TemplateError",
    "check_context",
    "default_template_text",
    "document_number",
    "format_date",
    "render_letter",
    "sample_context",
    "validate_template",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
