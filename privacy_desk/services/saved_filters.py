"""Saved filters: a queue and its filter kept under a name, the owner's alone or shared with the
owner's office (issue 12, revision 0016).

A filter is stored as JSON (:func:`filter_to_json`, :func:`filter_from_json`): the queue, the
kinds, channels, owner, received dates, search text and office code, each as plain JSON values
(enums by their values, dates in ISO 8601), so a later version can still read an older one.
Saving, renaming and deleting are audited by the filter's id; its name and search text may name
a person and are never written into the audit trail.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from privacy_desk.domain.errors import IndividualNumberRefused, PermissionDenied, ValidationError
from privacy_desk.domain.individual_number import contains_individual_number
from privacy_desk.domain.rules import Action
from privacy_desk.domain.text_fields import check_text
from privacy_desk.domain.vocabulary import Channel, Queue, RequestKind, UserRole
from privacy_desk.i18n import _
from privacy_desk.services.base import Service, require_text
from privacy_desk.services.dto import QueueFilter
from privacy_desk.services.offices import office_by_code, office_of_user
from privacy_desk.storage.models import SavedFilter, User

NAME_LENGTH = 80
FORMAT = 1  # the JSON's own version


@dataclass(frozen=True)
class SavedFilterData:
    """A saved filter as a screen shows it (`mine`: the reader owns it)."""

    id: int
    name: str
    owner_id: int
    owner_name: str
    shared: bool
    queue: Queue
    filters: QueueFilter
    created_at: datetime
    mine: bool


def filter_to_json(queue: Queue, filters: QueueFilter) -> str:
    """A queue and its filter as the JSON text a saved filter keeps."""
    return json.dumps(
        {
            "format": FORMAT,
            "queue": queue.value,
            "kinds": [kind.value for kind in filters.kinds],
            "channels": [channel.value for channel in filters.channels],
            "owner_id": filters.owner_id,
            "received_from": _day_text(filters.received_from),
            "received_to": _day_text(filters.received_to),
            "search": filters.search,
            "office": filters.office,
            # A dashboard figure's cases: saved as that fixed list.
            "case_ids": None if filters.case_ids is None else list(filters.case_ids),
        },
        ensure_ascii=False,
        sort_keys=True,
    )


def filter_from_json(text: str) -> tuple[Queue, QueueFilter]:
    """The queue and filter back from filter_to_json's text; ValidationError when it is not one
    (a damaged row, a value this version does not know)."""
    try:
        data = json.loads(text)
        if not isinstance(data, dict):
            raise TypeError("not an object")
        owner = data.get("owner_id")
        if owner is not None and (not isinstance(owner, int) or isinstance(owner, bool)):
            raise TypeError("owner_id")
        office = data.get("office")
        search = data.get("search", "")
        if not isinstance(search, str) or not (office is None or isinstance(office, str)):
            raise TypeError("search or office")
        case_ids = data.get("case_ids")
        if case_ids is not None:
            case_ids = tuple(_list(case_ids))
            if not all(isinstance(i, int) and not isinstance(i, bool) for i in case_ids):
                raise TypeError("case_ids")
        queue = Queue(data.get("queue", Queue.ALL_OPEN.value))
        filters = QueueFilter(
            kinds=tuple(RequestKind(k) for k in _list(data.get("kinds"))),
            channels=tuple(Channel(c) for c in _list(data.get("channels"))),
            owner_id=owner,
            received_from=_day(data.get("received_from")),
            received_to=_day(data.get("received_to")),
            search=search,
            office=office,
            case_ids=case_ids,
        )
    except (ValueError, TypeError):
        raise ValidationError(
            _("This saved filter can not be read any more: delete it and save it again.")
        ) from None
    return queue, filters


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise TypeError("a list")
    return value


def _day_text(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _day(value: Any) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError("a date")
    return date.fromisoformat(value)


def clean_name(value: object) -> str:
    """A filter's name, stripped; refused when empty, too long, or holding control characters
    or line breaks (a name is one line in the queue list)."""
    if not isinstance(value, str):
        raise ValidationError(_("The filter's name is required."), field="filter_name")
    if any(unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") for c in value):
        raise ValidationError(
            _("The filter's name must be one line without control characters."),
            field="filter_name",
        )
    name = require_text(value, _("The filter's name"), NAME_LENGTH, field="filter_name")
    if contains_individual_number(name):
        raise IndividualNumberRefused(
            _(
                "The filter's name contains an Individual Number (My Number). The office never "
                "keeps one: remove the number."
            ),
            field="filter_name",
        )
    return name


def check_search(filters: QueueFilter) -> None:
    """A search text fit to be kept: no Individual Number (a search is kept with the filter)."""
    check_text(filters.search, "search")
    if contains_individual_number(filters.search):
        raise IndividualNumberRefused(
            _(
                "The search text contains an Individual Number (My Number). The office never "
                "keeps one: a filter with it is not saved."
            ),
            field="search",
        )


class SavedFilterService(Service):
    """One user's saved filters and those shared with their office."""

    def save(
        self, name: str, filters: QueueFilter, shared: bool, queue: Queue = Queue.ALL_OPEN
    ) -> SavedFilterData:
        """Keep the queue and filter under a name of the user's own (unique among theirs)."""
        clean = clean_name(name)
        check_search(filters)
        owner = self._me()
        try:
            with self.unit_of_work(Action.SAVE_FILTER) as session:
                if filters.office is not None:
                    office_by_code(session, filters.office)  # a code that exists
                self._refuse_taken(session, owner, clean)
                row = SavedFilter(
                    name=clean,
                    owner_id=owner,
                    office_id=office_of_user(session, owner),
                    shared=bool(shared),
                    filter=filter_to_json(queue, filters),
                    created_at=self.context.now(),
                )
                session.add(row)
                session.flush()
                self.record(session, Action.SAVE_FILTER, None, filter=row.id, shared=row.shared)
                return self._data(session, row)
        except IntegrityError:
            # Another desk of the same user saved the same name a moment before.
            raise _taken(clean) from None

    def list(self) -> tuple[SavedFilterData, ...]:
        """The user's own filters and those shared in their office, by name."""
        me = self._me()
        with self.unit_of_work(Action.LIST_CASES, activity=False) as session:
            office = office_of_user(session, me)
            rows = session.scalars(
                select(SavedFilter)
                .where(
                    or_(
                        SavedFilter.owner_id == me,
                        and_(SavedFilter.shared.is_(True), SavedFilter.office_id == office),
                    )
                )
                .order_by(SavedFilter.name, SavedFilter.id)
            ).all()
            found = []
            for row in rows:
                try:
                    found.append(self._data(session, row))
                except ValidationError:
                    continue  # unreadable: not offered (its owner may delete it by id)
            return tuple(found)

    def apply(self, filter_id: int) -> SavedFilterData:
        """One saved filter the user may use (their own, or shared in their office)."""
        me = self._me()
        with self.unit_of_work(Action.LIST_CASES) as session:
            row = self._visible(session, filter_id, me)
            return self._data(session, row)

    def rename(self, filter_id: int, name: str) -> SavedFilterData:
        """A new name for one of the user's own filters."""
        clean = clean_name(name)
        me = self._me()
        try:
            with self.unit_of_work(Action.RENAME_FILTER) as session:
                row = self._visible(session, filter_id, me)
                if row.owner_id != me:
                    raise PermissionDenied(_("Only the person who saved a filter may rename it."))
                if row.name != clean:
                    self._refuse_taken(session, me, clean)
                row.name = clean
                session.flush()
                self.record(session, Action.RENAME_FILTER, None, filter=row.id)
                return self._data(session, row)
        except IntegrityError:
            raise _taken(clean) from None

    def delete(self, filter_id: int) -> None:
        """Delete one of the user's own filters; an administrator may delete a shared one."""
        me = self._me()
        with self.unit_of_work(Action.DELETE_FILTER) as session:
            row = session.get(SavedFilter, filter_id)
            admin = self.actor.role is UserRole.ADMIN
            if row is None or not (row.owner_id == me or (row.shared and admin)):
                if row is not None and row.shared and self._same_office(session, row, me):
                    raise PermissionDenied(
                        _(
                            "Only the person who saved a shared filter, or an administrator, "
                            "may delete it."
                        )
                    )
                raise _gone()
            self.record(
                session, Action.DELETE_FILTER, None, filter=row.id, by_owner=row.owner_id == me
            )
            session.delete(row)

    # ---------------------------------------------------------------- helpers

    def _me(self) -> int:
        if self.actor.user_id is None:
            raise PermissionDenied(_("Your session has ended: log in again."))
        return self.actor.user_id

    def _visible(self, session: Session, filter_id: int, me: int) -> SavedFilter:
        row = session.get(SavedFilter, filter_id)
        if row is None:
            raise _gone()
        if row.owner_id != me and not (row.shared and self._same_office(session, row, me)):
            raise _gone()
        return row

    @staticmethod
    def _same_office(session: Session, row: SavedFilter, me: int) -> bool:
        return row.office_id is not None and row.office_id == office_of_user(session, me)

    @staticmethod
    def _refuse_taken(session: Session, owner: int, name: str) -> None:
        taken = session.scalar(
            select(SavedFilter.id).where(SavedFilter.owner_id == owner, SavedFilter.name == name)
        )
        if taken is not None:
            raise _taken(name)

    def _data(self, session: Session, row: SavedFilter) -> SavedFilterData:
        queue, filters = filter_from_json(row.filter)
        owner_name = session.scalar(select(User.name).where(User.id == row.owner_id)) or ""
        return SavedFilterData(
            id=row.id,
            name=row.name,
            owner_id=row.owner_id,
            owner_name=owner_name,
            shared=row.shared,
            queue=queue,
            filters=filters,
            created_at=row.created_at,
            mine=row.owner_id == self.actor.user_id,
        )


def _taken(_name: str) -> ValidationError:
    # The name itself is not repeated: it may name a person.
    return ValidationError(
        _("You already have a saved filter with this name: choose another name."),
        field="filter_name",
    )


def _gone() -> ValidationError:
    return ValidationError(
        _("That saved filter no longer exists or is not shared with you."), field="filter_name"
    )


__all__ = [
    "SavedFilterData",
    "SavedFilterService",
    "clean_name",
    "filter_from_json",
    "filter_to_json",
]
