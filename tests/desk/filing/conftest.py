from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desk.app import Counter
from tests.desk.filing.helpers import make_counter


@pytest.fixture
def counter(desk_home: Path) -> Iterator[Counter]:
    c = make_counter(desk_home, substitution_post=True, substitution_email="depot@example.gouv.fr")
    yield c
    c.close()
