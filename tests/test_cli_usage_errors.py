"""argparse's own error texts (missing arguments, an unknown choice or option, a bad value) in
the interface's language: Indonesian by default, English with --lang en; exit code 2, no
traceback, and argparse's texts outside our parsing left as they were."""

import argparse
import subprocess
import sys

import pytest

from pos.cli import main
from pos.commands.parser import ARGPARSE_TEXTS
from pos.i18n import _, set_language

CASES = [
    (["catalog", "import"], "argumen berikut wajib diisi: file", "the following arguments are required: file"),
    (["report", "dayx"], "pilihan tidak dikenal: 'dayx'", "invalid choice: 'dayx'"),
    (["report", "day", "--bogus"], "argumen tidak dikenal: --bogus", "unrecognized arguments: --bogus"),
    (["labels", "--start", "x"], "argumen --start: nilai int tidak sah: 'x'", "argument --start: invalid int value: 'x'"),
    (["receipt", "X", "--out"], "argumen --out: perlu satu nilai", "argument --out: expected one argument"),
]  # fmt: skip


@pytest.mark.parametrize(("argv", "indonesian", "english"), CASES)
def test_usage_errors_speak_the_interface_language(argv, indonesian, english, capsys) -> None:  # type: ignore[no-untyped-def]
    for lang, wanted, unwanted in (("id", indonesian, english), ("en", english, indonesian)):
        with pytest.raises(SystemExit) as stopped:
            main(["--lang", lang, *argv])
        assert stopped.value.code == 2
        err = capsys.readouterr().err
        assert wanted in err and unwanted not in err, err
        assert ("penggunaan: pos" in err) == (lang == "id")
    set_language("id")
    with pytest.raises(SystemExit):
        main(argv)  # Indonesian without being asked
    assert indonesian in capsys.readouterr().err


def test_argparse_is_left_as_it_was_outside_our_parsing() -> None:
    before = argparse._  # type: ignore[attr-defined]
    with pytest.raises(SystemExit):
        main(["report", "dayx"])
    assert argparse._ is before  # type: ignore[attr-defined]
    assert argparse._("unrecognized arguments: %s") == "unrecognized arguments: %s"  # type: ignore[attr-defined]


def test_every_argparse_text_is_translated_with_its_placeholders() -> None:
    import re

    set_language("id")
    for text in ARGPARSE_TEXTS:
        translated = _(text)
        assert translated != text
        assert sorted(re.findall(r"%\(?\w*\)?[sr]", translated)) == sorted(
            re.findall(r"%\(?\w*\)?[sr]", text)
        )


def test_a_usage_error_from_the_command_is_one_exit_2_and_no_traceback() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "pos", "order", "pay"], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert "galat: argumen berikut wajib diisi" in out.stderr
