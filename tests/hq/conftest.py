"""The HQ and sync tests run against real PostgreSQL and real ``hq serve`` processes
on loopback. The fixtures (postgres_server, hq_db, hq_server, shared_hq, enrolled) are
in tests/conftest.py, shared with the window's tests; the helpers are in
hq_servers.py, which the test modules and benchmarks import by that name (never
``from conftest import``: with several test folders in one run, ``conftest`` is
whichever folder's conftest module was imported last)."""
