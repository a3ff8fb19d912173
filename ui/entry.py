"""Entry point of the ``desk`` console script: the core's command line plus the
``gui`` command, which only this package can provide (desk never imports Qt)."""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    from desk.cli import main as desk_main

    return desk_main(argv, extra_modules=["ui.cli"])


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
