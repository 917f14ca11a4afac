"""SIGKILL during saves on SQLite: every save acknowledged to the user is there afterwards.

A child process (forked, so it starts in milliseconds) opens the database and saves without
pause: notes, changes to a shared person, now and then a letter. After each save returns it
writes an acknowledgement to a pipe, as a screen would show "saved". The parent lets it
acknowledge 0 to 3 saves, kills it with SIGKILL at a random moment of the next one, then starts
the next child. At the
end every acknowledged save must be present (its rows and its audit entry), the file must pass
SQLite's integrity and foreign-key checks, the audit chain must verify, and no save may be half
there (a note without its audit entry, a gap in a case's letter numbers).

A SIGKILL is not a power cut: the operating system still writes what SQLite handed it.
synchronous=FULL (storage/db.py) is what covers a power cut; this section proves that no
transaction is ever half-written or acknowledged before it is durable in the file.
"""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import time
from collections import Counter
from typing import Any

from sqlalchemy import func, select

from privacy_desk.domain.rules import Action
from privacy_desk.letters import LetterKind
from privacy_desk.services.base import Actor, Context
from privacy_desk.services.cases import CaseService
from privacy_desk.services.letters import LetterService
from privacy_desk.storage import audit
from privacy_desk.storage.db import connect
from privacy_desk.storage.models import AuditEntry, Letter, Note

from . import Figures, Run, section
from .people import form_of, set_up


def child(url: str, actor: Actor, case_ids: list[int], seed: int, out: int) -> None:
    """Save until killed; one JSON line on `out` for each save that returned."""
    database = connect(url, upgrade=False)
    context = Context(database)
    cases, letters = CaseService(context, actor), LetterService(context, actor)
    rng = random.Random(seed)
    os.write(out, b'{"ready": true}\n')
    number = 0
    while True:
        number += 1
        case_id = rng.choice(case_ids)
        token = f"k{seed}-{number}"
        roll = rng.random()
        if roll < 0.6:
            cases.add_note(case_id, None, f"記録 {token}")
            ack: dict[str, Any] = {"note": f"記録 {token}"}
        elif roll < 0.93:
            opened = cases.get(case_id)
            person = opened.requester
            phone = f"098-{seed % 1000:03d}-{number % 10000:04d}"
            saved = cases.update_person(
                case_id, opened.version, person.id, form_of(person, phone=phone), opened=person
            )
            ack = {"person_case": case_id, "version": saved.version}
        else:
            letter = letters.issue(case_id, None, LetterKind.ACKNOWLEDGEMENT)
            ack = {"letter": letter.id, "sha256": letter.sha256}
        os.write(out, (json.dumps(ack) + "\n").encode())


def one_life(url: str, actor: Actor, case_ids: list[int], seed: int, rng: random.Random) -> list:
    """Fork a saving child, kill it at a random moment; the acknowledgements it wrote."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        os.close(read_end)
        try:
            child(url, actor, case_ids, seed, write_end)
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        # Let it acknowledge 0 to 3 saves, then kill it somewhere inside the next one (a save
        # takes some 40 to 100 ms here): the kill lands before, during or after a commit.
        lines = [pipe.readline() for _ in range(1 + rng.randint(0, 3))]
        time.sleep(rng.uniform(0.0, 0.12))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        lines += pipe.readlines()
    return [json.loads(line) for line in lines if line.strip() and b"ready" not in line]


@section("crash", "SIGKILL during saves on SQLite: every acknowledged save present")
def crash(run: Run) -> Figures:
    kills = int(run.options.get("kills", 1000))
    url = run.sqlite_url("crash")
    database = connect(url)
    actors, case_ids = set_up(run, Context(database))
    database.dispose()  # no connection of the parent crosses a fork
    rng = random.Random(8)
    acks: list[dict[str, Any]] = []
    started = time.monotonic()
    for life in range(kills):
        acks += one_life(url, actors["desk1"], case_ids, life, rng)
        if (life + 1) % 100 == 0:
            run.say(f"  crash: {life + 1} kills, {len(acks)} saves acknowledged")
    elapsed = time.monotonic() - started
    figures = Figures("SIGKILL during saves (SQLite)")
    figures.add("kills (SIGKILL at a random moment of saving)", kills)
    figures.add("saves acknowledged", len(acks))
    figures.add("time", f"{elapsed:.0f} s")
    missing = check(url, acks, figures)
    figures.require("acknowledged saves missing", missing)
    return figures


def check(url: str, acks: list[dict[str, Any]], figures: Figures) -> int:
    database = connect(url, upgrade=False)
    missing = 0
    with database.session() as session:
        notes = Counter(session.scalars(select(Note.text)))
        letters = {row.id: row.sha256 for row in session.execute(select(Letter.id, Letter.sha256))}
        edits = {
            (row.case_id, json.loads(row.detail).get("version"))
            for row in session.execute(
                select(AuditEntry.case_id, AuditEntry.detail).where(
                    AuditEntry.action == Action.EDIT_CASE.value
                )
            )
        }
        note_entries = session.scalar(
            select(func.count(AuditEntry.id)).where(AuditEntry.action == Action.ADD_NOTE.value)
        )
        chain = audit.verify(session)
        numbers: dict[int, list[int]] = {}
        for case_id, number in session.execute(select(Letter.case_id, Letter.number)):
            numbers.setdefault(case_id, []).append(number)
    database.dispose()
    for ack in acks:
        if "note" in ack:
            missing += notes[ack["note"]] == 0
        elif "letter" in ack:
            missing += letters.get(ack["letter"]) != ack["sha256"]
        else:
            missing += (ack["person_case"], ack["version"]) not in edits
    gaps = sum(sorted(n) != list(range(1, len(n) + 1)) for n in numbers.values())
    acked_notes = sum("note" in ack for ack in acks)
    figures.add("notes in the file / their audit entries", f"{notes.total()} / {note_entries}")
    figures.add("notes committed but killed before acknowledging", notes.total() - acked_notes)
    figures.require("notes without their audit entry (half a save)", notes.total() - note_entries)
    figures.require("cases with a gap in their letter numbers", gaps)
    figures.add(
        "audit entries, chain", f"{chain.entries:,}, {'intact' if chain.intact else 'BROKEN'}"
    )
    figures.require("audit chain breaks", 0 if chain.intact else 1)
    connection = sqlite3.connect(url.removeprefix("sqlite:///"))
    try:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        foreign = connection.execute("PRAGMA foreign_key_check").fetchall()
    finally:
        connection.close()
    figures.add("integrity_check", integrity)
    figures.require("integrity problems", 0 if integrity == "ok" else 1)
    figures.require("foreign-key problems", len(foreign))
    return missing
