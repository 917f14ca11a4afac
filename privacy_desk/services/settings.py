"""Office settings, declared once: one name, one type, one default, stored in the database.

Targets, letterhead and safekeeping choices live here, not in code. Per-desk preferences (window
geometry, the last queue, the screen language) live in QSettings in the ui package instead.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.vocabulary import RequestKind
from privacy_desk.letters.context import Letterhead
from privacy_desk.storage.models import Setting as SettingRow


@dataclass(frozen=True)
class Option:
    key: str
    kind: type
    default: Any
    description: str
    choices: tuple[str, ...] = ()


# Every field of the letters' Letterhead: organisation, offices, contact, date style, window offsets.
DEFAULT_LETTERHEAD: dict[str, Any] = asdict(Letterhead.jacces_default())

OPTIONS: dict[str, Option] = {
    option.key: option
    for option in [
        Option(
            "target_business_days",
            dict,
            {kind.value: 10 for kind in RequestKind},
            "Business days to notify the decision, per kind of request",
        ),
        Option("acknowledgement_business_days", int, 1, "Business days to acknowledge receipt"),
        Option(
            "due_soon_business_days", int, 2, "A case is 'due soon' this many business days out"
        ),
        Option("authority_max_age_months", int, 3, "Proof of authority must be this recent"),
        Option(
            "clock_start",
            str,
            "receipt",
            "Whether the deadline counts from receipt or from confirmed identity",
            ("receipt", "identity"),
        ),
        Option(
            "individual_number_policy",
            str,
            "refuse",
            "What to do with an Individual Number typed into a text: refuse it or mask it",
            ("refuse", "mask"),
        ),
        Option("mask_names_in_lists", bool, False, "Show names in queue lists as 山田 ＊＊"),
        Option("idle_lock_minutes", int, 10, "Lock the screen after this many idle minutes"),
        Option("lockout_attempts", int, 5, "Failed log-ins before an account locks"),
        Option("lockout_minutes", int, 15, "How long a locked account stays locked"),
        Option(
            "letterhead",
            dict,
            DEFAULT_LETTERHEAD,
            "Organisation, offices, contact, era or Western dates, address-window position (mm)",
        ),
        Option("identity_reply_days", int, 14, "Calendar days given to send identity documents"),
        Option(
            "legal_line_warning_days", int, 3, "Warn this many calendar days before the legal line"
        ),
    ]
}


def _check(option: Option, value: Any) -> Any:
    if option.kind is int and (not isinstance(value, int) or isinstance(value, bool)):
        raise ValidationError(f"The setting {option.key} must be a whole number.")
    if option.kind is int and value < 0:
        raise ValidationError(f"The setting {option.key} can not be negative.")
    if option.kind is bool and not isinstance(value, bool):
        raise ValidationError(f"The setting {option.key} must be true or false.")
    if option.kind is str and (
        not isinstance(value, str) or (option.choices and value not in option.choices)
    ):
        raise ValidationError(
            f"The setting {option.key} must be one of: {', '.join(option.choices)}."
        )
    if option.kind is dict and not isinstance(value, dict):
        raise ValidationError(f"The setting {option.key} must be a mapping.")
    return value


def read_all(session: Session) -> dict[str, Any]:
    """Every setting, stored values over defaults (dicts merged key by key)."""
    values = {key: option.default for key, option in OPTIONS.items()}
    for row in session.scalars(select(SettingRow)):
        option = OPTIONS.get(row.key)
        if option is None:
            continue
        stored = json.loads(row.value)
        values[row.key] = {**option.default, **stored} if option.kind is dict else stored
    return values


def read(session: Session, key: str) -> Any:
    option = OPTIONS[key]
    row = session.get(SettingRow, key)
    if row is None:
        return option.default
    stored = json.loads(row.value)
    return {**option.default, **stored} if option.kind is dict else stored


def write(session: Session, key: str, value: Any) -> None:
    option = OPTIONS.get(key)
    if option is None:
        raise ValidationError(f"There is no setting named {key}.")
    text = json.dumps(_check(option, value), ensure_ascii=False, sort_keys=True)
    row = session.get(SettingRow, key)
    if row is None:
        session.add(SettingRow(key=key, value=text))
    else:
        row.value = text
