"""Typed errors the rules raise. Each carries a message a person understands, without personal data."""

from __future__ import annotations


class DomainError(Exception):
    """A rule of the office refused what was asked. The message is for people."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message


class RuleViolation(DomainError):
    """A move the case life does not allow now (wrong state, missing identity, …)."""


class MissingReason(DomainError):
    """A refusal, pause, extension or reopening needs a reason that was not given."""


class PermissionDenied(DomainError):
    """The user's role does not allow this action."""


class IndividualNumberRefused(DomainError):
    """A text held a valid Individual Number (My Number), which the office never stores."""


class CalendarError(DomainError):
    """A date the business calendar can not cover (outside 1949–2099) or that makes no sense."""


class ValidationError(DomainError):
    """Input that is malformed or incomplete."""
