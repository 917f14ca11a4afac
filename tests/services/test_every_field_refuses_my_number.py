"""Every free-text field refuses an Individual Number (My Number), in every spelling.

The fields are not listed by hand: the intake form's are read from its dataclasses (every `str`
field of PersonForm for both people, of IntakeForm and of MeasureForm), the decision's from
DECISION_TEXTS, and every other code of TEXT_FIELDS must have a call below or a stated reason to
be left out, so a new field without its check fails here. The tracking-number field takes a
genuine Japan Post number, even one that also passes the My Number check digit.
"""

from __future__ import annotations

import dataclasses
import functools
import typing
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any

import pytest

from privacy_desk.domain.errors import DomainError, IndividualNumberRefused
from privacy_desk.domain.individual_number import is_valid_individual_number
from privacy_desk.domain.text_fields import TEXT_FIELDS, max_length
from privacy_desk.domain.tracking import is_valid_tracking_number
from privacy_desk.domain.vocabulary import (
    ContactDirection,
    ContactKind,
    DisclosureMethod,
    DispatchMethod,
    IdentityMethod,
    Outcome,
    PauseReason,
    RequesterRole,
    RequestKind,
)
from privacy_desk.letters.context import LetterKind
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import (
    DECISION_TEXTS,
    DecisionForm,
    IdentityForm,
    IntakeForm,
    MeasureForm,
    PersonForm,
)
from privacy_desk.services.letters import LetterService
from privacy_desk.storage.db import Database, connect
from tests.services.bad_inputs import Desk
from tests.services.factories import KEIKO, SHO, disclosure_by_parent

SPELLINGS = {
    "plain": "123456789018",
    "full-width": "１２３４５６７８９０１８",
    "arabic-indic": "١٢٣٤٥٦٧٨٩٠١٨",
    "dots": "1234.5678.9018",
    "zero-width": "1234\u200b5678\u200b9018",
    "newlines": "1234\n5678\n9018",
}
# A Japan Post number (12345678905 mod 7 = 0) whose digits also pass the My Number check.
TRACKING_AND_MY_NUMBER = "1234-5678-9050"

# Codes that hold no typed text to keep, with why they are not checked for a My Number here.
NOT_STORED = {
    "tracking number": "its own rule: a Japan Post number (tested below)",
    "search": "a query, never stored",
    "reference": "looks a case up, never stored",
}


def _str_fields(form: type) -> list[str]:
    hints = typing.get_type_hints(form)
    return [f.name for f in dataclasses.fields(form) if hints[f.name] is str]


PERSON_CODES = {
    "name": "{who}'s name",
    "kana": "{who}'s kana",
    "postal_code": "postal code",
    "address": "address",
    "phone": "phone number",
    "fax": "fax number",
    "email": "email address",
    "organisation": "organisation",
}
FORM_CODES = {"summary": "summary", "contact_note": "contact note"}
MEASURE_CODES = {"requested": "request text", "third_party_recipient": "third-party recipient"}
CODES_NOT_TEXT = {"letter_language"}  # a code chosen from a list, not typed


def _intake(**changes: Any) -> IntakeForm:
    return dataclasses.replace(disclosure_by_parent(), **changes)


def _in_person(side: str, person: PersonForm, name: str, desk: Desk, text: str) -> object:
    return desk.staff().intake(_intake(**{side: dataclasses.replace(person, **{name: text})}))


def _in_form(name: str, desk: Desk, text: str) -> object:
    return desk.staff().intake(_intake(**{name: text}))


def _in_measure(name: str, kind: RequestKind, desk: Desk, text: str) -> object:
    measure = MeasureForm(kind, **{name: text})
    form = _intake(requester_role=RequesterRole.PERSON, subject=None, measures=(measure,))
    return desk.staff().intake(form)


