"""Letters: plain data in, bytes of PDF out.

The services fill a `LetterContext` (and a `Letterhead` from the settings) and call
`render_letter`; templates per kind and language (resources/letters/<lang>/<kind>.j2, or an
administrator's edited copy) give the words; `layout` gives the page. Imports only reportlab,
Jinja2, pypdf, the standard library and `privacy_desk.domain`.
"""

from __future__ import annotations

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
