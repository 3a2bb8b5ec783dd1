import subprocess
import sys
from pathlib import Path

import pytest

from pos.i18n import _, set_language

ROOT = Path(__file__).resolve().parent.parent


def test_every_string_is_translated_and_compiled() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "i18n.py"), "check"], capture_output=True, text=True
    )
    assert out.returncode == 0, out.stdout


def test_switching_language() -> None:
    set_language("id")
    assert _("The cart is empty.") == "Keranjang masih kosong."
    set_language("en")
    assert _("The cart is empty.") == "The cart is empty."
    with pytest.raises(ValueError):
        set_language("fr")
