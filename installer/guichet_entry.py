"""Entry script of the frozen ``guichet`` program (windowed): opens the counter window,
i.e. ``desk gui`` with the same options. A separate executable so that Windows starts
the window without a console and the desktop entry has a program of its own.

``guichet --desk COMMAND…`` runs a ``desk`` command instead, without a console window
(the Windows scheduled task runs ``guichet --desk sync`` at night)."""

import sys

if sys.argv[1:2] == ["--desk-scanner-child"]:  # desk.capture.sane_process.CHILD_FLAG
    # the SANE reader process: nothing else to import (desk/capture/sane_child.py)
    from desk.capture.sane_child import main as scanner_child

    sys.exit(scanner_child(sys.argv[2:]))

from ui.entry import main

if __name__ == "__main__":
    args = sys.argv[1:]
    if args[:1] == ["--desk"]:
        sys.exit(main(args[1:]))
    sys.exit(main(["gui", *args]))
