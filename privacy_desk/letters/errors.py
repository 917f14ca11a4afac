"""Why a letter could not be produced. Messages name the template, line and field, never personal data."""

from __future__ import annotations

from privacy_desk.domain.errors import DomainError


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
        where = f"Letter template {template}" + (f", line {line}" if line else "")
        super().__init__(f"{where}: {message}", field=field)
        self.template = template
        self.line = line


class IncompleteLetterError(LetterError):
    """The case data lacks something the letter must say (an outcome, reasons, a date…)."""


class LetterLayoutError(LetterError):
    """The content can not be placed as the frame requires (an address too long for the window)."""
