"""Office settings declared once: typed defaults, stored values over them, checks per field."""

from __future__ import annotations

import dataclasses

import pytest

from privacy_desk.domain.errors import ValidationError
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
