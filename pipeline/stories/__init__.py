"""Copies and story clusters: features per article, grouping over the whole dump."""
