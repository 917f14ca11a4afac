"""The services are split by use case: CaseService still offers every call, and no room is too big."""

from __future__ import annotations

import ast
from pathlib import Path

from privacy_desk.services import case_view, casework, decisions, dispatch, intake
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import DECISION_TEXTS, DecisionForm, MeasureData

SERVICES = Path(case_view.__file__).parent

FAMILIES = {
    intake.IntakeCalls: {"intake", "similar_cases", "link"},
    casework.CaseWorkCalls: {
        "update_case",
        "update_person",
        "confirm_identity",
        "take",
        "assign",
        "move_to_office",
        "cases_taken_from_me",
        "add_contact",
        "add_note",
        "add_task",
        "set_task_done",
    },
    casework.CaseLifeCalls: {
        "start_investigation",
        "pause",
        "resume",
        "extend",
        "close",
        "withdraw",
        "close_identity_unconfirmed",
        "reopen",
    },
    decisions.DecisionCalls: {"record_decision", "record_fee", "propose", "approve", "send_back"},
    dispatch.DispatchCalls: {"record_notice_sent"},
    case_view.CaseViewCalls: {"get", "get_by_reference"},
}


def test_case_service_offers_every_call_of_every_family() -> None:
    for family, names in FAMILIES.items():
        assert issubclass(CaseService, family)
        for name in names:
            assert name in vars(family), f"{family.__name__}.{name}"
            assert getattr(CaseService, name) is vars(family)[name]


def test_no_service_module_over_600_lines_nor_class_over_400() -> None:
    for path in SERVICES.glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert len(text.splitlines()) <= 600, path.name
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                assert size <= 400, f"{path.name}: {node.name} has {size} lines"


def test_decision_texts_are_named_once_and_carried_by_form_and_data() -> None:
    form_fields = set(DecisionForm.__dataclass_fields__)
    data_fields = set(MeasureData.__dataclass_fields__)
    assert set(DECISION_TEXTS) <= form_fields
    assert set(DECISION_TEXTS) <= data_fields
