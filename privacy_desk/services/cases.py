"""CaseService: everything staff and supervisors do to one case, gathered from its use cases.

Each public method is one user action in one transaction. Methods that change a case take the
version the user opened; if someone saved in between, ConflictError says so and nothing is written.
The methods live by use case: intake.py (and mail_intake.py), casework.py, decisions.py, dispatch.py and case_view.py;
what they share is in case_base.py.
"""

from __future__ import annotations

from privacy_desk.services.case_base import next_serial, touch
from privacy_desk.services.case_view import CaseViewCalls, build_detail, deadlines_of, letter_data
from privacy_desk.services.casework import CaseLifeCalls, CaseWorkCalls
from privacy_desk.services.decisions import DecisionCalls
from privacy_desk.services.dispatch import DispatchCalls, record_dispatch
from privacy_desk.services.fax import FaxCalls
from privacy_desk.services.mail_intake import MailIntakeCalls

__all__ = [
    "CaseService",
    "build_detail",
    "deadlines_of",
    "letter_data",
    "next_serial",
    "record_dispatch",
    "touch",
]


class CaseService(
    FaxCalls,
    MailIntakeCalls,
    CaseWorkCalls,
    CaseLifeCalls,
    DecisionCalls,
    DispatchCalls,
    CaseViewCalls,
):
    """Everything staff and supervisors do to one case."""
