"""`privacy-desk import-email FILE.eml…`: one new intake case per saved email.

Each file is its own case and its own transaction: a refused file (not an email, truncated, too
large, no sender) prints one line saying why and changes nothing, and the others go on. The exit
code is 0 when every file became a case, 2 when any was refused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from privacy_desk.cli.common import Commands, acting_user, context
from privacy_desk.domain.errors import DomainError
from privacy_desk.domain.vocabulary import RequestKind
from privacy_desk.i18n import _, label, ngettext

REFUSED = 2
# A file larger than this is not read at all (the parser's own limit is below it).
READ_LIMIT = 64 * 1024 * 1024


def register(commands: Commands) -> None:
    parser = commands.add_parser(
        "import-email", help=_("make a new intake case from each saved email (.eml)")
    )
    parser.set_defaults(handler=run)
    parser.add_argument("files", nargs="+", metavar="FILE.eml", help=_("saved email files"))
    parser.add_argument(
        "--kind",
        choices=[kind.value for kind in RequestKind],
        default=RequestKind.INQUIRY.value,
        help=_("the kind of request the cases are logged as (default: inquiry)"),
    )
    parser.add_argument(
        "--letter-language",
        choices=["ja", "en"],
        default="ja",
        help=_("the language of the cases' letters (default: ja)"),
    )


def run(args: argparse.Namespace) -> int:
    from privacy_desk.services.cases import CaseService

    ctx = context(args)
    service = CaseService(ctx, acting_user(args, ctx))
    kinds = (RequestKind(args.kind),)
    refused = 0
    for name in args.files:
        path = Path(name)
        try:
            raw = _read(path)
            made = service.intake_email(raw, kinds, args.letter_language)
        except DomainError as exc:
            refused += 1
            # The file's own name, as typed: never its folders (they may name a person).
            print(
                _("{file}: refused: {why}").format(file=path.name, why=exc.message),
                file=sys.stderr,
            )
            continue
        print(
            _("{file}: {reference} ({kind}; {kept})").format(
                file=path.name,
                reference=made.case.reference,
                kind=label(kinds[0]),
                kept=ngettext("{n} file kept", "{n} files kept", made.files_kept).format(
                    n=made.files_kept
                ),
            )
        )
        for notice in made.notices:
            print(f"  {notice}")
        requester = made.case.requester
        earlier = [
            found.reference
            for found in service.similar_cases(name=requester.name, email=requester.email)
            if found.case_id != made.case.id
        ]
        if earlier:
            print(
                "  "
                + _("Earlier cases of the same sender, to link in the case: {references}").format(
                    references=", ".join(dict.fromkeys(earlier))
                )
            )
    made_count = len(args.files) - refused
    print(
        ngettext("{n} case made", "{n} cases made", made_count).format(n=made_count)
        + "; "
        + ngettext("{n} file refused.", "{n} files refused.", refused).format(n=refused)
    )
    return REFUSED if refused else 0


def _read(path: Path) -> bytes:
    from privacy_desk.services.mail import MailRefused

    try:
        if path.stat().st_size > READ_LIMIT:
            raise MailRefused(_("The file is too large to be an email."))
        return path.read_bytes()
    except FileNotFoundError:
        raise MailRefused(_("There is no such file.")) from None
    except IsADirectoryError:
        raise MailRefused(_("This is a folder, not a file.")) from None
    except OSError:
        raise MailRefused(_("The file could not be read.")) from None
