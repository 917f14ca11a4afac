"""`privacy-desk report`: the monthly and fiscal-year figures, as CSV or a printable PDF."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from privacy_desk.cli.common import CommandError, Commands, acting_user, context, whole_number
from privacy_desk.i18n import LANGUAGES, _, language

FORMATS = ("csv", "pdf")


def _month(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{4})-(\d{2})", text.strip())
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise argparse.ArgumentTypeError(
            _("'{text}' is not a month written as YYYY-MM, e.g. 2026-11").format(text=text)
        )
    return int(match.group(1)), int(match.group(2))


def register(commands: Commands) -> None:
    report = commands.add_parser("report", help=_("figures for the board (supervisors)"))
    report.set_defaults(handler=run)
    kinds = report.add_subparsers(dest="report_command", metavar="PERIOD", required=True)
    monthly = kinds.add_parser("monthly", help=_("one month's figures"))
    monthly.add_argument("--month", required=True, type=_month, metavar="YYYY-MM")
    fiscal = kinds.add_parser(
        "fiscal-year", help=_("a fiscal year's figures (April to March of the next year)")
    )
    fiscal.add_argument(
        "--year", required=True, type=whole_number(2000), metavar="YYYY", help=_("its April's year")
    )
    for parser in (monthly, fiscal):
        parser.add_argument(
            "--office", metavar="CODE", help=_("one office (by its code); without it, both")
        )
        parser.add_argument("--format", required=True, choices=FORMATS)
        parser.add_argument("--out", required=True, type=Path, metavar="FILE")
        parser.add_argument(
            "--report-lang",
            choices=list(LANGUAGES),
            default=None,
            help=_("the report's language (default: the command's)"),
        )


def run(args: argparse.Namespace) -> int:
    from privacy_desk.services.reports import EXPORTS, Period, ReportService

    if args.report_command == "monthly":
        period = Period.month(*args.month)
    else:
        if args.year > 9998:
            raise CommandError(_("The year must be written with four digits."))
        period = Period.fiscal_year(args.year)
    lang = args.report_lang or language()
    ctx = context(args)
    report = ReportService(ctx, acting_user(args, ctx)).report(period, args.office, lang)
    data = EXPORTS[args.format](report, lang)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(data)
    print(_("Wrote {path} ({size:,} bytes).").format(path=args.out, size=len(data)))
    return 0
