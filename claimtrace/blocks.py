"""Blocks: split a document's text into headings and paragraphs, with character offsets.

Plain text arrives in two shapes: one paragraph a line (the seed, most web exports), or
hard-wrapped lines with blank lines between paragraphs (e-mail, Project Gutenberg). Both are
handled here; readers of structured formats pass the headings they already know.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from .citations import without_trailing_brackets
from .languages.en import HEADING_EDIT_LINK as _EDIT_LINK
from .languages.en import HEADING_SMALL_WORDS as _SMALL_WORDS
from .languages.en import LINE_ENDS_PROSE as _TERMINAL
from .text import SECTION_NUMBER as _SECTION_NUMBER
from .text import Span

_LINE = re.compile(r"[^\n]+")
# "Bats: Left", "Born: June 11, 1988": a one- or two-word label and its value (an infobox
# line), not a title; "Aesthetic Appreciation and Spanish Art: Insights from…" stays a title.
_LABEL_VALUE = re.compile(r"^[^\W\d_][\w'’-]*(?: [\w'’-]+)?: ")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_MAX_HEADING_WORDS = 20
_MAX_HEADING_CHARS = 160
# A hard-wrapped paragraph has lines no longer than this (72–80 is the usual wrap column).
_WRAP_COLUMN = 100


@dataclass(frozen=True, slots=True)
class Block:
    """A heading or a paragraph: `text == document[start:end]`."""

    kind: str  # "heading" | "paragraph"
    start: int
    end: int
    text: str


def _ends_like_sentence(line: str) -> bool:
    """Ends with terminal punctuation, before any trailing citation markers (the seed's
    "…for the study of history.[14]")."""
    return bool(_TERMINAL.search(without_trailing_brackets(line)))


def _is_prose(line: str) -> bool:
    """A paragraph of running text: ends like a sentence and has a dozen words or more."""
    return _ends_like_sentence(line) and len(_WORD.findall(line)) >= 12


# "4. Discussion." and "4.1. LIMITATIONS AND FUTURE DIRECTIONS." (GUM academic): a numbered
# section title may end with a full stop.
_NUMBERED_TITLE = re.compile(r"^\d+(?:\.\d+)*\.?\s+[A-Z][^.!?]{0,60}\.$")


def heading_title(line: str) -> str:
    """A heading line as its title: stripped, without a Wikipedia edit link copied with it
    ("History[edit]": the page's `[edit]` link, pasted as text)."""
    line = line.strip()
    link = _EDIT_LINK.search(line) if line.endswith("]") else None
    return line[: link.start()].rstrip() if link else line


def looks_like_section_title(line: str) -> bool:
    """A short sentence-case line that may title the paragraph after it ("Early life").

    Only a heading when running text follows it (see `split_blocks`): a name, a caption or an
    infobox line ("Bats: Left") is short and unpunctuated too, but is not followed by prose.
    """
    line = heading_title(line)
    if not line or "[" in line or line.endswith(",") or _LABEL_VALUE.match(line):
        return False
    if _NUMBERED_TITLE.match(line) and len(_WORD.findall(line)) <= 8:
        return True
    if _TERMINAL.search(line) or not (line[0].isupper() or line[0].isdigit()):
        return False
    return 0 < len(_WORD.findall(line)) <= 8


def looks_like_heading(line: str) -> bool:
    """A short title-case line with no terminal punctuation and no citation.

    Motivated by the seed's six headings, e.g. "Russia Applauded The Taliban’s Political
    Advances" and "Conclusion"; sentence-case lines that end without a full stop ("Thank you")
    stay paragraphs unless they are very short and capitalized.
    """
    line = heading_title(line)
    # `_ends_like_sentence`, not `_TERMINAL`: "…of sea floor.¹" ends like a sentence too.
    if not line or len(line) > _MAX_HEADING_CHARS or _ends_like_sentence(line) or "[" in line:
        return False
    if _LABEL_VALUE.match(line):
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
    text: str, headings: Iterable[Span] = (), skip: Iterable[Span] = (), *,
    blank_separated: bool | None = None, document_start: bool = True,
) -> list[Block]:
    """Headings and paragraphs of `text`, in order.

    `headings` are spans a reader already knows to be headings; `skip` spans (code blocks,
    reference lists) yield no block. Without hints, a group of lines separated by blank lines is
    one hard-wrapped paragraph when all its lines are short, otherwise each line is a block.

    A document read a window at a time (`pipeline.extract_stream`) passes what the whole text
    says: whether it has blank lines, and whether the window starts the document (its first
    line may be the title).
    """
    known = {(h.start, h.end) for h in headings}
    skipped = sorted((s.start, s.end) for s in skip)

    def is_skipped(s: int, e: int) -> bool:
        return any(a <= s and e <= b for a, b in skipped)

    # Hard wrapping is only assumed where blank lines separate paragraphs; a text with no blank
    # line is one paragraph a line (the seed, GUM), however short its lines (infoboxes).
    if blank_separated is None:
        blank_separated = has_blank_lines(text)
    blocks: list[Block] = []
    for group in _chunks(text):
        group = [(s, e) for s, e in group if not is_skipped(s, e)]
        if not group:
            continue
        wrapped = blank_separated and _is_wrapped(text, group)
        # A heading line on top of a wrapped paragraph stays its own block.
        if wrapped and (group[0] in known or looks_like_heading(text[slice(*group[0])])):
            s, e = group.pop(0)
            blocks.append(Block("heading", s, e, text[s:e]))
            wrapped = blank_separated and _is_wrapped(text, group)
        if wrapped and not any(g in known for g in group):
            s, e = group[0][0], group[-1][1]
            blocks.append(Block("paragraph", s, e, text[s:e]))
            continue
        for s, e in group:
            line = text[s:e]
            kind = "heading" if (s, e) in known or (not known and looks_like_heading(line)) else "paragraph"
            blocks.append(Block(kind, s, e, line))
    if not known:
        blocks = _section_titles(blocks, document_start)
    return blocks


