"""Translations through gettext: source strings are English, Indonesian is the default language.

Pure Python (no Qt), so core, services, the CLI and the UI all translate the same way.
The catalogs live in resources/translations/<lang>/LC_MESSAGES/lapak.po (compiled to .mo).
"""

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

from pos.resources import resource_path

DOMAIN = "lapak"
LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}
DEFAULT_LANGUAGE = "id"

_translation: gettext.NullTranslations = gettext.NullTranslations()
_current = "en"
# Set inside `in_language()`: a document in another language than the UI (the receipt).
_document: ContextVar[gettext.NullTranslations | None] = ContextVar("document", default=None)
_document_language: ContextVar[str | None] = ContextVar("document_language", default=None)


@lru_cache(maxsize=len(LANGUAGES))
def _catalog(lang: str) -> gettext.NullTranslations:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    if lang == "en":
        return gettext.NullTranslations()
    return gettext.translation(
        DOMAIN, localedir=str(resource_path("translations")), languages=[lang], fallback=True
    )


def set_language(lang: str) -> None:
    """Switch every later `_()` call to `lang`; unknown languages fall back to English."""
    global _translation, _current
    _translation = _catalog(lang)
    _current = lang


def current_language() -> str:
    return _current


@contextmanager
def in_language(lang: str) -> Iterator[None]:
    """`_()` answers in `lang` inside the block, in this thread only (the UI keeps its own)."""
    token = _document.set(_catalog(lang))
    language = _document_language.set(lang)
    try:
        yield
    finally:
        _document_language.reset(language)
        _document.reset(token)


def active_language() -> str:
    """The language `_()` answers in here: a document's inside `in_language()`, else the UI's."""
    return _document_language.get() or _current


def _active() -> gettext.NullTranslations:
    document = _document.get()
    return _translation if document is None else document


def _(message: str) -> str:
    return _active().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active().ngettext(singular, plural, n)


set_language(DEFAULT_LANGUAGE)


def N_(message: str) -> str:
    """Mark a string for translation where it is defined; translate it with _() where shown."""
    return message
