"""Entry script of the frozen ``desk`` command (console): the same as the console
script ``desk = ui.entry:main`` of an installed wheel.

On Linux the bundle's ``guichet`` program is a symbolic link to this one (one copy of
the code, installer/guichet.spec); called by that name it opens the counter window like
installer/guichet_entry.py does on Windows."""

import os
import sys

if sys.argv[1:2] == ["--desk-scanner-child"]:  # desk.capture.sane_process.CHILD_FLAG
    # the SANE reader process: nothing else to import (desk/capture/sane_child.py)
    from desk.capture.sane_child import main as scanner_child

    sys.exit(scanner_child(sys.argv[2:]))

from ui.entry import main


def run(argv: list[str]) -> int:
    if os.path.basename(argv[0]) != "guichet":
        return main(argv[1:])
    args = argv[1:]
    if args[:1] == ["--desk"]:
        return main(args[1:])
    return main(["gui", *args])


if __name__ == "__main__":
    sys.exit(run(sys.argv))
