"""`privacy-desk audit`: check the audit trail (`verify`), anchor its head outside (`anchor`)."""

from __future__ import annotations

import argparse
from typing import Any

from privacy_desk.cli.common import Commands, acting_user, context
from privacy_desk.i18n import _, ngettext


def register(commands: Commands) -> None:
    audit_cmd = commands.add_parser("audit", help=_("the audit trail"))
    audit_cmd.set_defaults(handler=run)
    audit_commands = audit_cmd.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    audit_commands.add_parser(
        "verify",
        help=_(
            "check the audit trail: its chain, its anchor outside the database, and every case "
            "and user against its last audited state"
        ),
    )
    audit_commands.add_parser(
        "anchor", help=_("write the audit trail's head to its anchor file outside the database")
    )
    folder = audit_commands.add_parser(
        "anchor-folder",
        help=_("show the folder of the anchor files, or set it (administrators; audited)"),
    )
    folder.add_argument(
        "folder", nargs="?", help=_("the folder's full path; an empty text for the default")
    )


def run(args: argparse.Namespace) -> int:
    if args.audit_command == "anchor":
        return anchor(args)
    if args.audit_command == "anchor-folder":
        return anchor_folder(args)
    return verify(args)


def anchor(args: argparse.Namespace) -> int:
    from privacy_desk.services import audit_trail

    ctx = context(args)
    acting_user(args, ctx)  # the anchor is written by someone logged in
    written = audit_trail.write_anchor(ctx)
    if written.refused is not None:
        print(
            _(
                "Not anchored: the audit trail no longer matches its anchor file {path}. Run "
                "`privacy-desk audit verify` to see where."
            ).format(path=written.path)
        )
        return 1
    print(
        _("Anchored the audit trail at entry {number:,} in {path} ({lines:,} new lines).").format(
            number=written.number, path=written.path, lines=written.lines
        )
    )
    return 0


def anchor_folder(args: argparse.Namespace) -> int:
    from privacy_desk.services import audit_trail
    from privacy_desk.services.users import AdminService

    ctx = context(args)
    if args.folder is not None:
        AdminService(ctx, acting_user(args, ctx)).set_setting("audit_anchor_folder", args.folder)
    with ctx.db.session() as session:
        print(
            _("The audit trail's anchor files are kept in {folder}.").format(
                folder=audit_trail.anchor_folder(session)
            )
        )
    return 0


def chain_problem(problem: Any, number: int | None, row_id: int | None, anchored: int) -> str:
    """The first place the chain went wrong, in words."""
    from privacy_desk.storage.audit import Problem

    if number is None:
        return _(
            "The entry stored in row {id} is damaged: its number and perhaps more of its values "
            "can not be read."
        ).format(id=row_id)
    where = f"{number:,}"
    texts = {
        Problem.ALTERED: _(
            "Entry {entry} was altered: its content does not match its hash or the entry before it."
        ),
        Problem.REMOVED: _("Entry {entry} was removed: the numbers jump over it."),
        Problem.INSERTED: _("Entry {entry} was inserted: its number repeats or is out of order."),
        Problem.DAMAGED: _("Entry {entry} is damaged: one of its values can not be read."),
        Problem.CUT: _(
            "The audit trail was cut: the entries from {entry} on are missing (the anchor "
            "recorded {anchored:,})."
        ),
        Problem.EMPTIED: _(
            "Every entry of the audit trail was deleted (the anchor recorded {anchored:,})."
        ),
        Problem.REWRITTEN: _(
            "Entry {entry} differs from the anchor written outside the database: the trail was "
            "rewritten from this entry on (an entry altered, removed or inserted and the hashes "
            "worked out again)."
        ),
    }
    return texts[problem].format(entry=where, anchored=anchored)


def verify(args: argparse.Namespace) -> int:
    from privacy_desk.services import audit_trail

    # No log-in: a log-in writes to the trail being checked, and the trail, the case references
    # and the staff logins it names hold no one's personal data.
    report = audit_trail.verify(context(args))
    chain, anchored = report.chain, report.anchor
    latest = anchored.latest if anchored is not None else None
    if chain.intact:
        print(_("The audit trail is intact: {n:,} entries.").format(n=chain.entries))
    else:
        print(_("The audit trail was changed."))
        print(
            chain_problem(
                chain.problem, chain.number, chain.broken_at, latest.number if latest else 0
            )
        )
    if anchored is None:
        print(_("The database has lost its identity row: it can not be checked against anchors."))
    elif latest is None:
        print(
            _(
                "No anchor yet for this database in {folder}: run `privacy-desk audit anchor` (the "
                "desk writes one when it starts and closes)."
            ).format(folder=anchored.path.parent)
        )
    else:
        print(
            _("Checked against the anchor {path}: last anchored entry {number:,} at {at}.").format(
                path=anchored.path, number=latest.number, at=latest.at
            )
        )
    if anchored is not None and anchored.damaged_lines:
        print(
            _(
                "The anchor file has lines that can not be read or contradict another: {lines}."
            ).format(lines=", ".join(str(n) for n in anchored.damaged_lines))
        )
    case_texts = {
        "changed": _(
            "Case {case} differs from its last audited state: it was changed outside the "
            "application."
        ),
        "no history": _("Case {case} has no audit history."),
        "unreadable": _("Case {case} has rows that can not be read."),
    }
    user_texts = {
        "changed": _(
            "User {user} differs from its last audited state: it was changed outside the "
            "application."
        ),
        "no history": _("User {user} has no audit history."),
        "unreadable": _("User {user} has a row that can not be read."),
    }
    for drift in report.cases:
        print(case_texts[drift.reason].format(case=drift.label))
    for drift in report.users:
        print(user_texts[drift.reason].format(user=drift.label))
    if not report.cases and not report.users:
        print(_("Every case and user matches its last audited state."))
    if report.unsealed:
        print(
            ngettext(
                "{n:,} case or user was last changed before states were audited; it is checked "
                "from its next change.",
                "{n:,} cases or users were last changed before states were audited; they are "
                "checked from their next change.",
                report.unsealed,
            ).format(n=report.unsealed)
        )
    return 0 if report.intact else 1
