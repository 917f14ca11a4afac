"""Office settings, declared once: one name, one type, one default, stored in the database.

`OfficeSettings` declares every setting of the office as a typed field with its default; each
field's metadata says what it means (for people) and how a stored value is checked and read.
`load(session)` gives the whole typed set, stored values over the defaults; `write()` checks and
stores one. Targets, letterhead and safekeeping choices live here, not in code. Per-desk
preferences (window geometry, the last queue, the screen language) live in QSettings in the ui
package instead.

The database keeps each setting as JSON under its name, and keeps what an administrator gave:
a mapping (the targets, the letterhead) may name only some of its items, the rest following the
defaults. `read()` and `read_all()` give the older untyped shapes (plain dicts) for callers not
yet moved to `load()`; they come from the same declaration.
"""

from __future__ import annotations

import dataclasses
import json
import math
import re
import typing
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePath, PureWindowsPath
from types import MappingProxyType
from typing import Any, Literal, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.retention import (
    DEFAULT_RETENTION_YEARS,
    MAX_RETENTION_YEARS,
    MIN_RETENTION_YEARS,
)
from privacy_desk.domain.text_fields import (
    MAX_FEE_YEN,
    MAX_SETTING_NUMBER,
    check_lines,
    check_text,
    refuse_individual_number,
)
from privacy_desk.domain.vocabulary import FEE_KINDS, RequestKind
from privacy_desk.i18n import N_, _
from privacy_desk.letters.context import Letterhead
from privacy_desk.storage.models import Setting as SettingRow

ClockStart = Literal["receipt", "identity"]
IndividualNumberPolicy = Literal["refuse", "mask"]
BankAccountKind = Literal["ordinary", "current"]

# What a stored (JSON) value becomes: (setting name, value) -> typed value, or ValidationError.
Parser = Callable[[str, Any], Any]


