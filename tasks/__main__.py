"""Run the command line: ``python -m tasks ingest --help``."""

import sys

from tasks.cli import main

sys.exit(main())
