"""Text-cleaning logic used by the stages; pure functions and small classes, no I/O.

Entity and encoding repair, line features, the phrase table, boilerplate segmentation and
the choice of the headline.
"""
