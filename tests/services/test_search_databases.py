"""Search gives the same cases on SQLite and on PostgreSQL (where LIKE minds case and ILIKE is
its own operator): texts people typed in Latin letters are found whatever their case or width,
reference numbers however they are typed, and LIKE's wildcards are searched for as themselves."""

from __future__ import annotations

import pytest

from privacy_desk.domain.vocabulary import ContactDirection, ContactKind, Queue
from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import IntakeForm, PersonForm, QueueFilter
from privacy_desk.services.queues import QueueService
from tests.services.factories import complaint_by_phone, correction_by_email


def found(context: Context, users: dict, typed: str) -> set[str]:
    page = QueueService(context, users["staff"]).list(Queue.ALL_OPEN, QueueFilter(search=typed))
    return {row.reference for row in page.rows}


@pytest.fixture
def cases(context: Context, users: dict) -> dict[str, str]:
    staff = CaseService(context, users["staff"])
    smith = staff.intake(
        IntakeForm(
            **{
                **vars(complaint_by_phone()),
                "requester": PersonForm("Smith John", "スミス ジョン"),
                "summary": "Newsletter sent after Opt-Out (100% sure)",
            }
        )
    )
    other = staff.intake(correction_by_email())
    other = staff.add_note(other.id, other.version, "Called the Tokyo OFFICE back")
    staff.add_contact(
        other.id, other.version, ContactKind.EMAIL, ContactDirection.IN, "Mail from Osaka Branch"
    )
    return {"smith": smith.reference, "other": other.reference}


@pytest.mark.parametrize(
    ("typed", "who"),
    [
        ("newsletter", "smith"),
        ("NEWSLETTER", "smith"),
        ("opt-out", "smith"),
        ("ｎｅｗｓｌｅｔｔｅｒ", "smith"),  # full-width, as an input method may give it
        ("smith", "smith"),
        ("SMITH JOHN", "smith"),
        ("100%", "smith"),
        ("tokyo office", "other"),
        ("osaka branch", "other"),
    ],
)
def test_latin_text_is_found_whatever_its_case(
    context: Context, users: dict, cases: dict[str, str], typed: str, who: str
) -> None:
    assert found(context, users, typed) == {cases[who]}


def test_a_reference_is_found_however_it_is_typed(
    context: Context, users: dict, cases: dict[str, str]
) -> None:
    reference = cases["other"]
    for typed in (reference, reference.lower(), reference[3:]):
        assert found(context, users, typed) == {reference}, typed


def test_wildcards_are_searched_for_as_themselves(
    context: Context, users: dict, cases: dict[str, str]
) -> None:
    assert found(context, users, "%") == {cases["smith"]}  # only the summary has a "%"
    assert found(context, users, "_") == set()
    assert found(context, users, "0%_") == set()
