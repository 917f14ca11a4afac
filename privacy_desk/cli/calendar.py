"""`privacy-desk calendar`: the office's business calendar and its closure days."""

from __future__ import annotations

import argparse
import json
import os
from datetime import date, datetime
from pathlib import Path

from privacy_desk.cli.common import (
    CommandError,
    Commands,
    acting_user,
    context,
    iso_date,
    today,
    whole_number,
)
from privacy_desk.i18n import _


def register(commands: Commands) -> None:
    calendar = commands.add_parser("calendar", help=_("the office's business calendar"))
    calendar_commands = calendar.add_subparsers(
        dest="calendar_command", metavar="ACTION", required=True
    )
    due = calendar_commands.add_parser("due", help=_("the due date after N business days"))
    due.set_defaults(handler=run_due)
    due.add_argument(
        "--received",
        required=True,
        metavar="DATETIME",
        help=_("ISO 8601, e.g. 2026-09-18T18:30; without an offset it is Japan time"),
    )
    due.add_argument("--business-days", type=whole_number(0), required=True, metavar="N")
    due.add_argument(
        "--office",
        metavar="CODE",
        help=_(
            "count on this office's calendar (by its code, e.g. naha): its own closure days and "
            "those of every office; without it, only those of every office"
        ),
    )
    due.add_argument("--json", action="store_true", help=_("print one JSON object"))
    closures = calendar_commands.add_parser("closures", help=_("extra office closure days"))
    closures.set_defaults(handler=run_closures)
    closure_commands = closures.add_subparsers(
        dest="closures_command", metavar="ACTION", required=True
    )
    office_help = _("one office's code (e.g. naha); without it, every office")
    closure_add = closure_commands.add_parser("add", help=_("add a closure day"))
    closure_add.add_argument("date", type=iso_date, metavar="DATE")
    closure_add.add_argument("--reason", required=True)
    closure_add.add_argument("--office", metavar="CODE", help=office_help)
    closure_remove = closure_commands.add_parser("remove", help=_("remove a closure day"))
    closure_remove.add_argument("date", type=iso_date, metavar="DATE")
    closure_remove.add_argument("--office", metavar="CODE", help=office_help)
    closure_list = closure_commands.add_parser("list", help=_("list closure days"))
    closure_list.add_argument(
        "--office",
        metavar="CODE",
        help=_(
            "only the closure days that close this office (by its code): its own and those of "
            "every office; without it, every closure of every office"
        ),
    )


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


def run_due(args: argparse.Namespace) -> int:
    from privacy_desk.domain.calendar import JST, BusinessCalendar

    received = _parse_received(args.received)
    closures: dict[date, str] = {}
    if args.database_url or _database_exists():
        from privacy_desk.services.users import list_closures

        # An office's calendar, as its cases are counted: its closures and every office's.
        closures = dict(list_closures(context(args), args.office))
    elif args.office:
        raise CommandError(_("--office needs the database that holds the offices (--database-url)"))
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
    from privacy_desk.storage.db import ENV_URL, default_url

    if os.environ.get(ENV_URL):
        return True
    return Path(default_url().removeprefix("sqlite:///")).exists()


def run_closures(args: argparse.Namespace) -> int:
    from privacy_desk.services.calendar_view import list_closure_days
    from privacy_desk.services.users import AdminService

    ctx = context(args)
    if args.closures_command in ("add", "remove"):
        admin = AdminService(ctx, acting_user(args, ctx))
        if args.closures_command == "add":
            moved = admin.add_closure(args.date, args.reason, args.office)
            print(_("Added closure {day}.").format(day=args.date.isoformat()))
        else:
            moved = admin.remove_closure(args.date, args.office)
            print(_("Removed closure {day}.").format(day=args.date.isoformat()))
        if moved:
            print(
                _("Due dates moved ({n}): {references}").format(
                    n=len(moved), references=", ".join(moved)
                )
            )
        else:
            print(_("Due dates moved: none."))
        return 0
    for closure in list_closure_days(ctx, acting_user(args, ctx), args.office):
        office = closure.office_code or _("every office")
        print(f"{closure.day.isoformat()}\t{closure.reason}\t{office}")
    return 0
