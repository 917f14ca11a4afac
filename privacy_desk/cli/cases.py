"""`privacy-desk cases`: read cases, for administrators and scripts."""

from __future__ import annotations

import argparse
import json
from datetime import datetime
from typing import Any

from privacy_desk.cli.common import (
    Commands,
    acting_user,
    context,
    print_json,
    to_json,
    whole_number,
)
from privacy_desk.domain.vocabulary import Queue
from privacy_desk.i18n import _, label

# The command line writes values with dashes ("due-soon"); the enums store underscores.
QUEUE_NAMES = Queue.choices()


def register(commands: Commands) -> None:
    cases = commands.add_parser("cases", help=_("read cases (for administrators and scripts)"))
    cases.set_defaults(handler=run)
    case_commands = cases.add_subparsers(dest="cases_command", metavar="ACTION", required=True)
    listing = case_commands.add_parser("list", help=_("list the cases of a queue"))
    listing.add_argument("--queue", choices=QUEUE_NAMES, default="all-open")
    listing.add_argument("--search", default="", metavar="TEXT")
    listing.add_argument("--limit", type=whole_number(1), default=50, metavar="N")
    listing.add_argument("--json", action="store_true")
    show = case_commands.add_parser("show", help=_("show one case in full"))
    show.add_argument("reference", metavar="REF")
    show.add_argument("--json", action="store_true")


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


def run(args: argparse.Namespace) -> int:
    if args.cases_command == "list":
        return _list(args)
    return _show(args)


def _list(args: argparse.Namespace) -> int:
    from privacy_desk.domain.calendar import JST
    from privacy_desk.services.dto import QueueFilter
    from privacy_desk.services.queues import QueueService

    queue = Queue.parse(args.queue)
    ctx = context(args)
    page = QueueService(ctx, acting_user(args, ctx)).list(
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


def _show(args: argparse.Namespace) -> int:
    from privacy_desk.domain.calendar import JST
    from privacy_desk.services.cases import CaseService

    ctx = context(args)
    detail = CaseService(ctx, acting_user(args, ctx)).get_by_reference(args.reference)
    if args.json:
        data = to_json(detail)
        for key in ("requester", "subject"):
            data[key]["birth_date"] = data[key].get("birth_date")
        data["kinds"] = [k.value for k in detail.kinds]
        print_json(data)
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
