"""The argparse parser of `pos` and its subcommands, in the interface's language."""

import argparse
import sys
from typing import Any, NoReturn

from pos.i18n import _


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, its "usage:" in the interface's language."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An argparse parser (and its subcommands') that speaks the interface's language.

    argparse words its own texts through gettext's global domain, not ours: the usage prefix,
    section titles, -h and the error line are given here (its other error texts stay English).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        for action in self._actions:
            if "-h" in action.option_strings:
                action.help = _("show this help message and exit")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        line = _("{prog}: error: {message}").format(prog=self.prog, message=message)
        self.exit(2, line + "\n")
