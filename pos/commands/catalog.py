"""`pos catalog ...` and `pos labels ...`: the catalog and its labels from the command line."""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from pos.core.errors import PosError
from pos.i18n import _

if TYPE_CHECKING:
    from pos.db.session import Database


def run_catalog(db: Database, args: argparse.Namespace) -> int:
    """`pos catalog list|import|export`."""
    from pos.core.money import format_rupiah
    from pos.services import catalog, catalog_io
    from pos.services.auth import system_actor

    if args.catalog_command == "import":
        if args.file.is_dir():
            raise PosError(_("{path} is a folder, not a file.").format(path=args.file))
        result = catalog_io.import_catalog(
            db, system_actor(db), args.file, args.create_missing, dry_run=args.dry_run
        )
        for change in result.changes:
            print(catalog_io.describe(change))
        summary = (
            _("Dry run, nothing changed: {added} to add, {updated} to update, {unchanged} kept.")
            if result.dry_run
            else _("Imported: {added} added, {updated} updated, {unchanged} unchanged.")
        )
        print(
            summary.format(added=result.added, updated=result.updated, unchanged=result.unchanged)
        )
        return 0
    if args.catalog_command == "export":
        count = catalog_io.export_catalog(db, args.file)
        print(_("{n} products written to {path}").format(n=count, path=args.file))
        return 0
    products = catalog.list_products(db)
    if args.json:
        rows = [
            {
                "sku": p.sku,
                "barcode": p.barcode,
                "name": p.name,
                "price": p.price,
                "stock": p.stock,
                "unit": p.unit,
                "category": p.category,
                "workshop": p.workshop,
            }
            for p in products
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for p in products:
        print(
            f"{p.sku:<12} {p.barcode or '-':<14} {format_rupiah(p.price):>13} {p.stock:>6} {p.name}"
        )
    return 0


def run_labels(db: Database, args: argparse.Namespace) -> int:
    """`pos labels`: a sheet of labels for SKUs or a stock receipt, or the template list."""
    from pos.printing.labels import list_templates
    from pos.services import labels

    if args.list:
        for t in list_templates():
            print(f"{t.name:<14} {t.shown_title}")
        return 0
    if args.out is None:
        raise PosError(_("Give the PDF file to write with --out."))
    sku_args = [*args.sku, *args.skus]
    if bool(sku_args) == (args.receipt is not None):
        raise PosError(_("Give either --sku or --receipt."))
    saved_x, saved_y = labels.saved_offsets(db, args.template)
    options = {
        "start": args.start,
        "offset_x": saved_x if args.offset_x is None else args.offset_x,
        "offset_y": saved_y if args.offset_y is None else args.offset_y,
        "production_date": args.production_date,
        "maker_line": args.maker_line,
        "outline": args.outline,
    }
    if args.receipt is not None:
        pdf = labels.render(db, args.template, receipt=args.receipt, **options)
    else:
        pairs = [labels.parse_sku_copies(text) for text in sku_args]
        pdf = labels.render(db, args.template, pairs, **options)
    path = labels.write_pdf(pdf, args.out)
    print(_("Labels written to {path}").format(path=path))
    return 0
