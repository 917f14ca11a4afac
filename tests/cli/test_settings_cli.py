"""`privacy-desk settings show | set`: every setting by page; a change audited; a refusal exits 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from privacy_desk.services.offices import EDITABLE
from privacy_desk.services.settings import DEFAULTS, SETTINGS
from privacy_desk.storage.db import connect
from privacy_desk.storage.models import AuditEntry, Office
from privacy_desk.storage.models import Setting as SettingRow
from tests.cli.conftest import admin_logged_in, log_in_as
from tests.cli.test_cli import run


@pytest.fixture
def url(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'office.sqlite3'}"
    assert run(capsys, "--database-url", url, "db", "upgrade")[0] == 0
    admin_logged_in(url, monkeypatch)
    return url


def _stored(url: str) -> dict[str, str]:
    db = connect(url)
    try:
        with db.session() as session:
            return {row.key: row.value for row in session.scalars(select(SettingRow))}
    finally:
        db.dispose()


def _last_audit(url: str) -> dict:
    db = connect(url)
    try:
        with db.session() as session:
            entry = session.scalars(
                select(AuditEntry)
                .where(AuditEntry.action == "manage_settings")
                .order_by(AuditEntry.id.desc())
            ).first()
            assert entry is not None
            return json.loads(entry.detail)
    finally:
        db.dispose()


def test_show_lists_every_setting_by_page_with_its_meaning(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    code, out, err = run(capsys, "--database-url", url, "settings", "show")
    assert code == 0, err
    assert out.startswith("[Organisation]\n")
    for title in ("[Letters]", "[Deadlines]", "[Desk]", "[Safekeeping]"):
        assert title in out
    assert (
        f"letterhead.organisation_ja = {json.dumps(DEFAULTS.letterhead.organisation_ja, ensure_ascii=False)}"
        in out
    )
    assert "    Name of the organisation in Japanese" in out
    assert "target_business_days.disclosure = 10" in out
    assert "    Business days to notify the decision, per kind of request: Disclosure" in out
    code, out, _ = run(capsys, "--database-url", url, "settings", "show", "--json")
    pages = json.loads(out)
    keys = {item["key"].split(".")[0] for page in pages for item in page["settings"]}
    assert keys == set(SETTINGS) | {"offices"}  # the offices' items last, as offices.CODE.ITEM
    idle = next(i for p in pages for i in p["settings"] if i["key"] == "idle_lock_minutes")
    assert idle["value"] == DEFAULTS.idle_lock_minutes


def test_set_changes_an_item_and_the_audit_keeps_old_and_new(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    old = DEFAULTS.letterhead.organisation_ja
    code, out, err = run(
        capsys, "--database-url", url, "settings", "set", "letterhead.organisation_ja", "見本協会"
    )
    assert code == 0, err
    assert out.strip() == f'letterhead.organisation_ja: "{old}" → "見本協会"'
    assert _last_audit(url)["changes"] == {
        "letterhead.organisation_ja": {"old": old, "new": "見本協会"}
    }
    for key, value in (
        ("target_business_days.disclosure", "15"),
        ("retention_years.correction", "7"),
        ("fee_yen.disclosure", "300"),
        ("fee_account_number", "0123456"),  # a text setting keeps its leading zero
        ("mask_names_in_lists", "true"),
    ):
        code, out, err = run(capsys, "--database-url", url, "settings", "set", key, value)
        assert code == 0, err
    code, out, _ = run(capsys, "--database-url", url, "settings", "show", "--json")
    values = {i["key"]: i["value"] for p in json.loads(out) for i in p["settings"]}
    assert values["target_business_days.disclosure"] == 15
    assert values["target_business_days.correction"] == 10
    assert values["retention_years.correction"] == 7
    assert values["fee_yen.disclosure"] == 300
    assert values["fee_account_number"] == "0123456"
    assert values["mask_names_in_lists"] is True
    assert values["letterhead.organisation_ja"] == "見本協会"  # kept by the later items


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("idle_lock_minutes", "-3", "can not be negative"),
        ("retention_years.correction", "500", "from 1 to"),
        ("fee_yen.complaint", "100", "fee may be charged only"),
        ("letterhead.no_such_item", "x", "no setting named letterhead.no_such_item"),
        ("no_such_setting", "1", "no setting named no_such_setting"),
        ("clock_start", "whenever", "must be one of"),
    ],
    ids=["negative", "retention-too-long", "fee-on-complaint", "bad-item", "bad-key", "choice"],
)
def test_a_refusal_says_why_exits_2_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], url: str, key: str, value: str, words: str
) -> None:
    before = _stored(url)
    code, out, err = run(capsys, "--database-url", url, "settings", "set", key, value)
    assert code == 2
    assert words in err and "Nothing was changed." in err
    assert "Traceback" not in err and out == ""
    assert _stored(url) == before


def test_only_an_administrator_may_set(
    capsys: pytest.CaptureFixture[str], url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from privacy_desk.domain.vocabulary import UserRole
    from privacy_desk.services.base import Context
    from privacy_desk.services.users import AdminService, authenticate
    from tests.conftest import PASSWORD

    db = connect(url)
    context = Context(db)
    admin = authenticate(context, "kanri", PASSWORD)
    AdminService(context, admin).add_user("ito", "伊藤 健", UserRole.SUPERVISOR, PASSWORD)
    db.dispose()
    log_in_as(monkeypatch, "ito")
    code, _, err = run(capsys, "--database-url", url, "settings", "set", "idle_lock_minutes", "3")
    assert code == 2 and "Nothing was changed." in err
    assert _stored(url) == {}


# ---------------------------------------------------------------- the offices' items


def _office_entries(url: str) -> list[dict]:
    db = connect(url)
    try:
        with db.session() as session:
            return [
                json.loads(entry.detail)
                for entry in session.scalars(
                    select(AuditEntry)
                    .where(AuditEntry.action == "manage_settings")
                    .order_by(AuditEntry.id)
                )
                if "office" in json.loads(entry.detail)
            ]
    finally:
        db.dispose()


def _office_items(url: str) -> dict[str, dict[str, str]]:
    db = connect(url)
    try:
        with db.session() as session:
            return {
                o.code: {item: getattr(o, item) for item in EDITABLE}
                for o in session.scalars(select(Office))
            }
    finally:
        db.dispose()


def test_show_lists_each_office_and_set_changes_a_naha_item_audited(
    capsys: pytest.CaptureFixture[str], url: str
) -> None:
    old = _office_items(url)["naha"]["tel"]
    code, out, err = run(capsys, "--database-url", url, "settings", "show")
    assert code == 0, err
    offices = out[out.index("[Offices]\n") :]
    assert f"offices.naha.tel = {json.dumps(old)}" in offices
    assert 'offices.tokyo.name_en = "Head office (Tokyo)"' in offices
    assert "    TEL, Naha branch" in offices
    for office in ("tokyo", "naha"):
        for item in EDITABLE:
            assert f"offices.{office}.{item} = " in offices
    code, out, err = run(
        capsys, "--database-url", url, "settings", "set", "offices.naha.tel", "098-000-2222"
    )
    assert code == 0, err
    assert out.strip() == f'offices.naha.tel: {json.dumps(old)} → "098-000-2222"'
    code, out, _ = run(capsys, "--database-url", url, "settings", "show")
    assert 'offices.naha.tel = "098-000-2222"' in out
    assert f"offices.tokyo.tel = {json.dumps(_office_items(url)['tokyo']['tel'])}" in out
    assert _office_entries(url)[-1] == {
        "office": "naha",
        "changed": {"tel": {"old": old, "new": "098-000-2222"}},
    }
    code, out, _ = run(capsys, "--database-url", url, "settings", "show", "--json")
    page = json.loads(out)[-1]
    assert page["page"] == "offices"
    values = {i["key"]: i["value"] for i in page["settings"]}
    assert values["offices.naha.tel"] == "098-000-2222"


@pytest.mark.parametrize(
    ("key", "value", "words"),
    [
        ("offices.osaka.tel", "06-000-0000", "no office osaka; the offices are: tokyo, naha."),
        ("offices.naha.phone", "098-000-0000", "its items are: name_ja, name_en, postal_code"),
        ("offices.naha", "x", "offices.CODE.ITEM; the offices are: tokyo, naha."),
        ("offices.naha.tel", "call us", "TEL is not a telephone number"),
        ("offices.naha.postal_code", "9000", "seven digits"),
        ("offices.naha.name_ja", " ", "is needed"),
    ],
    ids=["unknown-office", "unknown-item", "no-item", "bad-tel", "bad-postal-code", "empty-name"],
)
def test_a_refused_office_item_says_why_exits_2_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], url: str, key: str, value: str, words: str
) -> None:
    before, entries = _office_items(url), _office_entries(url)
    code, out, err = run(capsys, "--database-url", url, "settings", "set", key, value)
    assert code == 2
    assert words in err and "Nothing was changed." in err
    assert "Traceback" not in err and out == ""
    assert _office_items(url) == before and _office_entries(url) == entries
