"""The HQ and sync tests run against real PostgreSQL and real ``hq serve`` processes
on loopback. The fixtures (postgres_server, hq_db, hq_server, shared_hq, enrolled) are
in tests/conftest.py, shared with the window's tests; the helpers are in
hq_servers.py and re-exported here for the test modules and benchmarks that import
them from ``conftest``."""

from __future__ import annotations

from hq_servers import (  # noqa: F401
    ROOT,
    HQProcess,
    hq_command,
    issue_token,
    issue_token_cli,
    make_counter,
    next_counter,
    seed_small,
)
