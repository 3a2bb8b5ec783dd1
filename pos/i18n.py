"""Translations through gettext: source strings are English, Indonesian is the default language.

Pure Python (no Qt), so core, services, the CLI and the UI all translate the same way.
The catalogs live in resources/translations/<lang>/LC_MESSAGES/lapak.po (compiled to .mo).
"""

import gettext

from pos.resources import resource_path

DOMAIN = "lapak"
LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
DEFAULT_LANGUAGE = "id"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_current = "en"


def set_language(lang: str) -> None:
    """Switch every later `_()` call to `lang`; unknown languages fall back to English."""
    global _translation, _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    if lang == "en":
        _translation = gettext.NullTranslations()
    else:
        _translation = gettext.translation(
            DOMAIN, localedir=str(resource_path("translations")), languages=[lang], fallback=True
        )
    _current = lang


def current_language() -> str:
    return _current


def _(message: str) -> str:
    return _translation.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


set_language(DEFAULT_LANGUAGE)


def N_(message: str) -> str:
    """Mark a string for translation where it is defined; translate it with _() where shown."""
    return message
