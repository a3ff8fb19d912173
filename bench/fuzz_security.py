"""Hostile-input fuzzing at volume: the properties of tests/desk/security/test_fuzz.py
with many more examples (``--examples N`` per property, default 2000). Prints how many
inputs each target was given and what came out, as a Markdown table for
docs/SECURITY.md. A property that fails stops the run with hypothesis's report.

    .venv/bin/python bench/fuzz_security.py --examples 2000
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DESK_KEY_PROTECTION", "file")


def main(argv: list[str] | None = None) -> int:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from desk.app import open_counter
    from desk.config import CounterConfig
    from tests.desk.security import fuzzing

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=2000)
    opts = parser.parse_args(argv)
    many = settings(
        max_examples=opts.examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        database=None,
    )
    home = Path(tempfile.mkdtemp(prefix="guichet-fuzz-")) / "home"
    counter = open_counter(
        home, CounterConfig(prefecture="75", departement="75", site="Fuzz", counter=9)
    )
    people = fuzzing.populate(counter)

    @many
    @given(case=fuzzing.identifier_inputs)
    def identifiers(case: tuple[str, str]) -> None:
        fuzzing.check_identifier(*case)

    @many
    @given(data=fuzzing.files, name=st.text(max_size=30))
    def sniffer(data: bytes, name: str) -> None:
        fuzzing.check_sniff(data, name)

    @many
    @given(data=fuzzing.mutated(fuzzing.sample_files()))
    def damaged(data: bytes) -> None:
        fuzzing.check_sniff(data, "piece.bin")

    @many
    @given(query=fuzzing.queries)
    def search(query: str) -> None:
        fuzzing.check_search(counter, people, query)

    @many
    @given(text=fuzzing.mrz_texts)
    def mrz(text: str) -> None:
        fuzzing.check_mrz(text)

    eml_folder = Path(tempfile.mkdtemp(prefix="guichet-fuzz-eml-"))
    attachment = fuzzing.sample_files()[0]

    @many
    @given(name=fuzzing.eml_names)
    def eml_names(name: str) -> None:
        fuzzing.check_eml_name(name, attachment, eml_folder)

    @many
    @given(data=st.one_of(st.binary(max_size=1500), st.text(max_size=800).map(str.encode)))
    def eml_bytes(data: bytes) -> None:
        fuzzing.check_eml(data)

    started = time.perf_counter()
    try:
        for prop in (identifiers, sniffer, damaged, search, mrz, eml_names, eml_bytes):
            prop()
        for query in fuzzing.HOSTILE_QUERIES:
            fuzzing.check_search(counter, people, query)
    finally:
        counter.close()
    elapsed = time.perf_counter() - started
    print(f"| target | inputs tried | failures |  ({elapsed:.0f} s)")
    print("|---|---|---|")
    for target, n in sorted(fuzzing.TRIED.items()):
        print(f"| {target} | {n} | 0 |")
    print()
    print("| outcome | count |")
    print("|---|---|")
    for outcome, n in sorted(fuzzing.OUTCOMES.items()):
        print(f"| {outcome} | {n} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
