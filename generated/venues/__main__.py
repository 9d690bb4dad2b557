"""``python -m venues open-orders ...``: the package's command-line tool (see cli.py)."""

import sys

from .cli import main

sys.exit(main())
