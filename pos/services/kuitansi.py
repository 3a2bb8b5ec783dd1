"""The kuitansi of an order payment (or of a DP paid back), built from the database and drawn as
a PDF; written again at any time from the stored rows, never from what a screen holds."""

from pathlib import Path

from pos.core.errors import NotFound
from pos.core.payments import method_label
from pos.core.terbilang import terbilang
from pos.db.session import Database, raw_cursor
from pos.i18n import _, in_language
from pos.printing.kuitansi_data import KuitansiData, KuitansiItem, KuitansiMethod
from pos.services import settings
from pos.services.order_data import load_order
from pos.services.receipts import write_file
from pos.services.setting_var import SettingVar, T
from pos.services.settings_orders import KUITANSI_PAPER, KUITANSI_PLACE


def kuitansi_data(db: Database, doc_no: str) -> KuitansiData:
    """What the kuitansi numbered `doc_no` shows (spaces and case in the number ignored)."""
    code = "".join(doc_no.split())[:40]
    with db.Session() as session:
        cursor = raw_cursor(session)
        found = cursor.execute(
            "SELECT p.doc_no, o.order_no, MIN(p.id) FROM order_payments p "
            "JOIN orders o ON o.id = p.order_id WHERE p.doc_no = ? COLLATE NOCASE "
            "GROUP BY p.doc_no",
            (code,),
        ).fetchone()
        if found is None:
            raise NotFound(_("There is no kuitansi {no}.").format(no=code))
        number, order_no, first_id = found
        order = load_order(cursor, order_no)
        settings_of = dict(
            cursor.execute(
                "SELECT key, value FROM settings WHERE key IN (?, ?, ?, ?, ?)",
                (
                    settings.STAND_NAME.key,
                    settings.STAND_ADDRESS.key,
                    settings.RECEIPT_LANGUAGE.key,
                    KUITANSI_PAPER.key,
                    KUITANSI_PLACE.key,
                ),
            ).fetchall()
        )
        # Paid so far counts every payment and refund up to and including this document.
        before = cursor.execute(
            "SELECT COALESCE(SUM(CASE kind WHEN 'payment' THEN amount ELSE -amount END), 0) "
            "FROM order_payments WHERE order_id = ? AND id < ?",
            (order.id, first_id),
        ).fetchone()[0]

    def value(var: SettingVar[T]) -> T:
        return var.read(settings_of.get(var.key))

    rows = [p for p in order.payments if p.doc_no == number]
    kind = rows[0].kind
    amount = sum(p.amount for p in rows)
    paid = int(before) + (amount if kind == "payment" else -amount)
    stand_name = value(settings.STAND_NAME)
    language = value(settings.RECEIPT_LANGUAGE)
    with in_language(language):
        methods = [
            KuitansiMethod(
                method_label(p.method),
                p.amount,
                " ".join(part for part in (p.bank, p.reference) if part) or None,
            )
            for p in rows
        ]
    return KuitansiData(
        doc_no=number,
        kind=kind,
        stand_name=stand_name,
        stand_address=value(settings.STAND_ADDRESS),
        place=value(KUITANSI_PLACE) or stand_name,
        created_at=rows[0].created_at,
        customer=order.customer,
        phone=order.phone,
        order_no=order.order_no,
        order_total=order.total,
        amount=amount,
        amount_words=terbilang(amount),
        paid_so_far=paid,
        balance=0 if kind == "refund" else order.total - paid,
        cashier=rows[0].cashier,
        items=[KuitansiItem(li.name, li.qty, li.unit_price, li.line_total) for li in order.lines],
        methods=methods,
        language=language,
        paper=value(KUITANSI_PAPER),
    )


def kuitansi_pdf(db: Database, doc_no: str, paper: str | None = None) -> bytes:
    """The kuitansi as PDF bytes, on the paper of the settings (or `paper`: A5, A4)."""
    from dataclasses import replace

    from pos.printing.kuitansi import render_kuitansi

    data = kuitansi_data(db, doc_no)
    if paper is not None:
        if KUITANSI_PAPER.validate is not None:
            KUITANSI_PAPER.validate(paper.upper())
        data = replace(data, paper=paper.upper())
    return render_kuitansi(data)


def save_kuitansi(db: Database, doc_no: str, path: Path, paper: str | None = None) -> Path:
    """Write the kuitansi's PDF to `path` (whole or not at all)."""
    return write_file(path, kuitansi_pdf(db, doc_no, paper))


def kuitansi_folder(db: Database) -> Path:
    """kuitansi/ beside the database, like receipts/ and reports/."""
    return Path(db.path).parent / "kuitansi"


def keep_kuitansi(db: Database, doc_no: str) -> Path:
    """Write the kuitansi to kuitansi/<YYYY-MM>/<NO>.pdf beside the database; returns the path."""
    data = kuitansi_data(db, doc_no)
    from pos.printing.kuitansi import render_kuitansi

    month = data.created_at.strftime("%Y-%m")
    return write_file(kuitansi_folder(db) / month / f"{data.doc_no}.pdf", render_kuitansi(data))


def print_kuitansi(db: Database, doc_no: str) -> str:
    """Keep the kuitansi as PDF and send it to the office printer (printer.reports, when it is
    a system printer) at its paper size; returns the message to show."""
    from pos.printing import system_printer
    from pos.printing.escpos_target import parse_target
    from pos.printing.kuitansi import MM, PAGES

    path = keep_kuitansi(db, doc_no)
    target = parse_target(settings.get(db, settings.PRINTER_REPORTS))
    if target.kind != "system":
        return _("Kuitansi saved as {path}; no office printer is set up for it.").format(path=path)
    paper = settings.get(db, KUITANSI_PAPER)
    width, height = PAGES.get(paper, PAGES["A5"])
    page_mm = (round(width / MM), round(height / MM))
    system_printer.print_pdf(target.name, path.read_bytes(), page_mm, title=path.stem)
    return _("Kuitansi {no} sent to {printer}.").format(no=path.stem, printer=target)
