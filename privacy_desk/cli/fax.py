"""`privacy-desk import-folder [FOLDER]`: one pass over the watched fax folder.

For a scheduled task (or a desk with no window open): each new scan becomes an inbox item once,
claimed in the database by its SHA-256 and name, then moved into the folder's `imported`
subfolder; a file that is no readable scan goes to `refused`. Safe beside desks watching the
same folder. Exit code 0, or 2 when any file was refused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from privacy_desk.cli.common import CommandError, Commands, acting_user, context
from privacy_desk.i18n import _, ngettext

REFUSED = 2


def register(commands: Commands) -> None:
    parser = commands.add_parser(
        "import-folder",
        help=_("import new fax scans from the watched folder once (for a scheduled task)"),
    )
    parser.set_defaults(handler=run)
    parser.add_argument(
        "folder",
        nargs="?",
        metavar="FOLDER",
        help=_("the folder (default: the office setting inbox_folder)"),
    )
    parser.add_argument(
        "--settle-seconds",
        type=float,
        default=2.0,
        help=_("leave files changed less than this long ago for the next pass (default: 2)"),
    )


def run(args: argparse.Namespace) -> int:
    from privacy_desk.services.inbox import InboxService, folder_of_setting, import_folder

    ctx = context(args)
    service = InboxService(ctx, acting_user(args, ctx))
    folder = Path(args.folder) if args.folder else folder_of_setting(service)
    if folder is None:
        raise CommandError(
            _("No folder given, and the office setting inbox_folder is empty (not watched).")
        )
    done = import_folder(service, folder, args.settle_seconds)
    for name in done.imported:
        print(_("{file}: imported into the fax inbox").format(file=name))
    for name in done.already:
        print(_("{file}: imported before, moved aside").format(file=name))
    for name, why in done.refused:
        print(_("{file}: refused: {why}").format(file=name, why=why), file=sys.stderr)
    print(
        ngettext(
            "{n} new fax in the inbox.", "{n} new faxes in the inbox.", len(done.imported)
        ).format(n=len(done.imported))
    )
    return REFUSED if done.refused else 0
