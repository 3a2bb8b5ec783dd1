"""Helpers for the catalog import tests: files written as people and other programs write them."""

import sqlite3
from pathlib import Path
from typing import Any

import openpyxl


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    """As Excel would: openpyxl, shared strings, a string starting with = becomes a formula."""
    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_csv(path: Path, rows: list[list[Any]], sep: str = ",", encoding: str = "utf-8") -> Path:
    """Cells joined as they are (no quoting): what a hand-written CSV looks like."""
    text = "\n".join(sep.join("" if c is None else str(c) for c in row) for row in rows) + "\n"
    path.write_text(text, encoding=encoding)
    return path


def dump(db: Any) -> list[str]:
    """Every row of every table, as SQL: equal dumps mean nothing changed."""
    with sqlite3.connect(db.path) as conn:
        return list(conn.iterdump())
