"""Offsets and small lexical facts shared by every layer. Imports nothing from claimtrace.

`Span` is the one offset type: readers, blocks, sentences, reference lists and the ledger all
speak in half-open `[start, end)` character ranges of one document text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range `[start, end)` into some text."""

    start: int
    end: int

    def shifted(self, offset: int) -> "Span":
        return Span(self.start + offset, self.end + offset)


# A plausible year of publication or of an event. `[2019]` is a date, not note 2019; "(2011)" in
# a reference entry is its year; "in 1998" dates an event. One definition for all three.
YEAR_PATTERN = r"(?:1[5-9]\d\d|20\d\d|2100)"
_YEAR_FIRST, _YEAR_LAST = 1500, 2100

# A numbered section title's number: "1 Introduction", "2.3 Results", "IV. DISCUSSION" (body text
# and a PDF's lines alike).
SECTION_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.)\s+\S")


def is_year(value: int, digits: str) -> bool:
    """Four digits in the range of plausible years: `is_year(2019, "2019")`."""
    return len(digits.strip()) == 4 and _YEAR_FIRST <= value <= _YEAR_LAST


def skip_space(text: str, pos: int) -> int:
    """The first position at or after `pos` that is not white space."""
    while pos < len(text) and text[pos].isspace():
        pos += 1
    return pos


def trimmed(text: str, start: int, end: int) -> Span:
    """`[start, end)` without the white space at either edge."""
    piece = text[start:end]
    return Span(start + len(piece) - len(piece.lstrip()), start + len(piece.rstrip()))


def squash(text: str | None) -> str:
    """Runs of white space (line breaks inside a source paragraph) become one space."""
    return re.sub(r"\s+", " ", text or "").strip()


def printable(text: str) -> str:
    """`text` with control characters escaped (`\\x1b` for ESC), safe to print to a terminal.

    File names and document text can hold escape sequences that would recolour, retitle or
    clear the user's terminal; tab stays, everything else below U+0020, DEL, C1 controls and
    bidirectional overrides are shown as escapes.
    """
    return text.translate(_ESCAPES) if _UNSAFE.search(text) else text


# Lone surrogates (U+D800-U+DFFF) too: they are not characters, and no terminal encoding holds them.
_UNSAFE_CODES = [*range(0x00, 0x09), *range(0x0A, 0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F),
                 *range(0x2066, 0x206A), *range(0xD800, 0xE000)]
_ESCAPES = {c: (f"\\x{c:02x}" if c < 0x100 else f"\\u{c:04x}") for c in _UNSAFE_CODES}
_UNSAFE = re.compile("[" + "".join(re.escape(chr(c)) for c in _UNSAFE_CODES) + "]")


# Superscript forms of the characters that have one: how a reader writes text it found raised
# (HTML `<sup>`, a Word run with `w:vertAlign="superscript"`, a PDF's small raised glyphs), so
# that `it<sup>3</sup>` reads `it³` and `cm<sup>2</sup>` reads `cm²`, as if typed in Unicode.
# Letters, commas and dashes keep their form: `1<sup>st</sup>` stays `1st`, `<sup>3–5</sup>` `³–⁵`.
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_SUPERSCRIPT = str.maketrans({
    **{str(d): SUPERSCRIPT_DIGITS[d] for d in range(10)},
    "+": "⁺", "-": "⁻", "−": "⁻", "=": "⁼", "(": "⁽", ")": "⁾",
})
_FROM_SUPERSCRIPT = str.maketrans({SUPERSCRIPT_DIGITS[d]: str(d) for d in range(10)})


def to_superscript(text: str) -> str:
    """`text` as raised characters where Unicode has them: `"3–5"` → `"³–⁵"`, `"-6"` → `"⁻⁶"`.

    Text without a digit is returned unchanged (`"st"`, `"*"`, `"a"`): only digits make a
    superscript worth writing differently, and a lone `+` or `-` is better left as printed.
    """
    if not any(c.isascii() and c.isdigit() for c in text):
        return text
    return text.translate(_TO_SUPERSCRIPT)


def from_superscript(text: str) -> str:
    """Superscript digits as ASCII digits: `"¹⁴"` → `"14"`."""
    return text.translate(_FROM_SUPERSCRIPT)


# A lone surrogate (U+D800-U+DFFF) is not a character: no UTF-8 output can hold it. It reaches a
# ledger only from a codec that makes one (`--encoding unicode_escape` reading `\\ud800`) or from
# a library caller's string; every writer replaces it (`without_surrogates`) and says so.
_SURROGATE = re.compile("[\ud800-\udfff]")
REPLACEMENT = "\ufffd"


def without_surrogates(text: str) -> tuple[str, int]:
    """`text` with each lone surrogate replaced by U+FFFD (one character for one, so offsets
    stay true), and how many were replaced."""
    return _SURROGATE.subn(REPLACEMENT, text)
