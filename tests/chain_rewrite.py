"""A whole-chain rewrite, as someone holding the database file could do it: edit a sale, then
recompute its entry's digest and every entry's hash from there the way the writer does."""

import hashlib
import sqlite3
from pathlib import Path

from pos.services import audit
from pos.services.audit_verify import covered_by, document_sql


def rewrite_sale(path: Path, receipt_no: str, total: int) -> None:
    """Set a sale's total and rehash the chain so that `pos audit verify` finds it intact."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        assert (
            conn.execute("SELECT 1 FROM audit_log WHERE action = 'audit_block'").fetchone() is None
        )
        (sale_id,) = conn.execute(
            "SELECT id FROM sales WHERE receipt_no = ?", (receipt_no,)
        ).fetchone()
        conn.execute("UPDATE sales SET total = ? WHERE id = ?", (total, sale_id))
        ((_id, _label, text),) = conn.execute(
            document_sql(audit.SALE, "WHERE d.id = ?"), (sale_id,)
        ).fetchall()
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        prev = audit.GENESIS
        entries = conn.execute(
            "SELECT id, at, user_id, action, detail FROM audit_log ORDER BY id"
        ).fetchall()
        for entry_id, at, user_id, action, detail in entries:
            covers = covered_by(detail)
            if covers is not None and covers[:2] == ("sale", sale_id):
                detail = detail.replace(covers[2], digest)
            assert detail.startswith(audit.KEYED_PREFIXES)
            new = audit.digest_v2(prev, at, user_id, action, detail)
            conn.execute(
                "UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ? WHERE id = ?",
                (detail, prev, new, entry_id),
            )
            prev = new
        conn.execute("COMMIT")
    finally:
        conn.close()
