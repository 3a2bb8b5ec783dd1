"""Keep the translations in step with the code (needs the test extra: Babel).

python scripts/i18n.py update   extract every _()/N_() string from pos/ (and the label templates'
                                titles) into the .po files,
                                keeping existing translations, then compile the .mo files
python scripts/i18n.py check    exit 1 if a string has no translation or a .mo is stale

A .mo is stale when its messages differ from the .po's, not its bytes: Babel releases write the
same catalog with different bytes (the Generated-By header, the order of the hash table).
"""

import io
import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ROOT / "resources" / "translations"
LANGUAGES = ("id",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def extract() -> Catalog:
    template = Catalog(project="Lapak", charset="utf-8")
    # The label templates' titles (their JSON stays English; LabelTemplate.shown_title).
    for path in sorted((ROOT / "resources" / "labels").glob("*.json")):
        title = json.loads(path.read_text(encoding="utf-8")).get("title")
        if title:
            template.add(title, None, [(f"resources/labels/{path.name}", 1)])
    for filename, lineno, message, comments, context in extract_from_dir(
        str(ROOT / "pos"), method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        template.add(
            message, None, [(f"pos/{filename}", lineno)], auto_comments=comments, context=context
        )
    return template


def po_path(lang: str) -> Path:
    return LOCALES / lang / "LC_MESSAGES" / "lapak.po"


def load(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, project="Lapak", charset="utf-8")
    with path.open("rb") as f:
        return read_po(f, locale=lang)


def compiled(catalog: Catalog) -> bytes:
    buf = io.BytesIO()
    write_mo(buf, catalog)
    return buf.getvalue()


def messages(catalog: Catalog) -> dict[object, object]:
    """What a compiled catalog answers: (context, msgid) -> msgstr for every usable translation,
    plus its plural rule. Fuzzy and empty translations are left out, as write_mo leaves them."""
    found: dict[object, object] = {"Plural-Forms": catalog.plural_forms}
    for message in catalog:
        # Plurals: read_po gives tuples, read_mo lists.
        msgid = tuple(message.id) if isinstance(message.id, list | tuple) else message.id
        if isinstance(message.string, list | tuple):
            string: object = tuple(message.string)
            forms = tuple(message.string)
        else:
            string = message.string
            forms = (message.string,)
        if msgid and all(forms) and not message.fuzzy:
            found[(message.context, msgid)] = string
    return found


def mo_problem(catalog: Catalog, mo: Path) -> str | None:
    """Why `mo` is not `catalog` compiled, or None when it answers every message the same."""
    if not mo.exists():
        return f"{mo.name} is missing"
    with mo.open("rb") as f:
        try:
            compiled_messages = messages(read_mo(f))
        except Exception as e:  # a truncated or foreign file: babel raises plain errors
            return f"{mo.name} cannot be read ({e})"
    wanted = messages(catalog)
    if compiled_messages == wanted:
        return None
    differ = sorted(
        str(key[1] if isinstance(key, tuple) else key)
        for key in wanted.keys() | compiled_messages.keys()
        if wanted.get(key) != compiled_messages.get(key)
    )
    return f"{mo.name} is stale ({len(differ)} messages differ, e.g. {differ[0]!r})"


def update() -> None:
    template = extract()
    for lang in LANGUAGES:
        catalog = load(lang)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        path = po_path(lang)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            write_po(f, catalog, width=100, omit_header=False, sort_output=True)
        mo = path.with_suffix(".mo")
        if mo_problem(catalog, mo):  # same messages: keep the bytes, whichever Babel wrote them
            mo.write_bytes(compiled(catalog))
        missing = [
            m.id
            for m in catalog
            if m.id and not all(m.string if isinstance(m.string, tuple) else (m.string,))
        ]
        print(f"{lang}: {len(catalog)} strings, {len(missing)} untranslated")
        for message_id in missing:
            print(f"  missing: {message_id!r}")


def problems() -> list[str]:
    found = []
    template = extract()
    for lang in LANGUAGES:
        catalog = load(lang)
        for message in template:
            if not message.id:
                continue
            translated = catalog.get(message.id)
            strings = translated.string if translated is not None else ""
            forms = strings if isinstance(strings, tuple) else (strings,)
            if not all(forms):
                found.append(f"{lang}: no translation for {message.id!r}")
            elif translated is not None and translated.fuzzy:
                found.append(f"{lang}: the translation of {message.id!r} is marked fuzzy")
        stale = mo_problem(catalog, po_path(lang).with_suffix(".mo"))
        if stale:
            found.append(f"{lang}: {stale}; run python scripts/i18n.py update")
    return found


if __name__ == "__main__":
    if sys.argv[1:] == ["update"]:
        update()
    elif sys.argv[1:] == ["check"]:
        issues = problems()
        print("\n".join(issues) or "translations complete")
        sys.exit(1 if issues else 0)
    else:
        print(__doc__)
        sys.exit(2)
