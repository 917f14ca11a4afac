"""Invented people and cases that the sections share (nobody's real data)."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime

from privacy_desk.domain.calendar import JST
from privacy_desk.domain.vocabulary import Channel, RequestKind, UserRole
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import IntakeForm, MeasureForm, PersonData, PersonForm
from privacy_desk.services.users import AdminService, authenticate, create_first_admin

from . import Run

PASSWORD = "reliability password 1"
STAFF = [
    ("desk1", "宮城 澄香", UserRole.STAFF),
    ("desk2", "仲宗根 透", UserRole.STAFF),
    ("desk3", "具志堅 紬", UserRole.STAFF),
    ("desk4", "嘉手納 凪", UserRole.STAFF),
    ("desk5", "玉城 朔", UserRole.STAFF),
    ("desk6", "喜屋武 湊", UserRole.STAFF),
    ("chief1", "渡嘉敷 環", UserRole.SUPERVISOR),
    ("chief2", "座間味 律", UserRole.SUPERVISOR),
]
PEOPLE = [
    PersonForm(
        "比屋根 千尋",
        "ヒヤネ チヒロ",
        date(1979, 5, 21),
        "900-0015",
        "沖縄県那覇市久茂地9-8-7 架空ハイツ101",
        "098-765-4321",
        email="chihiro.hiyane@example.jp",
    ),
    PersonForm(
        "上間 颯太",
        "ウエマ ソウタ",
        date(1991, 12, 2),
        "904-0004",
        "沖縄県沖縄市中央8-7-6 架空荘202",
        "098-111-2929",
        email="sota.uema@example.jp",
    ),
    PersonForm(
        "新垣 琴音",
        "アラカキ コトネ",
        date(1968, 3, 30),
        "160-0022",
        "東京都新宿区新宿7-6-5 架空ビル303",
        "03-4545-6767",
        email="kotone.arakaki@example.jp",
    ),
]


def form_of(person: PersonData, **changes: object) -> PersonForm:
    fields = {f.name: getattr(person, f.name) for f in dataclasses.fields(PersonForm)}
    return PersonForm(**{**fields, **changes})  # type: ignore[arg-type]


def intake_form(person: PersonForm, person_id: int | None = None) -> IntakeForm:
    return IntakeForm(
        channel=Channel.PHONE,
        received_at=datetime.now(JST).replace(microsecond=0),
        requester=person,
        requester_person_id=person_id,
        measures=(MeasureForm(RequestKind.COMPLAINT, "案内が何度も届く（試験）"),),
        summary="信頼性試験の案件",
    )


def set_up(
    run: Run, context: Context, cases_per_person: int = 2
) -> tuple[dict[str, Actor], list[int]]:
    """Users (with the log-in of each desk) and cases: each person shared by several cases."""
    create_first_admin(context, "kanri", "管理 次郎", PASSWORD)
    admin = AdminService(context, authenticate(context, "kanri", PASSWORD))
    for login, name, role in STAFF:
        admin.add_user(login, name, role, PASSWORD)
        run.invented(name)
    actors = {login: authenticate(context, login, PASSWORD) for login, _, _ in STAFF}
    desk = CaseService(context, actors["desk1"])
    case_ids = []
    for person in PEOPLE:
        run.invented(*dataclasses.astuple(person))
        first = desk.intake(intake_form(person))
        case_ids.append(first.id)
        for _ in range(cases_per_person - 1):
            case_ids.append(desk.intake(intake_form(person, first.requester.id)).id)
    return actors, case_ids
