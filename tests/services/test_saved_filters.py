"""Saved filters (issue 12): every QueueFilter field through the JSON and the database and back,
private filters seen by their owner only, shared ones in the owner's office only, names unique
per owner, bad names refused with a message and nothing stored, audit entries without names."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import func, select

from privacy_desk.domain.errors import IndividualNumberRefused, PermissionDenied, ValidationError
from privacy_desk.domain.vocabulary import Channel, Queue, RequestKind
from privacy_desk.services.base import Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import QueueFilter
from privacy_desk.services.queues import QueueService
from privacy_desk.services.saved_filters import (
    SavedFilterService,
    filter_from_json,
    filter_to_json,
)
from privacy_desk.services.users import AdminService
from privacy_desk.storage.models import AuditEntry, SavedFilter
from tests.services.factories import complaint_by_phone, correction_by_email

# Every field of QueueFilter set to something other than its default.
FULL = QueueFilter(
    kinds=(RequestKind.DISCLOSURE, RequestKind.CORRECTION),
    channels=(Channel.FAX, Channel.EMAIL),
    owner_id=7,
    received_from=date(2026, 4, 1),
    received_to=date(2027, 3, 31),
    search='山田　ﾀﾛｳ "%_',
    office="naha",
    case_ids=(3, 5),
)


def saved(context: Context, users: dict, who: str) -> SavedFilterService:
    return SavedFilterService(context, users[who])


def names(context: Context, users: dict, who: str) -> list[str]:
    return [f.name for f in saved(context, users, who).list()]


def rows(context: Context) -> int:
    with context.db.session() as session:
        return session.scalar(select(func.count()).select_from(SavedFilter)) or 0


def test_every_field_of_a_filter_survives_json_and_the_database(
    context: Context, users: dict
) -> None:
    # Each field differs from the default, so a field the JSON forgot comes back changed.
    assert all(
        getattr(FULL, name) != getattr(QueueFilter(), name) for name in FULL.__dataclass_fields__
    )
    assert filter_from_json(filter_to_json(Queue.OVERDUE, FULL)) == (Queue.OVERDUE, FULL)
    assert filter_from_json(filter_to_json(Queue.ALL_OPEN, QueueFilter())) == (
        Queue.ALL_OPEN,
        QueueFilter(),
    )
    stored = saved(context, users, "staff").save("那覇の開示", FULL, False, Queue.OVERDUE)
    assert (stored.queue, stored.filters) == (Queue.OVERDUE, FULL)
    again = saved(context, users, "staff").apply(stored.id)
    assert (again.queue, again.filters, again.name) == (Queue.OVERDUE, FULL, "那覇の開示")
    # Plain JSON values: enums by value, dates in ISO 8601.
    with context.db.session() as session:
        data = json.loads(session.scalars(select(SavedFilter.filter)).one())
    assert data["received_from"] == "2026-04-01" and data["kinds"] == ["disclosure", "correction"]
    assert data["channels"] == ["fax", "email"] and data["office"] == "naha"


def test_a_damaged_filter_is_refused_with_a_message() -> None:
    for text in (
        "[]",
        "{",
        '{"kinds": ["no_such_kind"]}',
        '{"received_from": "2026-13-01"}',
        '{"case_ids": ["3"]}',
    ):
        with pytest.raises(ValidationError, match="can not be read"):
            filter_from_json(text)


def test_a_private_filter_is_seen_by_its_owner_only(context: Context, users: dict) -> None:
    mine = saved(context, users, "staff").save("自分の未割当", QueueFilter(search="佐藤"), False)
    assert names(context, users, "staff") == ["自分の未割当"]
    assert names(context, users, "staff2") == []
    assert names(context, users, "supervisor") == []
    with pytest.raises(ValidationError, match="no longer exists or is not shared"):
        saved(context, users, "staff2").apply(mine.id)
    with pytest.raises(ValidationError):
        saved(context, users, "staff2").delete(mine.id)
    with pytest.raises(ValidationError):
        saved(context, users, "admin").delete(mine.id)  # private: not even an administrator
    assert rows(context) == 1


def test_a_shared_filter_is_seen_in_the_same_office_only(context: Context, users: dict) -> None:
    admin = AdminService(context, users["admin"])
    admin.set_user_office(users["staff2"].user_id, "naha")
    shared = saved(context, users, "staff").save("東京の郵送", QueueFilter(), True)
    assert shared.shared and shared.mine
    assert names(context, users, "supervisor") == ["東京の郵送"]  # same office (Tokyo)
    seen = saved(context, users, "supervisor").list()[0]
    assert not seen.mine and seen.owner_name == "佐藤 花子"
    assert names(context, users, "staff2") == []  # moved to Naha
    with pytest.raises(ValidationError):
        saved(context, users, "staff2").apply(shared.id)
    # Only its owner renames it; another in the office may use it, not delete it.
    with pytest.raises(PermissionDenied):
        saved(context, users, "supervisor").rename(shared.id, "別名")
    with pytest.raises(PermissionDenied):
        saved(context, users, "supervisor").delete(shared.id)
    assert names(context, users, "staff") == ["東京の郵送"]
    # An administrator may delete a shared filter.
    saved(context, users, "admin").delete(shared.id)
    assert names(context, users, "staff") == [] and rows(context) == 0


def test_names_are_unique_per_owner(context: Context, users: dict) -> None:
    saved(context, users, "staff").save("至急", QueueFilter(), False)
    with pytest.raises(ValidationError, match="already have a saved filter with this name"):
        saved(context, users, "staff").save(" 至急 ", QueueFilter(search="x"), True)
    # Another person may use the same name.
    saved(context, users, "staff2").save("至急", QueueFilter(), False)
    other = saved(context, users, "staff").save("後回し", QueueFilter(), False)
    with pytest.raises(ValidationError, match="already have a saved filter with this name"):
        saved(context, users, "staff").rename(other.id, "至急")
    renamed = saved(context, users, "staff").rename(other.id, "来週")
    assert renamed.name == "来週"
    assert names(context, users, "staff") == ["来週", "至急"]
    assert rows(context) == 3


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "name is required"),
        ("   ", "name is required"),
        ("x" * 81, "longer than 80"),
        ("一行目\n二行目", "one line"),
        ("タブ\tあり", "one line"),
    ],
)
def test_bad_names_are_refused_with_a_message(
    context: Context, users: dict, name: str, message: str
) -> None:
    with pytest.raises(ValidationError, match=message) as refused:
        saved(context, users, "staff").save(name, QueueFilter(), False)
    assert refused.value.field == "filter_name"
    assert rows(context) == 0


def test_an_individual_number_is_never_kept(context: Context, users: dict) -> None:
    with pytest.raises(IndividualNumberRefused, match="name contains an Individual Number"):
        saved(context, users, "staff").save("番号 1234 5678 9018", QueueFilter(), False)
    with pytest.raises(IndividualNumberRefused, match="search text contains an Individual"):
        saved(context, users, "staff").save("検索", QueueFilter(search="123456789018"), False)
    assert rows(context) == 0


def test_an_unknown_office_is_refused(context: Context, users: dict) -> None:
    with pytest.raises(ValidationError, match="no office"):
        saved(context, users, "staff").save("どこか", QueueFilter(office="osaka"), False)
    assert rows(context) == 0


def test_applying_counts_the_same_cases_as_the_filter(context: Context, users: dict) -> None:
    staff = CaseService(context, users["staff"])
    staff.intake(complaint_by_phone())
    staff.intake(correction_by_email())
    by_email = QueueFilter(channels=(Channel.EMAIL,))
    kept = saved(context, users, "staff").save("メール", by_email, False)
    queues = QueueService(context, users["staff"])
    applied = saved(context, users, "staff").apply(kept.id)
    page = queues.list(applied.queue, applied.filters)
    assert page.total == 1 == queues.list(Queue.ALL_OPEN, by_email).total
    assert queues.filter_counts([(applied.queue, applied.filters), (Queue.ALL_OPEN, QueueFilter())])
    assert queues.filter_counts([(applied.queue, applied.filters)]) == (1,)
    assert queues.filter_counts([(Queue.ALL_OPEN, QueueFilter())]) == (2,)


def test_changes_are_audited_without_names(context: Context, users: dict) -> None:
    service = saved(context, users, "staff")
    kept = service.save("山田さんの件", QueueFilter(search="山田"), True)
    service.rename(kept.id, "山田様の件")
    service.delete(kept.id)
    with context.db.session() as session:
        entries = session.execute(
            select(AuditEntry.action, AuditEntry.detail)
            .where(AuditEntry.action.like("%_filter"))
            .order_by(AuditEntry.id)
        ).all()
    assert [action for action, _ in entries] == ["save_filter", "rename_filter", "delete_filter"]
    assert all("山田" not in detail for _, detail in entries)
    assert all(json.loads(detail)["filter"] == kept.id for _, detail in entries)
