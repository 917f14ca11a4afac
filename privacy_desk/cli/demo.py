"""`privacy-desk demo-data`: invented cases to try the desk on."""

from __future__ import annotations

import argparse
import sys

from privacy_desk.cli.common import Commands, acting_user, context, whole_number
from privacy_desk.i18n import _


def register(commands: Commands) -> None:
    demo = commands.add_parser("demo-data", help=_("add invented demo cases"))
    demo.set_defaults(handler=run)
    demo.add_argument("--cases", type=whole_number(1), required=True, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")


def run(args: argparse.Namespace) -> int:
    import time

    from privacy_desk.services.demo import DEMO_PASSWORD, DEMO_USERS, DemoService

    ctx = context(args)
    started = time.perf_counter()

    def report(done: int, total: int) -> bool:
        if sys.stderr.isatty():
            progress = _("{done:,} / {total:,} cases").format(done=done, total=total)
            print(f"\r{progress}", end="", file=sys.stderr, flush=True)
        return True

    made = DemoService(ctx, acting_user(args, ctx)).generate(args.cases, args.seed, report)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    seconds = time.perf_counter() - started
    logins = ", ".join(f"{login} ({role.value})" for login, _name, role in DEMO_USERS)
    print(_("Added {n:,} demo cases in {seconds:.1f} s.").format(n=made, seconds=seconds))
    print(
        _("Demo users: {logins}; password '{password}'.").format(
            logins=logins, password=DEMO_PASSWORD
        )
    )
    return 0
