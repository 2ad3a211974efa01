"""`make bench`: a synthetic dump, the ingest DAG timed against the naive composition."""
