"""Cleaning stages, one per module; their order is `ITEM_PIPELINES` in pipeline.settings."""
