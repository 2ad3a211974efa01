"""Invisible characters that only get in the way of text: zero-width spaces, soft hyphens."""

from __future__ import annotations

# Zero-width space, word joiner, soft hyphen, Mongolian vowel separator and a BOM inside the
# text. Zero-width (non-)joiners are NOT here: Persian, Indic scripts and emoji need them.
INVISIBLE_CHARACTERS = "\u200b\u2060\u00ad\u180e\ufeff"
INVISIBLE = dict.fromkeys(map(ord, INVISIBLE_CHARACTERS))


def remove_invisible(text: str) -> tuple[str, bool]:
    """`text` without invisible formatting characters, and whether any were removed.

    (`str.translate` walks the text in Python objects; a search per character is a fast
    scan, and finds most texts clean.)
    """
    if not any(character in text for character in INVISIBLE_CHARACTERS):
        return text, False
    cleaned = text.translate(INVISIBLE)
    return cleaned, len(cleaned) != len(text)
