"""`python -m generator`."""

import os
import sys

from . import cli

cli.KEPT = []
code = cli.main()
# Exit without freeing what the build made object by object (kept in cli.KEPT): at 10,000 pages that
# took a tenth of a second, and the operating system takes the memory back at once.
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
