"""PDFs to a printer the system knows (CUPS, through `lp`), always at the document's own
page size: a receipt at the roll's width and its own length, a label sheet at the template's
size. Left to itself a queue prints on its default paper (A4), which on a roll printer feeds
a page of blank paper after every receipt."""

import re

from pos.printing.escpos_transport import run_lp

DEFAULT_TIMEOUT = 10.0
_PT_PER_MM = 72 / 25.4
_MEDIABOX = re.compile(rb"/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]")
_NAMED = {(210, 297): "A4", (148, 210): "A5", (216, 279): "Letter"}


def page_size_mm(pdf: bytes) -> tuple[float, float]:
    """Width and height of the first page of `pdf` (as reportlab writes it), in mm."""
    match = _MEDIABOX.search(pdf)
    if match is None:
        raise ValueError("no /MediaBox in the PDF")
    x0, y0, x1, y1 = (float(v) for v in match.groups())
    return (round((x1 - x0) / _PT_PER_MM, 2), round((y1 - y0) / _PT_PER_MM, 2))


def media_option(width_mm: float, height_mm: float) -> str:
    """The CUPS `media` value for a page: a standard name when it is one, else a custom size."""
    named = _NAMED.get((round(width_mm), round(height_mm)))
    if named is not None and abs(width_mm - round(width_mm)) < 0.6:
        return named
    return f"Custom.{width_mm:.2f}x{height_mm:.2f}mm"


def print_pdf(
    queue: str,
    pdf: bytes,
    page_mm: tuple[float, float] | None = None,
    *,
    copies: int = 1,
    title: str = "Lapak",
    timeout: float = DEFAULT_TIMEOUT,
    fit: bool = False,
) -> str:
    """Queue `pdf` on `queue`, `copies` times, on paper of `page_mm` (default: the PDF's
    first page), scaled to fill it with `fit`; returns the job id. PrinterError when the
    queue refuses it."""
    width, height = page_mm if page_mm is not None else page_size_mm(pdf)
    args = [
        "-d",
        queue,
        "-n",
        str(max(1, copies)),
        "-t",
        title,
        "-o",
        f"media={media_option(width, height)}",
        # The page is already the paper's size: no scaling, no centring on other paper.
        "-o",
        "print-scaling=fit" if fit else "print-scaling=none",
    ]
    return run_lp(args, pdf, timeout, queue)
