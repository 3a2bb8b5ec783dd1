"""The argparse parser of `pos` and its subcommands, in the interface's language."""

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NoReturn

from pos import i18n
from pos.i18n import N_, _

# argparse's own texts, word for word as Python 3.11's argparse asks gettext for them: listed
# here so that they are extracted and translated with ours (gettext's global domain, which
# argparse uses, has no Indonesian). One argparse does not have is simply not translated.
ARGPARSE_TEXTS = (
    N_("the following arguments are required: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unrecognized arguments: %s"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("unexpected option string: %s"),
    N_("can't open '%(filename)s': %(error)s"),
)


def _argparse_text(message: str) -> str:
    return i18n._(message)


@contextmanager
def _argparse_in_our_language() -> Iterator[None]:
    """While parsing, argparse's module-level gettext functions are ours (then put back)."""
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = _argparse_text  # type: ignore[attr-defined]
    argparse.ngettext = i18n.ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help layout, its "usage:" in the interface's language."""

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, _("usage: ") if prefix is None else prefix)


class Parser(argparse.ArgumentParser):
    """An argparse parser (and its subcommands') that speaks the interface's language.

    argparse words its own texts through gettext's global domain, not ours: the usage prefix,
    section titles, -h and the error line are given here, and its error texts (ARGPARSE_TEXTS)
    go through our catalog while it parses.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title = _("positional arguments")
        self._optionals.title = _("options")
        for action in self._actions:
            if "-h" in action.option_strings:
                action.help = _("show this help message and exit")

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> argparse.Namespace:
        with _argparse_in_our_language():
            return super().parse_args(args, namespace)

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: argparse.Namespace | None = None
    ) -> tuple[argparse.Namespace, list[str]]:
        with _argparse_in_our_language():
            return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        line = _("{prog}: error: {message}").format(prog=self.prog, message=message)
        self.exit(2, line + "\n")
