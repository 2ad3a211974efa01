"""Scoring the pipeline against gold sets (`make eval`): metric, gold loaders, baselines, report.

Not used by the ingest itself; lives in the package so tests and `make eval` share it.
"""
