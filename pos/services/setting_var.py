"""A setting declared once (key, default, label, parser, check), and the check of text settings
printed on receipts and labels. The settings themselves are in pos.services.settings."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from pos.core.errors import PosError
from pos.core.text import has_control_chars
from pos.i18n import _

T = TypeVar("T")


@dataclass(frozen=True)
class SettingVar(Generic[T]):
    """A setting declared once: key, default, label, parser and check."""

    key: str
    default: T
    label: str  # English source text; translate with _() when shown
    parse: Callable[[str], T]
    validate: Callable[[T], None] | None = None

    def read(self, raw: str | None) -> T:
        if raw is None:
            return self.default
        try:
            return self.parse(raw)
        except (TypeError, ValueError):
            return self.default


def range_check(low: int, high: int, message: str) -> Callable[[int], None]:
    """A check for a number setting: from low to high, else `message` (marked with N_())."""

    def check(value: int) -> None:
        if not low <= value <= high:
            raise PosError(_(message))

    return check


def number_setting(
    key: str, default: int, label: str, low: int, high: int, message: str
) -> SettingVar[int]:
    """A whole-number setting from low to high; `message` (marked with N_()) says so."""
    return SettingVar(key, default, label, int, range_check(low, high, message))


def text_check(
    label: str, max_chars: int, max_lines: int = 1, required: bool = False
) -> Callable[[str], None]:
    """A check for a text setting printed on receipts and labels: bounded, no control chars."""

    def check(text: str) -> None:
        name = _(label)
        if required and not text.strip():
            raise PosError(_("{setting} cannot be empty.").format(setting=name))
        if len(text) > max_chars:
            raise PosError(
                _("{setting} is longer than {n} characters.").format(setting=name, n=max_chars)
            )
        if text.count("\n") >= max_lines:
            raise PosError(
                _("{setting} has more than {n} lines.").format(setting=name, n=max_lines)
                if max_lines > 1
                else _("{setting} must be one line.").format(setting=name)
            )
        if has_control_chars(text.replace("\n", " ")):
            raise PosError(
                _("{setting} cannot contain control characters (such as NUL or tab).").format(
                    setting=name
                )
            )

    return check


def text_setting(
    key: str, default: str, label: str, max_chars: int, max_lines: int = 1, required: bool = False
) -> SettingVar[str]:
    """A text setting printed on receipts and labels, checked by text_check under its own label."""
    return SettingVar(key, default, label, str, text_check(label, max_chars, max_lines, required))
