"""Eight desks writing the same cases and persons at once, on SQLite and on PostgreSQL.

Each desk is a thread with its own engine (its own connections), working as a person would: open a
case, think a moment, save with the version it opened. The actions: a note, a change to the case's
person (each person is shared by two cases), a letter issued, a bulk assign of several cases (the
supervisors). A save refused as "changed by someone else" is a conflict caught (the desk reloads
and tries again, at most twice); anything else that is raised is an unexpected error.

Afterwards, from the database:
- every acknowledged note and letter is there, and nothing of a refused save;
- every case's letter numbers run 1..n with no gap or double;
- lost updates on persons: the acknowledged person saves are replayed in the order of the
  person's own version, each writing only the fields it changed; the person each save returned,
  and the person in the database at the end, must equal the replay (a desk that silently reverted
  another desk's field would show here);
- the owner of each case is the one its last audited assignment gave it, and the audit trail
  holds one assignment entry for each case an acknowledged bulk assign counted;
- the audit chain verifies.
"""

from __future__ import annotations

import json
import logging
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from privacy_desk.domain.rules import Action
from privacy_desk.letters import LetterKind
from privacy_desk.services.base import Actor, ConflictError, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.dto import PersonData
from privacy_desk.services.letters import LetterService
from privacy_desk.services.logsafe import log_unexpected
from privacy_desk.storage import audit
from privacy_desk.storage.db import connect
from privacy_desk.storage.models import AuditEntry, Case, Letter, Note, Person

from . import Figures, Run, section
from .people import STAFF, form_of, set_up

LOG = logging.getLogger("privacy_desk.reliability")
PERSON_FIELDS = ("name", "kana", "postal_code", "address", "phone", "fax", "email", "organisation")
EDITABLE = ("phone", "fax", "email", "organisation", "address")


