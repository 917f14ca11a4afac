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
    add.add_argument(
        "--office", metavar="CODE", help=_("the office the user works in (default: the first)")
    )
    user_commands.add_parser("list", help=_("list users"))
    _register_set_office(user_commands)


def _register_set_office(user_commands: argparse._SubParsersAction) -> None:
    set_office = user_commands.add_parser(
        "set-office", help=_("move a user to another office (their new cases are made there)")
    )
    set_office.add_argument("login")
    set_office.add_argument("office", metavar="CODE", help=_("the office's code (tokyo, naha)"))


def _set_office(args: argparse.Namespace) -> int:
    from privacy_desk.services.users import AdminService, list_users

    ctx = context(args)
    admin = acting_user(args, ctx)
    user = next((u for u in list_users(ctx, admin) if u.login == args.login), None)
    if user is None:
        raise CommandError(_("there is no user {login}").format(login=args.login))
    moved = AdminService(ctx, admin).set_user_office(user.id, args.office)
    print(
        _("{login} now works in office {office}.").format(
            login=moved.login, office=moved.office_code
        )
    )
    return 0


def run(args: argparse.Namespace) -> int:
    from privacy_desk.services.users import (
        AdminService,
        create_first_admin,
        has_users,
        list_users,
    )

    if args.user_command == "set-office":
        return _set_office(args)
    ctx = context(args)
    if args.user_command == "list":
        for user in list_users(ctx, acting_user(args, ctx)):
            state = "" if user.active else _(" (inactive)")
            print(f"{user.login}\t{user.role.value}\t{user.office_code}\t{user.name}{state}")
        return 0
    role = UserRole.parse(args.role)
    if not has_users(ctx):
        # The one command that needs no log-in: the first administrator of a new database
        # (audited as first-run), as the application's first start does.
        if role is not UserRole.ADMIN:
            raise CommandError(
                _("this database has no users yet: the first user must be an administrator")
            )
        if args.office:
            raise CommandError(
                _(
                    "the first administrator works in the first office; move them afterwards "
                    "with: user set-office LOGIN CODE"
                )
            )
        user = create_first_admin(ctx, args.login, args.name, _read_new_password())
    else:
        admin = acting_user(args, ctx)
        user = AdminService(ctx, admin).add_user(
            args.login, args.name, role, _read_new_password(), args.office
        )
    print(_("Added {role} {login}.").format(role=user.role.value, login=user.login))
    return 0


def _read_new_password() -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise CommandError(_("no password on standard input"))
    return password
