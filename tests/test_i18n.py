import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from babel.messages.pofile import read_po

from pos.i18n import _, set_language

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "resources" / "translations" / "id" / "LC_MESSAGES" / "lapak.po"


def test_every_string_is_translated_and_compiled() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "i18n.py"), "check"], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout


@pytest.fixture(scope="module")
def i18n() -> ModuleType:
    """scripts/i18n.py, imported as a module."""
    spec = importlib.util.spec_from_file_location("i18n_script", ROOT / "scripts" / "i18n.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_same_messages_in_other_bytes_are_compiled(i18n: ModuleType, tmp_path: Path) -> None:
    catalog = i18n.load("id")
    mo = tmp_path / "lapak.mo"
    mo.write_bytes(i18n.compiled(catalog))
    assert i18n.mo_problem(catalog, mo) is None
    catalog.project = "Lapak by another Babel"  # a different header, so different bytes
    other = i18n.compiled(catalog)
    assert other != mo.read_bytes()
    mo.write_bytes(other)
    assert i18n.mo_problem(catalog, mo) is None


def test_a_mo_with_other_messages_is_stale(i18n: ModuleType, tmp_path: Path) -> None:
    catalog = i18n.load("id")
    mo = tmp_path / "lapak.mo"
    assert i18n.mo_problem(catalog, mo) == "lapak.mo is missing"
    mo.write_bytes(b"not a catalog")
    assert "cannot be read" in (i18n.mo_problem(catalog, mo) or "")
    mo.write_bytes(i18n.compiled(catalog))
    catalog["The cart is empty."].string = "Keranjang kosong."
    assert "stale (1 messages differ, e.g. 'The cart is empty.')" in i18n.mo_problem(catalog, mo)
    catalog["The cart is empty."].string = "Keranjang masih kosong."
    catalog.add("A brand new string", "Kalimat baru")
    assert "A brand new string" in (i18n.mo_problem(catalog, mo) or "")


def test_the_check_fails_on_an_untranslated_string(
    i18n: ModuleType, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with PO.open("rb") as f:
        catalog = read_po(f, locale="id")
    catalog["The cart is empty."].string = ""
    folder = tmp_path / "id" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    shutil.copy(PO.with_suffix(".mo"), folder / "lapak.mo")
    with (folder / "lapak.po").open("wb") as f:
        i18n.write_po(f, catalog)
    monkeypatch.setattr(i18n, "LOCALES", tmp_path)
    found = i18n.problems()
    assert "id: no translation for 'The cart is empty.'" in found
    assert any("lapak.mo is stale" in problem for problem in found)


def test_switching_language() -> None:
    set_language("id")
    assert _("The cart is empty.") == "Keranjang masih kosong."
    set_language("en")
    assert _("The cart is empty.") == "The cart is empty."
    with pytest.raises(ValueError):
        set_language("fr")


def test_a_document_in_another_language_leaves_the_ui_alone() -> None:
    import threading

    from pos.i18n import current_language, in_language

    set_language("en")
    seen: list[str] = []
    with in_language("id"):
        assert _("The cart is empty.") == "Keranjang masih kosong."
        # Another thread (the UI while a receipt renders in a worker) keeps the UI's language.
        worker = threading.Thread(target=lambda: seen.append(_("The cart is empty.")))
        worker.start()
        worker.join()
        with in_language("en"):
            assert _("The cart is empty.") == "The cart is empty."
        assert _("The cart is empty.") == "Keranjang masih kosong."
    assert seen == ["The cart is empty."]
    assert _("The cart is empty.") == "The cart is empty."
    assert current_language() == "en"
    with pytest.raises(ValueError), in_language("fr"):
        pass
