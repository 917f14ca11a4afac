"""`privacy-desk letter`: render a letter for a case."""

from __future__ import annotations

import argparse
from pathlib import Path

from privacy_desk.cli.common import Commands, acting_user, context
from privacy_desk.i18n import _
from privacy_desk.letters.context import LANGUAGES as LETTER_LANGUAGES
from privacy_desk.letters.context import LetterKind

LETTER_KINDS = [kind.value.replace("_", "-") for kind in LetterKind]


def register(commands: Commands) -> None:
    letter = commands.add_parser("letter", help=_("letters"))
    letter.set_defaults(handler=run)
    letter_commands = letter.add_subparsers(dest="letter_command", metavar="ACTION", required=True)
    render = letter_commands.add_parser("render", help=_("render (not issue) a letter for a case"))
    render.add_argument("reference", metavar="REF")
    render.add_argument("--kind", required=True, choices=LETTER_KINDS)
    render.add_argument("--lang", dest="letter_lang", choices=list(LETTER_LANGUAGES), default=None)
    render.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    render.add_argument(
        "--signed-by",
        default="",
        metavar="LOGIN",
        help=_("the user named as the person in charge (default: the case's owner)"),
    )


def run(args: argparse.Namespace) -> int:
    from privacy_desk.services.letters import LetterService

    ctx = context(args)
    pdf = LetterService(ctx, acting_user(args, ctx)).render_for_reference(
        args.reference, LetterKind(args.kind.replace("-", "_")), args.letter_lang, args.signed_by
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(pdf)
    print(_("Wrote {path} ({size:,} bytes).").format(path=args.out, size=len(pdf)))
    return 0
