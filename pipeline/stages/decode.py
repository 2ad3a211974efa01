"""Bytes to text: BOM, declared charset, UTF-8, then detection; binary and junk are rejected."""

from __future__ import annotations

import codecs

import charset_normalizer

from pipeline.article import Article
from pipeline.config import Settings
from pipeline.errors import BinaryContent, EmptyRecord, OversizedRecord, UndecodableText
from pipeline.stages.base import Stage

# UTF-32 LE's BOM starts with UTF-16 LE's, so the longer marks are tried first.
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# C0 control bytes other than tab, newline, form feed and carriage return: text never has
# many; binary formats are full of them.
CONTROL_BYTES = bytes([*range(0x00, 0x09), 0x0B, *range(0x0E, 0x20), 0x7F])
BINARY_SNIFF_BYTES = 8192
MAX_CONTROL_SHARE = 0.05
WIDE_ENCODINGS = ("utf_16", "utf_32")


def bom_encoding(raw: bytes) -> str | None:
    """The encoding named by a byte-order mark at the start of `raw`, if any."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if raw.startswith(mark):
            return encoding
    return None


def control_share(raw: bytes) -> float:
    """Share of control bytes in the first few KB of `raw`."""
    sample = raw[:BINARY_SNIFF_BYTES]
    return (len(sample) - len(sample.translate(None, CONTROL_BYTES))) / max(len(sample), 1)


def try_decode(raw: bytes, encoding: str) -> str | None:
    """`raw` decoded strictly with `encoding`, or None if it does not fit."""
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def detect(raw: bytes) -> tuple[str, str] | None:
    """charset_normalizer's best (text, encoding) for `raw`, or None."""
    best = charset_normalizer.from_bytes(raw).best()
    if best is None:
        return None
    return str(best), best.encoding


def decode_bytes(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode `raw`, returning (text, encoding); raises a `DropItem` for binary or junk bytes.

    Order of evidence: a BOM, then the charset the source declared, then strict UTF-8 (most of
    the web), then statistical detection.
    """
    encoding = bom_encoding(raw)
    if encoding:
        text = try_decode(raw, encoding)
        if text is not None:
            return text, encoding
    looks_binary = control_share(raw) > MAX_CONTROL_SHARE
    if not looks_binary:
        for candidate in (declared, "utf-8"):
            text = try_decode(raw, candidate) if candidate else None
            if text is not None:
                return text, candidate
    detected = detect(raw)
    if detected is None:
        if looks_binary:
            raise BinaryContent(f"{control_share(raw):.0%} control bytes: not a text file")
        raise UndecodableText("no encoding decodes these bytes into plausible text")
    if looks_binary and not detected[1].startswith(WIDE_ENCODINGS):
        raise BinaryContent(f"{control_share(raw):.0%} control bytes: not a text file")
    return detected


class Decode(Stage):
    """Turn the record's bytes into text, rejecting empty, oversized, binary and junk records."""

    name = "decode"

    def __init__(self, max_record_bytes: int) -> None:
        self.max_record_bytes = max_record_bytes

    @classmethod
    def from_settings(cls, settings: Settings) -> Decode:
        """Read the size limit."""
        return cls(max_record_bytes=settings.getint("MAX_RECORD_BYTES"))

    def process_item(self, item: Article) -> Article:
        """Set `decoded` and `encoding`."""
        size = len(item.raw)
        if size == 0:
            raise EmptyRecord("the record has no bytes")
        if size > self.max_record_bytes:
            raise OversizedRecord(f"{size} bytes, over the {self.max_record_bytes}-byte limit")
        text, encoding = decode_bytes(item.raw, item.fields.get("charset"))
        item.decoded, item.encoding = text, encoding
        if encoding not in ("utf-8", "utf-8-sig", "ascii"):
            item.record_fix(f"decoded_from:{encoding}")
        return item
