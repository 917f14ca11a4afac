"""The legal line of a rights request (APPI Art. 39): how near it is, for lists and the case page.

The line is a calendar day (arrival + 14 days); it stops mattering once the decision notice is
sent or the case is closed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from privacy_desk.domain.vocabulary import CaseStatus, DeadlineState, LegalLineState

S = CaseStatus


@dataclass(frozen=True)
class LegalLine:
    """An open case's legal line: its state and the days until it (negative once passed)."""

    state: LegalLineState
    days: int


def legal_line(
    line: date | None, status: CaseStatus, today: date, warn_days: int
) -> LegalLine | None:
    """None for a case without a line, or one whose notice is sent or that is closed."""
    if line is None or status in (S.CLOSED, S.NOTICE_SENT):
        return None
    days = (line - today).days
    if days < 0:
        return LegalLine(LegalLineState.PASSED, days)
    if days <= warn_days:
        return LegalLine(LegalLineState.NEAR, days)
    return LegalLine(LegalLineState.ON_TRACK, days)


def hides_danger(state: DeadlineState, line: LegalLine | None) -> bool:
    """A deadline state that would look fine ("On track", "Due soon") while the legal line has
    passed: the lists and the case page show the passed line instead."""
    return (
        line is not None
        and line.state is LegalLineState.PASSED
        and state in (DeadlineState.ON_TRACK, DeadlineState.DUE_SOON)
    )
