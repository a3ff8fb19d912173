"""Entry script of the frozen ``desk`` command (console): the same as the console
script ``desk = ui.entry:main`` of an installed wheel."""

import sys

if sys.argv[1:2] == ["--desk-scanner-child"]:  # desk.capture.sane_process.CHILD_FLAG
    # the SANE reader process: nothing else to import (desk/capture/sane_child.py)
    from desk.capture.sane_child import main as scanner_child

    sys.exit(scanner_child(sys.argv[2:]))

from ui.entry import main

if __name__ == "__main__":
    sys.exit(main())
