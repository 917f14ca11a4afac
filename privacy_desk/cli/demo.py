"""`privacy-desk demo-data`: invented cases to try the desk on, only ever in a demo database.

A database with the office's own cases or users (besides the first administrator) is refused and
left as it was; an empty one, or one with its first administrator only, is marked a demo database
first. With `--demo`, the demo database of the data folder is made if need be, with its own demo
administrator, so no log-in is needed the first time.
"""

from __future__ import annotations

import argparse
import sys

from privacy_desk.cli.common import Commands, acting_user, context, whole_number
from privacy_desk.i18n import _


def register(commands: Commands) -> None:
    demo = commands.add_parser(
        "demo-data",
        help=_("add invented demo cases (only to an empty or a demo database, which it marks)"),
    )
    demo.set_defaults(handler=run)
    demo.add_argument("--cases", type=whole_number(1), required=True, metavar="N")
    demo.add_argument("--seed", type=int, default=1, metavar="S")


def run(args: argparse.Namespace) -> int:
    import time

    from privacy_desk.services.demo import (
        DEMO_ADMIN,
        DEMO_PASSWORD,
        DEMO_USERS,
        DemoService,
        set_up_demo_database,
    )
    from privacy_desk.services.users import has_users, log_out

    own_demo = bool(getattr(args, "demo", False))
    ctx = context(args, create=own_demo)
    started = time.perf_counter()

    def report(done: int, total: int) -> bool:
        if sys.stderr.isatty():
            progress = _("{done:,} / {total:,} cases").format(done=done, total=total)
            print(f"\r{progress}", end="", file=sys.stderr, flush=True)
        return True

    accounts = list(DEMO_USERS)
    if own_demo and not has_users(ctx):
        actor = set_up_demo_database(ctx)
        accounts.insert(0, DEMO_ADMIN)
        try:
            made = DemoService(ctx, actor).generate(args.cases, args.seed, report)
        finally:
            log_out(ctx, actor)
    else:
        made = DemoService(ctx, acting_user(args, ctx)).generate(args.cases, args.seed, report)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    seconds = time.perf_counter() - started
    logins = ", ".join(f"{login} ({role.value})" for login, _name, role in accounts)
    print(_("Added {n:,} demo cases in {seconds:.1f} s.").format(n=made, seconds=seconds))
    print(
        _("Demo users: {logins}; password '{password}'.").format(
            logins=logins, password=DEMO_PASSWORD
        )
    )
    return 0
