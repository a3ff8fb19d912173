"""desk/ is Qt-free and never imports ui (STYLE.md #1, DESIGN.md "Layout")."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

DESK = Path(__file__).resolve().parents[2] / "desk"
FORBIDDEN = ("PySide6", "ui", "shiboken6", "hq")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", "") == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            found.add(str(node.args[0].value).split(".")[0])
    return found


def test_desk_never_imports_qt_ui_or_hq() -> None:
    offenders = {
        str(p.relative_to(DESK.parent)): sorted(_imports(p) & set(FORBIDDEN))
        for p in DESK.rglob("*.py")
        if _imports(p) & set(FORBIDDEN)
    }
    assert offenders == {}


def test_domain_imports_stdlib_only() -> None:
    allowed_local = {"desk", "__future__"}
    stdlib = set(sys.stdlib_module_names)
    offenders = {}
    for p in (DESK / "domain").rglob("*.py"):
        bad = {m for m in _imports(p) if m not in stdlib and m not in allowed_local}
        if bad:
            offenders[p.name] = sorted(bad)
    assert offenders == {}


def test_core_runs_without_pyside6(tmp_path: Path) -> None:
    """The core works with PySide6 absent: block its import and use the CLI."""
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6'):\n"
        "            raise ImportError('blocked for the test')\n"
        "sys.meta_path.insert(0, Block())\n"
        "from desk.cli import main\n"
        "sys.exit(main(['--home', sys.argv[1], 'init', '--departement', '75', "
        "'--site', 'Test', '--counter', '1', '--json']))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "home")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "PySide6" not in result.stderr
