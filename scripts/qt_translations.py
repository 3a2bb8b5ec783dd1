"""Our translations of Qt's own strings (standard buttons, file and print dialogs, menus).

Qt ships no qtbase_id.qm, so resources/translations/qtbase_<lang>.ts holds the Qt strings Lapak
shows, translated by us; edit it (by hand or in pyside6-linguist), then:

python scripts/qt_translations.py compile   build every qtbase_<lang>.qm with pyside6-lrelease
python scripts/qt_translations.py check     exit 1 if a string is untranslated or a .qm stale

A .qm is stale when it answers a message differently from its .ts (its bytes are not compared).
"""

import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "resources" / "translations"
COMPILE = "python scripts/qt_translations.py compile"


@dataclass(frozen=True)
class Message:
    """One Qt string: where Qt asks for it (context, disambiguation) and our translation."""

    context: str
    source: str
    comment: str
    translation: str
    finished: bool


def ts_files() -> list[Path]:
    return sorted(FOLDER.glob("qtbase_*.ts"))


def read_ts(path: Path) -> list[Message]:
    found = []
    for context in ET.parse(path).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type", "") if translation is not None else "unfinished"
            found.append(
                Message(
                    name,
                    message.findtext("source") or "",
                    message.findtext("comment") or "",
                    (translation.text or "") if translation is not None else "",
                    kind not in ("unfinished", "vanished", "obsolete"),
                )
            )
    return found


def lrelease() -> str:
    """Qt's lrelease, as PySide6-Essentials ships it inside the package (no system Qt needed)."""
    import PySide6

    found = Path(PySide6.__file__).with_name("lrelease")
    if not found.exists():
        raise SystemExit(f"{found} not found: is PySide6-Essentials installed?")
    return str(found)


def compile_all() -> None:
    for ts in ts_files():
        subprocess.run(
            [lrelease(), "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True
        )
        print(f"{ts.with_suffix('.qm').name}: {len(read_ts(ts))} strings")


def problems() -> list[str]:
    from PySide6.QtCore import QTranslator

    found = []
    for ts in ts_files():
        messages = read_ts(ts)
        found += [
            f"{ts.name}: no translation for {m.context} {m.source!r}"
            for m in messages
            if not (m.finished and m.translation)
        ]
        qm = ts.with_suffix(".qm")
        translator = QTranslator()
        if not translator.load(str(qm)):
            found.append(
                f"{qm.name} is missing or unreadable; run scripts/qt_translations.py compile"
            )
            continue
        stale = [
            m
            for m in messages
            if m.finished
            and translator.translate(m.context, m.source, m.comment or None) != m.translation
        ]
        if stale:
            found.append(
                f"{qm.name} is stale ({len(stale)} messages differ, e.g. {stale[0].source!r}); "
                f"run {COMPILE}"
            )
    return found


if __name__ == "__main__":
    if sys.argv[1:] == ["compile"]:
        compile_all()
    elif sys.argv[1:] == ["check"]:
        issues = problems()
        print("\n".join(issues) or "Qt translations complete")
        sys.exit(1 if issues else 0)
    else:
        print(__doc__)
        sys.exit(2)
