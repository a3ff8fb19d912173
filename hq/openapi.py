"""The OpenAPI description of HQ's routes (committed as docs/openapi.json)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any


def spec() -> dict[str, Any]:
    from hq.app import create_app

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app("sqlite://", Path(tmp), migrate=False)
        return app.openapi()
