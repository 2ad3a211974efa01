"""Bytes to text: BOM, declared charset, UTF-8, then detection; binary and junk are rejected.

The declared charset is the one the source names: the HTTP header (a WARC response), else,
for a page, its `<meta charset>` or XML declaration. Pages often declare ISO-8859-1 or
Windows-1252 while being UTF-8; valid multi-byte UTF-8 wins over such a declaration, as it
does in browsers' encoding sniffing.
"""

from __future__ import annotations

import codecs
import re

import charset_normalizer

from pipeline.article import HTML, Article
from pipeline.config import Settings
from pipeline.errors import BinaryContent, EmptyRecord, NoText, OversizedRecord, UndecodableText
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
PLAUSIBLE_SAMPLE, PLAUSIBLE_MIN_CHARS, MIN_SPACE_SHARE = 2000, 50, 0.02
# Han ideographs, kana and Thai: scripts written without spaces between words.
SPACELESS_SCRIPT = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff。、，]")


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
    """charset_normalizer's best (text, encoding) for `raw`, or None if nothing plausible."""
    best = charset_normalizer.from_bytes(raw).best()
    if best is None or not plausible_text(str(best)):
        return None
    return str(best), best.encoding


def plausible_text(text: str) -> bool:
    """Whether a detector's reading of unlabelled bytes looks like writing.

    Any bytes decode as *something* in some legacy multi-byte charset (random high bytes read
    as Korean, say). Writing in scripts with spaces has spaces; writing without them (Chinese,
    Japanese, Thai) is made of ideographs, kana or Thai letters.
    """
    sample = text[:PLAUSIBLE_SAMPLE]
    if len(sample) < PLAUSIBLE_MIN_CHARS:
        return True
    if sum(sample.count(space) for space in " \n\t") / len(sample) >= MIN_SPACE_SHARE:
        return True
    return len(SPACELESS_SCRIPT.findall(sample)) / len(sample) >= 0.5


META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([\w.:-]+)""", re.I)
SNIFF_BYTES = 4096
# Declarations that mean "one byte per character, Western" and are often wrong for UTF-8.
WESTERN_SINGLE_BYTE = {"iso-8859-1", "latin-1", "latin1", "windows-1252", "cp1252", "us-ascii",
                       "ascii", "iso-8859-15"}


def declared_charset(raw: bytes, media: str, http_charset: str | None) -> str | None:
    """The charset the source declares: HTTP header first, then the page's own declaration."""
    if http_charset:
        return http_charset
    if media != HTML:
        return None
    head = raw[:SNIFF_BYTES]
    found = META_CHARSET.search(head) or XML_DECLARATION.search(head)
    return found.group(1).decode("ascii", "replace") if found else None


def effective_charset(raw: bytes, declared: str | None) -> str | None:
    """The declared charset as a browser would apply it.

    A Western single-byte label on valid, non-ASCII UTF-8 is a wrong label; ISO-8859-1 and
    US-ASCII labels mean Windows-1252 (WHATWG Encoding standard).
    """
    label = (declared or "").lower()
    if label in WESTERN_SINGLE_BYTE and not raw.isascii() and try_decode(raw, "utf-8"):
        return "utf-8"
    return "cp1252" if label in ("iso-8859-1", "latin-1", "latin1", "us-ascii") else declared


def binary(raw: bytes) -> BinaryContent:
    """The drop for bytes that are a binary file."""
    return BinaryContent(f"{control_share(raw):.0%} control bytes: not a text file")


def decode_bytes(raw: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode `raw`, returning (text, encoding); raises a `DropItem` for binary or junk bytes.

    Order of evidence: a BOM, then the charset the source declared, then strict UTF-8 (most of
    the web), then statistical detection.
    """
    encoding = bom_encoding(raw)
    text = try_decode(raw, encoding) if encoding else None
    if text is not None:
        return text, encoding
    looks_binary = control_share(raw) > MAX_CONTROL_SHARE
    candidates = () if looks_binary else (effective_charset(raw, declared), "utf-8")
    for candidate in filter(None, candidates):
        text = try_decode(raw, candidate)
        if text is not None:
            return text, candidate
    detected = detect(raw)
    if detected is None:
        if looks_binary:
            raise binary(raw)
        raise UndecodableText("no encoding decodes these bytes into plausible text")
    if looks_binary and not detected[1].startswith(WIDE_ENCODINGS):
        raise binary(raw)
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
        """Set `decoded` and `encoding` (a feed item's text is already decoded)."""
        if item.content is not None:
            if not item.content.strip():
                raise NoText("the item has no text or html field with content")
            item.decoded, item.encoding = item.content, "utf-8"
            return item
        size = len(item.raw)
        if size == 0:
            raise EmptyRecord("the record has no bytes")
        if size > self.max_record_bytes:
            raise OversizedRecord(f"{size} bytes, over the {self.max_record_bytes}-byte limit")
        declared = declared_charset(item.raw, item.media, item.fields.get("charset"))
        text, encoding = decode_bytes(item.raw, declared)
        item.decoded, item.encoding = text, encoding
        if encoding not in ("utf-8", "utf-8-sig", "ascii"):
            item.record_fix(f"decoded_from:{encoding}")
        return item
