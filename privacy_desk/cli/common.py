"""What every sub-command shares: the clock, the database context, the acting user, JSON output.

A sub-command module registers its parser with ``register(commands)`` and sets ``handler`` to a
function ``(args) -> int``; :mod:`privacy_desk.cli` collects them.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from privacy_desk.i18n import _

PROG = "privacy-desk"
ENV_TODAY = "PRIVACY_DESK_TODAY"
ENV_USER = "PRIVACY_DESK_USER"
ENV_PASSWORD = "PRIVACY_DESK_PASSWORD"

Handler = Callable[[argparse.Namespace], int]
# The sub-parsers' collection that ``register`` functions add to.
Commands = Any


class CommandError(Exception):
    """A mistake on the command line, explained in words."""


def whole_number(minimum: int) -> Callable[[str], int]:
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


def iso_date(text: str) -> date:
    """An argparse type: a date like 2026-12-28."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a date like 2026-12-28").format(text=text)
        ) from None


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
    if isinstance(value, set | frozenset):
        return sorted(to_json(v) for v in value)
    return value


def print_json(value: Any) -> None:
    print(json.dumps(to_json(value), ensure_ascii=False, indent=2))


def clock() -> datetime:
    """Now, for every sub-command: the one clock the command reads.

    ``PRIVACY_DESK_TODAY`` pins it for tests and demonstrations, so that nothing a command
    prints depends on the day it runs: a date (2026-11-24, taken as 12:00 Japan time) or an
    ISO 8601 moment (naive means Japan time). Without it, the system clock.
    """
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


def context(args: argparse.Namespace, *, create: bool = False) -> Any:
    """The services' context on the database the command was given.

    A database that is not there is refused (a mistyped path or URL), unless `create`: only
    `db upgrade` makes one.
    """
    from privacy_desk.services.base import Context
    from privacy_desk.storage.db import connect

    # The module's clock, looked up at each call, so a test may replace it.
    return Context(connect(args.database_url, create=create), clock=lambda: clock())


# The sessions this command opened, ended when it ends (see :func:`end_sessions`).
_opened: list[tuple[Any, Any]] = []


def acting_user(args: argparse.Namespace, ctx: Any) -> Any:
    """Log in on the database of ``ctx`` (see :func:`context`): the Actor the command acts as.

    The login is ``--user`` or ``PRIVACY_DESK_USER``; the password ``PRIVACY_DESK_PASSWORD``,
    else asked without echo when standard input is a terminal, else a CommandError. A wrong
    login or password is the services' LoginFailed, audited, in the same words for both. A user
    whose password an administrator reset is refused here, told how to choose a new one.
    """
    actor, _password = log_in(args, ctx)
    if actor.must_change_password:
        raise CommandError(
            _(
                "your password was reset by an administrator: choose a new one first with "
                "`{prog} --user {login} user password` (the current password as for any "
                "command, the new one on standard input or at the prompt)"
            ).format(prog=PROG, login=actor.login)
        )
    return actor


def log_in(args: argparse.Namespace, ctx: Any) -> tuple[Any, str]:
    """The log-in of :func:`acting_user`, also for a user who must change their password: the
    Actor and the password it was given (for `user password`, which checks it again)."""
    from privacy_desk.services.users import authenticate

    login = (getattr(args, "user", None) or os.environ.get(ENV_USER, "")).strip()
    if not login:
        raise CommandError(
            _(
                "this command needs a log-in: give --user LOGIN (or set {variable}) and the "
                "password in {password_variable} or at the prompt"
            ).format(variable=ENV_USER, password_variable=ENV_PASSWORD)
        )
    password = os.environ.get(ENV_PASSWORD, "")
    if not password:
        if not sys.stdin.isatty():
            raise CommandError(
                _(
                    "no password: set {variable}, or run the command in a terminal to be asked "
                    "for it"
                ).format(variable=ENV_PASSWORD)
            )
        password = getpass.getpass(_("Password for {login}: ").format(login=login))
    actor = authenticate(ctx, login, password)
    _opened.append((ctx, actor))
    return actor, password


def end_sessions() -> None:
    """Log out of every session this command opened (the command is over)."""
    from privacy_desk.services.users import log_out

    while _opened:
        ctx, actor = _opened.pop()
        log_out(ctx, actor)
