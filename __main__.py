"""`python -m pynix`: the `pynix` command line."""

import sys

from .cli import main

sys.exit(main())
