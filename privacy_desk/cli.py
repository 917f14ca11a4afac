"""The `privacy-desk` command: no arguments opens the window; sub-commands serve administrators.

Sub-commands act as the operating-system user (audited like any other read or change), print
clear errors and exit non-zero on failure, never with a traceback for a user's mistake. Anything
unexpected prints one calm line and goes to the log file as its type and place only: its text
(a database error holds the values it was given) is shown nowhere.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from privacy_desk.domain.errors import DomainError
from privacy_desk.domain.vocabulary import Queue, UserRole
from privacy_desk.i18n import LANGUAGES, _, label, language, set_language, system_language
from privacy_desk.letters.context import LANGUAGES as LETTER_LANGUAGES
from privacy_desk.letters.context import LetterKind

PROG = "privacy-desk"
# The command line writes values with dashes ("due-soon"); the enums store underscores.
QUEUE_NAMES = Queue.choices()
LETTER_KINDS = [kind.value.replace("_", "-") for kind in LetterKind]
ROLE_NAMES = UserRole.choices()


class CommandError(Exception):
    """A mistake on the command line, explained in words."""


def _whole_number(minimum: int) -> Callable[[str], int]:
    """An argparse type: a whole number of at least minimum."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                _("'{text}' is not a whole number").format(text=text)
            ) from None
        if value < minimum:
            raise argparse.ArgumentTypeError(
                _("must be at least {minimum}").format(minimum=minimum)
            )
        return value

    return parse


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a date like 2026-12-28").format(text=text)
        ) from None