def _whole(key: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError(_("The setting {key} must be a whole number.").format(key=key))
    if value < 0:
        raise ValidationError(_("The setting {key} can not be negative.").format(key=key))
    if value > MAX_SETTING_NUMBER:
        raise ValidationError(
            _("The setting {key} can not be more than {limit}.").format(
                key=key, limit=MAX_SETTING_NUMBER
            )
        )
    return value


def _flag(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(_("The setting {key} must be true or false.").format(key=key))
    return value


def _at_least_one(key: str, value: Any) -> int:
    if _whole(key, value) < 1:
        raise ValidationError(_("The setting {key} must be at least 1.").format(key=key))
    return value


def _folder(key: str, value: Any) -> str:
    """A folder's absolute path, or "" for the default."""
    if not isinstance(value, str):
        raise ValidationError(_("The setting {key} must be a text.").format(key=key))
    _check_setting_text(value)
    absolute = PurePath(value).is_absolute() or PureWindowsPath(value).is_absolute()
    if value and (not absolute or "\0" in value):
        raise ValidationError(
            _("The setting {key} must be a full folder path (or empty).").format(key=key)
        )
    return value


def _one_of(*choices: str) -> Parser:
    def parse(key: str, value: Any) -> str:
        if not isinstance(value, str) or value not in choices:
            raise ValidationError(
                _("The setting {key} must be one of: {choices}.").format(
                    key=key, choices=", ".join(choices)
                )
            )
        return value

    return parse


def _between(low: int, high: int) -> Parser:
    def parse(key: str, value: Any) -> int:
        number = _whole(key, value)
        if not low <= number <= high:
            raise ValidationError(
                _("The setting {key} must be between {low} and {high}.").format(
                    key=key, low=low, high=high
                )
            )
        return number

    return parse


def _text(key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ValidationError(_("The setting {key} must be a text.").format(key=key))
    _check_setting_text(value)
    return value.strip()


def _account_number(key: str, value: Any) -> str:
    """A Japanese bank account number: seven digits (or nothing, when fees are not charged)."""
    text = unicodedata.normalize("NFKC", _text(key, value))
    if text and not re.fullmatch(r"\d{7}", text):
        raise ValidationError(
            _("The setting {key} must be the seven digits of the account number.").format(key=key)
        )
    return text


def _katakana(key: str, value: Any) -> str:
    """A payee as banks write it: full-width katakana, with spaces, ー and brackets."""
    text = unicodedata.normalize("NFKC", _text(key, value))
    if text and not re.fullmatch(r"[\u30a0-\u30ff ()（）.\-ー・]+", text):
        raise ValidationError(
            _("The setting {key} must be written in katakana, as the bank writes it.").format(
                key=key
            )
        )
    return text


def _mapping(key: str, value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ValidationError(_("The setting {key} must be a mapping.").format(key=key))
    return value


def _no_such_item(key: str, name: object) -> ValidationError:
    return ValidationError(
        _("The setting {key} has no item named {name}.").format(key=key, name=name)
    )


DEFAULT_TARGETS: Mapping[RequestKind, int] = MappingProxyType({kind: 10 for kind in RequestKind})


def _per_kind(
    key: str, value: Any, defaults: Mapping[RequestKind, int], number: Parser
) -> Mapping[RequestKind, int]:
    """A whole number per kind of request, each checked by `number`; kinds not named keep their
    default."""
    numbers = dict(defaults)
    for name, item in _mapping(key, value).items():
        try:
            kind = RequestKind(name)
        except ValueError:
            raise _no_such_item(key, name) from None
        numbers[kind] = number(key, item)
    return MappingProxyType(numbers)


def _days_per_kind(key: str, value: Any) -> Mapping[RequestKind, int]:
    """Business days per kind of request, as stored."""
    return _per_kind(key, value, DEFAULT_TARGETS, _whole)


# The business days an administrator may set to notify a decision: the law asks for "without
# delay", and two weeks is its usual measure; 60 leaves room for a slow kind, 999 is a typo.
MIN_TARGET_DAYS = 1
MAX_TARGET_DAYS = 60


def _check_days_per_kind(key: str, value: Any) -> Mapping[RequestKind, int]:
    """Business days per kind of request, each from 1 to 60, as an administrator sets them."""
    return _per_kind(key, value, DEFAULT_TARGETS, _between(MIN_TARGET_DAYS, MAX_TARGET_DAYS))


DEFAULT_RETENTION: Mapping[RequestKind, int] = MappingProxyType(
    {kind: DEFAULT_RETENTION_YEARS for kind in RequestKind}
)


def _retention_years(key: str, value: Any) -> int:
    years = _whole(key, value)
    if not MIN_RETENTION_YEARS <= years <= MAX_RETENTION_YEARS:
        raise ValidationError(
            _("The setting {key} must be from {low} to {high} years.").format(
                key=key, low=MIN_RETENTION_YEARS, high=MAX_RETENTION_YEARS
            )
        )
    return years


def _years_per_kind(key: str, value: Any) -> Mapping[RequestKind, int]:
    """Whole years per kind of request, within bounds."""
    return _per_kind(key, value, DEFAULT_RETENTION, _retention_years)


DEFAULT_FEES: Mapping[RequestKind, int] = MappingProxyType({kind: 0 for kind in RequestKind})


def _fee_yen(key: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError(_("The setting {key} must be a whole number.").format(key=key))
    if not 0 <= value <= MAX_FEE_YEN:
        raise ValidationError(
            _("The setting {key} must be between {low} and {high}.").format(
                key=key, low=0, high=MAX_FEE_YEN
            )
        )
    return value


def _fees_per_kind(key: str, value: Any) -> Mapping[RequestKind, int]:
    """Whole yen per kind of request; only the kinds APPI lets carry a fee may have one."""
    fees = _per_kind(key, value, DEFAULT_FEES, _fee_yen)
    for kind, yen in fees.items():
        if yen and kind not in FEE_KINDS:
            raise ValidationError(
                _(
                    "A fee may be charged only for disclosure (with third-party provision "
                    "records) and for a notice of the purpose of use (APPI Art. 38)."
                )
            )
    return fees


# What an administrator sets; the items composed per letter from the offices table are not.
_LETTERHEAD_TYPES: dict[str, Any] = {
    name: kind
    for name, kind in typing.get_type_hints(Letterhead).items()
    if name not in Letterhead.COMPOSED and name != "COMPOSED"
}


def _letterhead(key: str, value: Any) -> Letterhead:
    """The letterhead's items over JACCES's defaults (an item no longer known is ignored)."""
    items = dataclasses.asdict(Letterhead.jacces_default())
    for name, item in _mapping(key, value).items():
        kind = _LETTERHEAD_TYPES.get(name)
        if kind is None:
            continue
        if kind is bool:
            item = _flag(f"{key}.{name}", item)
        elif kind is float:
            if not isinstance(item, int | float) or isinstance(item, bool):
                raise ValidationError(
                    _("The setting {key} must be a number.").format(key=f"{key}.{name}")
                )
            item = float(item)
        elif not isinstance(item, str):
            raise ValidationError(
                _("The setting {key} must be a text.").format(key=f"{key}.{name}")
            )
        items[name] = item
    return Letterhead(**items)


def _check_letterhead(key: str, value: Any) -> Letterhead:
    """What write() accepts: known items only, so a typo is refused rather than ignored."""
    for name, item in _mapping(key, value).items():
        if name not in _LETTERHEAD_TYPES:
            raise _no_such_item(key, name)
        if isinstance(item, float) and not math.isfinite(item):
            raise ValidationError(
                _("The setting {key} must be a number.").format(key=f"{key}.{name}")
            )
        if isinstance(item, str):
            _check_setting_text(item)
    return _letterhead(key, value)


def _check_setting_text(text: str) -> None:
    """A text of a setting: declared limits, and never an Individual Number."""
    check_lines(
        refuse_individual_number(check_text(text, "setting", lines=False), "setting"), "setting"
    )


@dataclass(frozen=True)
class About:
    """A setting's declaration beyond its type and default: its meaning, and its parsers."""

    description: str  # marked with N_; translate where shown
    parse: Parser
    check: Parser | None = None  # stricter on write than on reading what is stored
    plain: Callable[[Any], Any] = lambda value: value  # typed value -> JSON-like value
    # What a screen offers: the bounds of a number (of each item, for a number per kind), the
    # kinds a per-kind mapping shows, and whether a text is a folder.
    low: int = 0
    high: int = MAX_SETTING_NUMBER
    kinds: tuple[RequestKind, ...] = tuple(RequestKind)
    folder: bool = False
    unit: str = ""  # after a number on screen (" minutes"), marked with N_
    zero: str = ""  # what 0 means, shown instead of it ("never"), marked with N_


BUSINESS_DAYS = N_(" business days")
MINUTES = N_(" minutes")


def _about(description: str, parse: Parser, **more: Any) -> dict[str, About]:
    return {"about": About(description, parse, **more)}


@dataclass(frozen=True)
class OfficeSettings:
    """Every office setting with its type and default; `load()` fills it from the database."""

    target_business_days: Mapping[RequestKind, int] = field(
        default_factory=lambda: DEFAULT_TARGETS,
        metadata=_about(
            N_("Business days to notify the decision, per kind of request"),
            _days_per_kind,
            check=_check_days_per_kind,
            low=MIN_TARGET_DAYS,
            high=MAX_TARGET_DAYS,
            unit=BUSINESS_DAYS,
            plain=lambda days: {kind.value: n for kind, n in days.items()},
        ),
    )
    acknowledgement_business_days: int = field(
        default=1,
        metadata=_about(N_("Business days to acknowledge receipt"), _whole, unit=BUSINESS_DAYS),
    )
    due_soon_business_days: int = field(
        default=2,
        metadata=_about(
            N_("A case is 'due soon' this many business days out"), _whole, unit=BUSINESS_DAYS
        ),
    )
    authority_max_age_months: int = field(
        default=3,
        metadata=_about(N_("Proof of authority must be this recent"), _whole, unit=N_(" months")),
    )
    clock_start: ClockStart = field(
        default="receipt",
        metadata=_about(
            N_("Whether the deadline counts from receipt or from confirmed identity"),
            _one_of("receipt", "identity"),
        ),
    )
    individual_number_policy: IndividualNumberPolicy = field(
        default="refuse",
        metadata=_about(
            N_("What to do with an Individual Number typed into a text: refuse it or mask it"),
            _one_of("refuse", "mask"),
        ),
    )
    mask_names_in_lists: bool = field(
        default=False, metadata=_about(N_("Show names in queue lists as 山田 ＊＊"), _flag)
    )
    idle_lock_minutes: int = field(
        default=10,
        metadata=_about(
            N_("Lock the screen after this many idle minutes"),
            _whole,
            unit=MINUTES,
            zero=N_("never lock"),
        ),
    )
    lockout_attempts: int = field(
        default=5, metadata=_about(N_("Failed log-ins before an account locks"), _whole)
    )
    lockout_minutes: int = field(
        default=15,
        metadata=_about(N_("How long a locked account stays locked"), _whole, unit=MINUTES),
    )
    letterhead: Letterhead = field(
        default_factory=Letterhead.jacces_default,
        metadata=_about(
            N_(
                "Organisation, offices, contact, era or Western dates, address-window position (mm)"
            ),
            _letterhead,
            check=_check_letterhead,
            plain=dataclasses.asdict,
        ),
    )
    reply_business_days: int = field(
        default=10,
        metadata=_about(
            N_("Business days given to send identity documents (the reply-by date)"),
            _between(1, 60),
            unit=BUSINESS_DAYS,
            low=1,
            high=60,
        ),
    )
    fee_yen: Mapping[RequestKind, int] = field(
        default_factory=lambda: DEFAULT_FEES,
        metadata=_about(
            N_("Fees: what a fee costs in yen, per kind of request (0: no fee)"),
            _fees_per_kind,
            unit=N_(" yen"),
            zero=N_("no fee"),
            plain=lambda fees: {kind.value: n for kind, n in fees.items()},
            high=MAX_FEE_YEN,
            kinds=tuple(kind for kind in RequestKind if kind in FEE_KINDS),
        ),
    )
    fee_bank: str = field(
        default="", metadata=_about(N_("Fees: the bank to pay into (e.g. ○○銀行)"), _text)
    )
    fee_branch: str = field(
        default="", metadata=_about(N_("Fees: the bank's branch (e.g. 池袋支店)"), _text)
    )
    fee_account_type: BankAccountKind = field(
        default="ordinary",
        metadata=_about(
            N_("Fees: the type of account, ordinary (普通) or current (当座)"),
            _one_of("ordinary", "current"),
        ),
    )
    fee_account_number: str = field(
        default="", metadata=_about(N_("Fees: the account number (seven digits)"), _account_number)
    )
    fee_payee_kana: str = field(
        default="", metadata=_about(N_("Fees: the payee's name in katakana"), _katakana)
    )
    fee_pay_business_days: int = field(
        default=10,
        metadata=_about(
            N_("Fees: business days given to pay an unpaid fee"),
            _between(1, 60),
            low=1,
            high=60,
            unit=BUSINESS_DAYS,
        ),
    )
    legal_line_warning_days: int = field(
        default=3,
        metadata=_about(
            N_("Warn this many calendar days before the legal line"), _whole, unit=N_(" days")
        ),
    )
    retention_years: Mapping[RequestKind, int] = field(
        default_factory=lambda: DEFAULT_RETENTION,
        metadata=_about(
            N_(
                "Years a closed case is kept after closing, per kind of request (then "
                "'retention run' purges it)"
            ),
            _years_per_kind,
            unit=N_(" years"),
            low=MIN_RETENTION_YEARS,
            high=MAX_RETENTION_YEARS,
            plain=lambda years: {kind.value: n for kind, n in years.items()},
        ),
    )
    backup_folder: str = field(
        default="",
        metadata=_about(
            N_(
                "Folder of the automatic daily backups of an SQLite desk (empty: 'backups' in "
                "the data folder)"
            ),
            _folder,
            folder=True,
        ),
    )
    audit_anchor_folder: str = field(
        default="",
        metadata=_about(
            N_(
                "Folder for the audit trail's anchor files, outside the database (empty: the "
                "data folder of the desk)"
            ),
            _folder,
            folder=True,
        ),
    )
    backups_kept: int = field(
        default=14,
        metadata=_about(N_("How many automatic daily backups are kept"), _at_least_one, low=1),
    )

    scan_max_mb: int = field(
        default=20,
        metadata=_about(
            N_("Largest fax or scan file taken in (PDF, TIFF, PNG, JPEG)"),
            _between(1, 200),
            low=1,
            high=200,
            unit=N_(" MB"),
        ),
    )
    identity_scans_keep_days: int = field(
        default=0,
        metadata=_about(
            N_(
                "Days a scan of an identity document is kept once the identity check is "
                "recorded (0: deleted at once)"
            ),
            _between(0, 365),
            low=0,
            high=365,
            unit=N_(" days"),
        ),
    )
    inbox_folder: str = field(
        default="",
        metadata=_about(
            N_("Folder the fax machine saves scans in, watched for new files (empty: not watched)"),
            _folder,
            folder=True,
        ),
    )

    def target_for(self, kinds: Iterable[RequestKind]) -> int:
        """The target of a case asking for several measures: the shortest of theirs."""
        return min(self.target_business_days[kind] for kind in kinds)

    def fee_for(self, kinds: Iterable[RequestKind]) -> int:
        """The fee of a case, in yen: each measure that may carry a fee costs its kind's fee."""
        return sum(self.fee_yen[kind] for kind in kinds if kind in FEE_KINDS)

    def plain(self) -> dict[str, Any]:
        """Every setting as JSON-like values (mappings with string keys), by name."""
        return {name: about.plain(getattr(self, name)) for name, about in SETTINGS.items()}


# Name -> declaration, in the order declared: the one list of office settings.
SETTINGS: Mapping[str, About] = MappingProxyType(
    {f.name: cast(About, f.metadata["about"]) for f in dataclasses.fields(OfficeSettings)}
)
DEFAULTS = OfficeSettings()


def _about_setting(key: str) -> About:
    about = SETTINGS.get(key)
    if about is None:
        raise ValidationError(_("There is no setting named {key}.").format(key=key))
    return about


def load(session: Session) -> OfficeSettings:
    """Every office setting, stored values over the defaults (stored settings no longer
    declared are ignored)."""
    values = {}
    for row in session.scalars(select(SettingRow)):
        about = SETTINGS.get(row.key)
        if about is not None:
            values[row.key] = about.parse(row.key, json.loads(row.value))
    return dataclasses.replace(DEFAULTS, **values)


def read_all(session: Session) -> dict[str, Any]:
    """Every setting as plain values (dicts merged over their defaults); prefer `load()`."""
    return load(session).plain()


def read(session: Session, key: str) -> Any:
    """One setting as a plain value; prefer `load(session).<name>`."""
    about = SETTINGS[key]
    row = session.get(SettingRow, key)
    value = getattr(DEFAULTS, key) if row is None else about.parse(key, json.loads(row.value))
    return about.plain(value)


def write(session: Session, key: str, value: Any) -> None:
    """Check and store one setting, as given (a mapping may name only some items)."""
    about = _about_setting(key)
    (about.check or about.parse)(key, value)
    plain = dict(value) if isinstance(value, Mapping) else value
    text = json.dumps(plain, ensure_ascii=False, sort_keys=True)
    row = session.get(SettingRow, key)
    if row is None:
        session.add(SettingRow(key=key, value=text))
    else:
        row.value = text
