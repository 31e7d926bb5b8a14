"""Blocks: split a document's text into headings and paragraphs, with character offsets.

Plain text arrives in two shapes: one paragraph a line (the seed, most web exports), or
hard-wrapped lines with blank lines between paragraphs (e-mail, Project Gutenberg). Both are
handled here; readers of structured formats pass the headings they already know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .readers.source import Span

_LINE = re.compile(r"[^\n]+")
# A line ending in one of these (possibly followed by closing quotes or brackets) is prose.
_TERMINAL = re.compile(r"[.!?…:;,]['\"”’)\]»]*\s*$")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SMALL_WORDS = frozenset(
    "a an the and or nor but of in on at to for from by with as vs via per into onto over "
    "upon not than its".split()
)
# Numbered section headings: "2.1 Methods", "IV. Results".
_SECTION_NUMBER = re.compile(r"^(?:\d+(?:\.\d+)*\.?|[IVXLC]+\.)\s+\S")
_MAX_HEADING_WORDS = 20
_MAX_HEADING_CHARS = 160
# A hard-wrapped paragraph has lines no longer than this (72–80 is the usual wrap column).
_WRAP_COLUMN = 100


@dataclass(frozen=True)
class Block:
    """A heading or a paragraph: `text == document[start:end]`."""

    kind: str  # "heading" | "paragraph"
    start: int
    end: int
    text: str


def looks_like_heading(line: str) -> bool:
    """A short title-case line with no terminal punctuation and no citation.

    Motivated by the seed's six headings, e.g. "Russia Applauded The Taliban’s Political
    Advances" and "Conclusion"; sentence-case lines that end without a full stop ("Thank you")
    stay paragraphs unless they are very short and capitalized.
    """
    line = line.strip()
    if not line or len(line) > _MAX_HEADING_CHARS or _TERMINAL.search(line) or "[" in line:
        return False
    first = line[0]
    if not (first.isupper() or first.isdigit()):
        return False
    words = _WORD.findall(line)
    if not words or len(words) > _MAX_HEADING_WORDS:
        return False
    content = [w for w in words if w.lower() not in _SMALL_WORDS]
    if not content:
        return False
    capitalized = sum(1 for w in content if w[0].isupper())
    if capitalized / len(content) >= 0.75:
        return True
    # "2.1 Data collection and cleaning": numbered sections are headings in any case style.
    return bool(_SECTION_NUMBER.match(line)) and len(words) <= 12


def _line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Non-blank lines of `text[start:end]`, trimmed of surrounding whitespace."""
    spans = []
    for match in _LINE.finditer(text, start, end):
        s, e = match.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def _chunks(text: str) -> Iterable[list[tuple[int, int]]]:
    """Groups of consecutive non-blank lines (a blank line separates groups)."""
    group: list[tuple[int, int]] = []
    pos = 0
    for s, e in _line_spans(text, 0, len(text)):
        if group and text.count("\n", pos, s) > 1:
            yield group
            group = []
        group.append((s, e))
        pos = e
    if group:
        yield group


def _is_wrapped(text: str, group: list[tuple[int, int]]) -> bool:
    """Hard-wrapped prose: short lines, most of which stop mid-sentence.

    "This paragraph is wrapped\nover two lines." is one paragraph; "First paragraph.\nSecond
    paragraph." (one paragraph a line, no blank lines) is two.
    """
    if len(group) < 2 or any(e - s > _WRAP_COLUMN for s, e in group):
        return False
    open_ended = sum(1 for s, e in group[:-1] if not _TERMINAL.search(text[s:e]))
    return open_ended * 2 > len(group) - 1


def split_blocks(
    text: str, headings: Iterable[Span] = (), skip: Iterable[Span] = ()
) -> list[Block]:
    """Headings and paragraphs of `text`, in order.

    `headings` are spans a reader already knows to be headings; `skip` spans (code blocks,
    reference lists) yield no block. Without hints, a group of lines separated by blank lines is
    one hard-wrapped paragraph when all its lines are short, otherwise each line is a block.
    """
    known = {(h.start, h.end) for h in headings}
    skipped = sorted((s.start, s.end) for s in skip)

    def is_skipped(s: int, e: int) -> bool:
        return any(a <= s and e <= b for a, b in skipped)

    blocks: list[Block] = []
    for group in _chunks(text):
        group = [(s, e) for s, e in group if not is_skipped(s, e)]
        if not group:
            continue
        wrapped = _is_wrapped(text, group)
        # A heading line on top of a wrapped paragraph stays its own block.
        if wrapped and (group[0] in known or looks_like_heading(text[slice(*group[0])])):
            s, e = group.pop(0)
            blocks.append(Block("heading", s, e, text[s:e]))
            wrapped = _is_wrapped(text, group)
        if wrapped and not any(g in known for g in group):
            s, e = group[0][0], group[-1][1]
            blocks.append(Block("paragraph", s, e, text[s:e]))
            continue
        for s, e in group:
            line = text[s:e]
            kind = "heading" if (s, e) in known or (not known and looks_like_heading(line)) else "paragraph"
            blocks.append(Block(kind, s, e, line))
    return blocks
