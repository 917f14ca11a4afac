"""The audit chain anchored outside the database: append-only files of (time, number, hash).

Someone who can write the database can recompute the whole chain after an edit, cut its tail or
empty it; they can not change what was written elsewhere before. Each anchor appends a line for
every entry written since the file's last line, so `audit verify` names the first entry that no
longer matches; the last line is the chain's head when the anchor was written.

One file per database (named by the database's identity, which a backup carries), in a folder
the administrator chooses; several desks may append to the same file. Lines hold numbers and
hashes only, never personal data.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from privacy_desk.storage.audit import GENESIS, ChainReport, Problem, head
from privacy_desk.storage.db import make_private
from privacy_desk.storage.models import AuditEntry, DatabaseIdentity


@dataclass(frozen=True)
class Anchor:
    at: str
    number: int
    hash: str


@dataclass(frozen=True)
class AnchorFile:
    path: Path
    anchors: dict[int, str]  # number -> hash, as first written
    latest: Anchor | None  # the line with the highest number
    damaged_lines: tuple[int, ...]  # lines (from 1) that can not be read, or contradict another


@dataclass(frozen=True)
class AnchorWritten:
    path: Path
    number: int
    hash: str
    lines: int  # how many lines this anchor added
    # Why nothing was written: the database no longer matches the file's last line.
    refused: Problem | None = None


def database_id(session: Session) -> str | None:
    return session.scalars(select(DatabaseIdentity.id).limit(1)).first()


def path_for(folder: Path, identity: str) -> Path:
    return folder / f"audit-anchor-{identity}.txt"


def read(path: Path) -> AnchorFile:
    """The anchors in a file (none when it does not exist); unreadable lines are listed."""
    anchors: dict[int, str] = {}
    damaged: list[int] = []
    latest: Anchor | None = None
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return AnchorFile(path, {}, None, ())
    for line_number, line in enumerate(text.splitlines(), start=1):
        parts = line.split("\t")
        try:
            at, number_text, digest = parts
            number = int(number_text)
            if number < 1 or len(digest) != 64 or int(digest, 16) < 0:
                raise ValueError(line_number)
        except ValueError:
            damaged.append(line_number)
            continue
        if anchors.setdefault(number, digest) != digest:
            damaged.append(line_number)
            continue
        if latest is None or number >= latest.number:
            latest = Anchor(at, number, digest)
    return AnchorFile(path, anchors, latest, tuple(damaged))


def check(chain: ChainReport, anchored: AnchorFile) -> ChainReport:
    """The chain's report, with the first anchored entry that is missing or differs when that
    comes before any problem the chain showed by itself."""
    first: tuple[Problem, int] | None = None
    for number in sorted(anchored.anchors):
        stored = chain.hashes.get(number)
        if stored == anchored.anchors[number]:
            continue
        if chain.entries == 0:
            first = (Problem.EMPTIED, 1)
        elif stored is None and number > chain.last_number:
            first = (Problem.CUT, chain.last_number + 1)
        elif stored is None:
            first = (Problem.REMOVED, number)
        else:
            first = (Problem.REWRITTEN, number)
        break
    if first is None:
        return chain
    problem, number = first
    if chain.problem is not None and (chain.number is None or chain.number <= number):
        return chain
    return ChainReport(chain.entries, None, problem, number, chain.last_number, chain.hashes)


def write(session: Session, folder: Path, now: datetime | None = None) -> AnchorWritten:
    """Append the entries written since the file's last line, up to the chain's head.

    Refused (nothing written) when the database no longer holds the file's last anchored entry
    as it was: anchoring now would bless a rewritten or cut chain.
    """
    identity = database_id(session)
    if identity is None:
        raise LookupError("the database has no identity row")
    folder.mkdir(parents=True, exist_ok=True)
    make_private(folder, folder=True)
    path = path_for(folder, identity)
    anchored = read(path)
    number, digest = head(session)
    start = 0
    if anchored.latest is not None:
        start = anchored.latest.number
        stored = session.scalars(
            select(AuditEntry.hash).where(AuditEntry.number == start).limit(1)
        ).first()
        if stored != anchored.latest.hash:
            refused = Problem.CUT if start > number else Problem.REWRITTEN
            return AnchorWritten(path, number, digest, 0, refused)
    moment = (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    rows = session.execute(
        select(AuditEntry.number, AuditEntry.hash)
        .where(AuditEntry.number > start, AuditEntry.number <= number)
        .order_by(AuditEntry.number)
    ).all()
    lines = [f"{moment}\t{row.number}\t{row.hash}\n" for row in rows]
    if lines:
        handle = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(handle, "".join(lines).encode("ascii"))
            os.fsync(handle)
        finally:
            os.close(handle)
        make_private(path)
    return AnchorWritten(path, number, digest if number else GENESIS, len(lines))
