"""The kuitansi PDF read back with pdftotext: the amount in figures and in words for many
amounts, the order, paid so far and balance, on A5 and A4."""

import random
import re
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from pdfs import layout_text

from pos.core.money import format_rupiah
from pos.core.terbilang import terbilang
from pos.printing.kuitansi import PAGES, render_kuitansi
from pos.printing.kuitansi_data import KuitansiData, KuitansiItem, KuitansiMethod

MM = 72 / 25.4


def _data(amount: int, paper: str = "A5", **kw) -> KuitansiData:  # type: ignore[no-untyped-def]
    values = dict(
        doc_no="JBR01-KW-2026-0007",
        kind="payment",
        stand_name="Lapak Karya WBP Jember",
        stand_address="Jl. PB Sudirman No. 13\nJember",
        place="Jember",
        created_at=datetime(2026, 11, 27, 10, 15),
        customer="SD Negeri 3 Jember",
        phone="0812-3456-7890",
        order_no="JBR01-PO-2026-0003",
        order_total=999_999_999_999,
        amount=amount,
        amount_words=terbilang(amount),
        paid_so_far=amount,
        balance=999_999_999_999 - amount,
        cashier="Sari",
        items=[KuitansiItem("Kursi Jati Minimalis", 40, 850_000, 34_000_000)],
        methods=[KuitansiMethod("Tunai", amount)],
        paper=paper,
    )
    values.update(kw)
    return KuitansiData(**values)  # type: ignore[arg-type]


def _page_size(pdf: bytes, tmp_path: Path) -> tuple[float, float]:
    path = tmp_path / "k.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    found = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info.stdout)
    assert found is not None
    return float(found[1]) / MM, float(found[2]) / MM


AMOUNTS = [1, 10, 11, 100, 1_000, 1_001_000, 10_000_000, 34_000_000, 999_999_999_999] + [
    random.Random(7).randint(1, 999_999_999_999) for _ in range(25)
]


@pytest.mark.parametrize("amount", AMOUNTS)
def test_amount_in_figures_and_words_read_back(amount: int, tmp_path: Path) -> None:
    text = layout_text(render_kuitansi(_data(amount)))
    assert format_rupiah(amount) in text
    assert f"Terbilang: {terbilang(amount)}" in text


@pytest.mark.parametrize("paper", ["A5", "A4"])
def test_paper_order_paid_and_signatures(paper: str, tmp_path: Path) -> None:
    pdf = render_kuitansi(_data(10_000_000, paper, order_total=34_000_000, balance=24_000_000))
    width, height = _page_size(pdf, tmp_path)
    expected = PAGES[paper]
    assert (round(width), round(height)) == (round(expected[0] / MM), round(expected[1] / MM))
    text = layout_text(pdf)
    for part in (
        "KUITANSI", "JBR01-KW-2026-0007", "SD Negeri 3 Jember", "Terbilang: Sepuluh juta rupiah",
        "JBR01-PO-2026-0003", "40 x Kursi Jati Minimalis", "Rp34.000.000", "Rp24.000.000",
        "Jember, 27 November 2026", "Hormat kami", "Diterima oleh", "Sari", "Uang muka (DP)",
    ):  # fmt: skip
        assert part in text, part


def test_many_items_are_summed_up_not_spilled(tmp_path: Path) -> None:
    items = [KuitansiItem(f"Meja {n}", 1, 1_000, 1_000) for n in range(30)]
    text = layout_text(render_kuitansi(_data(5_000, items=items)))
    assert "Meja 0" in text and "Meja 29" not in text and "27 barang lainnya" in text


def test_refund_says_paid_back(tmp_path: Path) -> None:
    pdf = render_kuitansi(_data(2_000_000, kind="refund", balance=0, paid_so_far=0))
    text = layout_text(pdf)
    assert "Dikembalikan kepada" in text and "Terbilang: Dua juta rupiah" in text
