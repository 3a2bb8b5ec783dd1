"""`pos --help` and the subcommands' help speak the interface's language, argparse's words too."""

import subprocess
import sys

from pos.cli import _language_asked


def _help(*args: str) -> str:
    out = subprocess.run(
        [sys.executable, "-m", "pos", *args], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def test_help_is_indonesian_by_default() -> None:
    text = _help("--help")
    assert text.startswith("penggunaan: pos")
    for words in ("argumen posisi:", "opsi:", "buat atau perbarui basis data", "tampilkan bantuan"):
        assert words in text
    assert "usage:" not in text and "create or upgrade" not in text


def test_a_subcommands_help_is_translated_too() -> None:
    text = _help("order", "--help")
    assert text.startswith("penggunaan: pos order")
    assert "terima pesanan; mencetak nomornya" in text


def test_lang_en_gives_english_help() -> None:
    text = _help("--lang", "en", "catalog", "--help")
    assert text.startswith("usage: pos catalog")
    assert "add and update products from XLSX or CSV" in text and "options:" in text


def test_a_usage_error_is_worded_in_the_language() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "pos", "report", "day", "--date", "1-1-2020"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 2
    assert "galat:" in out.stderr and "bukan tanggal (YYYY-MM-DD)" in out.stderr


def test_the_language_is_read_from_the_global_options_only() -> None:
    assert _language_asked(["--lang", "en", "--help"]) == "en"
    assert _language_asked(["--db", "x.db", "--lang=en", "user", "list"]) == "en"
    assert _language_asked(["user", "add", "--lang", "en"]) is None
    assert _language_asked(["--lang"]) is None
