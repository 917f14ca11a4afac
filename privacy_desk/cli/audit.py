"""`privacy-desk audit`: the audit trail."""

from __future__ import annotations

import argparse

from privacy_desk.cli.common import Commands, acting_user, context
from privacy_desk.i18n import _


def register(commands: Commands) -> None:
    audit_cmd = commands.add_parser("audit", help=_("the audit trail"))
    audit_cmd.set_defaults(handler=run)
    audit_commands = audit_cmd.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    audit_commands.add_parser("verify", help=_("check that the audit trail was not tampered with"))


def run(args: argparse.Namespace) -> int:
    from privacy_desk.storage import audit

    ctx = context(args)
    acting_user(args, ctx)  # the trail names who did what: only after a log-in
    with ctx.db.session() as session:
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
