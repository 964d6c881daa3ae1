"""``python -m cadre_desk`` — same as the ``cadre-desk`` command."""

import sys

from .cli import main

sys.exit(main())
