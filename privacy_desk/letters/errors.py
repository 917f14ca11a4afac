"""Why a letter could not be produced. Messages name the template, line and field, never personal data."""

from __future__ import annotations

from privacy_desk.domain.errors import DomainError
from privacy_desk.i18n import _

# How the templates module names an administrator's edited copy (a name, not words for people).
EDITED_SUFFIX = " (edited)"


class LetterError(DomainError):
    """A letter was refused: nothing was produced."""


class TemplateError(LetterError):
    """A letter template does not compile, names an unknown field, or fills to bad markup."""

    def __init__(
        self,
        message: str,
        *,
        template: str,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        where = shown_template_name(template)
        if line:
            where = _("{template}, line {line}").format(template=where, line=line)
        super().__init__(
            _("Letter template {template}: {problem}").format(template=where, problem=message),
            field=field,
        )
        self.template = template
        self.line = line


def shown_template_name(name: str) -> str:
    """A template's name as people read it: "ja/answer.j2", or "ja/answer (edited)" translated."""
    edited = name.removesuffix(EDITED_SUFFIX)
    if edited != name:
        return _("{template} (edited)").format(template=edited)
    return name


class IncompleteLetterError(LetterError):
    """The case data lacks something the letter must say (an outcome, reasons, a date…)."""


class LetterLayoutError(LetterError):
    """The content can not be placed as the frame requires (an address too long for the window)."""
