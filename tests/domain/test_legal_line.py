"""The legal line's state (APPI Art. 39) for the lists: passed, near, on track; gone once done."""

from __future__ import annotations

from datetime import date

from privacy_desk.domain.legal_line import LegalLine, hides_danger, legal_line
from privacy_desk.domain.vocabulary import CaseStatus, DeadlineState, LegalLineState

TODAY = date(2026, 11, 24)
S = CaseStatus


def test_the_line_passed_near_and_on_track() -> None:
    assert legal_line(date(2026, 11, 21), S.RECEIVED, TODAY, 3) == LegalLine(
        LegalLineState.PASSED, -3
    )
    assert legal_line(TODAY, S.RECEIVED, TODAY, 3) == LegalLine(LegalLineState.NEAR, 0)
    assert legal_line(date(2026, 11, 27), S.IN_INVESTIGATION, TODAY, 3) == LegalLine(
        LegalLineState.NEAR, 3
    )
    assert legal_line(date(2026, 11, 28), S.IN_INVESTIGATION, TODAY, 3) == LegalLine(
        LegalLineState.ON_TRACK, 4
    )


def test_no_line_once_the_notice_is_sent_or_without_one() -> None:
    assert legal_line(None, S.RECEIVED, TODAY, 3) is None
    assert legal_line(date(2026, 11, 1), S.NOTICE_SENT, TODAY, 3) is None
    assert legal_line(date(2026, 11, 1), S.CLOSED, TODAY, 3) is None


def test_a_passed_line_is_never_hidden_behind_on_track() -> None:
    passed = LegalLine(LegalLineState.PASSED, -1)
    assert hides_danger(DeadlineState.ON_TRACK, passed)
    assert hides_danger(DeadlineState.DUE_SOON, passed)
    assert not hides_danger(DeadlineState.OVERDUE, passed)
    assert not hides_danger(DeadlineState.PAUSED, passed)
    assert not hides_danger(DeadlineState.ON_TRACK, LegalLine(LegalLineState.NEAR, 1))
    assert not hides_danger(DeadlineState.ON_TRACK, None)
