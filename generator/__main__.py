"""`python -m generator`."""

import os
import sys

from . import cli

code = cli.main()
# Leave without tearing the interpreter down: at 10,000 pages, freeing what a build made object by object
# takes a tenth of a second or more, and the operating system takes the memory back at once.
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
