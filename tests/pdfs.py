"""The text of a PDF the tests made: as pypdf reads its first page, or as a person reads the
whole document (pdftotext -layout, runs of white space made one space)."""

import io
import subprocess
import tempfile
from pathlib import Path

from pypdf import PdfReader


def first_page(pdf: bytes) -> str:
    return PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def layout_text(pdf: bytes | Path) -> str:
    if isinstance(pdf, Path):
        return _pdftotext(pdf)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.pdf"
        path.write_bytes(pdf)
        return _pdftotext(path)


def _pdftotext(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return " ".join(out.stdout.split())
