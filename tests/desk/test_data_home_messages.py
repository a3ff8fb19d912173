"""Every DataHomeError the core raises names a reason that desk/messages.py words in
French, so that the agent never reads the English detail meant for the log."""

from __future__ import annotations

import ast
from pathlib import Path

from desk.errors import DataHomeError
from desk.messages import DATA_HOME, describe
from tests.conftest import ROOT


def _raises() -> list[tuple[str, int, str | None]]:
    found = []
    for path in sorted((ROOT / "desk").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "DataHomeError"
            ):
                reason = next((k.value for k in node.keywords if k.arg == "reason"), None)
                # a reason chosen between two constants counts as both
                choice = isinstance(reason, ast.IfExp)
                options = [reason.body, reason.orelse] if choice else [reason]  # type: ignore[union-attr]
                for option in options:
                    value = option.value if isinstance(option, ast.Constant) else None
                    found.append((str(path.relative_to(ROOT)), node.lineno, value))
    return found


def test_every_data_home_error_has_a_french_reason() -> None:
    raises = _raises()
    assert len(raises) >= 15  # the scan sees the raises (keys, receipts, app, migrations)
    # migrations run inside `desk db upgrade`, which words their failure itself
    unworded = [
        (path, line, reason)
        for path, line, reason in raises
        if reason not in DATA_HOME and "/migrations/" not in path
    ]
    assert unworded == []


def test_the_french_sentence_leaves_the_english_detail_out() -> None:
    exc = DataHomeError(
        "the keyring could not be read: org.freedesktop.DBus.Error.ServiceUnknown",
        reason="keyring_unreadable",
    )
    text = describe(exc)
    assert text.startswith("Le trousseau du système ne répond pas")
    assert "DBus" not in text and "could not" not in text


def test_a_path_is_named_where_the_reason_has_one(tmp_path: Path) -> None:
    exc = DataHomeError("cannot read k: EIO", path=str(tmp_path / "k"), reason="key_unreadable")
    assert str(tmp_path / "k") in describe(exc)
