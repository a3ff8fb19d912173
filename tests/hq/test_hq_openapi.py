"""docs/openapi.json is the current description of HQ's routes."""

from __future__ import annotations

import json

from hq_servers import ROOT

from hq.openapi import spec


def test_committed_openapi_is_current() -> None:
    committed = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert committed == spec(), "run: hq openapi > docs/openapi.json"
    assert {
        "/v1/enrol",
        "/v1/blobs/query",
        "/v1/blobs/upload",
        "/v1/records",
        "/v1/reference",
    } <= set(committed["paths"])
