"""The organisation's offices: the head office in Tokyo and the branch in Naha.

Each case and each user belongs to one office. An office carries what its letters print as
sender and return address (names, postal code, address, TEL, FAX, email, hours, in Japanese and
English) and has closure days of its own besides those of every office (services/users.py).
The offices are made by the migration that introduced them (pre-filled from the privacy policy);
administrators edit them; an office is never deleted (its cases keep pointing at it).
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.rules import Action
from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.i18n import N_, _
from privacy_desk.letters.context import Letterhead
from privacy_desk.services.base import Actor, Context, Service, unit_of_work
from privacy_desk.storage.models import Office, User


@dataclass(frozen=True)
class OfficeData:
    id: int
    code: str
    name_ja: str
    name_en: str
    postal_code: str
    address_ja: str
    address_en: str
    tel: str
    fax: str
    email: str
    hours_ja: str
    hours_en: str
    active: bool = True

    def name(self, language: str) -> str:
        return self.name_ja if language == "ja" else self.name_en

    def address(self, language: str) -> str:
        """The address as a letter prints it: in Japanese with 〒 and the postal code first."""
        if language == "ja":
            return (
                f"〒{self.postal_code} {self.address_ja}".strip()
                if self.postal_code
                else (self.address_ja)
            )
        return self.address_en

    def hours(self, language: str) -> str:
        return self.hours_ja if language == "ja" else self.hours_en


# The fields an administrator edits, with their meaning (marked for translation) and length limit.
EDITABLE: dict[str, tuple[str, int]] = {
    "name_ja": (N_("Name in Japanese"), 200),
    "name_en": (N_("Name in English"), 200),
    "postal_code": (N_("Postal code"), 16),
    "address_ja": (N_("Address in Japanese"), 400),
    "address_en": (N_("Address in English"), 400),
    "tel": (N_("TEL"), 40),
    "fax": (N_("FAX"), 40),
    "email": (N_("Email"), 254),
    "hours_ja": (N_("Office hours in Japanese"), 200),
    "hours_en": (N_("Office hours in English"), 200),
}
_REQUIRED = frozenset({"name_ja", "name_en", "address_ja", "address_en"})
_POSTAL_CODE = re.compile(r"\d{3}-\d{4}")
_PHONE = re.compile(r"\+?[\d\- ()]{6,40}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def office_data(office: Office) -> OfficeData:
    return OfficeData(
        **{f.name: getattr(office, f.name) for f in dataclasses.fields(OfficeData)},
    )


def offices(session: Session, *, active_only: bool = False) -> list[Office]:
    query = select(Office).order_by(Office.position, Office.id)
    if active_only:
        query = query.where(Office.active.is_(True))
    return list(session.scalars(query))


def default_office_id(session: Session) -> int:
    """The office a new user or a case of a user without one belongs to: the first active one
    (the head office)."""
    first = session.scalar(
        select(Office.id).where(Office.active.is_(True)).order_by(Office.position, Office.id)
    )
    if first is None:
        raise ValidationError(_("This database has no office: its migrations are incomplete."))
    return first


def office_of_user(session: Session, user_id: int | None) -> int:
    """The office of a user (their cases are made there); the first office when unknown."""
    office_id = (
        None
        if user_id is None
        else session.scalar(select(User.office_id).where(User.id == user_id))
    )
    return office_id if office_id is not None else default_office_id(session)


def office_by_code(session: Session, code: str) -> Office:
    office = session.scalar(select(Office).where(Office.code == code.strip().lower()))
    if office is None:
        known = ", ".join(o.code for o in offices(session))
        raise ValidationError(
            _("There is no office {code}; the offices are: {known}.").format(code=code, known=known)
        )
    return office


def letterhead_for(session: Session, letterhead: Letterhead, office_id: int | None) -> Letterhead:
    """The letterhead of a letter sent from an office: the settings' letterhead (organisation,
    names, layout) with that office as sender and return address, its TEL, FAX, email and hours,
    and every active office at the foot. An item the office leaves blank is printed nowhere: it
    never falls back to the letterhead setting's (hidden) default, another organisation's number.
    Without an office (a sample letter), the letter is sent from the first active office."""
    active = offices(session, active_only=True)
    lines = {
        lang: tuple(
            f"{data.name(lang)}{'　' if lang == 'ja' else ' '}{data.address(lang)}"
            for data in (office_data(o) for o in active)
        )
        for lang in ("ja", "en")
    }
    composed = dataclasses.replace(
        letterhead, office_lines_ja=lines["ja"], office_lines_en=lines["en"]
    )
    office = session.get(Office, office_id) if office_id is not None else None
    if office is None and office_id is None and active:
        office = active[0]
    if office is None:
        return composed
    data = office_data(office)
    return dataclasses.replace(
        composed,
        sender_office_ja=data.name_ja,
        sender_office_en=data.name_en,
        return_address_ja=data.address("ja"),
        return_address_en=data.address("en"),
        tel=data.tel,
        fax=data.fax,
        email=data.email,
        office_hours_ja=data.hours_ja,
        office_hours_en=data.hours_en,
    )


# Who may look at another office's queues or at every office's at once; staff see their own.
CHOOSE_OFFICE = frozenset({UserRole.SUPERVISOR, UserRole.ADMIN})


@dataclass(frozen=True)
class OfficeView:
    """Which office's cases a user's queues show at first, and whether they may choose."""

    offices: tuple[OfficeData, ...]
    default: str | None  # an office's code, or None for every office
    may_choose: bool


def office_view_of(session: Session, actor: Actor) -> OfficeView:
    """Staff see their own office; supervisors and administrators begin with their own and may
    choose another or every office."""
    mine = session.get(Office, office_of_user(session, actor.user_id))
    return OfficeView(
        offices=tuple(office_data(o) for o in offices(session, active_only=True)),
        default=mine.code if mine is not None else None,
        may_choose=actor.role in CHOOSE_OFFICE,
    )


def list_offices(context: Context, actor: Actor) -> list[OfficeData]:
    with unit_of_work(context, actor, Action.READ_CASE) as session:
        return [office_data(o) for o in offices(session)]


def _clean(key: str, value: Any) -> str:
    if key not in EDITABLE:
        raise ValidationError(_("An office has no item named {key}.").format(key=key))
    if not isinstance(value, str):
        raise ValidationError(_("The office's {what} must be a text.").format(what=key))
    text = (
        unicodedata.normalize("NFKC", value).strip()
        if key in {"postal_code", "tel", "fax"}
        else (value.strip())
    )
    what, limit = EDITABLE[key]
    if len(text) > limit:
        raise ValidationError(
            _("The office's {what} may have at most {n} characters.").format(what=_(what), n=limit),
            field=key,
        )
    if not text and key in _REQUIRED:
        raise ValidationError(_("The office's {what} is needed.").format(what=_(what)), field=key)
    if text and key == "postal_code" and not _POSTAL_CODE.fullmatch(text):
        raise ValidationError(_("A postal code is written as seven digits, 170-0013."), field=key)
    if text and key in {"tel", "fax"} and not _PHONE.fullmatch(text):
        raise ValidationError(
            _("The office's {what} is not a telephone number.").format(what=_(what)), field=key
        )
    if text and key == "email" and not _EMAIL.fullmatch(text):
        raise ValidationError(_("The office's email is not an email address."), field=key)
    return text


class OfficeService(Service):
    """Administrators edit the offices' letterhead data; every change is audited, old -> new."""

    def update_office(self, code: str, changes: dict[str, Any]) -> OfficeData:
        with self.unit_of_work(Action.MANAGE_SETTINGS) as session:
            office = office_by_code(session, code)
            cleaned = {}
            for key, value in changes.items():
                # Never an Individual Number, as in every text of the settings.
                cleaned[key] = self.clean_text(session, _clean(key, value), "setting")
            changed = {
                key: {"old": getattr(office, key), "new": text}
                for key, text in cleaned.items()
                if getattr(office, key) != text
            }
            for key, text in cleaned.items():
                setattr(office, key, text)
            session.flush()
            self.record(session, Action.MANAGE_SETTINGS, None, office=office.code, changed=changed)
            return office_data(office)