def build_parser() -> argparse.ArgumentParser:
    """The command's parser, its help in the current language (set it first)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=_(
            "Privacy Desk: the JACCES privacy office's desk for privacy requests. Without a "
            "command, opens the application."
        ),
    )
    parser.add_argument(
        "--database-url",
        metavar="URL",
        help=_(
            "database to use (default: PRIVACY_DESK_DATABASE_URL, else an SQLite file in the "
            "user's data folder), e.g. postgresql://user@host/privacy_desk"
        ),
    )
    parser.add_argument(
        "--lang",
        choices=list(LANGUAGES),
        help=_(
            "language of the application's screens and of this command's messages (default: "
            "the system's)"
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    db = commands.add_parser("db", help=_("database maintenance"))
    db_commands = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_commands.add_parser(
        "upgrade", help=_("create the database or bring it to the newest schema")
    )

    user = commands.add_parser("user", help=_("manage users"))
    user_commands = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = user_commands.add_parser("add", help=_("add a user (the password is read from stdin)"))
    add.add_argument("login")
    add.add_argument("--name", required=True, help=_("the user's full name"))
    add.add_argument("--role", required=True, choices=ROLE_NAMES)
    add.add_argument(
        "--password-stdin",
        action="store_true",
        required=True,
        help=_("read the password from stdin"),
    )
    user_commands.add_parser("list", help=_("list users"))

    demo = commands.add_parser("demo-data", help=_("add invented demo cases"))
    demo.add_argument("--cases", type=_whole_number(1), required=True, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")

    calendar = commands.add_parser("calendar", help=_("the office's business calendar"))
    calendar_commands = calendar.add_subparsers(
        dest="calendar_command", metavar="ACTION", required=True
    )
    due = calendar_commands.add_parser("due", help=_("the due date after N business days"))
    due.add_argument(
        "--received",
        required=True,
        metavar="DATETIME",
        help=_("ISO 8601, e.g. 2026-09-18T18:30; without an offset it is Japan time"),
    )
    due.add_argument("--business-days", type=_whole_number(0), required=True, metavar="N")
    due.add_argument("--json", action="store_true", help=_("print one JSON object"))
    closures = calendar_commands.add_parser("closures", help=_("extra office closure days"))
    closure_commands = closures.add_subparsers(
        dest="closures_command", metavar="ACTION", required=True
    )
    closure_add = closure_commands.add_parser("add", help=_("add a closure day"))
    closure_add.add_argument("date", type=_iso_date, metavar="DATE")
    closure_add.add_argument("--reason", required=True)
    closure_commands.add_parser("list", help=_("list closure days"))

    cases = commands.add_parser("cases", help=_("read cases (for administrators and scripts)"))
    case_commands = cases.add_subparsers(dest="cases_command", metavar="ACTION", required=True)
    listing = case_commands.add_parser("list", help=_("list the cases of a queue"))
    listing.add_argument("--queue", choices=QUEUE_NAMES, default="all-open")
    listing.add_argument("--search", default="", metavar="TEXT")
    listing.add_argument("--limit", type=_whole_number(1), default=50, metavar="N")
    listing.add_argument("--json", action="store_true")
    show = case_commands.add_parser("show", help=_("show one case in full"))
    show.add_argument("reference", metavar="REF")
    show.add_argument("--json", action="store_true")

    letter = commands.add_parser("letter", help=_("letters"))
    letter_commands = letter.add_subparsers(dest="letter_command", metavar="ACTION", required=True)
    render = letter_commands.add_parser("render", help=_("render (not issue) a letter for a case"))
    render.add_argument("reference", metavar="REF")
    render.add_argument("--kind", required=True, choices=LETTER_KINDS)
    render.add_argument("--lang", dest="letter_lang", choices=list(LETTER_LANGUAGES), default=None)
    render.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")

    audit_cmd = commands.add_parser("audit", help=_("the audit trail"))
    audit_commands = audit_cmd.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    audit_commands.add_parser("verify", help=_("check that the audit trail was not tampered with"))

    shots = commands.add_parser("screenshots", help=_("save a PNG of each main screen"))
    shots.add_argument("--out", required=True, type=Path, metavar="DIR")
    shots.add_argument("--lang", dest="shot_lang", choices=list(LANGUAGES), default="en")
    return parser


def requested_language(argv: Sequence[str]) -> str | None:
    """The value of the command's own --lang (before the sub-command), if one was given.

    Read before the parser is built, so that its help is in that language; a sub-command's
    --lang (a letter's language) is not this one.
    """
    index = 0
    while index < len(argv):
        token = argv[index]
        if token == "--lang":
            return argv[index + 1] if index + 1 < len(argv) else None
        if token.startswith("--lang="):
            return token.split("=", 1)[1]
        if token == "--database-url":
            index += 2
            continue
        if not token.startswith("-"):
            return None
        index += 1
    return None


def to_json(value: Any) -> Any:
    """Dataclasses, enums, dates and datetimes as JSON-friendly values."""
    if is_dataclass(value) and not isinstance(value, type):
        return {k: to_json(v) for k, v in asdict(value).items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(to_json(k)): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    return value


def _print_json(value: Any) -> None:
    print(json.dumps(to_json(value), ensure_ascii=False, indent=2))


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    previous = language()
    set_language(requested_language(arguments) or system_language())
    try:
        return _main(arguments)
    finally:
        set_language(previous)


def _main(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        from privacy_desk.app import run

        return run(database_url=args.database_url, language=args.lang)
    if args.command == "calendar" and args.calendar_command == "due":
        handler = _calendar_due
    else:
        handler = HANDLERS[args.command]
    try:
        return handler(args)
    except (DomainError, CommandError, ValueError) as exc:
        print(_("{prog}: error: {problem}").format(prog=PROG, problem=exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("{prog}: interrupted").format(prog=PROG), file=sys.stderr)
        return 130
    except Exception as exc:  # anything else: no traceback, no text of the exception
        return _unexpected(exc)


def _unexpected(exc: Exception) -> int:
    """Log an unexpected failure (type and place) in the log file and say where it is."""
    from privacy_desk.services.logsafe import log_unexpected_once

    path = log_unexpected_once("privacy_desk.cli", "unexpected error", exc)
    if path is None:
        print(
            _("{prog}: unexpected error ({kind}).").format(prog=PROG, kind=type(exc).__name__),
            file=sys.stderr,
        )
    else:
        print(
            _(
                "{prog}: unexpected error ({kind}). Nothing more was done; the details are in the "
                "log file {path}."
            ).format(prog=PROG, kind=type(exc).__name__, path=path),
            file=sys.stderr,
        )
    return 1


ENV_TODAY = "PRIVACY_DESK_TODAY"


def clock() -> datetime:
    """Now, for every sub-command: the one clock the command reads.

    ``PRIVACY_DESK_TODAY`` pins it for tests and demonstrations, so that nothing a command
    prints depends on the day it runs: a date (2026-11-24, taken as 12:00 Japan time) or an
    ISO 8601 moment (naive means Japan time). Without it, the system clock.
    """
    import os
    from datetime import time as time_of_day

    from privacy_desk.domain.calendar import JST
    from privacy_desk.services.base import system_clock

    pinned = os.environ.get(ENV_TODAY, "").strip()
    if not pinned:
        return system_clock()
    try:
        if len(pinned) == 10:
            return datetime.combine(date.fromisoformat(pinned), time_of_day(12, 0), tzinfo=JST)
        moment = datetime.fromisoformat(pinned)
    except ValueError:
        raise CommandError(
            _("{variable}='{text}' is not a date like 2026-12-28 or an ISO 8601 moment").format(
                variable=ENV_TODAY, text=pinned
            )
        ) from None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=JST)


def today() -> date:
    """Today in Japan, by :func:`clock`."""
    from privacy_desk.domain.calendar import JST

    return clock().astimezone(JST).date()


def _context(args: argparse.Namespace) -> Any:
    from privacy_desk.services.base import Context
    from privacy_desk.storage.db import connect

    # The module's clock, looked up at each call, so a test may replace it.
    return Context(connect(args.database_url), clock=lambda: clock())


def _admin() -> Any:
    from privacy_desk.services.base import Actor

    return Actor.operating_system()


def _db(args: argparse.Namespace) -> int:
    from privacy_desk.storage.db import connect, current_revision, describe_url

    db = connect(args.database_url)
    print(
        _("Database {url} is at revision {revision}.").format(
            url=describe_url(db.url), revision=current_revision(db)
        )
    )
    return 0


def _user(args: argparse.Namespace) -> int:
    from privacy_desk.services.users import AdminService, list_users

    context = _context(args)
    if args.user_command == "list":
        for user in list_users(context):
            state = "" if user.active else _(" (inactive)")
            print(f"{user.login}\t{user.role.value}\t{user.name}{state}")
        return 0
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise CommandError(_("no password on standard input"))
    user = AdminService(context, _admin()).add_user(
        args.login, args.name, UserRole.parse(args.role), password
    )
    print(_("Added {role} {login}.").format(role=user.role.value, login=user.login))
    return 0


def _demo(args: argparse.Namespace) -> int:
    import time

    from privacy_desk.services.demo import DEMO_PASSWORD, DEMO_USERS, DemoService

    context = _context(args)
    started = time.perf_counter()

    def report(done: int, total: int) -> bool:
        if sys.stderr.isatty():
            progress = _("{done:,} / {total:,} cases").format(done=done, total=total)
            print(f"\r{progress}", end="", file=sys.stderr, flush=True)
        return True

    made = DemoService(context, _admin()).generate(args.cases, args.seed, report)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    seconds = time.perf_counter() - started
    logins = ", ".join(f"{login} ({role.value})" for login, _name, role in DEMO_USERS)
    print(_("Added {n:,} demo cases in {seconds:.1f} s.").format(n=made, seconds=seconds))
    print(
        _("Demo users: {logins}; password '{password}'.").format(
            logins=logins, password=DEMO_PASSWORD
        )
    )
    return 0


def _parse_received(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            _(
                "'{text}' is not an ISO 8601 date and time such as 2026-09-18T18:30 or "
                "2026-09-18T09:30:00+00:00"
            ).format(text=text)
        ) from None
    return moment


def _calendar_due(args: argparse.Namespace) -> int:
    from privacy_desk.domain.calendar import JST, BusinessCalendar

    received = _parse_received(args.received)
    closures: dict[date, str] = {}
    if args.database_url or _database_exists():
        from privacy_desk.services.users import list_closures

        closures = dict(list_closures(_context(args)))
    calendar = BusinessCalendar(closures, today=today())
    deadline = calendar.due(received, args.business_days)
    result = {
        "received": calendar.to_jst(received).isoformat(),
        "effective_receipt": deadline.effective_receipt.astimezone(JST).isoformat(),
        "due": deadline.due.astimezone(JST).isoformat(),
        "legal_line": deadline.legal_line.isoformat(),
        "provisional": deadline.provisional,
    }
    if args.json:
        print(json.dumps(result))
    else:
        print(_("Effective receipt: {moment}").format(moment=result["effective_receipt"]))
        if deadline.provisional:
            due_line = _(
                "Due after {n} business days: {due} (provisional: equinox days not yet official)"
            )
        else:
            due_line = _("Due after {n} business days: {due}")
        print(due_line.format(n=args.business_days, due=result["due"]))
        print(_("Legal line (arrival + 14 days): {day}").format(day=result["legal_line"]))
    return 0


def _database_exists() -> bool:
    """Use the stored closures when a database is configured or already exists; never create one."""
    import os

    from privacy_desk.storage.db import ENV_URL, default_url

    if os.environ.get(ENV_URL):
        return True
    return Path(default_url().removeprefix("sqlite:///")).exists()


def _calendar(args: argparse.Namespace) -> int:
    from privacy_desk.services.users import AdminService, list_closures

    context = _context(args)
    if args.closures_command == "add":
        AdminService(context, _admin()).add_closure(args.date, args.reason)
        print(_("Added closure {day}.").format(day=args.date.isoformat()))
        return 0
    for day, reason in list_closures(context):
        print(f"{day.isoformat()}\t{reason}")
    return 0


def _case_line(row: Any) -> dict[str, Any]:
    from privacy_desk.domain.calendar import JST

    return {
        "reference": row.reference,
        "kinds": [k.value for k in row.kinds],
        "channel": row.channel.value,
        "status": row.status.value,
        "owner": row.owner,
        "requester_role": row.requester_role.value,
        "requester_name": row.requester_name,
        "received_at": row.received_at.astimezone(JST).isoformat(),
        "due": row.due.astimezone(JST).isoformat(),
        "legal_line": row.legal_line.isoformat() if row.legal_line else None,
        "business_days_left": row.business_days_left,
        "state": row.state.value,
    }


def _cases(args: argparse.Namespace) -> int:
    from privacy_desk.domain.calendar import JST
    from privacy_desk.services.cases import CaseService
    from privacy_desk.services.dto import QueueFilter
    from privacy_desk.services.queues import QueueService

    context = _context(args)
    actor = _admin()
    if args.cases_command == "list":
        queue = Queue.parse(args.queue)
        page = QueueService(context, actor).list(
            queue, QueueFilter(search=args.search), limit=args.limit
        )
        lines = [_case_line(row) for row in page.rows]
        if args.json:
            print(json.dumps(lines, ensure_ascii=False, indent=2))
            return 0
        for line in lines:
            due = datetime.fromisoformat(line["due"]).astimezone(JST).strftime("%Y-%m-%d %H:%M")
            print(
                _("{reference}  {status} {kinds} due {due}  {name}").format(
                    reference=line["reference"],
                    status=f"{line['status']:<19}",
                    kinds=f"{','.join(line['kinds']):<28}",
                    due=due,
                    name=line["requester_name"],
                )
            )
        print(
            _("{n} of {total} cases in queue {queue}.").format(
                n=len(lines), total=page.total, queue=args.queue
            )
        )
        return 0
    detail = CaseService(context, actor).get_by_reference(args.reference)
    if args.json:
        data = to_json(detail)
        for key in ("requester", "subject"):
            data[key]["birth_date"] = data[key].get("birth_date")
        data["kinds"] = [k.value for k in detail.kinds]
        _print_json(data)
        return 0
    d = detail.deadlines
    kinds = ", ".join(label(k) for k in detail.kinds)
    print(f"{detail.reference}  {label(detail.status)}  ({kinds})")
    print(
        _("Requester: {name} ({role})").format(
            name=detail.requester.name, role=label(detail.requester_role)
        )
    )
    if detail.subject.id != detail.requester.id:
        print(_("Data subject: {name}").format(name=detail.subject.name))
    print(
        _(
            "Received {received}; due {due} (original {original}, paused {paused} business days)"
        ).format(
            received=f"{d.received_at.astimezone(JST):%Y-%m-%d %H:%M}",
            due=f"{d.current_due.astimezone(JST):%Y-%m-%d %H:%M}",
            original=f"{d.original_due.astimezone(JST):%Y-%m-%d}",
            paused=d.paused_business_days,
        )
    )
    if d.legal_line:
        print(_("Legal line: {day}").format(day=d.legal_line.isoformat()))
    print(_("Next: {step}").format(step=detail.next_step))
    for m in detail.measures:
        outcome = label(m.outcome) if m.outcome else _("no decision yet")
        print(f"  - {label(m.kind)}: {outcome}")
    print(
        _("{history} history entries, {contacts} contacts.").format(
            history=len(detail.history), contacts=len(detail.contacts)
        )
    )
    return 0


def _letter(args: argparse.Namespace) -> int:
    from privacy_desk.services.letters import LetterService

    context = _context(args)
    pdf = LetterService(context, _admin()).render_for_reference(
        args.reference, LetterKind(args.kind.replace("-", "_")), args.letter_lang
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(pdf)
    print(_("Wrote {path} ({size:,} bytes).").format(path=args.out, size=len(pdf)))
    return 0


def _audit(args: argparse.Namespace) -> int:
    from privacy_desk.storage import audit

    context = _context(args)
    with context.db.session() as session:
        report = audit.verify(session)
    if report.intact:
        print(_("The audit trail is intact: {n:,} entries.").format(n=report.entries))
        return 0
    print(
        _("The audit trail was changed: entry {entry} does not match its chain.").format(
            entry=report.broken_at
        )
    )
    return 1


def _screenshots(args: argparse.Namespace) -> int:
    from privacy_desk.ui.screenshots import take_screenshots

    paths = take_screenshots(args.out, language=args.shot_lang)
    for path in paths:
        print(path)
    return 0


HANDLERS = {
    "db": _db,
    "user": _user,
    "demo-data": _demo,
    "calendar": _calendar,
    "cases": _cases,
    "letter": _letter,
    "audit": _audit,
    "screenshots": _screenshots,
}


if __name__ == "__main__":
    sys.exit(main())
