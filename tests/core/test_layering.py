"""The core must stay pure: importing it pulls in neither Qt nor SQLAlchemy."""

import subprocess
import sys

CHECK = """
import sys
import pos.core.money, pos.core.money_entry, pos.core.barcodes, pos.core.cart, pos.core.errors, pos.core.text
import pos.core.permissions, pos.core.pins
import pos.printing.receipt, pos.printing.receipt_data, pos.printing.labels, pos.printing.shift_report
bad = [m for m in sys.modules if m.split('.')[0] in ('PySide6', 'sqlalchemy', 'shiboken6')]
print(','.join(bad))
"""


def test_core_imports_neither_qt_nor_sqlalchemy() -> None:
    out = subprocess.run([sys.executable, "-c", CHECK], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_services_do_not_import_qt() -> None:
    code = (
        "import sys, pos.services.sales, pos.services.catalog, pos.services.receipts, "
        "pos.services.reports, pos.services.setup, pos.cli\n"
        "print(','.join(m for m in sys.modules if m.startswith('PySide6')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
