"""`pos user ...` and `pos init --admin-pin`: the stand's users from the command line.

The command line acts as the stand's admin (whoever can run it can read the database file).
A PIN given as `-` is read from the first line of stdin, so it stays out of `ps` and history.
"""

import argparse
import json
import sys
from typing import Any

from pos.core.errors import PosError
from pos.core.permissions import ROLES
from pos.i18n import _

ROLE_METAVAR = "|".join(ROLES)


def add_parser(sub: Any) -> None:
    user = sub.add_parser("user", help=_("the stand's users and their PINs"))
    actions = user.add_subparsers(dest="user_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help=_("add a user"))
    add.add_argument("name")
    add.add_argument("--role", required=True, metavar=ROLE_METAVAR)
    add.add_argument(
        "--pin", required=True, help=_("4-8 digits, unique at the stand; - reads stdin")
    )
    listing = actions.add_parser("list", help=_("every user, role and whether they have a PIN"))
    listing.add_argument("--json", action="store_true")
    set_pin = actions.add_parser("set-pin", help=_("give a user a new PIN"))
    set_pin.add_argument("name")
    set_pin.add_argument("--pin", required=True, help=_("4-8 digits; - reads stdin"))
    set_role = actions.add_parser("set-role", help=_("change a user's role"))
    set_role.add_argument("name")
    set_role.add_argument("--role", required=True, metavar=ROLE_METAVAR)
    actions.add_parser("deactivate", help=_("a user who may no longer log in")).add_argument("name")
    actions.add_parser("activate", help=_("let a deactivated user log in again")).add_argument(
        "name"
    )
    actions.add_parser("unlock", help=_("lift a login lockout after wrong PINs"))


def add_init_options(init: argparse.ArgumentParser) -> None:
    init.add_argument("--admin-pin", metavar="PIN", help=_("the first admin's PIN (4-8 digits)"))


def _pin(text: str) -> str:
    if text == "-":
        return sys.stdin.readline().strip()
    return text


def run_init(db: Any, args: argparse.Namespace) -> None:
    """`pos init --admin-pin PIN`: the first admin's PIN, only while no admin has one."""
    from pos.services import users

    if args.admin_pin is None:
        return
    admin = users.set_first_admin_pin(db, _pin(args.admin_pin))
    print(_("{name} (admin) can now log in with the PIN given.").format(name=admin.name))


def run(db: Any, args: argparse.Namespace) -> int:
    from pos.services import login, users
    from pos.services.auth import role_label, system_actor

    command = args.user_command
    if command == "list":
        rows = users.list_users(db)
        if args.json:
            out = [
                {"name": u.name, "role": u.role, "active": u.active, "has_pin": u.has_pin}
                for u in rows
            ]
            print(json.dumps(out, ensure_ascii=False, indent=1))
            return 0
        for u in rows:
            flags = [] if u.active else [_("inactive")]
            if not u.has_pin:
                flags.append(_("no PIN"))
            extra = f"  ({', '.join(flags)})" if flags else ""
            print(f"{u.name:<24} {role_label(u.role)}{extra}")
        return 0
    admin = system_actor(db)
    if command == "unlock":
        login.unlock(db, admin)
        print(_("The login is unlocked."))
        return 0
    if command == "add":
        users.add_user(db, admin, args.name, args.role, _pin(args.pin))
        print(_("User {name} added.").format(name=" ".join(args.name.split())))
        return 0
    user = users.find_user(db, args.name)
    if command == "set-pin":
        users.set_pin(db, admin, user.id, _pin(args.pin))
        message = _("New PIN set for {name}.")
    elif command == "set-role":
        users.set_role(db, admin, user.id, args.role)
        message = _("{name} now has the role {role}.")
    elif command == "deactivate":
        users.set_active(db, admin, user.id, False)
        message = _("{name} can no longer log in.")
    elif command == "activate":
        users.set_active(db, admin, user.id, True)
        message = _("{name} can log in again.")
    else:  # pragma: no cover - argparse allows only the actions above
        raise PosError(command)
    print(message.format(name=user.name, role=role_label(getattr(args, "role", ""))))
    return 0
