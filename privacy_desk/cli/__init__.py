"""The `privacy-desk` command: no arguments opens the window; sub-commands serve administrators.

Each sub-command lives in its own module here and registers itself in :data:`COMMANDS`.
Sub-commands are audited like any other read or change, print clear errors and exit non-zero on
failure, never with a traceback for a user's mistake. Anything unexpected prints one calm line and
goes to the log file as its type and place only: its text (a database error holds the values it
was given) is shown nowhere.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from privacy_desk.cli import (
    audit,
    backup,
    calendar,
    cases,
    db,
    demo,
    fax,
    letters,
    mail,
    report,
    retention,
    screenshots,
    settings,
    users,
)
from privacy_desk.cli.cases import QUEUE_NAMES
from privacy_desk.cli.common import PROG, CommandError, clock, end_sessions, to_json, today
from privacy_desk.cli.letters import LETTER_KINDS
from privacy_desk.cli.users import ROLE_NAMES
from privacy_desk.domain.errors import DomainError
from privacy_desk.i18n import LANGUAGES, _, language, set_language, system_language

__all__ = [
    "LETTER_KINDS",
    "PROG",
    "QUEUE_NAMES",
    "ROLE_NAMES",
    "CommandError",
    "build_parser",
    "clock",
    "main",
    "requested_language",
    "to_json",
    "today",
]

# Each module's ``register(commands)``, in the order the help lists them.
COMMANDS = (
    db,
    users,
    settings,
    demo,
    calendar,
    cases,
    mail,
    fax,
    letters,
    report,
    audit,
    backup,
    retention,
    screenshots,
)


def build_parser() -> argparse.ArgumentParser:
    """The command's parser, its help in the current language (set it first)."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description=_(
            "Privacy Desk: a privacy office's desk for privacy requests. Without a "
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
        "--demo",
        action="store_true",
        help=_(
            "use the demo database (demo.sqlite3 in the user's data folder, with invented cases) "
            "instead of the office's own"
        ),
    )
    parser.add_argument(
        "--user",
        metavar="LOGIN",
        help=_(
            "log in as this user (default: PRIVACY_DESK_USER); the password is read from "
            "PRIVACY_DESK_PASSWORD, or asked for in a terminal"
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
    for module in COMMANDS:
        module.register(commands)
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
        if token in ("--database-url", "--user"):
            index += 2
            continue
        if not token.startswith("-"):
            return None
        index += 1
    return None


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
    if args.demo:
        if args.database_url:
            parser.error(_("--demo and --database-url name two databases: give one"))
        from privacy_desk.storage.db import demo_url

        args.database_url = demo_url()
    if args.command is None:
        from privacy_desk.app import run

        return run(database_url=args.database_url, language=args.lang, demo=args.demo)
    try:
        try:
            return int(args.handler(args))
        finally:
            end_sessions()
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
