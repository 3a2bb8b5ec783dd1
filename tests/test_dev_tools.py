"""`./dev` sets up everything the tests need: the locked Python packages and the programs they run."""

import ast
import os
import re
import shutil
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "dev"
LOCK = ROOT / "requirements" / "lock.txt"
SUBPROCESS_CALLS = {"run", "Popen", "call", "check_call", "check_output"}


def locked_versions(text: str) -> dict[str, str]:
    pins = re.findall(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)", text, re.MULTILINE)
    return {canonicalize_name(name): version for name, version in pins}


def test_the_lock_pins_every_dependency_with_hashes() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [
        *pyproject["project"]["dependencies"],
        *(r for extra in pyproject["project"]["optional-dependencies"].values() for r in extra),
        *pyproject["build-system"]["requires"],
    ]
    text = LOCK.read_text(encoding="utf-8")
    pins = locked_versions(text)
    stale = []
    for line in wanted:
        req = Requirement(line)
        version = pins.get(canonicalize_name(req.name))
        if version is None or not req.specifier.contains(version, prereleases=True):
            stale.append(f"{line} (lock: {version})")
    assert not stale, (
        f"requirements/lock.txt is out of step with pyproject.toml: {stale}; ./dev lock"
    )
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2].strip())
    assert len(entries) == len(pins)
    assert all("--hash=sha256:" in entry for entry in entries), "every pin needs its hashes"


def test_locked_versions_reads_pins() -> None:
    text = "# header\nfoo-bar==1.2 \\\n    --hash=sha256:ab\n    # via x\nBaz_Q==3.0\n"
    assert locked_versions(text) == {"foo-bar": "1.2", "baz-q": "3.0"}


def dev_tools() -> dict[str, str]:
    """The TEST_TOOLS list in ./dev: program -> Debian package."""
    block = re.search(r"^TEST_TOOLS=\((.*?)^\)", DEV.read_text(encoding="utf-8"), re.S | re.M)
    assert block, "./dev has no TEST_TOOLS=( ... ) list"
    pairs = (item.split(":", 1) for item in block.group(1).split() if not item.startswith("#"))
    return {program: package for program, package in pairs}


def _constants(node: ast.AST | None) -> list[str]:
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return [
            e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)
        ]
    return []


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def programs_called(source: str) -> set[str]:
    """The programs a Python file runs: the first word of a subprocess call or a which() argument.

    A which() of a variable is resolved through the loop or comprehension that binds it, over a
    literal tuple or a module-level tuple of names (TOOLS = ("Xvfb", ...)).
    """
    tree = ast.parse(source)
    module_tuples = {
        target.id: _constants(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    loops: dict[str, list[str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.For | ast.comprehension) and isinstance(node.target, ast.Name):
            values = _constants(node.iter)
            if isinstance(node.iter, ast.Name):
                values = module_tuples.get(node.iter.id, [])
            loops.setdefault(node.target.id, []).extend(values)
    found: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or not node.args:
            continue
        name, first = _call_name(node), node.args[0]
        if name in SUBPROCESS_CALLS and _starts_with_constant(first):
            found.update(_constants(first)[:1])
        elif name == "which":
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                found.add(first.value)
            elif isinstance(first, ast.Name):
                found.update(loops.get(first.id, []))
    return found


def _starts_with_constant(node: ast.AST) -> bool:
    """Whether a command line is a literal list whose first word is a string (not sys.executable)."""
    if not isinstance(node, ast.Tuple | ast.List) or not node.elts:
        return False
    first = node.elts[0]
    return isinstance(first, ast.Constant) and isinstance(first.value, str)


def test_programs_called_finds_runs_and_whiches() -> None:
    source = """
import shutil, subprocess, sys
TOOLS = ("Xvfb", "xdotool")
subprocess.run(["zbarimg", "-q"])
subprocess.Popen([sys.executable, "-m", "pos"])
missing = [t for t in ("pdftoppm",) if shutil.which(t) is None]
ok = all(shutil.which(tool) for tool in TOOLS)
shutil.which("umount")
"""
    assert programs_called(source) == {"zbarimg", "pdftoppm", "Xvfb", "xdotool", "umount"}


def test_dev_installs_every_program_the_tests_run() -> None:
    called: dict[str, set[str]] = {}
    for folder in ("tests", "scripts"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for program in programs_called(path.read_text(encoding="utf-8")):
                called.setdefault(program, set()).add(str(path.relative_to(ROOT)))
    assert {"Xvfb", "xdotool", "zbarimg", "pdftoppm"} <= called.keys()  # the scan sees them
    tools = dev_tools()
    missing = {program: sorted(files) for program, files in called.items() if program not in tools}
    assert not missing, f"add these to TEST_TOOLS in ./dev with their Debian package: {missing}"


@pytest.mark.skipif(not os.environ.get("CI"), reason="CI runs after ./dev installed them")
def test_every_listed_program_is_installed_on_ci() -> None:
    assert [program for program in dev_tools() if shutil.which(program) is None] == []


def test_dev_installs_postgresql_for_the_central_database_tests() -> None:
    """tests/pg_server.py runs initdb and pg_ctl from Debian's `postgresql` (not on PATH)."""
    text = DEV.read_text(encoding="utf-8")
    body = re.search(r"^ensure_postgres\(\) \{(.*?)^\}", text, re.S | re.M)
    assert body, "./dev has no ensure_postgres()"
    assert "apt_install postgresql" in body.group(1)
    assert "/usr/lib/postgresql/*/bin/initdb" in body.group(1)
    test_body = re.search(r"^cmd_test\(\) \{(.*?)^\}", text, re.S | re.M)
    assert test_body and "ensure_postgres" in test_body.group(1)


@pytest.mark.skipif(not os.environ.get("CI"), reason="CI runs after ./dev installed it")
def test_postgresql_is_installed_on_ci() -> None:
    import sys

    sys.path.insert(0, str(ROOT / "tests"))
    from pg_server import server_bin

    assert server_bin() is not None
