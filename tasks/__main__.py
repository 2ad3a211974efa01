"""Run the command line: ``python -m tasks ingest --help``.

When the command returns, everything it wrote is closed and renamed into place. Python's own
exit would then free the run's objects one at a time (the stages' tables and caches: tens of
milliseconds after a small ingest, more after a large one), so the process ends at once
instead, after what matters of that exit: the atexit handlers (logging's flush, pyarrow's
S3 finaliser, multiprocessing's) and flushing stdout and stderr. An error (an exception or
`SystemExit`) still takes the ordinary way out.
"""

import atexit
import os
import sys

from tasks.cli import main

code = main()
atexit._run_exitfuncs()  # the handlers Python's exit would run
sys.stdout.flush()
sys.stderr.flush()
os._exit(code)
