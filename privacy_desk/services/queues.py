"""The queues: which cases to show, filtered, searched, sorted and paged, with live counts.

Queries select only the columns a queue line needs and page in the database, so a 100,000-case
office stays quick. Names are folded (width- and kana-blind) for search.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Row,
    Select,
    SQLColumnExpression,
    and_,
    case,
    column,
    exists,
    func,
    literal_column,
    or_,
    select,
    table,
)
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from privacy_desk.domain.calendar import JST, BusinessCalendar
from privacy_desk.domain.errors import ValidationError
from privacy_desk.domain.legal_line import legal_line
from privacy_desk.domain.names import fold, mask_name
from privacy_desk.domain.rules import Action, deadline_state
from privacy_desk.domain.text_fields import MAX_SETTING_NUMBER, check_number, check_text
from privacy_desk.domain.vocabulary import (
    CaseStatus,
    Channel,
    Queue,
    RequesterRole,
)
from privacy_desk.i18n import _
from privacy_desk.services import settings as settings_store
from privacy_desk.services.base import Service
from privacy_desk.services.dto import CaseRow, Page, QueueFilter
from privacy_desk.services.offices import OfficeView, office_by_code, office_view_of, offices
from privacy_desk.storage.models import Case, Contact, Measure, Note, Person, User

S = CaseStatus
_PAUSED = S.AWAITING_REQUESTER.value
_FINISHED = (S.CLOSED.value, S.NOTICE_SENT.value)

SORT_COLUMNS: dict[str, InstrumentedAttribute[Any]] = {
    "reference": Case.reference,
    "kind": Case.kinds,
    "channel": Case.channel,
    "status": Case.status,
    "received": Case.received_at,
    "received_at": Case.received_at,
    "due": Case.current_due,
    "days_left": Case.current_due,
    "legal_line": Case.legal_line,
}


MAX_ROWS = 1_000_000_000  # the first row a page may start at: beyond any office's cases


def due_soon_limit(calendar: BusinessCalendar, now: datetime, days: int) -> datetime:
    """Cases due at or before 18:00 of the n-th business day from today are 'due soon'."""
    today = now.astimezone(JST).date()
    day = calendar.add_business_days(today, days)
    return datetime.combine(day, time(18, 0), tzinfo=JST)


class QueueService(Service):
    """The queues one user sees, with the counts beside their names."""

    def _queue_condition(self, queue: Queue, session: Session) -> list:
        now = self.context.now()
        open_case = Case.status != S.CLOSED.value
        running = Case.status.notin_((_PAUSED, *_FINISHED))
        if queue is Queue.MINE:
            return [open_case, Case.owner_id == (self.actor.user_id or -1)]
        if queue is Queue.UNASSIGNED:
            return [open_case, Case.owner_id.is_(None)]
        if queue is Queue.OVERDUE:
            return [running, Case.current_due < now]
        if queue is Queue.DUE_SOON:
            days = settings_store.load(session).due_soon_business_days
            # Each office counts its own business days (its closures).
            soon = [
                and_(
                    Case.office_id == office.id,
                    Case.current_due
                    <= due_soon_limit(self.context.calendar(session, office.id), now, days),
                )
                for office in offices(session)
            ]
            return [running, Case.current_due >= now, or_(*soon)]
        if queue is Queue.AWAITING_APPROVAL:
            conditions = [Case.status == S.DECISION_PROPOSED.value]
            if self.actor.user_id is not None:
                conditions.append(
                    or_(
                        Case.decision_author_id.is_(None),
                        Case.decision_author_id != self.actor.user_id,
                    )
                )
            return conditions
        if queue is Queue.AWAITING_REQUESTER:
            return [Case.status == _PAUSED]
        if queue is Queue.ALL_OPEN:
            return [open_case]
        return [Case.status == S.CLOSED.value]

    def _filter_conditions(self, filters: QueueFilter) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = []
        if filters.kinds:
            # The measures rows say what a case asks for; the case's kinds list is for showing.
            conditions.append(
                exists().where(Measure.case_id == Case.id, Measure.kind.in_(tuple(filters.kinds)))
            )
        if filters.channels:
            conditions.append(Case.channel.in_([c.value for c in filters.channels]))
        if filters.owner_id is not None:
            conditions.append(Case.owner_id == filters.owner_id)
        if filters.received_from is not None:
            start = datetime.combine(filters.received_from, time(0), tzinfo=JST)
            conditions.append(Case.received_at >= start)
        if filters.received_to is not None:
            end = datetime.combine(filters.received_to, time(0), tzinfo=JST) + timedelta(days=1)
            conditions.append(Case.received_at < end)
        search = _Search.of(filters.search)
        if search is not None:
            conditions.append(search.condition(self.context.db.is_sqlite))
        if filters.case_ids is not None:
            conditions.append(Case.id.in_(filters.case_ids))
        return conditions

    def _select(
        self, session: Session, queue: Queue, filters: QueueFilter, requester: Any = None
    ) -> Select:
        requester = aliased(Person) if requester is None else requester
        statement = (
            select(
                Case.id,
                Case.reference,
                Case.kinds,
                Case.channel,
                Case.status,
                Case.owner_id,
                User.name.label("owner_name"),
                Case.requester_role,
                requester.name.label("requester_name"),
                Case.received_at,
                Case.current_due,
                Case.legal_line,
                Case.version,
                Case.office_id,
            )
            .join(requester, requester.id == Case.requester_id)
            .outerjoin(User, User.id == Case.owner_id)
        )
        conditions = self._queue_condition(queue, session) + self._filter_conditions(filters)
        if filters.office is not None:
            conditions.append(Case.office_id == office_by_code(session, filters.office).id)
        return statement.where(and_(*conditions)) if conditions else statement

    def list(
        self,
        queue: Queue = Queue.ALL_OPEN,
        filters: QueueFilter | None = None,
        sort: str = "due",
        descending: bool = False,
        offset: int = 0,
        limit: int = 200,
    ) -> Page:
        """One page of a queue. sort is a column name of SORT_COLUMNS, or 'requester'/'owner'."""
        filters = filters or QueueFilter()
        limit = max(1, min(limit, 10_000))
        check_number(offset, _("The first row"), 0, MAX_ROWS, field="offset")
        with self.unit_of_work(Action.LIST_CASES) as session:
            requester = aliased(Person)
            statement = self._select(session, queue, filters, requester)
            total = session.scalar(select(func.count()).select_from(statement.subquery())) or 0
            column: SQLColumnExpression[Any]
            if sort == "requester":
                column = statement.selected_columns.requester_name
            elif sort == "owner":
                column = statement.selected_columns.owner_name
            else:
                column = SORT_COLUMNS.get(sort, Case.current_due)
            order = column.desc() if descending else column.asc()
            order = order.nulls_last()  # the same on SQLite and PostgreSQL
            search = _Search.of(filters.search)
            orders = [order, Case.id]
            if search is not None:  # the exact reference first, then exact names, then the rest
                orders.insert(0, search.rank(requester))
            rows = session.execute(statement.order_by(*orders).offset(offset).limit(limit)).all()
            settings = settings_store.load(session)
            # Each row's days left by its own office's calendar (two offices: two calendars).
            calendars = {
                office_id: self.context.calendar(session, office_id)
                for office_id in {r.office_id for r in rows}
            }
            now = self.context.now()
            mask = settings.mask_names_in_lists
            due_soon = settings.due_soon_business_days
            warn = settings.legal_line_warning_days
            page = Page(
                rows=tuple(
                    self._row(r, calendars[r.office_id], now, due_soon, mask, warn) for r in rows
                ),
                total=total,
                offset=offset,
                limit=limit,
            )
            self.record(session, Action.LIST_CASES, None, queue=queue.value, rows=len(page.rows))
            return page

    def office_view(self) -> OfficeView:
        """The offices a user's queues may show: staff their own office; supervisors and
        administrators begin with their own and may choose another or every office."""
        with self.unit_of_work(Action.LIST_CASES, activity=False) as session:
            return office_view_of(session, self.actor)

    def _row(
        self,
        r: Row[Any],
        calendar: BusinessCalendar,
        now: datetime,
        due_soon: int,
        mask: bool,
        warn_days: int = 3,
    ) -> CaseRow:
        status = S(r.status)
        left = calendar.business_days_left(r.current_due, now)
        name = r.requester_name
        return CaseRow(
            id=r.id,
            reference=r.reference,
            kinds=tuple(r.kinds),
            channel=Channel(r.channel),
            status=status,
            owner=r.owner_name,
            owner_id=r.owner_id,
            requester_role=RequesterRole(r.requester_role),
            requester_name=mask_name(name) if mask else name,
            received_at=r.received_at,
            due=r.current_due,
            legal_line=r.legal_line,
            business_days_left=left,
            state=deadline_state(status, left, due_soon, r.current_due < now),
            provisional=calendar.is_provisional(r.current_due),  # today's calendar, not intake's
            version=r.version,
            legal=legal_line(r.legal_line, status, now.astimezone(JST).date(), warn_days),
        )

    def counts(self, filters: QueueFilter | None = None) -> dict[Queue, int]:
        """How many cases each queue holds now (for the live counts beside the queue names)."""
        filters = filters or QueueFilter()
        with self.unit_of_work(Action.LIST_CASES, activity=False) as session:
            result = {}
            for queue in Queue:
                statement = self._select(session, queue, filters)
                result[queue] = (
                    session.scalar(select(func.count()).select_from(statement.subquery())) or 0
                )
            return result

    def filter_counts(self, queries: Sequence[tuple[Queue, QueueFilter]]) -> tuple[int, ...]:
        """How many cases each (queue, filter) holds now: the counts beside saved filters."""
        with self.unit_of_work(Action.LIST_CASES, activity=False) as session:
            return tuple(
                session.scalar(
                    select(func.count()).select_from(
                        self._select(session, queue, filters).subquery()
                    )
                )
                or 0
                for queue, filters in queries
            )

    def reveal_name(self, case_id: int) -> str:
        """The requester's full name behind a masked list line; the reveal is audited."""
        with self.unit_of_work(Action.REVEAL_NAME) as session:
            name = session.scalar(
                select(Person.name)
                .join(Case, Case.requester_id == Person.id)
                .where(Case.id == case_id)
            )
            if name is None:
                raise ValidationError(_("That case does not exist."))
            self.record(session, Action.REVEAL_NAME, case_id)
            return name

    def legal_line_counts(self, warn_days: int, office: str | None = None) -> tuple[int, int]:
        """Open rights requests past their legal line, and within warn_days of it (APPI Art. 39),
        of one office (its code) or of every office (None).

        Cases whose notice was already sent are no longer at risk and are not counted.
        """
        check_number(warn_days, _("The days of warning"), 0, MAX_SETTING_NUMBER)
        today = self.context.today()
        with self.unit_of_work(Action.LIST_CASES, activity=False) as session:
            at_risk: list[ColumnElement[bool]] = [
                Case.legal_line.is_not(None),
                Case.status.notin_((S.CLOSED.value, S.NOTICE_SENT.value)),
            ]
            if office is not None:
                at_risk.append(Case.office_id == office_by_code(session, office).id)
            past = session.scalar(
                select(func.count(Case.id)).where(*at_risk, Case.legal_line < today)
            )
            near = session.scalar(
                select(func.count(Case.id)).where(
                    *at_risk,
                    Case.legal_line >= today,
                    Case.legal_line <= today + timedelta(days=warn_days),
                )
            )
            return past or 0, near or 0

    def workload(self, office: str | None = None) -> dict[str, int]:
        """Open cases per owner (name), for the supervisor's view of who is overloaded: of one
        office's cases (its code) or of every office's (None)."""
        with self.unit_of_work(Action.LIST_CASES, activity=False) as session:
            query = (
                select(User.name, func.count(Case.id))
                .join(Case, Case.owner_id == User.id)
                .where(Case.status != S.CLOSED.value)
            )
            if office is not None:
                query = query.where(Case.office_id == office_by_code(session, office).id)
            rows = session.execute(query.group_by(User.name)).all()
            return {name: count for name, count in rows}


