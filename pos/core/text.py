"""Text helpers for search: case and accents ignored."""

import unicodedata


def search_key(text: str) -> str:
    """'Kué  NASTAR' -> 'kue nastar': what names are stored and searched as."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())
