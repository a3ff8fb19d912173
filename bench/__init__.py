"""Benchmarks: each bench_<name>.py has a main() printing ratios against a baseline
measured in the same run. Run them all with `python -m bench` (see bench/__main__.py)."""