class _Search:
    """What a search box holds, as conditions that use the search index.

    A case is found by its reference, its requester's or data subject's name (folded: width- and
    kana-blind), its summary, a note or a contact's summary, each holding the typed text anywhere.
    Texts of three characters or more are looked up in the index (SQLite: the FTS5 trigram tables
    of revision 0015, the text quoted as one phrase, so quotes and FTS operators are only
    characters; PostgreSQL: ILIKE, which the GIN trigram indexes serve). A trigram index can not
    hold a shorter text: one or two characters (a two-kanji word such as 山田) are matched with
    LIKE over the rows, as before the index. LIKE's wildcards are escaped: % and _ are searched
    for as themselves.
    """

    __slots__ = ("folded", "raw")

    def __init__(self, raw: str, folded: str) -> None:
        self.raw = raw  # NFKC: full-width Latin and digits as typed on half-width
        self.folded = folded  # as names are folded

    @classmethod
    def of(cls, typed: str | None) -> _Search | None:
        text = check_text(typed, "search")
        if not text:
            return None
        return cls(unicodedata.normalize("NFKC", text), fold(text))

    def condition(self, sqlite: bool) -> ColumnElement[bool]:
        raw_like = f"%{_escape(self.raw)}%"
        names = self._names(sqlite)
        texts: list[ColumnElement[bool]]
        if sqlite and len(self.raw) >= TRIGRAM:
            phrase = _phrase(self.raw)
            texts = [
                Case.id.in_(_matching("search_cases", phrase)),
                Case.id.in_(
                    select(Note.case_id).where(Note.id.in_(_matching("search_notes", phrase)))
                ),
                Case.id.in_(
                    select(Contact.case_id).where(
                        Contact.id.in_(_matching("search_contacts", phrase))
                    )
                ),
            ]
        else:
            # Typed texts matched without regard to case: PostgreSQL's LIKE minds case, SQLite's
            # not; on PostgreSQL the trigram indexes serve ILIKE.
            texts = [
                Case.summary.ilike(raw_like, escape="\\"),
                Case.id.in_(select(Note.case_id).where(Note.text.ilike(raw_like, escape="\\"))),
                Case.id.in_(
                    select(Contact.case_id).where(Contact.summary.ilike(raw_like, escape="\\"))
                ),
            ]
        return or_(
            Case.reference.ilike(raw_like, escape="\\"),
            Case.requester_id.in_(names),
            Case.subject_id.in_(names),
            *texts,
        )

    def _names(self, sqlite: bool) -> Select:
        """The persons whose folded name or reading holds the folded text."""
        if sqlite and len(self.folded) >= TRIGRAM:
            return _matching("search_persons", _phrase(self.folded))
        like = f"%{_escape(self.folded)}%"
        return select(Person.id).where(
            or_(
                Person.name_folded.like(like, escape="\\"),
                Person.kana_folded.like(like, escape="\\"),
            )
        )

    def rank(self, requester: Any) -> ColumnElement[int]:
        """0 for the case whose reference is the text, 1 for an exact requester's or data
        subject's name or reading, 2 for the rest."""
        exact_name = select(Person.id).where(
            or_(Person.name_folded == self.folded, Person.kana_folded == self.folded)
        )
        return case(
            (func.upper(Case.reference) == self.raw.upper(), 0),
            (
                or_(
                    requester.name_folded == self.folded,
                    requester.kana_folded == self.folded,
                    Case.subject_id.in_(exact_name),
                ),
                1,
            ),
            else_=2,
        )


TRIGRAM = 3  # the shortest text a trigram index can find


def _phrase(text: str) -> str:
    """The text as one FTS5 phrase: in double quotes, its own double quotes doubled."""
    return '"' + text.replace('"', '""') + '"'


def _matching(index: str, phrase: str) -> Select:
    """The rowids (the searched rows' ids) of an FTS5 index table that hold the phrase."""
    fts = table(index, column("rowid", Integer))
    return select(fts.c.rowid).where(literal_column(index).op("MATCH")(phrase))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
