"""Office settings declared once: typed defaults, stored values over them, checks per field."""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import pytest

from privacy_desk.domain.errors import IndividualNumberRefused, ValidationError
from privacy_desk.domain.retention import MAX_RETENTION_YEARS, MIN_RETENTION_YEARS
from privacy_desk.domain.text_fields import MAX_SETTING_NUMBER
from privacy_desk.domain.vocabulary import RequestKind
from privacy_desk.letters import Letterhead
from privacy_desk.services import settings
from privacy_desk.storage.db import Database


def test_an_empty_database_has_the_declared_defaults(db: Database) -> None:
    with db.session() as session:
        office = settings.load(session)
    assert office == settings.OfficeSettings()
    assert office.target_business_days[RequestKind.DISCLOSURE] == 10
    assert office.letterhead == Letterhead.jacces_default()
    assert office.clock_start == "receipt" and office.mask_names_in_lists is False
    # Every field is declared with a description for people.
    assert list(settings.SETTINGS) == [f.name for f in dataclasses.fields(office)]
    assert all(about.description for about in settings.SETTINGS.values())


def test_stored_values_come_back_typed_over_the_defaults(db: Database) -> None:
    with db.session() as session:
        settings.write(session, "target_business_days", {"correction": 5})
        settings.write(session, "letterhead", {"tel": "03-0000-0000", "address_x_mm": 22})
        settings.write(session, "idle_lock_minutes", 3)
    with db.session() as session:
        office = settings.load(session)
        plain = settings.read_all(session)
        targets = settings.read(session, "target_business_days")
    assert office.target_business_days[RequestKind.CORRECTION] == 5
    assert office.target_business_days[RequestKind.DISCLOSURE] == 10
    assert office.target_for([RequestKind.DISCLOSURE, RequestKind.CORRECTION]) == 5
    assert office.letterhead.tel == "03-0000-0000"
    assert office.letterhead.address_x_mm == 22.0
    assert office.letterhead.fax == Letterhead.jacces_default().fax
    assert office.idle_lock_minutes == 3
    # The older untyped shapes, from the same declaration.
    assert targets == plain["target_business_days"]
    assert targets["correction"] == 5 and targets["disclosure"] == 10
    assert plain["letterhead"]["tel"] == "03-0000-0000"
    assert plain["idle_lock_minutes"] == 3


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("idle_lock_minutes", -1),
        ("idle_lock_minutes", "ten"),
        ("idle_lock_minutes", True),
        ("mask_names_in_lists", 3),
        ("clock_start", "whenever"),
        ("individual_number_policy", "keep"),
        ("target_business_days", {"disclosure": "ten"}),
        ("target_business_days", {"no_such_kind": 3}),
        ("target_business_days", 10),
        ("letterhead", 3),
        ("letterhead", {"telephone": "03"}),
        ("letterhead", {"era_dates": "yes"}),
        ("letterhead", {"address_x_mm": "wide"}),
        ("letterhead", {"tel": 3}),
        ("no_such_setting", 1),
    ],
)
def test_a_wrong_value_is_refused_naming_the_setting(db: Database, key: str, value: object) -> None:
    with db.session() as session, pytest.raises(ValidationError) as refused:
        settings.write(session, key, value)
    assert key in refused.value.message
    with db.session() as session:
        assert settings.load(session) == settings.OfficeSettings()


def test_a_letterhead_item_no_longer_declared_is_ignored_when_read(db: Database) -> None:
    from privacy_desk.storage.models import Setting

    with db.session() as session:
        session.add(Setting(key="letterhead", value='{"retired_item": 1, "fax": "03-1"}'))
        session.add(Setting(key="retired_setting", value="1"))
    with db.session() as session:
        office = settings.load(session)
    assert office.letterhead.fax == "03-1"


def test_a_refusal_speaks_the_screen_language(db: Database) -> None:
    from privacy_desk import i18n

    i18n.set_language("ja")
    try:
        with db.session() as session, pytest.raises(ValidationError) as refused:
            settings.write(session, "letterhead", {"telephone": "03"})
    finally:
        i18n.set_language("en")
    assert refused.value.message == "設定「letterhead」に「telephone」という項目はありません。"
    assert "Lock the screen" not in i18n.translation("ja").gettext(
        settings.SETTINGS["idle_lock_minutes"].description
    )


def test_a_setting_never_stored_reads_as_its_default(db: Database) -> None:
    with db.session() as session:
        assert settings.read(session, "idle_lock_minutes") == 10
        assert settings.read(session, "clock_start") == "receipt"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("mask_names_in_lists", "yes", "The setting mask_names_in_lists must be true or false."),
        (
            "clock_start",
            "whenever",
            "The setting clock_start must be one of: receipt, identity.",
        ),
        ("idle_lock_minutes", 2.5, "The setting idle_lock_minutes must be a whole number."),
        ("idle_lock_minutes", -1, "The setting idle_lock_minutes can not be negative."),
        ("letterhead", [], "The setting letterhead must be a mapping."),
    ],
)
def test_a_refusal_word_for_word(db: Database, key: str, value: object, message: str) -> None:
    with db.session() as session, pytest.raises(ValidationError) as refused:
        settings.write(session, key, value)
    assert refused.value.message == message


