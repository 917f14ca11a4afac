"""Issue 10, the rules of people: a parent or a guardian of a minor acts only for a minor."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from privacy_desk.domain import rules
from privacy_desk.domain.errors import RuleViolation
from privacy_desk.domain.vocabulary import RequesterRole
from privacy_desk.i18n import language, set_language
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from tests.services.factories import SHO, disclosure_by_parent


def for_subject_born(born: date, role: RequesterRole = RequesterRole.PARENT):
    form = disclosure_by_parent()  # received Tue 2026-11-24 10:05
    return replace(form, subject=replace(SHO, birth_date=born), requester_role=role)


@pytest.mark.parametrize("role", sorted(rules.MINORS_ONLY_ROLES, key=lambda r: r.value))
def test_a_parent_or_minors_guardian_for_an_adult_is_refused_naming_the_role(
    context: Context, users: dict[str, Actor], role: RequesterRole
) -> None:
    staff = CaseService(context, users["staff"])
    with pytest.raises(RuleViolation) as refused:
        staff.intake(for_subject_born(date(2008, 11, 24), role))  # 18 that very day
    message = str(refused.value)
    assert role.en in message and "18" in message and "2026-11-24" in message
    assert staff.similar_cases(name="鈴木 翔") == []  # nothing was saved


def test_the_day_before_the_eighteenth_birthday_is_still_a_minor(
    context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(for_subject_born(date(2008, 11, 25)))
    assert case.requester_role is RequesterRole.PARENT


@pytest.mark.parametrize("role", [RequesterRole.ADULT_GUARDIAN, RequesterRole.AGENT])
def test_adult_roles_may_act_for_an_adult(
    context: Context, users: dict[str, Actor], role: RequesterRole
) -> None:
    staff = CaseService(context, users["staff"])
    assert staff.intake(for_subject_born(date(1990, 1, 1), role)).requester_role is role


def test_correcting_the_subjects_birth_date_to_an_adults_is_refused(
    context: Context, users: dict[str, Actor]
) -> None:
    staff = CaseService(context, users["staff"])
    case = staff.intake(disclosure_by_parent())
    subject_id = case.subject.id
    with pytest.raises(RuleViolation, match="Parent with parental authority"):
        staff.update_person(
            case.id, case.version, subject_id, replace(SHO, birth_date=date(2000, 6, 3))
        )
    assert staff.get(case.id).subject.birth_date == SHO.birth_date


def test_the_refusal_in_japanese_names_the_role(context: Context, users: dict[str, Actor]) -> None:
    staff = CaseService(context, users["staff"])
    previous = language()
    set_language("ja")
    try:
        with pytest.raises(RuleViolation) as refused:
            staff.intake(for_subject_born(date(2000, 1, 1)))
    finally:
        set_language(previous)
    message = str(refused.value)
    assert RequesterRole.PARENT.label("ja") in message and "26" in message
    assert "data subject" not in message


@pytest.mark.parametrize(
    ("born", "day", "age"),
    [
        (date(2008, 11, 24), date(2026, 11, 24), 18),
        (date(2008, 11, 25), date(2026, 11, 24), 17),
        (date(2008, 2, 29), date(2026, 2, 28), 17),
        (date(2008, 2, 29), date(2026, 3, 1), 18),
    ],
)
def test_age_on(born: date, day: date, age: int) -> None:
    assert rules.age_on(born, day) == age


def test_without_a_birth_date_there_is_nothing_to_refuse() -> None:
    rules.require_role_fits_subject(RequesterRole.PARENT, None, date(2026, 11, 24))
