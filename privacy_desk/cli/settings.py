"""`privacy-desk settings show | set KEY VALUE`: the office settings, for administrators.

`show` lists every setting page by page (as the Administration › Settings screen groups them),
each with its address, its meaning and its current value; `--json` prints the same as one object.
`set` changes one setting or one item of a mapping (`letterhead.organisation_ja`,
`target_business_days.disclosure`): VALUE is read as JSON when it is JSON (10, true, "text",
{"disclosure": 12}), else as text; a text setting takes the words as typed (an account number
"0123456" stays a text). A refusal says why, changes nothing and exits with 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from privacy_desk.cli.common import Commands, acting_user, context, print_json
from privacy_desk.domain.errors import DomainError
from privacy_desk.i18n import _

REFUSED = 2  # the exit code of a refused change


def register(commands: Commands) -> None:
    settings = commands.add_parser("settings", help=_("show or change the office settings"))
    settings.set_defaults(handler=run)
    actions = settings.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    show = actions.add_parser(
        "show", help=_("list every setting by page, with its meaning and current value")
    )
    show.add_argument("--json", action="store_true", help=_("print one JSON object"))
    set_parser = actions.add_parser(
        "set",
        help=_(
            "change one setting, or one item of it (letterhead.organisation_ja, "
            "target_business_days.disclosure)"
        ),
    )
    set_parser.add_argument("key", metavar="KEY")
    set_parser.add_argument(
        "value", metavar="VALUE", help=_('JSON when it is JSON (10, true, "text"), else text')
    )


def _shown(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def run(args: argparse.Namespace) -> int:
    from privacy_desk.services import settings_pages
    from privacy_desk.services.users import AdminService, read_settings

    ctx = context(args)
    actor = acting_user(args, ctx)
    if args.settings_command == "show":
        plain = read_settings(ctx, actor).plain()
        pages: list[dict[str, Any]] = [
            {
                "page": group.name,
                "title": _(group.title),
                "settings": [
                    {
                        "key": field.address,
                        "description": settings_pages.words(field),
                        "value": settings_pages.value_at(plain, field.address),
                    }
                    for field in settings_pages.fields(group)
                ],
            }
            for group in settings_pages.groups()
        ]
        if args.json:
            print_json(pages)
            return 0
        for number, page in enumerate(pages):
            if number:
                print()
            print(f"[{page['title']}]")
            for item in page["settings"]:
                print(f"{item['key']} = {_shown(item['value'])}")
                print(f"    {item['description']}")
        return 0
    try:
        before = read_settings(ctx, actor).plain()
        old = settings_pages.value_at(before, args.key)
        value = _value(args.value, old)
        AdminService(ctx, actor).set_setting(args.key, value)
    except DomainError as exc:
        print(_("{key}: refused: {problem}").format(key=args.key, problem=exc), file=sys.stderr)
        print(_("Nothing was changed."), file=sys.stderr)
        return REFUSED
    new = settings_pages.value_at(read_settings(ctx, actor).plain(), args.key)
    if new == old:
        print(_("{key} is unchanged: {value}").format(key=args.key, value=_shown(new)))
    else:
        print(_("{key}: {old} → {new}").format(key=args.key, old=_shown(old), new=_shown(new)))
    return 0


def _value(text: str, current: Any) -> Any:
    """JSON when the text is JSON, else the text; a text setting takes the text as typed."""
    try:
        value = json.loads(text)
    except ValueError:
        return text
    if isinstance(current, str) and not isinstance(value, str):
        return text
    return value