def intake_calls() -> dict[tuple[str, str], Callable[[Desk, str], object]]:
    """(form field, code) -> a call putting the text in that field of an intake."""
    calls: dict[tuple[str, str], Callable[[Desk, str], object]] = {}
    for name in _str_fields(PersonForm):
        for who, side, person in (
            ("requester", "requester", KEIKO),
            ("data subject", "subject", SHO),
        ):
            code = PERSON_CODES[name].format(who=who)
            calls[(f"{side}.{name}", code)] = functools.partial(_in_person, side, person, name)
    for name in _str_fields(IntakeForm):
        if name not in CODES_NOT_TEXT:
            calls[(name, FORM_CODES[name])] = functools.partial(_in_form, name)
    for name in _str_fields(MeasureForm):
        kind = (
            RequestKind.THIRD_PARTY_STOP
            if name == "third_party_recipient"
            else RequestKind.DISCLOSURE
        )
        calls[(f"measure.{name}", MEASURE_CODES[name])] = functools.partial(_in_measure, name, kind)
    return calls


def decision_calls() -> dict[tuple[str, str], Callable[[Desk, str], object]]:
    def call(name: str) -> Callable[[Desk, str], object]:
        def run(desk: Desk, text: str) -> object:
            form = DecisionForm(Outcome.DISCLOSED_FULL, **{name: text})
            return desk.staff().record_decision(desk.case_id, None, desk.measure_id, form)

        return run

    return {(f"decision.{name}", name): call(name) for name in DECISION_TEXTS}


OTHER_CALLS: dict[str, Callable[[Desk, str], object]] = {
    "name": lambda d, t: d.staff().update_person(
        d.case_id, None, d.person_id, dataclasses.replace(KEIKO, name=f"鈴木 {t}")
    ),
    "kana": lambda d, t: d.staff().update_person(
        d.case_id, None, d.person_id, dataclasses.replace(KEIKO, kana=t)
    ),
    "phone": lambda d, t: d.staff().update_person(
        d.case_id, None, d.person_id, dataclasses.replace(KEIKO, phone=t)
    ),
    "fax": lambda d, t: d.staff().update_person(
        d.case_id, None, d.person_id, dataclasses.replace(KEIKO, fax=t)
    ),
    "email": lambda d, t: d.staff().update_person(
        d.case_id, None, d.person_id, dataclasses.replace(KEIKO, email=f"{t}@example.jp")
    ),
    "user's name": lambda d, t: d.admin().add_user("arai", f"新井 {t}", *_staff_password()),
    "identity note": lambda d, t: d.staff().confirm_identity(
        d.case_id, None, IdentityForm(IdentityMethod.IN_PERSON, note=t)
    ),
    "note": lambda d, t: d.staff().add_note(d.case_id, None, t),
    "task": lambda d, t: d.staff().add_task(d.case_id, None, t),
    "pause note": lambda d, t: d.staff().pause(d.case_id, None, PauseReason.CLARIFICATION, t),
    "extension reason": lambda d, t: d.staff().extend(d.case_id, None, date(2027, 1, 20), t),
    "withdrawal note": lambda d, t: d.staff().withdraw(d.case_id, None, t),
    "reason": lambda d, t: d.staff().close_identity_unconfirmed(d.other_case_id, None, t),
    "closure reason": lambda d, t: d.admin().add_closure(date(2026, 12, 25), t),
    "comment": lambda d, t: CaseService(d.context, d.users["supervisor"]).send_back(
        d.case_id, None, t
    ),
    "fee note": lambda d, t: d.staff().record_fee(d.case_id, None, 300, note=t),
    "letter template": lambda d, t: LetterService(d.context, d.users["admin"]).save_template(
        LetterKind.ACKNOWLEDGEMENT, "ja", "{{ reference }}\n" + t
    ),
    "setting": lambda d, t: d.admin().set_setting("letterhead", {"office_ja": t}),
    "contact note": lambda d, t: d.staff().add_contact(
        d.case_id, None, ContactKind.CALL, ContactDirection.IN, t
    ),
}


def _staff_password() -> tuple[Any, str]:
    from privacy_desk.domain.vocabulary import UserRole
    from tests.conftest import PASSWORD

    return UserRole.STAFF, PASSWORD


