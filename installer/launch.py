"""Entry point of the packaged build: the same as the ``cadre-desk`` command."""

import sys

from cadre_desk.cli import main

if __name__ == "__main__":
    sys.exit(main())
