"""The printing draws plain data: it imports neither Qt nor the services (nor the database)."""

import ast
import subprocess
import sys
from pathlib import Path

import pos.printing

PACKAGE = Path(pos.printing.__file__).parent
FORBIDDEN = ("PySide6", "shiboken6", "pos.services", "pos.ui", "pos.db", "sqlalchemy")


def imported_names(path: Path) -> list[str]:
    """Every module a file imports, TYPE_CHECKING blocks and function bodies included."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
    return names


def is_forbidden(name: str) -> bool:
    return any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)


def test_no_printing_source_imports_qt_services_or_the_database() -> None:
    files = sorted(PACKAGE.glob("*.py"))
    assert len(files) > 5
    bad = [f"{path.name}: {name}" for path in files for name in imported_names(path)]
    assert [line for line in bad if is_forbidden(line.split(": ")[1])] == []


def test_the_check_catches_a_forbidden_import(tmp_path: Path) -> None:
    source = tmp_path / "bad.py"
    source.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pos.services.shifts import X\n"
    )
    assert [n for n in imported_names(source) if is_forbidden(n)] == ["pos.services.shifts"]


def test_importing_every_printing_module_loads_no_qt_or_services() -> None:
    modules = ", ".join(f"pos.printing.{path.stem}" for path in sorted(PACKAGE.glob("[a-z]*.py")))
    code = (
        f"import sys, {modules}\n"
        f"print(','.join(m for m in sys.modules if m.startswith({FORBIDDEN!r})))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