def test_every_text_field_is_covered() -> None:
    """A code of TEXT_FIELDS without a call here (or a reason to leave it out) fails."""
    covered = {code for _field, code in (intake_calls() | decision_calls())}
    covered |= set(OTHER_CALLS) | set(NOT_STORED)
    assert set(TEXT_FIELDS) - covered == set()
    assert covered - set(TEXT_FIELDS) == set()


def test_the_spellings_are_my_numbers() -> None:
    for written in SPELLINGS.values():
        assert is_valid_individual_number(written)
    assert is_valid_tracking_number(TRACKING_AND_MY_NUMBER)
    assert is_valid_individual_number(TRACKING_AND_MY_NUMBER)


def _all_calls() -> list[tuple[str, str, Callable[[Desk, str], object]]]:
    calls = [(field, code, call) for (field, code), call in intake_calls().items()]
    calls += [(field, code, call) for (field, code), call in decision_calls().items()]
    calls += [(f"other.{code}", code, call) for code, call in OTHER_CALLS.items()]
    return calls


@pytest.fixture(scope="module")
def shared_desk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Desk]:
    """One desk for the fields whose refusal changes nothing (it is what they prove)."""
    db = connect(f"sqlite:///{tmp_path_factory.mktemp('fields') / 'desk.sqlite3'}")
    try:
        yield Desk.make(db)
    finally:
        db.dispose()


@pytest.mark.parametrize(
    ("field", "code", "call"),
    _all_calls(),
    # The same ids in every xdist worker: a function's repr holds its address.
    ids=lambda v: "" if callable(v) else str(v)[:30],
)
def test_every_free_text_field_refuses_a_my_number(
    request: pytest.FixtureRequest,
    shared_desk: Desk,
    field: str,
    code: str,
    call: Callable[[Desk, str], object],
) -> None:
    desk = shared_desk
    if code in ("comment", "reason"):  # these need a case of their own, in another state
        desk = Desk.make(request.getfixturevalue("db"))
    if code == "comment":  # sending back needs a proposed decision
        staff = desk.staff()
        decision = DecisionForm(Outcome.DISCLOSED_FULL, method=DisclosureMethod.PAPER)
        staff.record_decision(desk.case_id, None, desk.measure_id, decision)
        staff.propose(desk.case_id, None)
    if code == "reason":  # closing for unconfirmed identity: a case still waiting for it
        desk.other_case_id = desk.staff().intake(disclosure_by_parent()).id
    before = desk.counts()
    for spelling, written in SPELLINGS.items():
        text = f"番号 {written} です" if max_length(code) >= 40 else written
        with pytest.raises(IndividualNumberRefused) as refused:
            call(desk, text)
        assert refused.value.field == code, (field, spelling)
    assert desk.counts() == before


@pytest.mark.parametrize("where", ["contact", "dispatch"])
def test_the_tracking_number_field_takes_a_genuine_tracking_number(
    any_db: Database, where: str
) -> None:
    desk = Desk.make(any_db)
    staff = desk.staff()
    if where == "contact":
        detail = staff.add_contact(
            desk.case_id, None, ContactKind.LETTER, ContactDirection.OUT, "", None,
            DispatchMethod.GENERAL_REGISTERED, "１２３４５６７８９０５０",
        )  # fmt: skip
        stored = [c.tracking_number for c in detail.contacts if c.tracking_number]
    else:
        detail = LetterService(desk.context, desk.users["staff"]).record_dispatch(
            desk.letter_id, DispatchMethod.GENERAL_REGISTERED, None, "123456789050", version=None
        )
        stored = [letter.tracking_number for letter in detail.letters]
    assert stored == [TRACKING_AND_MY_NUMBER]
    with pytest.raises(DomainError, match="Japan Post"):
        staff.add_contact(
            desk.case_id, None, ContactKind.LETTER, ContactDirection.OUT, "", None,
            DispatchMethod.GENERAL_REGISTERED, "1234-5678-9051",
        )  # fmt: skip