@dataclass
class Tally:
    """What the desks did, gathered under a lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    acknowledged: Counter[str] = field(default_factory=Counter)
    conflicts: int = 0
    given_up: int = 0  # actions refused three times in a row (the desk moves on)
    unexpected: Counter[str] = field(default_factory=Counter)
    notes: list[str] = field(default_factory=list)
    refused_notes: list[str] = field(default_factory=list)
    letters: list[tuple[int, str]] = field(default_factory=list)
    assigned: int = 0
    # person id -> [(version, opened, typed changes, returned)]
    person_saves: dict[int, list[tuple[int, dict, dict, dict]]] = field(default_factory=dict)
    refused_values: list[str] = field(default_factory=list)


def as_dict(person: PersonData) -> dict[str, Any]:
    return {name: getattr(person, name) for name in PERSON_FIELDS}


class Desk(threading.Thread):
    def __init__(
        self,
        run: Run,
        url: str,
        actor: Actor,
        case_ids: list[int],
        number: int,
        rounds: int,
        tally: Tally,
    ) -> None:
        super().__init__(daemon=True)
        self.run_ = run
        self.url, self.actor, self.case_ids = url, actor, case_ids
        self.number, self.rounds, self.tally = number, rounds, tally
        self.rng = random.Random(number)
        self.supervisor = actor.login.startswith("chief")
        self.staff_ids: list[int] = []

    def run(self) -> None:
        database = connect(self.url, upgrade=False)
        context = Context(database)
        self.cases = CaseService(context, self.actor)
        self.letters = LetterService(context, self.actor)
        try:
            for round_ in range(self.rounds):
                self.one_action(round_)
        finally:
            database.dispose()

    def think(self) -> None:
        time.sleep(self.rng.uniform(0.0, 0.02))

    def one_action(self, round_: int) -> None:
        roll = self.rng.random()
        if self.supervisor and roll < 0.5:
            action, call = "bulk assign", self.assign
        elif roll < 0.4:
            action, call = "note", self.note
        elif roll < 0.85:
            action, call = "person", self.person
        else:
            action, call = "letter", self.letter
        token = f"w{self.number}-{round_}"
        for _attempt in range(3):
            try:
                call(token)
            except ConflictError:
                with self.tally.lock:
                    self.tally.conflicts += 1
                continue
            except Exception as exc:  # counted and logged as the application logs (type, place)
                log_unexpected(LOG, "unexpected error", exc)
                with self.tally.lock:
                    self.tally.unexpected[f"{action}: {type(exc).__name__}"] += 1
                return
            with self.tally.lock:
                self.tally.acknowledged[action] += 1
            return
        with self.tally.lock:
            self.tally.given_up += 1

    def note(self, token: str) -> None:
        case_id = self.rng.choice(self.case_ids)
        opened = self.cases.get(case_id)
        self.think()
        text = f"記録 {token}-{self.rng.random():.6f}"
        try:
            self.cases.add_note(case_id, opened.version, text)
        except ConflictError:
            with self.tally.lock:
                self.tally.refused_notes.append(text)
            raise
        with self.tally.lock:
            self.tally.notes.append(text)

    def person(self, token: str) -> None:
        case_id = self.rng.choice(self.case_ids)
        opened = self.cases.get(case_id)
        person = opened.requester
        self.think()
        name = self.rng.choice(EDITABLE)
        suffix = f"{self.number}{self.rng.randrange(10**6):06d}"
        value = {
            "phone": f"098-{suffix[:3]}-{suffix[3:7]}",
            "fax": f"098-{suffix[3:6]}-{suffix[:4]}",
            "email": f"desk.{suffix}@example.jp",
            "organisation": f"架空商会{suffix}",
            "address": f"沖縄県那覇市久茂地{suffix[:2]}-{suffix[2:4]}-{suffix[4:6]} 架空館",
        }[name]
        self.run_.invented(value)
        try:
            saved = self.cases.update_person(
                case_id, opened.version, person.id, form_of(person, **{name: value}), opened=person
            )
        except ConflictError:
            with self.tally.lock:
                self.tally.refused_values.append(value)
            raise
        returned = saved.requester
        with self.tally.lock:
            self.tally.person_saves.setdefault(person.id, []).append(
                (returned.version, as_dict(person), {name: value}, as_dict(returned))
            )

    def letter(self, _token: str) -> None:
        case_id = self.rng.choice(self.case_ids)
        version = self.cases.get(case_id).version if self.rng.random() < 0.5 else None
        self.think()
        letter = self.letters.issue(case_id, version, LetterKind.ACKNOWLEDGEMENT)
        with self.tally.lock:
            self.tally.letters.append((letter.id, letter.sha256))

    def assign(self, _token: str) -> None:
        chosen = self.rng.sample(self.case_ids, self.rng.randint(2, len(self.case_ids)))
        owner = self.rng.choice(self.staff_ids)
        count = self.cases.assign(chosen, owner)
        with self.tally.lock:
            self.tally.assigned += count


def run_desks(run: Run, url: str, title: str) -> Figures:
    writers = int(run.options.get("writers", 8))
    rounds = int(run.options.get("rounds", 40))
    database = connect(url)
    context = Context(database)
    actors, case_ids = set_up(run, context)
    staff_ids = [a.user_id for a in actors.values() if not a.login.startswith("chief")]
    database.dispose()
    tally = Tally()
    logins = [login for login, _, _ in STAFF][:writers]
    desks = [
        Desk(run, url, actors[login], case_ids, i, rounds, tally) for i, login in enumerate(logins)
    ]
    for desk in desks:
        desk.staff_ids = [i for i in staff_ids if i is not None]
        desk.start()
    for desk in desks:
        desk.join()
    figures = Figures(title)
    figures.add("desks (threads, each its own connections)", len(desks))
    figures.add(
        "cases / persons (each person in 2 cases)", f"{len(case_ids)} / {len(case_ids) // 2}"
    )
    figures.add(
        "actions acknowledged", ", ".join(f"{k} {v}" for k, v in sorted(tally.acknowledged.items()))
    )
    figures.add("conflicts caught (changed by someone else)", tally.conflicts)
    figures.add("actions given up after 3 conflicts in a row", tally.given_up)
    figures.require("unexpected errors", sum(tally.unexpected.values()))
    for kind, count in sorted(tally.unexpected.items()):
        figures.add(f"  {kind}", count)
    check(url, tally, figures)
    return figures


def check(url: str, tally: Tally, figures: Figures) -> None:
    database = connect(url, upgrade=False)
    with database.session() as session:
        notes = Counter(session.scalars(select(Note.text)))
        letters = {row.id: row.sha256 for row in session.execute(select(Letter.id, Letter.sha256))}
        numbers: dict[int, list[int]] = {}
        for case_id, number in session.execute(select(Letter.case_id, Letter.number)):
            numbers.setdefault(case_id, []).append(number)
        persons = {
            p.id: {n: getattr(p, n) for n in PERSON_FIELDS} for p in session.scalars(select(Person))
        }
        owners = dict(session.execute(select(Case.id, Case.owner_id)).all())
        moves = session.execute(
            select(AuditEntry.case_id, AuditEntry.action, AuditEntry.detail)
            .where(AuditEntry.action.in_([Action.ASSIGN.value, Action.TAKE.value]))
            .order_by(AuditEntry.id)
        ).all()
        chain = audit.verify(session)
    database.dispose()
    lost = sum(notes[text] == 0 for text in tally.notes)
    lost += sum(letters.get(i) != sha for i, sha in tally.letters)
    extra = sum(notes[text] for text in tally.refused_notes)
    gaps = sum(sorted(n) != list(range(1, len(n) + 1)) for n in numbers.values())
    person_lost = 0
    for person_id, saves in tally.person_saves.items():
        saves.sort(key=lambda s: s[0])
        state = dict(saves[0][1]) if saves else {}
        for _version, _opened, typed, returned in saves:
            state.update(typed)
            person_lost += returned != state
            state = dict(returned)  # compare each save with the one before it only once
        person_lost += bool(saves) and persons[person_id] != state
    refused_seen = sum(
        any(value == v for p in persons.values() for v in p.values())
        for value in tally.refused_values
    )
    last_owner: dict[int, Any] = {}
    for case_id, _action, detail in moves:
        last_owner[case_id] = json.loads(detail).get("to_user")
    owner_mismatch = sum(owners[c] != o for c, o in last_owner.items())
    assign_entries = sum(action == Action.ASSIGN.value for _c, action, _d in moves)
    figures.require("acknowledged notes or letters missing", lost)
    figures.require("refused saves found written", extra + refused_seen)
    figures.require("cases with a gap or double in letter numbers", gaps)
    figures.require("lost updates on persons (replay of acknowledged saves)", person_lost)
    figures.require("owners that differ from their last audited assignment", owner_mismatch)
    figures.add(
        "cases moved by acknowledged bulk assigns / audited moves",
        f"{tally.assigned} / {assign_entries}",
    )
    figures.require(
        "bulk-assigned cases without their audit entry", tally.assigned - assign_entries
    )
    figures.require("audit chain breaks", 0 if chain.intact else 1)


@section("writers", "8 desks on the same cases and persons: conflicts caught, nothing lost")
def writers(run: Run) -> list[Figures]:
    on_file = run_desks(run, run.sqlite_url("writers"), "8 writers on SQLite")
    with run.postgres_url() as url:
        if url is None:
            missing = Figures("8 writers on PostgreSQL", ok=False)
            missing.add("PostgreSQL", "not reachable: not run")
            return [on_file, missing]
        return [on_file, run_desks(run, url, "8 writers on PostgreSQL")]