def has_blank_lines(text: str) -> bool:
    """Whether blank lines separate paragraphs (so short lines may be hard-wrapped prose)."""
    return _BLANK_LINE.search(text) is not None


def settled(block: Block, following: Block) -> bool:
    """Whether the block's kind is final once the block after it is known, whatever follows
    that one: a document read a window at a time is cut between the two.

    `_section_titles` reads the next block's text for a block that may be a section title, and
    the next block's kind only for a title-case candidate heading that the next block's text
    does not already confirm (a sentence after it does).
    """
    return not looks_like_heading(block.text) or _ends_like_sentence(following.text)


def _section_titles(blocks: list[Block], document_start: bool = True) -> list[Block]:
    """Confirm headings by what follows them, last block first.

    A title-case candidate is a heading when a sentence or another heading follows it; a short
    sentence-case line ("Early life") only when a paragraph of running text follows it. A name, a caption or an infobox
    line ("Brock Holt", "Bats: Left") looks the same but is followed by more such lines. The
    document's first line is its title when it is short and unpunctuated, whatever follows.
    """
    out = list(blocks)
    for i in range(len(out) - 1, -1, -1):
        block = out[i]
        nxt = out[i + 1] if i + 1 < len(out) else None
        if i == 0 and document_start and not _ends_like_sentence(block.text) and looks_like_title(block.text):
            kind = "heading"
        elif block.kind == "heading":
            # Title case ("Methods", "2.1 Data Sources") may head a one-line section ("We
            # measured gauges.[2]") or another heading ("Part One" over "Chapter 1").
            followed = nxt is not None and (nxt.kind == "heading" or _ends_like_sentence(nxt.text))
            kind = "heading" if followed else "paragraph"
        elif looks_like_section_title(block.text):
            kind = "heading" if nxt is not None and _is_prose(nxt.text) else "paragraph"
        else:
            kind = block.kind
        if kind != block.kind:
            out[i] = Block(kind, block.start, block.end, block.text)
    return out


def looks_like_title(line: str) -> bool:
    """A document's first line, short and unpunctuated: "Wikinews interviews Noam Chomsky"."""
    line = line.strip()
    return bool(line) and "[" not in line and (line[0].isupper() or line[0].isdigit()) and (
        0 < len(_WORD.findall(line)) <= _MAX_HEADING_WORDS
    )
