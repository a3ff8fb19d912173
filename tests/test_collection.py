"""Any combination of test folders collects in one pytest run: no test module or
benchmark imports a helper ``from conftest`` (several folders have a conftest.py
that is not in a package; in one run ``conftest`` names whichever was imported
last, so such an import broke ``pytest tests/hq tests/desk/sync``)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_BARE = re.compile(r"^\s*(from conftest import|import conftest\b)", re.MULTILINE)


def test_no_module_imports_a_bare_conftest() -> None:
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("tests", "bench", "scripts")
        for path in sorted((ROOT / folder).rglob("*.py"))
        if _BARE.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
