"""``python -m synthesis``: the same as the ``synthesis`` command."""

import sys

from synthesis.cli import main

sys.exit(main())
