"""`privacy-desk user`: the office's users."""

from __future__ import annotations

import argparse
import sys

from privacy_desk.cli.common import CommandError, Commands, acting_user, context
from privacy_desk.domain.vocabulary import UserRole
from privacy_desk.i18n import _

ROLE_NAMES = UserRole.choices()


def register(commands: Commands) -> None:
    user = commands.add_parser("user", help=_("manage users"))
    user.set_defaults(handler=run)
    user_commands = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = user_commands.add_parser("add", help=_("add a user (the password is read from stdin)"))
    add.add_argument("login")
    add.add_argument("--name", required=True, help=_("the user's full name"))
    add.add_argument("--role", required=True, choices=ROLE_NAMES)
    add.add_argument(
        "--password-stdin",
        action="store_true",
        required=True,
        help=_("read the password from stdin"),
    )
    user_commands.add_parser("list", help=_("list users"))


def run(args: argparse.Namespace) -> int:
    from privacy_desk.services.users import (
        AdminService,
        create_first_admin,
        has_users,
        list_users,
    )

    ctx = context(args)
    if args.user_command == "list":
        for user in list_users(ctx, acting_user(args, ctx)):
            state = "" if user.active else _(" (inactive)")
            print(f"{user.login}\t{user.role.value}\t{user.name}{state}")
        return 0
    role = UserRole.parse(args.role)
    if not has_users(ctx):
        # The one command that needs no log-in: the first administrator of a new database
        # (audited as first-run), as the application's first start does.
        if role is not UserRole.ADMIN:
            raise CommandError(
                _("this database has no users yet: the first user must be an administrator")
            )
        user = create_first_admin(ctx, args.login, args.name, _read_new_password())
    else:
        admin = acting_user(args, ctx)
        user = AdminService(ctx, admin).add_user(args.login, args.name, role, _read_new_password())
    print(_("Added {role} {login}.").format(role=user.role.value, login=user.login))
    return 0


def _read_new_password() -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise CommandError(_("no password on standard input"))
    return password
