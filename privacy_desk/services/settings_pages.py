"""The office settings as people meet them: pages, fields, item addresses, and changes old → new.

services/settings.py declares each setting once (type, default, meaning, parser). This module
declares, in one place, how they are grouped on the Administration › Settings screen (`GROUPS`),
the words of the letterhead's items and of the choices, and derives from the declaration the
fields a screen builds (`fields(group)`), so a new setting appears on a page ("Other" until it
is placed) without a screen being written for it.

An *address* names a setting (`idle_lock_minutes`) or an item of a mapping setting
(`letterhead.organisation_ja`, `target_business_days.disclosure`). `apply()` stores values by
address (an item is merged into what is stored) and says what changed, old → new, per address:
the audit trail keeps that.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, Literal

from sqlalchemy.orm import Session

from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.vocabulary import RequestKind
from privacy_desk.i18n import N_, _
from privacy_desk.letters.context import Letterhead
from privacy_desk.services.settings import DEFAULTS, SETTINGS, read_all, write
from privacy_desk.storage.models import Setting as SettingRow

# The letterhead's contact items are not printed: each office's own (the Offices page) are, and an
# item an office leaves blank prints nowhere. They are not shown, so that the screen has one place
# for an office's address.
OFFICE_FALLBACKS = frozenset(
    {
        "head_office_address_ja",
        "head_office_address_en",
        "branch_office_address_ja",
        "branch_office_address_en",
        "tel",
        "fax",
        "email",
        "office_hours_ja",
        "office_hours_en",
    }
)
_LETTERHEAD_TYPES: dict[str, Any] = {
    name: kind
    for name, kind in typing.get_type_hints(Letterhead).items()
    if name not in Letterhead.COMPOSED and name != "COMPOSED" and name not in OFFICE_FALLBACKS
}
MAX_MM = 297  # the long side of an A4 sheet

# The letterhead's items, each with what it means (an item not named here is shown by its name).
LETTERHEAD_ITEMS: Mapping[str, str] = MappingProxyType(
    {
        "organisation_ja": N_("Name of the organisation in Japanese"),
        "organisation_en": N_("Name of the organisation in English"),
        "organisation_short_ja": N_("Short name of the organisation in Japanese"),
        "organisation_short_en": N_("Short name of the organisation in English"),
        "person_responsible_ja": N_("Person responsible named in letters (Japanese)"),
        "person_responsible_en": N_("Person responsible named in letters (English)"),
        "office_ja": N_("Department or office named on letters (Japanese)"),
        "office_en": N_("Department or office named on letters (English)"),
        "head_office_address_ja": N_("Head office address (Japanese)"),
        "head_office_address_en": N_("Head office address (English)"),
        "branch_office_address_ja": N_("Branch office address (Japanese)"),
        "branch_office_address_en": N_("Branch office address (English)"),
        "tel": N_("Telephone number"),
        "fax": N_("Fax number"),
        "email": N_("Email address"),
        "office_hours_ja": N_("Office hours (Japanese)"),
        "office_hours_en": N_("Office hours (English)"),
        "document_number_prefix": N_("Document number prefix (Japanese letters)"),
        "document_number_prefix_en": N_("Document number prefix (English letters)"),
        "era_dates": N_("Date style on letters"),
        "window_envelope": N_("Envelope"),
        "address_x_mm": N_("Address window: distance from the left edge (mm)"),
        "address_y_mm": N_("Address window: distance from the top edge (mm)"),
        "address_width_mm": N_("Address window: width (mm)"),
        "address_height_mm": N_("Address window: height (mm)"),
        "large_print": N_("Large print by default"),
    }
)

# Choices shown by name: (setting or item address) -> ((value, words), ...).
CHOICES: Mapping[str, tuple[tuple[Any, str], ...]] = MappingProxyType(
    {
        "letterhead.era_dates": ((True, N_("Japanese era (和暦)")), (False, N_("Western"))),
        "letterhead.window_envelope": (
            (True, N_("Window envelope (the address shows through)")),
            (False, N_("Plain envelope")),
        ),
        "clock_start": (
            ("receipt", N_("From the day the request is received")),
            ("identity", N_("From the day the identity is confirmed")),
        ),
        "individual_number_policy": (
            ("refuse", N_("Refuse the text")),
            ("mask", N_("Mask the number")),
        ),
        "fee_account_type": (
            ("ordinary", N_("Ordinary (普通)")),
            ("current", N_("Current (当座)")),
        ),
    }
)


@dataclass(frozen=True)
class Group:
    """A page of the settings screen: its title, and the settings (or letterhead items) on it."""

    name: str
    title: str  # marked with N_; translate where shown
    items: tuple[str, ...]


def _letterhead_items(*names: str) -> tuple[str, ...]:
    return tuple(f"letterhead.{name}" for name in names)


GROUPS: tuple[Group, ...] = (
    Group(
        "organisation",
        N_("Organisation"),
        _letterhead_items(
            "organisation_ja",
            "organisation_en",
            "organisation_short_ja",
            "organisation_short_en",
            "person_responsible_ja",
            "person_responsible_en",
            "office_ja",
            "office_en",
            "document_number_prefix",
            "document_number_prefix_en",
        ),
    ),
    Group(
        "letters",
        N_("Letters"),
        (
            *_letterhead_items(
                "era_dates",
                "window_envelope",
                "address_x_mm",
                "address_y_mm",
                "address_width_mm",
                "address_height_mm",
                "large_print",
            ),
            "reply_business_days",
            "fee_yen",
            "fee_bank",
            "fee_branch",
            "fee_account_type",
            "fee_account_number",
            "fee_payee_kana",
            "fee_pay_business_days",
        ),
    ),
    Group(
        "deadlines",
        N_("Deadlines"),
        (
            "target_business_days",
            "acknowledgement_business_days",
            "authority_max_age_months",
            "clock_start",
            "due_soon_business_days",
            "legal_line_warning_days",
        ),
    ),
    Group(
        "desk",
        N_("Desk"),
        (
            "idle_lock_minutes",
            "mask_names_in_lists",
            "lockout_attempts",
            "lockout_minutes",
            "individual_number_policy",
            "scan_max_mb",
            "inbox_folder",
        ),
    ),
    Group(
        "safekeeping",
        N_("Safekeeping"),
        (
            "backup_folder",
            "backups_kept",
            "audit_anchor_folder",
            "retention_years",
            "identity_scans_keep_days",
        ),
    ),
)


def groups() -> tuple[Group, ...]:
    """The pages, with a last page "Other" for whatever is declared but on no page, so that a
    new setting (or letterhead item) is shown before anyone places it."""
    placed = {item for group in GROUPS for item in group.items}
    rest = [name for name in SETTINGS if name != "letterhead" and name not in placed]
    rest += [item for item in _letterhead_items(*_LETTERHEAD_TYPES) if item not in placed]
    return GROUPS + ((Group("other", N_("Other"), tuple(rest)),) if rest else ())


FieldKind = Literal["flag", "whole", "decimal", "choice", "text", "folder"]


@dataclass(frozen=True)
class Field:
    """One value a screen edits: its address, words and widget kind.

    `description` is marked with N_ (translate where shown); for an item of a number per kind,
    it is the mapping's, and `request_kind` names the row.
    """

    address: str
    description: str
    kind: FieldKind
    low: float = 0
    high: float = 0
    choices: tuple[tuple[Any, str], ...] = ()
    request_kind: RequestKind | None = None
    unit: str = ""  # marked with N_
    zero: str = ""  # what 0 means (marked with N_)


def fields(group: Group) -> tuple[Field, ...]:
    """The fields of a page, in its order; a number per kind gives one field per kind."""
    found: list[Field] = []
    for address in group.items:
        key, item = split(address)
        about = SETTINGS[key]
        choices = CHOICES.get(address, ())
        if item is not None:
            kind = _LETTERHEAD_TYPES[item]
            words = LETTERHEAD_ITEMS.get(item, item)
            if choices:
                found.append(Field(address, words, "choice", choices=choices))
            elif kind is bool:
                found.append(Field(address, words, "flag"))
            elif kind is float:
                found.append(Field(address, words, "decimal", 0, MAX_MM))
            else:
                found.append(Field(address, words, "text"))
            continue
        default = getattr(DEFAULTS, key)
        if key == "letterhead":
            continue  # shown item by item
        if isinstance(default, Mapping):
            found += [
                Field(
                    f"{key}.{kind.value}",
                    about.description,
                    "whole",
                    about.low,
                    about.high,
                    request_kind=kind,
                    unit=about.unit,
                    zero=about.zero,
                )
                for kind in about.kinds
            ]
        elif choices:
            found.append(Field(address, about.description, "choice", choices=choices))
        elif isinstance(default, bool):
            found.append(Field(address, about.description, "flag"))
        elif isinstance(default, int):
            found.append(
                Field(
                    address,
                    about.description,
                    "whole",
                    about.low,
                    about.high,
                    unit=about.unit,
                    zero=about.zero,
                )
            )
        else:
            kind_of_text: FieldKind = "folder" if about.folder else "text"
            found.append(Field(address, about.description, kind_of_text))
    return tuple(found)


def split(address: str) -> tuple[str, str | None]:
    """(setting, item or None) of an address; an address naming nothing is refused."""
    key, dot, item = address.partition(".") if isinstance(address, str) else ("", "", "")
    if key not in SETTINGS or (dot and item not in _items(key)):
        raise ValidationError(_("There is no setting named {key}.").format(key=address))
    return key, item if dot else None


def _items(key: str) -> tuple[str, ...]:
    plain = SETTINGS[key].plain(getattr(DEFAULTS, key))
    return tuple(plain) if isinstance(plain, dict) else ()


def value_at(plain: Mapping[str, Any], address: str) -> Any:
    """The value at an address in `OfficeSettings.plain()`."""
    key, item = split(address)
    return plain[key] if item is None else plain[key][item]


def words(field: Field) -> str:
    """A field's words in the current language (a kind's row says its kind)."""
    if field.request_kind is not None:
        return f"{_(field.description)}: {field.request_kind.label()}"
    return _(field.description)


def check(address: str, value: Any, what: str) -> None:
    """Refuse (ValidationError) a value the setting would not take; `what` names it in messages."""
    key, item = split(address)
    about = SETTINGS[key]
    (about.check or about.parse)(what, {item: value} if item is not None else value)


def apply(session: Session, values: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Store values by address (an item merged into what is stored, a whole setting as given);
    what changed, per address, as {"old": ..., "new": ...}."""
    if not values:
        raise ValidationError(_("No setting was given."))
    given: dict[str, Any] = {}
    for address, value in values.items():
        key, item = split(address)
        if item is None:
            given[key] = value
            continue
        if key not in given:
            row = session.get(SettingRow, key)
            stored = json.loads(row.value) if row is not None else {}
            given[key] = dict(stored) if isinstance(stored, dict) else {}
        elif not isinstance(given[key], Mapping):
            raise ValidationError(_("The setting {key} must be a mapping.").format(key=key))
        else:
            given[key] = dict(given[key])
        given[key][item] = value
    before = read_all(session)
    for key, value in given.items():
        write(session, key, value)
    session.flush()
    after = read_all(session)
    changes: dict[str, dict[str, Any]] = {}
    for key in given:
        old, new = before[key], after[key]
        if isinstance(old, dict) and isinstance(new, dict):
            for item in sorted(set(old) | set(new)):
                if old.get(item) != new.get(item):
                    changes[f"{key}.{item}"] = {"old": old.get(item), "new": new.get(item)}
        elif old != new:
            changes[key] = {"old": old, "new": new}
    return changes
