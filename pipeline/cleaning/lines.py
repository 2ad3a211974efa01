"""One line of a page's text and what is measured about it."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Texts in scripts without spaces (Chinese, Japanese, Thai) count two characters as a word.
WIDE_SCRIPT = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
SENTENCE_END = re.compile(r"[.!?…。！？]['\"’”)»]?$")


def word_count(line: str) -> int:
    """Words, counting two characters of a script without spaces as one word."""
    return piece_count(line) + wide_characters(line) // 2


def piece_count(line: str) -> int:
    """`len(line.split())`, without making the pieces when the line is single-spaced.

    A printable string has no white space but the space (str.isprintable is false for
    every other character str.split splits at), so then the spaces count the pieces.
    """
    if line.isprintable() and "  " not in line and line[:1] != " " and line[-1:] != " ":
        return line.count(" ") + 1 if line else 0
    return len(line.split())


# Bytes of white space in each of stopwords.WORD_CODECS (the same in all three) made spaces,
# every other byte an "x": the pieces of the text are then its runs of "x".
_WHITE_BYTES = b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \xa0"
SPACE_OR_X = bytes(b" "[0] if byte in _WHITE_BYTES else b"x"[0] for byte in range(256))


def encoded_piece_count(data: bytes) -> int:
    """`piece_count` of a text from its bytes in one of stopwords.WORD_CODECS."""
    return (b" " + data.translate(SPACE_OR_X)).count(b" x")


def wide_characters(line: str) -> int:
    """Characters of scripts written without spaces (none in a Latin-1 line)."""
    return 0 if is_latin1(line) else len(WIDE_SCRIPT.findall(line))


def is_latin1(text: str) -> bool:
    """Whether every character is below U+0100 (a copy of the text's bytes; no scan in Python).

    Latin-1 holds ASCII and the letters of most European languages, no wide script.
    """
    if text.isascii():
        return True
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def ends_sentence(text: str) -> bool:
    """Whether `text` ends like a sentence.

    SENTENCE_END spans at most the last three characters (two, or two and a final newline),
    so only they are searched: the same answer without scanning a long paragraph.
    """
    return SENTENCE_END.search(text[-3:]) is not None


@dataclass(slots=True)
class LineInfo:
    """One line of the page and what is known about it."""

    text: str
    words: int
    stop_density: float
    pieces: int = 0  # whitespace-separated pieces; equal for lines that differ only in case
    sentence_like: bool = False  # ends like a sentence (ends_sentence)
    tokens: tuple[str, ...] = ()  # its lower-cased words (stopwords.line_words)
    rule: str | None = None
    marker: str | None = None
    meta: str | None = None
    cls: str = "short"
    shape: str = "short"  # the context-free class, before neighbours are consulted
    removed_by: str | None = None

    @property
    def chars(self) -> int:
        """Length in characters."""
        return len(self.text)
