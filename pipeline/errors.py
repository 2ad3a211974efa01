"""Exceptions with a meaning in the pipeline's contract.

`DropItem` is an expected outcome, not a bug: the record is kept in `rejects` with the
subclass's machine-readable `reason` and the human-readable detail given at the raise.
Any other exception escaping a stage is a bug and fails the task loudly (Scrapy keeps the
same split between `DropItem` and errors it logs with a traceback).
"""

from __future__ import annotations


class DropItem(Exception):
    """Raised by a stage to drop the current record; `reason` is the reject reason code."""

    reason = "dropped"

    def __init__(self, detail: str = "") -> None:
        super().__init__(detail or self.reason)
        self.detail = detail or self.reason


class EmptyRecord(DropItem):
    """The record has no bytes at all."""

    reason = "empty_record"


class BinaryContent(DropItem):
    """The bytes look like a binary file (NUL bytes, control-character soup), not text."""

    reason = "binary_content"


class UndecodableText(DropItem):
    """No encoding turns the bytes into plausible text."""

    reason = "undecodable"


class OversizedRecord(DropItem):
    """The record is larger than the `MAX_RECORD_BYTES` setting."""

    reason = "oversized_record"


class NoText(DropItem):
    """After cleaning, nothing is left that could be an article body."""

    reason = "no_text"


class NotConfigured(Exception):
    """Raised by `Stage.from_settings` when a stage switches itself off, with the reason."""


class SettingsError(ValueError):
    """The settings are inconsistent (unknown stage path, one stage listed twice, ...)."""


class StageError(RuntimeError):
    """A stage raised something other than `DropItem`: a bug, reported with the record's id."""