@pytest.mark.parametrize(
    ("key", "value"), [("clock_start", "identity"), ("individual_number_policy", "mask")]
)
def test_each_choice_is_taken(db: Database, key: str, value: str) -> None:
    with db.session() as session:
        settings.write(session, key, value)
    with db.session() as session:
        assert getattr(settings.load(session), key) == value


def test_zero_and_a_flag_of_the_letterhead_are_taken(db: Database) -> None:
    with db.session() as session:
        settings.write(session, "idle_lock_minutes", 0)  # 0: never lock
        settings.write(session, "letterhead", {"era_dates": False})
    with db.session() as session:
        office = settings.load(session)
    assert office.idle_lock_minutes == 0
    assert office.letterhead.era_dates is False


# Each parser on its own, without a database: what it takes (and turns it into) and what it
# refuses, word for word, at the edges of its range (against the surviving mutants of
# services/settings.py; docs/testing.md, "Mutation score").


def parse(key: str, value: Any) -> Any:
    return settings.SETTINGS[key].parse(key, value)


def check(key: str, value: Any) -> Any:
    about = settings.SETTINGS[key]
    return (about.check or about.parse)(key, value)


TAKEN = [
    ("idle_lock_minutes", 0, 0),
    ("idle_lock_minutes", MAX_SETTING_NUMBER, MAX_SETTING_NUMBER),
    ("backups_kept", 1, 1),
    ("reply_business_days", 1, 1),
    ("reply_business_days", 60, 60),
    ("fee_pay_business_days", 60, 60),
    ("fee_bank", "  ○○銀行 ", "○○銀行"),
    ("fee_branch", "", ""),
    ("fee_account_type", "current", "current"),
    ("fee_account_number", "１２３４５６７", "1234567"),
    ("fee_account_number", "", ""),
    ("fee_payee_kana", "ｻﾞｲ)ｼﾞｬｯｾｽ", "ザイ)ジャッセス"),
    ("fee_payee_kana", "ジャッセス（ザイ） ・ー.-", "ジャッセス(ザイ) ・ー.-"),
    ("fee_payee_kana", "", ""),
    ("backup_folder", "", ""),
    ("backup_folder", "/srv/desk/backups", "/srv/desk/backups"),
    ("audit_anchor_folder", "C:\\desk\\anchors", "C:\\desk\\anchors"),
]


# ASCII ids: mutmut passes a test's id back to pytest, which escapes other characters in it.
@pytest.mark.parametrize(
    ("key", "value", "expected"), TAKEN, ids=[f"{row[0]}-{i}" for i, row in enumerate(TAKEN)]
)
def test_a_value_is_taken(key: str, value: Any, expected: Any) -> None:
    assert check(key, value) == expected
    assert parse(key, value) == expected


REFUSED = [
    (
        "idle_lock_minutes",
        MAX_SETTING_NUMBER + 1,
        f"The setting idle_lock_minutes can not be more than {MAX_SETTING_NUMBER}.",
    ),
    ("idle_lock_minutes", True, "The setting idle_lock_minutes must be a whole number."),
    ("backups_kept", 0, "The setting backups_kept must be at least 1."),
    ("backups_kept", -1, "The setting backups_kept can not be negative."),
    ("reply_business_days", 0, "The setting reply_business_days must be between 1 and 60."),
    ("reply_business_days", 61, "The setting reply_business_days must be between 1 and 60."),
    ("reply_business_days", "5", "The setting reply_business_days must be a whole number."),
    ("fee_bank", 3, "The setting fee_bank must be a text."),
    (
        "fee_account_type",
        "savings",
        "The setting fee_account_type must be one of: ordinary, current.",
    ),
    (
        "individual_number_policy",
        "keep",
        "The setting individual_number_policy must be one of: refuse, mask.",
    ),
    ("clock_start", None, "The setting clock_start must be one of: receipt, identity."),
    (
        "fee_account_number",
        "123456",
        "The setting fee_account_number must be the seven digits of the account number.",
    ),
    (
        "fee_account_number",
        "12345678",
        "The setting fee_account_number must be the seven digits of the account number.",
    ),
    (
        "fee_payee_kana",
        "JACCES",
        "The setting fee_payee_kana must be written in katakana, as the bank writes it.",
    ),
    (
        "fee_payee_kana",
        "ジャッセス財団",
        "The setting fee_payee_kana must be written in katakana, as the bank writes it.",
    ),
    ("backup_folder", 3, "The setting backup_folder must be a text."),
    (
        "backup_folder",
        "backups",
        "The setting backup_folder must be a full folder path (or empty).",
    ),
    (
        "backup_folder",
        "/srv/desk\0/backups",
        "The setting holds control characters (such as a NUL byte): remove them.",
    ),
    (
        "target_business_days",
        {"no_such_kind": 3},
        "The setting target_business_days has no item named no_such_kind.",
    ),
    (
        "target_business_days",
        {"disclosure": -1},
        "The setting target_business_days can not be negative.",
    ),
    (
        "target_business_days",
        {"disclosure": 0},
        "The setting target_business_days must be between 1 and 60.",
    ),
    (
        "target_business_days",
        {"complaint": 61},
        "The setting target_business_days must be between 1 and 60.",
    ),
    (
        "target_business_days",
        {"disclosure": 999},
        "The setting target_business_days must be between 1 and 60.",
    ),
    (
        "retention_years",
        {"disclosure": MIN_RETENTION_YEARS - 1},
        f"The setting retention_years must be from {MIN_RETENTION_YEARS} to "
        f"{MAX_RETENTION_YEARS} years.",
    ),
    (
        "retention_years",
        {"disclosure": MAX_RETENTION_YEARS + 1},
        f"The setting retention_years must be from {MIN_RETENTION_YEARS} to "
        f"{MAX_RETENTION_YEARS} years.",
    ),
    ("retention_years", [], "The setting retention_years must be a mapping."),
    ("letterhead", {"tel": 3}, "The setting letterhead.tel must be a text."),
    (
        "letterhead",
        {"era_dates": "yes"},
        "The setting letterhead.era_dates must be true or false.",
    ),
    (
        "letterhead",
        {"address_x_mm": True},
        "The setting letterhead.address_x_mm must be a number.",
    ),
    (
        "letterhead",
        {"address_x_mm": "21"},
        "The setting letterhead.address_x_mm must be a number.",
    ),
    ("letterhead", {"telephone": "03"}, "The setting letterhead has no item named telephone."),
]


