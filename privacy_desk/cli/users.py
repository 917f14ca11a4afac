"""`privacy-desk user`: the office's users (list, add, disable, enable, set-role, reset-password,
unlock) and `user password`, a user choosing their own new password.

Users are named by their login; passwords are read from standard input (or asked without echo
in a terminal), never taken as arguments, which other users of the machine could see.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from privacy_desk.cli.common import (
    PROG,
    CommandError,
    Commands,
    acting_user,
    clock,
    context,
    log_in,
    print_json,
)
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
    _register_set_office(user_commands)
    listing = user_commands.add_parser(
        "list", help=_("list users: role, active, last log-in, failed log-ins, locked until")
    )
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    for name, text in (
        ("disable", _("disable a user: they can no longer log in (nothing is deleted)")),
        ("enable", _("enable a disabled user again")),
        ("unlock", _("unlock an account locked after failed log-ins")),
        (
            "reset-password",
            _(
                "give a user a temporary password (read from stdin); they must choose a new "
                "one at their next log-in"
            ),
        ),
    ):
        command = user_commands.add_parser(name, help=text)
        command.add_argument("login")
    set_role = user_commands.add_parser("set-role", help=_("give a user another role"))
    set_role.add_argument("login")
    set_role.add_argument("role", choices=ROLE_NAMES)
    user_commands.add_parser(
        "password",
        help=_(
            "choose a new password for yourself (the user logged in); the new one is read "
            "from stdin, or asked twice in a terminal"
        ),
    )


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
    from privacy_desk.services.users import AdminService

    ctx = context(args)
    command = args.user_command
    if command == "set-office":
        return _set_office(args)
    if command == "add":
        return _add(args, ctx)
    if command == "password":
        return _change_own_password(args, ctx)
    admin = AdminService(ctx, acting_user(args, ctx))
    if command == "list":
        return _list(admin, args.json)
    user_id = _user_id(admin, args.login)
    if command in ("disable", "enable"):
        user = admin.set_active(user_id, command == "enable")
        print(
            _("{login} is enabled.").format(login=user.login)
            if user.active
            else _("{login} is disabled.").format(login=user.login)
        )
    elif command == "set-role":
        user = admin.set_role(user_id, UserRole.parse(args.role))
        print(_("{login} is now {role}.").format(login=user.login, role=user.role.value))
    elif command == "reset-password":
        account = admin.reset_password(user_id, _read_new_password())
        print(
            _(
                "The password of {login} was reset: they must choose a new one at their next "
                "log-in."
            ).format(login=account.login)
        )
    else:
        account = admin.unlock(user_id)
        print(_("{login} is unlocked.").format(login=account.login))
    return 0


def _add(args: argparse.Namespace, ctx: Any) -> int:
    from privacy_desk.services.users import AdminService, create_first_admin, has_users

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
        print(_("Added {role} {login}.").format(role=user.role.value, login=user.login))
        # The first start asks for the organisation's names and its first office; this does not.
        print(
            _(
                "The organisation's names and the offices still hold the shipped defaults: change "
                "them with {command} (and offices.tokyo.name_ja …; `settings show` lists them "
                "all), or in Administration › Office settings."
            ).format(command=f"{PROG} settings set letterhead.organisation_ja …")
        )
        return 0
    admin = acting_user(args, ctx)
    user = AdminService(ctx, admin).add_user(
        args.login, args.name, role, _read_new_password(), args.office
    )
    print(_("Added {role} {login}.").format(role=user.role.value, login=user.login))
    return 0


def _list(admin: Any, as_json: bool) -> int:
    from privacy_desk.domain.calendar import JST

    accounts = admin.accounts()
    if as_json:
        print_json(accounts)
        return 0
    now = clock()

    def moment(value: Any) -> str:
        return value.astimezone(JST).strftime("%Y-%m-%d %H:%M") if value is not None else "-"

    print(
        "\t".join(
            (
                _("LOGIN"),
                _("ROLE"),
                _("OFFICE"),
                _("ACTIVE"),
                _("LAST LOG-IN"),
                _("FAILED"),
                _("LOCKED UNTIL"),
                _("NAME"),
            )
        )
    )
    for account in accounts:
        state = _("yes") if account.active else _("no")
        if account.must_change_password:
            state += _(" (must change password)")
        locked = moment(account.locked_until) if account.locked(now) else "-"
        cells = (
            account.login,
            account.role.value,
            account.office_code,
            state,
            moment(account.last_login_at),
            str(account.failed_logins),
            locked,
            account.name,
        )
        print("\t".join(cells))
    return 0


def _user_id(admin: Any, login: str) -> int:
    wanted = login.strip().casefold()
    for account in admin.accounts():
        if account.login.casefold() == wanted:
            return int(account.id)
    raise CommandError(_("there is no user with the login '{login}'").format(login=login))


def _change_own_password(args: argparse.Namespace, ctx: Any) -> int:
    from privacy_desk.services.users import change_own_password

    actor, current = log_in(args, ctx)
    if sys.stdin.isatty():
        new = getpass.getpass(_("New password: "))
        if new != getpass.getpass(_("The new password again: ")):
            raise CommandError(_("the two new passwords differ; nothing was changed"))
    else:
        new = _read_new_password()
    change_own_password(ctx, actor, current, new)
    print(_("Your password was changed."))
    return 0


def _read_new_password() -> str:
    if sys.stdin.isatty():
        password = getpass.getpass(_("Password: "))
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    if not password:
        raise CommandError(_("no password on standard input"))
    return password
