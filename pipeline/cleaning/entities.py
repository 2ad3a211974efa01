"""HTML entities that survived into plain text, including the broken forms scrapers produce.

ftfy unescapes only well-formed entities, and only when it guesses the text is not HTML; it
leaves spaced (`&# 171;`), semicolon-less (`&#8217`) and double-escaped (`&amp;amp;`) forms
alone. Plain-text dumps are never markup, so every entity here is an escaping accident.
"""

from __future__ import annotations

import html
import re
from html.entities import html5

# "&# 171;", "& #171 ;", "&#x AB;": spaces inside a numeric reference.
SPACED_NUMERIC = re.compile(r"&\s*#\s*(x\s*[0-9a-fA-F]+|[0-9]+)\s*;", re.IGNORECASE)
SPACED_NUMERIC_HINT = re.compile(r"&\s+#|&#\s|&#x\s", re.IGNORECASE)
# "&amp;amp;", "&amp;#8217;", "&amp;quot;": an entity whose `&` was escaped again.
DOUBLE_ESCAPED = re.compile(
    r"&amp;(?=(?:amp;)*(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]\w{1,31});)")
NUMERIC = re.compile(r"&#(\d{1,7}|[xX][0-9a-fA-F]{1,6})(;?)")
NAMED = re.compile(r"&([a-zA-Z][a-zA-Z0-9]{1,31});")
# The few names that appear without their semicolon in the wild; longer names are too
# likely to be ordinary text after an ampersand ("R&D", "AT&T", "&notice").
MAX_PASSES = 4
BARE_NAMED = re.compile(r"&(amp|nbsp|quot|lt|gt|copy|reg|hellip|mdash|ndash)(?![a-zA-Z;])")
# Where every match of the patterns above starts: "&" before a letter, or before "#" after
# spaces or none. Most texts with an ampersand have only " & " or "&" before a digit.
ENTITY_START = re.compile(r"&(?:\s*#|[a-zA-Z])")


def _unspaced(match: re.Match[str]) -> str:
    """A spaced numeric reference written without its spaces."""
    return "&#" + "".join(match.group(1).split()) + ";"


def _numeric(match: re.Match[str]) -> str:
    """Decode one numeric reference the way HTML5 does (cp1252 for 128-159, U+FFFD if invalid)."""
    return html.unescape(f"&#{match.group(1)};")


def _named(match: re.Match[str]) -> str:
    """Decode a known named reference; leave unknown names as they are."""
    return html5.get(f"{match.group(1)};", match.group(0))


def repair_entities(text: str) -> tuple[str, list[str]]:
    """Decode entities in `text`, returning the new text and the names of the repairs made.

    Decoding repeats until nothing changes ("&#38;#38;" is an escaped escape), so repairing
    the output again is a no-op.
    """
    fixes: list[str] = []
    for _ in range(MAX_PASSES):
        if not ENTITY_START.search(text):   # then no pattern matches: nothing to repair
            break
        decoded, found = _repair_once(text)
        fixes.extend(fix for fix in found if fix not in fixes)
        if decoded == text:
            break
        text = decoded
    return text, fixes


def _repair_once(text: str) -> tuple[str, list[str]]:
    """One pass of entity repair."""
    fixes = []
    if SPACED_NUMERIC_HINT.search(text):
        fixed = SPACED_NUMERIC.sub(_unspaced, text)
        if fixed != text:
            fixes.append("entity:spaced")
            text = fixed
    while DOUBLE_ESCAPED.search(text):
        text = DOUBLE_ESCAPED.sub("&", text)
        if "entity:double_escaped" not in fixes:
            fixes.append("entity:double_escaped")
    if any(not m.group(2) for m in NUMERIC.finditer(text)):
        fixes.append("entity:missing_semicolon")
    decoded = BARE_NAMED.sub(lambda m: html5[m.group(1) + ";"],
                             NAMED.sub(_named, NUMERIC.sub(_numeric, text)))
    if decoded != text:
        fixes.append("entity:html")
    return decoded, fixes
