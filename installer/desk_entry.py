"""Entry script of the frozen ``desk`` command (console): the same as the console
script ``desk = ui.entry:main`` of an installed wheel."""

import sys

from ui.entry import main

if __name__ == "__main__":
    sys.exit(main())
