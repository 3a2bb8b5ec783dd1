"""Imports point one way: ui and cli -> services -> core, db, printing; core stays pure.

Every module of the packages is read with ast, so imports inside functions and under
TYPE_CHECKING count too; a subprocess then proves that importing the core loads no Qt or
SQLAlchemy at run time.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import pos

ROOT = Path(pos.__file__).parent
QT = ("PySide6", "shiboken6")


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_of(path: Path, name: str | None = None) -> set[str]:
    """Every module a source file (module `name`) imports, relative imports resolved."""
    package = (name or module_name(path)).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.add(module)
            # `from pos import x` imports the module pos.x when there is one.
            found.update(
                f"{module}.{alias.name}"
                for alias in node.names
                if (ROOT.parent / module.replace(".", "/") / f"{alias.name}.py").exists()
                or (ROOT.parent / module.replace(".", "/") / alias.name).is_dir()
            )
    return found


def sources(package: str) -> list[Path]:
    folder = ROOT.parent / package.replace(".", "/")
    return sorted(p for p in folder.rglob("*.py") if "migrations" not in p.parts)


def within(name: str, *prefixes: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def bad_imports(
    name: str, imported: set[str], forbidden: tuple[str, ...], allowed: tuple[str, ...]
) -> list[str]:
    return [
        f"{name} imports {module}"
        for module in sorted(imported)
        if within(module, *forbidden) and not within(module, *allowed)
    ]


def violations(
    package: str, forbidden: tuple[str, ...], allowed: tuple[str, ...] = ()
) -> list[str]:
    return [
        line
        for path in sources(package)
        for line in bad_imports(module_name(path), imports_of(path), forbidden, allowed)
    ]


@pytest.mark.parametrize(
    "package", ["pos.core", "pos.services", "pos.db", "pos.printing", "pos.ui"]
)
def test_the_walk_finds_every_module(package: str) -> None:
    paths = sources(package)
    assert len(paths) >= 3
    assert all(module_name(p).startswith(package) for p in paths)


def test_core_imports_neither_qt_nor_sqlalchemy_nor_other_pos_packages() -> None:
    forbidden = (*QT, "sqlalchemy", "pos")
    assert violations("pos.core", forbidden, allowed=("pos.core", "pos.i18n")) == []


@pytest.mark.parametrize("package", ["pos.services", "pos.db", "pos.printing"])
def test_only_the_ui_imports_qt(package: str) -> None:
    assert violations(package, QT) == []


def test_printing_does_not_import_the_services() -> None:
    assert violations("pos.printing", ("pos.services", "pos.ui")) == []


def test_db_imports_no_service_and_no_ui() -> None:
    assert violations("pos.db", ("pos.services", "pos.ui", "pos.printing")) == []


def test_app_and_cli_do_not_import_each_other_both_ways() -> None:
    app, cli = imports_of(ROOT / "app.py"), imports_of(ROOT / "cli.py")
    assert not ("pos.cli" in app and "pos.app" in cli)
    assert "pos.cli" not in app  # the cli starts the app, never the other way round


def test_the_check_sees_lazy_relative_and_typing_imports(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text(
        "from typing import TYPE_CHECKING\n"
        "from . import money\n"
        "if TYPE_CHECKING:\n    from pos.services.shifts import X\n"
        "def f():\n    import PySide6.QtCore\n    from ..db import models\n"
    )
    imported = imports_of(probe, "pos.core.probe")
    forbidden, allowed = (*QT, "sqlalchemy", "pos"), ("pos.core", "pos.i18n")
    assert bad_imports("probe", imported, forbidden, allowed) == [
        "probe imports PySide6.QtCore",
        "probe imports pos.db",
        "probe imports pos.db.models",
        "probe imports pos.services.shifts",
    ]


def test_importing_the_whole_core_loads_no_qt_or_sqlalchemy() -> None:
    modules = ", ".join(module_name(p) for p in sources("pos.core"))
    code = (
        f"import sys, {modules}\n"
        "print(','.join(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'sqlalchemy')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_importing_every_service_loads_no_qt() -> None:
    modules = ", ".join(module_name(p) for p in sources("pos.services") if p.stem != "__init__")
    code = (
        f"import sys, pos.cli, {modules}\n"
        "print(','.join(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
