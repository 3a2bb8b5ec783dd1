"""House rules read from the sources: docstrings on public classes, files of a readable size."""

import ast
from pathlib import Path

import pos

ROOT = Path(pos.__file__).parent
MAX_LINES = 420  # "about 400": a file past it wants splitting


def sources() -> list[Path]:
    return sorted(p for p in ROOT.rglob("*.py") if "migrations" not in p.parts)


def test_every_module_and_public_class_has_a_docstring() -> None:
    missing = []
    for path in sources():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        name = path.relative_to(ROOT.parent)
        if path.stat().st_size and ast.get_docstring(tree) is None:
            missing.append(f"{name}: module")
        missing += [
            f"{name}:{node.lineno} class {node.name}"
            for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef)
            and not node.name.startswith("_")
            and ast.get_docstring(node) is None
        ]
    assert missing == []


def test_no_source_file_grows_past_the_limit() -> None:
    long = [
        f"{path.relative_to(ROOT)}: {n} lines"
        for path in sources()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert long == []