@pytest.mark.parametrize(
    ("key", "value", "message"),
    REFUSED,
    ids=[f"{row[0]}-{i}" for i, row in enumerate(REFUSED)],
)
def test_a_value_is_refused_word_for_word(key: str, value: Any, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        check(key, value)
    assert refused.value.message == message


def test_business_days_per_kind_are_taken_from_1_to_60_and_read_as_stored() -> None:
    days = check("target_business_days", {"disclosure": 1, "complaint": 60})
    assert (days[RequestKind.DISCLOSURE], days[RequestKind.COMPLAINT]) == (1, 60)
    # What an older database holds is read as it is; only a new value is held to the bounds.
    assert parse("target_business_days", {"disclosure": 999})[RequestKind.DISCLOSURE] == 999
    about = settings.SETTINGS["target_business_days"]
    assert (about.low, about.high) == (1, 60)  # the Settings screen's spin boxes


def test_numbers_per_kind_keep_the_defaults_of_kinds_not_named() -> None:
    days = parse("target_business_days", {"disclosure": 5, "complaint": 0})
    assert days[RequestKind.DISCLOSURE] == 5
    assert days[RequestKind.COMPLAINT] == 0
    assert all(
        days[kind] == 10 for kind in RequestKind if kind.value not in ("disclosure", "complaint")
    )
    years = parse(
        "retention_years", {"disclosure": MIN_RETENTION_YEARS, "complaint": MAX_RETENTION_YEARS}
    )
    assert years[RequestKind.DISCLOSURE] == MIN_RETENTION_YEARS
    assert years[RequestKind.COMPLAINT] == MAX_RETENTION_YEARS
    assert years[RequestKind.INQUIRY] == 3
    office = settings.OfficeSettings(target_business_days=days)
    assert office.target_for([RequestKind.DISCLOSURE, RequestKind.INQUIRY]) == 5
    assert office.plain()["target_business_days"]["disclosure"] == 5
    assert office.plain()["retention_years"] == {kind.value: 3 for kind in RequestKind}


def test_the_letterhead_takes_numbers_as_floats_and_keeps_the_defaults() -> None:
    head = parse("letterhead", {"address_x_mm": 20, "era_dates": False, "fax": "03-1111-2222"})
    assert head.address_x_mm == 20.0 and isinstance(head.address_x_mm, float)
    assert head.era_dates is False
    assert head.fax == "03-1111-2222"
    assert head.tel == "03-5904-8973"  # not named: JACCES's default
    # Reading what is stored ignores an item no longer declared; writing refuses it.
    assert parse("letterhead", {"retired_item": 1}).fax == "03-5904-8974"


def test_the_letterhead_refuses_a_number_that_is_no_number() -> None:
    for value in (math.nan, math.inf):
        with pytest.raises(ValidationError) as refused:
            check("letterhead", {"address_y_mm": value})
        assert refused.value.message == "The setting letterhead.address_y_mm must be a number."


def test_setting_texts_refuse_an_individual_number() -> None:
    for key, value in (
        ("fee_bank", "123456789018"),
        ("letterhead", {"office_ja": "窓口 1234 5678 9018"}),
        ("backup_folder", "/srv/123456789018"),
    ):
        with pytest.raises(IndividualNumberRefused):
            check(key, value)


def test_an_unknown_setting_is_named() -> None:
    # No database needed: the name is refused before anything is read.
    with pytest.raises(ValidationError) as refused:
        settings.write(None, "no_such_setting", 1)  # type: ignore[arg-type]
    assert refused.value.message == "There is no setting named no_such_setting."
