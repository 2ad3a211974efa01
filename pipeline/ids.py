"""Stable identifiers: document ids, run ids and shard assignment."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

DOC_ID_HEX_DIGITS = 16
RUN_ID_TIME_FORMAT = "%Y%m%dT%H%M%SZ"


def make_doc_id(source: str, raw: bytes) -> str:
    """Id of one input record, stable across runs: a hash of where it came from and its bytes.

    Both parts matter: the source alone would give tomorrow's different file at the same path
    today's id, the bytes alone would give two copies of one page the same id. 64 bits make a
    collision unlikely below billions of records.
    """
    digest = hashlib.sha256(source.encode("utf-8", "surrogateescape") + b"\0")
    digest.update(raw)   # (not concatenated: that would copy the record's bytes)
    return digest.hexdigest()[:DOC_ID_HEX_DIGITS]


def shard_of(doc_id: str, shards: int) -> int:
    """Deterministic shard for a doc_id: the same record always lands in the same shard."""
    return int(doc_id[:8], 16) % shards


def make_run_id(now: dt.datetime | None = None) -> str:
    """A sortable, unique run id: UTC start time plus a random suffix."""
    now = now or dt.datetime.now(dt.timezone.utc)
    return f"{now.strftime(RUN_ID_TIME_FORMAT)}-{secrets.token_hex(3)}"


def run_started_at(run_id: str) -> dt.datetime:
    """The UTC start time encoded in a run id made by `make_run_id`."""
    stamp = run_id.split("-", 1)[0]
    return dt.datetime.strptime(stamp, RUN_ID_TIME_FORMAT).replace(tzinfo=dt.timezone.utc)
