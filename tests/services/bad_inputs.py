"""Bad input for every service input: what the hypothesis test and scripts/reliability_inputs.py
feed the services, and how they check that a refusal is the domain's own and wrote nothing.

`Desk` holds one database with users and a case; `OPERATIONS` lists, by name, one call per
service input, each taking one generated value. `attempt` runs one call and says what happened:
accepted, refused (a DomainError with nothing written), or a failure (any other exception, or
rows written although the call was refused).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from hypothesis import strategies as st

from privacy_desk.domain.calendar import JST
from privacy_desk.domain.errors import DomainError
from privacy_desk.domain.vocabulary import (
    ContactDirection,
    ContactKind,
    DispatchMethod,
    IdentityMethod,
    Outcome,
    PauseReason,
    Queue,
    RequesterRole,
    UserRole,
)
from privacy_desk.letters.context import LetterKind
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import (
    DECISION_TEXTS,
    DecisionForm,
    IdentityForm,
    IntakeForm,
    PersonForm,
    QueueFilter,
)
from privacy_desk.services.letters import LetterService
from privacy_desk.services.queues import QueueService
from privacy_desk.services.saved_filters import SavedFilterService
from privacy_desk.services.users import AdminService, authenticate
from privacy_desk.storage.db import Database
from privacy_desk.storage.models import Base
from tests.conftest import PASSWORD, Clock, make_users
from tests.services.factories import correction_by_email, disclosure_by_parent

MY_NUMBER = "123456789018"
LONE_SURROGATES = ["\ud800", "\udfff", "\udc80"]

# -- generated values -----------------------------------------------------------------------------

_spellings = st.sampled_from(
    [
        MY_NUMBER,
        "１２３４５６７８９０１８",
        "١٢٣٤٥٦٧٨٩٠١٨",
        "1234.5678.9018",
        "1234\u200b5678\u200b9018",
        "1234\n5678\n9018",
        "1234／5678／9018",
        "(1234) 5678_9018",
    ]
)
_nasty_pieces = st.sampled_from(
    ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\t", "\n", "\r", *LONE_SURROGATES]
)
_any_char = st.characters(codec=None, exclude_categories=())  # surrogates included


def _joined(parts: list[str]) -> str:
    return "".join(parts)


texts: st.SearchStrategy[str] = st.one_of(
    st.text(_any_char, max_size=40),
    st.lists(st.one_of(st.text(max_size=8), _nasty_pieces, _spellings), min_size=1, max_size=6).map(
        _joined
    ),
    st.builds(lambda char, n: char * n, st.sampled_from("長a　\n"), st.integers(0, 120_000)),
)
numbers: st.SearchStrategy[Any] = st.one_of(
    st.integers(),
    st.integers(min_value=-(2**80), max_value=2**80),
    st.sampled_from([0, -1, 2**31, 2**63, 10**30, True, 1.5, float("nan"), "10", None]),
)
moments: st.SearchStrategy[Any] = st.one_of(
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2100, 1, 1)),  # naive
    st.datetimes(timezones=st.just(JST)),
)


# -- the desk -------------------------------------------------------------------------------------


@dataclass
class Desk:
    """One database with its users and two open cases, and the services acting on them."""

    context: Context
    users: dict[str, Actor]
    case_id: int
    measure_id: int
    person_id: int
    letter_id: int
    other_case_id: int = 0  # a second case, when a test makes one

    @classmethod
    def make(cls, db: Database) -> Desk:
        """A disclosure request by the person, identity confirmed, in investigation, with its
        acknowledgement issued: every later input reaches its own checks."""
        context = Context(db, clock=Clock(datetime(2026, 11, 24, 15, 0, tzinfo=JST)))
        users = make_users(context)
        staff = CaseService(context, users["staff"])
        form = dataclasses.replace(
            disclosure_by_parent(), requester_role=RequesterRole.PERSON, subject=None
        )
        case = staff.intake(form)
        staff.confirm_identity(case.id, None, IdentityForm(IdentityMethod.IN_PERSON))
        case = staff.start_investigation(case.id, None)
        letter = LetterService(context, users["staff"]).issue(
            case.id, None, LetterKind.ACKNOWLEDGEMENT
        )
        return cls(context, users, case.id, case.measures[0].id, case.requester.id, letter.id)

    def staff(self) -> CaseService:
        return CaseService(self.context, self.users["staff"])

    def admin(self) -> AdminService:
        return AdminService(self.context, self.users["admin"])

    def counts(self) -> dict[str, int]:
        """Rows in every table, read in one statement."""
        tables = list(Base.metadata.sorted_tables)
        query = sa.select(
            *[
                sa.select(sa.func.count()).select_from(table).scalar_subquery().label(table.name)
                for table in tables
            ]
        )
        with self.context.db.session() as session:
            row = session.execute(query).one()
        return dict(zip([t.name for t in tables], row, strict=True))


def _person(field: str, value: Any) -> IntakeForm:
    return dataclasses.replace(
        correction_by_email(),
        requester=dataclasses.replace(PersonForm("田中 一郎"), **{field: value}),
    )


def _intake(desk: Desk, form: IntakeForm) -> object:
    return desk.staff().intake(form)


Operation = Callable[[Desk, Any], object]


def _person_op(field: str) -> Operation:
    return lambda d, v: _intake(d, _person(field, v))


def _decision_op(name: str) -> Operation:
    def run(desk: Desk, value: Any) -> object:
        texts = {"reasons": "業務に著しい支障が生じるため", name: value}
        form = DecisionForm(Outcome.DISCLOSED_FULL, **texts)
        return desk.staff().record_decision(desk.case_id, None, desk.measure_id, form)

    return run


TEXT_OPERATIONS: dict[str, Operation] = {
    **{
        f"intake {field}": _person_op(field)
        for field in ("name", "kana", "postal_code", "address", "phone", "fax", "email")
    },
    "intake organisation": lambda d, v: _intake(d, _person("organisation", v)),
    "intake summary": lambda d, v: _intake(
        d, dataclasses.replace(correction_by_email(), summary=v)
    ),
    "intake contact note": lambda d, v: _intake(
        d, dataclasses.replace(correction_by_email(), contact_note=v)
    ),
    "intake request text": lambda d, v: _intake(
        d,
        dataclasses.replace(
            correction_by_email(),
            measures=(dataclasses.replace(correction_by_email().measures[0], requested=v),),
        ),
    ),
    "update summary": lambda d, v: d.staff().update_case(d.case_id, None, summary=v),
    "update person address": lambda d, v: d.staff().update_person(
        d.case_id, None, d.person_id, dataclasses.replace(PersonForm("鈴木 恵子"), address=v)
    ),
    "contact summary": lambda d, v: d.staff().add_contact(
        d.case_id, None, ContactKind.CALL, ContactDirection.IN, v
    ),
    "contact tracking number": lambda d, v: d.staff().add_contact(
        d.case_id, None, ContactKind.LETTER, ContactDirection.OUT, "", None, None, v
    ),
    "note": lambda d, v: d.staff().add_note(d.case_id, None, v),
    "task": lambda d, v: d.staff().add_task(d.case_id, None, v),
    "identity note": lambda d, v: d.staff().confirm_identity(
        d.case_id, None, IdentityForm(IdentityMethod.IN_PERSON, note=v)
    ),
    "pause note": lambda d, v: (
        d.staff().pause(d.case_id, None, PauseReason.CLARIFICATION, v),
        d.staff().resume(d.case_id, None),
    ),
    "extension reason": lambda d, v: d.staff().extend(d.case_id, None, date(2027, 1, 20), v),
    **{f"decision {name}": _decision_op(name) for name in DECISION_TEXTS},
    "fee note": lambda d, v: d.staff().record_fee(d.case_id, None, 300, note=v),
    "search": lambda d, v: QueueService(d.context, d.users["staff"]).list(
        Queue.ALL_OPEN, QueueFilter(search=v)
    ),
    "saved filter name": lambda d, v: SavedFilterService(d.context, d.users["staff"]).save(
        v, QueueFilter(), False
    ),
    "saved filter search": lambda d, v: SavedFilterService(d.context, d.users["staff"]).save(
        f"検索 {len(v)}", QueueFilter(search=v), False
    ),
    "similar name": lambda d, v: d.staff().similar_cases(name=v),
    "similar address": lambda d, v: d.staff().similar_cases(address=v),
    "user name": lambda d, v: d.admin().add_user("newuser", v, UserRole.STAFF, PASSWORD),
    "user login": lambda d, v: d.admin().add_user(v, "新井 花", UserRole.STAFF, PASSWORD),
    "user password": lambda d, v: d.admin().add_user("newuser", "新井 花", UserRole.STAFF, v),
    "closure reason": lambda d, v: d.admin().add_closure(date(2026, 12, 25), v),
    "letterhead organisation": lambda d, v: d.admin().set_setting(
        "letterhead", {"organisation_ja": v}
    ),
    "letterhead tel": lambda d, v: d.admin().set_setting("letterhead", {"tel": v}),
    "setting name": lambda d, v: d.admin().set_setting(v, 3),
    "letter template": lambda d, v: LetterService(d.context, d.users["admin"]).save_template(
        LetterKind.ACKNOWLEDGEMENT, "ja", v
    ),
    "dispatch tracking number": lambda d, v: LetterService(
        d.context, d.users["staff"]
    ).record_dispatch(d.letter_id, DispatchMethod.GENERAL_REGISTERED, None, v, version=None),
}

NUMBER_OPERATIONS: dict[str, Operation] = {
    "fee amount": lambda d, v: d.staff().record_fee(d.case_id, None, v),
    "setting number": lambda d, v: d.admin().set_setting("idle_lock_minutes", v),
    "setting targets": lambda d, v: d.admin().set_setting(
        "target_business_days", {"disclosure": v}
    ),
    "queue offset": lambda d, v: QueueService(d.context, d.users["staff"]).list(offset=v),
    "legal line warning": lambda d, v: QueueService(
        d.context, d.users["supervisor"]
    ).legal_line_counts(v),
}

MOMENT_OPERATIONS: dict[str, Operation] = {
    "intake received at": lambda d, v: _intake(
        d, dataclasses.replace(correction_by_email(), received_at=v)
    ),
    "contact occurred at": lambda d, v: d.staff().add_contact(
        d.case_id, None, ContactKind.CALL, ContactDirection.IN, "電話", v
    ),
}

# Failed log-ins are audited on purpose (and counted on the user's row): checked apart.
LOGIN_OPERATIONS: dict[str, Operation] = {
    "log-in name": lambda d, v: authenticate(d.context, v, PASSWORD),
    "log-in password": lambda d, v: authenticate(d.context, "sato", v),
}

_LOGIN_WRITES = {"audit", "users"}


def operations() -> st.SearchStrategy[tuple[str, Any]]:
    """A (operation name, value) pair: every service input with a value of its type."""
    return st.one_of(
        st.tuples(st.sampled_from(sorted(TEXT_OPERATIONS)), texts),
        st.tuples(st.sampled_from(sorted(NUMBER_OPERATIONS)), numbers),
        st.tuples(st.sampled_from(sorted(MOMENT_OPERATIONS)), moments),
        st.tuples(st.sampled_from(sorted(LOGIN_OPERATIONS)), texts),
    )


ALL_OPERATIONS: dict[str, Operation] = {
    **TEXT_OPERATIONS,
    **NUMBER_OPERATIONS,
    **MOMENT_OPERATIONS,
    **LOGIN_OPERATIONS,
}


@dataclass(frozen=True)
class Result:
    """What one call did: 'accepted', 'refused', 'crash' (not a DomainError) or 'partial'
    (refused, yet rows were written)."""

    kind: str
    detail: str = ""


def attempt(desk: Desk, name: str, value: Any) -> Result:
    before = desk.counts()
    try:
        ALL_OPERATIONS[name](desk, value)
    except DomainError:
        after = desk.counts()
        changed = {t for t in before if before[t] != after[t]}
        if name in LOGIN_OPERATIONS:
            changed -= _LOGIN_WRITES
        if changed:
            return Result("partial", f"{name}: {sorted(changed)}")
        return Result("refused")
    except Exception as exc:  # what the test is looking for: anything but the domain's own
        return Result("crash", f"{name}: {type(exc).__name__}")
    return Result("accepted")
