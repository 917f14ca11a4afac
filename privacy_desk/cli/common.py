"""What every sub-command shares: the clock, the database context, the acting user, JSON output.

A sub-command module registers its parser with ``register(commands)`` and sets ``handler`` to a
function ``(args) -> int``; :mod:`privacy_desk.cli` collects them.
"""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from privacy_desk.i18n import _

PROG = "privacy-desk"
ENV_TODAY = "PRIVACY_DESK_TODAY"

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


def acting_user(args: argparse.Namespace, ctx: Any) -> Any:
    """Who a sub-command acts as, on the database of ``ctx`` (see :func:`context`)."""
    from privacy_desk.services.base import Actor

    return Actor.operating_system()
