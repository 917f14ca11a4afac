"""`privacy-desk retention run`: purge the closed cases past their retention period.

Without --apply it is a dry run: it lists the cases that would go, by reference and closing day
(never a name), and changes nothing. With --apply it purges them (see services/retention.py for
what happens to each table) and says how many went.
"""

from __future__ import annotations

import argparse

from privacy_desk.cli.common import Commands, acting_user, context, print_json
from privacy_desk.i18n import _, label, ngettext


def register(commands: Commands) -> None:
    retention = commands.add_parser(
        "retention", help=_("purge closed cases past their retention period")
    )
    retention.set_defaults(handler=run)
    actions = retention.add_subparsers(dest="retention_command", metavar="ACTION", required=True)
    run_parser = actions.add_parser(
        "run",
        help=_(
            "list the closed cases past their retention period (a dry run); with --apply, "
            "purge them"
        ),
    )
    run_parser.add_argument(
        "--apply", action="store_true", help=_("purge them (without it nothing is changed)")
    )
    run_parser.add_argument("--json", action="store_true", help=_("print one JSON object"))


def run(args: argparse.Namespace) -> int:
    from privacy_desk.services.retention import (
        RetentionService,
        persons_text,
        purge_text,
    )

    ctx = context(args)
    service = RetentionService(ctx, acting_user(args, ctx))
    plan = service.review()
    if not args.apply:
        if args.json:
            print_json(plan)
            return 0
        for item in plan.items:
            kinds = ", ".join(label(kind) for kind in item.kinds)
            print(
                _("{reference}\tclosed {closed}\tkept until {until}\t{kinds}").format(
                    reference=item.reference,
                    closed=item.closed_on.isoformat(),
                    until=item.kept_until.isoformat(),
                    kinds=kinds,
                )
            )
        print(
            ngettext(
                "{n} closed case is past its retention period.",
                "{n} closed cases are past their retention period.",
                len(plan.items),
            ).format(n=len(plan.items))
        )
        if plan.items:
            print(
                _("Nothing was changed (a dry run). With --apply they are purged.")
                + " "
                + persons_text(plan)
            )
        if plan.identity_scans:
            print(
                ngettext(
                    "{n} scan of an identity document is past its kept days: deleted with "
                    "--apply (its record stays).",
                    "{n} scans of identity documents are past their kept days: deleted with "
                    "--apply (their records stay).",
                    plan.identity_scans,
                ).format(n=plan.identity_scans)
            )
        return 0
    result = service.apply([item.case_id for item in plan.items])
    if args.json:
        print_json(result)
        return 0
    for reference in result.references:
        print(_("Purged {reference}").format(reference=reference))
    print(purge_text(result))
    return 0
