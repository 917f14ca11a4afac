"""Settings changed by address, audited old → new; the pages show every declared setting."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from privacy_desk.domain.errors import PermissionDenied, ValidationError
from privacy_desk.domain.vocabulary import RequestKind
from privacy_desk.letters.context import Letterhead
from privacy_desk.services import settings_pages
from privacy_desk.services.base import Context
from privacy_desk.services.settings import DEFAULTS, SETTINGS
from privacy_desk.services.users import AdminService, read_settings
from privacy_desk.storage.models import AuditEntry


def _last_change(context: Context) -> dict:
    with context.db.session() as session:
        entry = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert entry is not None and entry.action == "manage_settings"
        return json.loads(entry.detail)


def test_an_item_of_the_letterhead_is_audited_old_and_new(context: Context, users: dict) -> None:
    admin = AdminService(context, users["admin"])
    admin.set_setting("letterhead.organisation_ja", "見本協会")
    old = DEFAULTS.letterhead.organisation_ja
    assert _last_change(context)["changes"] == {
        "letterhead.organisation_ja": {"old": old, "new": "見本協会"}
    }
    admin.set_setting("letterhead.tel", "03-1111-2222")
    # An item is merged into what is stored: the name set before stays.
    letterhead = read_settings(context, users["admin"]).letterhead
    assert (letterhead.organisation_ja, letterhead.tel) == ("見本協会", "03-1111-2222")
    assert _last_change(context)["changes"] == {
        "letterhead.tel": {"old": DEFAULTS.letterhead.tel, "new": "03-1111-2222"}
    }


def test_several_settings_at_once_are_one_entry_with_each_change(
    context: Context, users: dict
) -> None:
    admin = AdminService(context, users["admin"])
    idle = read_settings(context, users["admin"]).idle_lock_minutes
    now = admin.set_settings(
        {"target_business_days.disclosure": 7, "idle_lock_minutes": 5, "fee_yen.disclosure": 300}
    )
    assert now.target_business_days[RequestKind.DISCLOSURE] == 7
    assert now.target_business_days[RequestKind.CORRECTION] == 10
    detail = _last_change(context)
    assert detail["changes"] == {
        "target_business_days.disclosure": {"old": 10, "new": 7},
        "idle_lock_minutes": {"old": idle, "new": 5},
        "fee_yen.disclosure": {"old": 0, "new": 300},
    }
    assert detail["settings"] == sorted(
        ["target_business_days.disclosure", "idle_lock_minutes", "fee_yen.disclosure"]
    )


def test_a_refused_value_changes_nothing(context: Context, users: dict) -> None:
    admin = AdminService(context, users["admin"])
    with pytest.raises(ValidationError):
        admin.set_settings({"idle_lock_minutes": 3, "retention_years.correction": 500})
    with pytest.raises(ValidationError, match="fee may be charged only"):
        admin.set_setting("fee_yen.complaint", 100)
    with pytest.raises(ValidationError, match="no setting named"):
        admin.set_setting("letterhead.no_such_item", "x")
    with pytest.raises(ValidationError, match="no setting named"):
        admin.set_setting("idle_lock_minutes.x", 1)
    after = read_settings(context, users["admin"])
    assert after.retention_years == DEFAULTS.retention_years
    assert after.idle_lock_minutes != 3 and after.fee_yen == DEFAULTS.fee_yen


def test_only_administrators_change_settings(context: Context, users: dict) -> None:
    with pytest.raises(PermissionDenied):
        AdminService(context, users["supervisor"]).set_settings({"idle_lock_minutes": 3})


def test_every_setting_and_letterhead_item_is_on_a_page() -> None:
    addresses = [f.address for g in settings_pages.groups() for f in settings_pages.fields(g)]
    assert len(addresses) == len(set(addresses))
    keys = {a.split(".")[0] for a in addresses}
    assert keys == set(SETTINGS)
    letterhead = {a.split(".", 1)[1] for a in addresses if a.startswith("letterhead.")}
    # The offices' contact items are the Offices page's (the letterhead's are fallbacks), and the
    # items composed per letter from the case's office are set by nobody.
    hidden = settings_pages.OFFICE_FALLBACKS | Letterhead.COMPOSED
    assert letterhead == set(DEFAULTS.plain()["letterhead"]) - hidden
    assert [g.name for g in settings_pages.groups()] == [
        "organisation",
        "letters",
        "deadlines",
        "desk",
        "safekeeping",
    ]


def test_a_whole_mapping_and_its_items_together(context: Context, users: dict) -> None:
    admin = AdminService(context, users["admin"])
    admin.set_settings({"fee_yen": {"disclosure": 200}, "fee_yen.purpose_notice": 100})
    fees = read_settings(context, users["admin"]).fee_yen
    assert (fees[RequestKind.DISCLOSURE], fees[RequestKind.PURPOSE_NOTICE]) == (200, 100)
    with pytest.raises(ValidationError, match="must be a mapping"):
        admin.set_settings({"fee_yen": 5, "fee_yen.disclosure": 300})
    assert read_settings(context, users["admin"]).fee_yen[RequestKind.DISCLOSURE] == 200
