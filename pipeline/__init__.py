"""syndicated-ingest's library: readers, cleaning stages, schema and warehouse writers.

Nothing here imports Luigi; `tasks/` wires these pieces into a DAG.
"""

__version__ = "0.1.0"
