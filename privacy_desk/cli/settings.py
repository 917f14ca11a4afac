"""`privacy-desk settings show | set KEY VALUE`: the office settings, for administrators.

`show` lists every setting page by page (as the Administration › Settings screen groups them),
each with its address, its meaning and its current value; `--json` prints the same as one object.
`set` changes one setting or one item of a mapping (`letterhead.organisation_ja`,
`target_business_days.disclosure`): VALUE is read as JSON when it is JSON (10, true, "text",
{"disclosure": 12}), else as text; a text setting takes the words as typed (an account number
"0123456" stays a text). A refusal says why, changes nothing and exits with 2.

The offices' letterhead data (services/offices.py) come last, as `offices.CODE.ITEM`
(`offices.naha.tel`): `show` lists each office's items, `set offices.naha.tel VALUE` changes one,
audited old → new as the Settings screen's Offices page does; VALUE is always a text.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from privacy_desk.cli.common import Commands, acting_user, context, print_json
from privacy_desk.domain.errors import DomainError
from privacy_desk.i18n import _, language

REFUSED = 2  # the exit code of a refused change
OFFICES = "offices"  # the first part of an office item's address: offices.naha.tel


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
            "target_business_days.disclosure), or an office's item (offices.naha.tel)"
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
        pages.append(_office_page(ctx, actor))
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
    if args.key.split(".")[0] == OFFICES:
        return _set_office_item(ctx, actor, args.key, args.value)
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


def _office_page(ctx: Any, actor: Any) -> dict[str, Any]:
    """Every office's letterhead items, as a page of `settings show`."""
    from privacy_desk.services.offices import EDITABLE, list_offices

    return {
        "page": OFFICES,
        "title": _("Offices"),
        "settings": [
            {
                "key": f"{OFFICES}.{office.code}.{item}",
                "description": _("{what}, {office}").format(
                    what=_(what), office=office.name(language())
                ),
                "value": getattr(office, item),
            }
            for office in list_offices(ctx, actor)
            for item, (what, _limit) in EDITABLE.items()
        ],
    }


def _set_office_item(ctx: Any, actor: Any, key: str, value: str) -> int:
    """`settings set offices.CODE.ITEM VALUE`: one office's item, through the offices service."""
    from privacy_desk.services.offices import EDITABLE, OfficeService, list_offices

    def refused(problem: object) -> int:
        print(_("{key}: refused: {problem}").format(key=key, problem=problem), file=sys.stderr)
        print(_("Nothing was changed."), file=sys.stderr)
        return REFUSED

    parts = [part.strip().lower() for part in key.split(".")]
    try:
        offices = {office.code: office for office in list_offices(ctx, actor)}
    except DomainError as exc:
        return refused(exc)
    codes = ", ".join(offices)
    if len(parts) != 3 or parts[1] not in offices:
        return refused(
            _("an office's item is named offices.CODE.ITEM; the offices are: {codes}.").format(
                codes=codes
            )
            if len(parts) != 3
            else _("there is no office {code}; the offices are: {codes}.").format(
                code=parts[1], codes=codes
            )
        )
    code, item = parts[1], parts[2]
    if item not in EDITABLE:
        return refused(
            _("an office has no item {item}; its items are: {items}.").format(
                item=item, items=", ".join(EDITABLE)
            )
        )
    old = getattr(offices[code], item)
    try:
        new = getattr(OfficeService(ctx, actor).update_office(code, {item: value}), item)
    except DomainError as exc:
        return refused(exc)
    if new == old:
        print(_("{key} is unchanged: {value}").format(key=key, value=_shown(new)))
    else:
        print(_("{key}: {old} → {new}").format(key=key, old=_shown(old), new=_shown(new)))
    return 0
