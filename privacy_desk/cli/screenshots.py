"""`privacy-desk screenshots`: a PNG of each main screen."""

from __future__ import annotations

import argparse
from pathlib import Path

from privacy_desk.cli.common import Commands
from privacy_desk.i18n import LANGUAGES, _


def register(commands: Commands) -> None:
    shots = commands.add_parser("screenshots", help=_("save a PNG of each main screen"))
    shots.set_defaults(handler=run)
    shots.add_argument("--out", required=True, type=Path, metavar="DIR")
    shots.add_argument("--lang", dest="shot_lang", choices=list(LANGUAGES), default="en")


def run(args: argparse.Namespace) -> int:
    from privacy_desk.ui.screenshots import take_screenshots

    for path in take_screenshots(args.out, language=args.shot_lang):
        print(path)
    return 0
