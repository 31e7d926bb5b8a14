"""Find and parse a document's reference list (endnotes, notes, bibliography) in plain text.

Pure text in, offsets out: no I/O, no spaCy. Readers of structured formats already know where
the list is and pass it as a `hint`; for plain text (and PDF) we have to find it. The list is
only ever looked for at the END of a document, because that is where every citation style puts
it, and looking anywhere else turns numbered lists in the body into fake bibliographies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from .citations import (
    AuthorYearIndex, ListedWork, entry_opener, is_reference_heading, name_key, opens_author_year_entry,
)
from .languages.en import CITATION_WORDS as _CITATION_WORDS
from .languages.en import INITIALS_END as _INITIALS_END
from .languages.en import UNDATED_LISTED
from .ledger import Reference
from .reference_fields import DOI_RE, URL_RE, reference_fields
from .text import YEAR_PATTERN, Span

__all__ = ["SectionScan", "author_year_index", "find_reference_section", "parse_references"]

# A publication year between 1500 and 2100 not glued to other digits (citations-dev entries run
# "Microbiology1997143179" together; such glued years are better missed than misread).
_YEAR_RE = re.compile(rf"(?<!\d)({YEAR_PATTERN})(?!\d)")

# Continuation lines of a wrapped entry are short; a long line is a body paragraph (the seed
# article's paragraphs run 500+ characters), which ends a heading-less list.
_MAX_CONTINUATION = 200
_MAX_CONTINUATION_RUN = 4
# Body sections are long paragraphs, bibliography entries are short: a "Notes" heading followed
# by prose of this median length is an ordinary section, not the notes list.
_MAX_ENTRY_MEDIAN = 600


@dataclass(frozen=True)
class _Line:
    start: int
    end: int  # end of the line's content, before "\n"
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def _lines(text: str, start: int = 0, end: int | None = None, offset: int = 0) -> list[_Line]:
    """Split `text[start:end]` into lines with offsets into `text` (plus `offset`)."""
    end = len(text) if end is None else end
    out: list[_Line] = []
    pos = start
    while pos <= end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        out.append(_Line(pos + offset, stop + offset, text[pos:stop]))
        if nl < 0:
            break
        pos = nl + 1
    return out


def _numbered(line: str) -> int | None:
    marker = entry_opener(line)
    return marker[0] if marker else None


def _looks_bibliographic(line: str) -> bool:
    """A year, URL, DOI or typical citation words: what tells a reference from a to-do item."""
    return bool(
        _YEAR_RE.search(line)
        or URL_RE.search(line)
        or DOI_RE.search(line)
        or _CITATION_WORDS.search(line)
    )


def _plausible_numbers(numbers: Sequence[int]) -> bool:
    """Starts at 1 or a low number and mostly counts up (a gap or a duplicate is tolerated)."""
    if len(numbers) < 2 or numbers[0] > 3:
        return False
    steps = [b - a for a, b in zip(numbers, numbers[1:])]
    increasing = sum(1 for s in steps if 0 < s <= 3)
    return increasing >= 0.8 * len(steps)


# ---------------------------------------------------------------------------------------------
# find_reference_section


def find_reference_section(text: str, hint: Span | None = None) -> Span | None:
    """The notes / references section at the end of `text`, heading included, or None.

    `hint` is the notes section a reader built (HTML, Markdown, DOCX notes); a reference list
    of the source's own just before it joins it (New Zealand's Wikipedia page: "References" with
    the cited books, then the notes). Without a hint, a reference heading whose section looks
    like a list is used; failing that, a trailing run of numbered entries that counts up from 1
    and reads like citations (years, URLs, DOIs), so that a how-to list at the end of an article,
    or a numbered list in the middle of one, is not mistaken for a bibliography.
    """
    if hint is not None:
        before = _find_unhinted(text[: hint.start].rstrip("\n"))
        return Span(before.start, hint.end) if before is not None else hint
    return _find_unhinted(text)


def _find_unhinted(text: str) -> Span | None:
    scan = SectionScan()
    scan.feed(text)
    return scan.result(len(text))


@dataclass
class _Head:
    """A reference heading and the counts of non-blank lines up to it (itself included)."""

    start: int
    lines: int
    marked: int
    short: int


class SectionScan:
    """The unhinted search for the reference section, fed a document's text in order.

    `find_reference_section` feeds a whole text at once; a document read in parts
    (`pipeline.extract_stream`) feeds it piece by piece and gets the same section. What is kept
    does not grow with the document: counts of lines after each reference heading, and the
    trailing lines that could still be a list without a heading.

    * With a heading: the last reference heading whose content (every non-blank line after it)
      looks like a list: mostly entries or headings, or a median line of at most
      `_MAX_ENTRY_MEDIAN` characters; widened to earlier such headings while what lies between
      is mostly entries (Wikipedia's New Zealand page ends "Footnotes / Citations / References":
      the numbered entries under the first headings, the bibliography under the last one).
    * Without one: a trailing run of numbered entries, with short continuation lines allowed
      between them (`_section_without_heading`).
    """

    def __init__(self) -> None:
        self._lines = self._marked = self._short = 0  # non-blank lines so far, and of them...
        self._heads: list[_Head] = []
        self._tail: list[_Line] = []  # the lines a heading-less list could still start in
        self._stretch: list[int] = []  # indices in _tail of the trailing run of non-entry lines

    def feed(self, text: str, offset: int = 0) -> None:
        """Scan the next piece of the document (`offset`: where it starts in the document)."""
        for line in _lines(text, offset=offset):
            self._line(line)

    def _line(self, line: _Line) -> None:
        if line.blank:
            self._tail.append(line)
            return
        heading = is_reference_heading(line.text)
        entry = entry_opener(line.text) is not None
        self._lines += 1
        self._marked += heading or entry
        self._short += len(line.text) <= _MAX_ENTRY_MEDIAN
        if heading:
            self._heads.append(_Head(line.start, self._lines, self._marked, self._short))
        # Walking back from the end, a heading-less list stops at a long unnumbered line, or at
        # the (_MAX_CONTINUATION_RUN + 1)-th unnumbered line since an entry: nothing before that
        # can matter, so it is dropped.
        if entry:
            self._stretch = []
        elif len(line.text) > _MAX_CONTINUATION:
            self._tail, self._stretch = [], []
            return
        else:
            self._stretch.append(len(self._tail))
            if len(self._stretch) > _MAX_CONTINUATION_RUN:
                cut = self._stretch[0] + 1
                self._tail = self._tail[cut:]
                self._stretch = [k - cut for k in self._stretch[1:]]
        self._tail.append(line)

    def result(self, length: int) -> Span | None:
        """The section found in the `length` characters fed, heading included, or None."""
        heads = [h for h in self._heads if self._list_like(h)]
        if heads:
            first = heads[-1]
            for head in reversed(heads[:-1]):
                between = first.lines - 1 - head.lines  # the heading `first` is itself marked
                if between and (first.marked - 1 - head.marked) < 0.5 * between:
                    break
                first = head
            return Span(first.start, length)
        return _section_without_heading(self._tail) if self._tail else None

    def _list_like(self, head: _Head) -> bool:
        """Whether everything after the heading could be a reference list (short lines or numbered ones)."""
        body = self._lines - head.lines
        if not body:
            return False
        if self._marked - head.marked >= 0.5 * body:
            return True
        return self._short - head.short >= body // 2 + 1  # the median line is short


def _section_without_heading(lines: list[_Line]) -> Span | None:
    """A trailing run of numbered entries, with short continuation lines allowed between them."""
    first_entry: int | None = None
    pending = 0  # non-entry lines seen since the last entry (walking backwards)
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if line.blank:
            continue
        if _numbered(line.text) is not None:
            first_entry, pending = i, 0
            continue
        pending += 1
        if len(line.text) > _MAX_CONTINUATION or pending > _MAX_CONTINUATION_RUN:
            break
    if first_entry is None:
        return None
    run = _trim_to_wrapped_continuations(lines[first_entry:])
    if run is None:
        return None
    entries = [line for line in run if _numbered(line.text) is not None]
    numbers = [_numbered(line.text) for line in entries]
    if not _plausible_numbers(numbers):  # type: ignore[arg-type]
        return None
    biblio = sum(1 for line in entries if _looks_bibliographic(line.text))
    if biblio < 0.5 * len(entries):
        return None
    return Span(run[0].start, lines[-1].end)


def _trim_to_wrapped_continuations(run: list[_Line]) -> list[_Line] | None:
    """Cut the run after any unnumbered line wider than the widest entry line.

    A wrapped entry's tail is never wider than the entry's first line; a wider line is prose.
    Motivating case: "1. Find the source... 3. Quote it (2020).\nAfter these steps the claim can
    be checked..." - the closing sentence must not become entry 3's continuation, and since it
    is the last line, there is no trailing list at all.
    """
    while run:
        widest = max((len(l.text.strip()) for l in run if _numbered(l.text) is not None), default=0)
        wide = [i for i, l in enumerate(run) if not l.blank and _numbered(l.text) is None
                and len(l.text.strip()) > widest + 5]
        if not wide:
            return run
        run = run[wide[-1] + 1 :]
        if not any(_numbered(l.text) is not None for l in run):
            return None
    return None


# ---------------------------------------------------------------------------------------------
# parse_references


@dataclass
class _Draft:
    number: int | None
    start: int  # first character after the marker
    end: int


def parse_references(
    text: str, section: Span, openers: Sequence[tuple[Span, int]] = (),
) -> list[Reference]:
    """The entries of the reference list in `text[section.start:section.end]`.

    `openers` are the entries a reader numbered (`SourceText.note_entries`: the span of each
    `[n] ` it wrote at a line's start, and n): they open their entry whatever n is (`[12000]`
    is past the four digits a typed `[n] ` opener has).

    Entries are `[1] text`, `1. text`, `1) text` or Wikipedia's `^ text` (numbered by order);
    a line that opens no entry continues the previous one (wrapped lines, PDF). Only when no
    line in the whole list carries a marker are the lines numbered by order, because an
    unnumbered line inside a numbered list is far more often a wrapped tail than a new entry.
    `Reference.text` is `text[start:end]` with each line break (and the indentation around it)
    replaced by one space.
    """
    lines = [
        line
        for line in _lines(text, section.start, section.end)
        if not is_reference_heading(line.text)
    ]
    drafts = _numbered_drafts(lines, {span.start: (number, span.end - span.start) for span, number in openers})
    if drafts is None:
        drafts = _unnumbered_drafts(lines)
    return [_reference(text, draft) for draft in drafts]


def _numbered_drafts(lines: list[_Line], openers: dict[int, tuple[int, int]]) -> list[_Draft] | None:
    """Entries opened by markers (`openers`: by the offset of their line, those a reader placed);
    None when no line has one."""
    markers = [(line, openers.get(line.start) or entry_opener(line.text)) for line in lines]
    if not any(marker for _, marker in markers):
        return None
    numbered = any(marker and marker[0] is not None for _, marker in markers)
    drafts: list[_Draft] = []
    order = 0
    for line, marker in markers:
        if line.blank:
            continue
        # In a numbered list a caret line is text (`^` is rare there); in a caret list it opens one.
        if marker and (marker[0] is not None or not numbered):
            order += 1
            number = marker[0] if marker[0] is not None else order
            drafts.append(_Draft(number, line.start + marker[1], line.start + len(line.text.rstrip())))
        elif drafts:
            drafts[-1].end = line.start + len(line.text.rstrip())
        # Lines before the first entry ("The following works were consulted:") are dropped.
    return drafts


def _unnumbered_drafts(lines: list[_Line]) -> list[_Draft]:
    """A list without markers: blank-line separated blocks when some block wraps, else lines."""
    blocks: list[list[_Line]] = [[]]
    for line in lines:
        if line.blank:
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append(line)
    blocks = [b for b in blocks if b]
    has_blank_separators = len(blocks) > 1 and any(len(b) > 1 for b in blocks)
    if not has_blank_separators:
        blocks = _join_wrapped([line for b in blocks for line in b])
    drafts = []
    for n, block in enumerate(blocks, 1):
        first, last = block[0], block[-1]
        indent = len(first.text) - len(first.text.lstrip())
        drafts.append(_Draft(n, first.start + indent, last.start + len(last.text.rstrip())))
    return drafts


def _join_wrapped(lines: list[_Line]) -> list[list[_Line]]:
    """One entry a line, except where most lines open an author-year entry: then a line that
    opens none is the wrapped tail of the entry before it (`Smith, J. (2001). A title that` /
    `  wraps. Nature, 4, 5.`)."""
    opens = [opens_author_year_entry(line.text) for line in lines]
    if sum(opens) * 2 <= len(lines) or not opens[0]:
        return [[line] for line in lines]
    blocks: list[list[_Line]] = []
    for line, opener in zip(lines, opens):
        if opener or not blocks:
            blocks.append([line])
        else:
            blocks[-1].append(line)
    return blocks


def _reference(text: str, draft: _Draft) -> Reference:
    raw = re.sub(r"[ \t]*\n[ \t]*", " ", text[draft.start : draft.end]).strip()
    start = draft.start + (len(text[draft.start : draft.end]) - len(text[draft.start : draft.end].lstrip()))
    fields = reference_fields(raw)
    return Reference.parsed(draft.number or 0, raw, start, draft.end, fields)



# ---------------------------------------------------------------------------------------------
# author-year keys

# The year an entry prints, with the letter that tells two works of one author and year apart:
# `Ioannidis, J. P. A. (2005a)`, `Smith, J. 2001b.`; `in press` and `n.d.` when there is none.
_ENTRY_YEAR = re.compile(rf"(?<![\d/.-])({YEAR_PATTERN})([a-z]?)(?![\w])")
_ENTRY_NO_YEAR = re.compile(rf"\b({UNDATED_LISTED})", re.IGNORECASE)


def author_year_index(entries: Sequence[Reference]) -> AuthorYearIndex | None:
    """The list as author-year keys (first author, number of authors, year and suffix), or None
    for an empty list. Entries with no author or year to go by are left out: no author-year
    citation can name them."""
    works = [work for work in map(_listed_work, entries) if work is not None]
    return AuthorYearIndex(tuple(works)) if entries else None


def _listed_work(entry: Reference) -> ListedWork | None:
    # The first year printed is the entry's own (`Smith, J. (2001a). Title…`); `in press` or
    # `n.d.` only when it prints none (`Chang, H., Riese, D. J. 2. n. d., …(1997)` is 1997).
    year = _ENTRY_YEAR.search(entry.text) or _ENTRY_NO_YEAR.search(entry.text)
    if year is None:
        return None
    surname = entry.surname or entry.text[: year.start()].split(",")[0].strip(" (.")
    key = name_key(surname)
    if not key:
        return None
    count = _author_count(entry, entry.text[: year.start()])
    second = name_key(_surname(entry.authors[1])) if len(entry.authors) == 2 else ""
    head = name_key(entry.text[: year.start()])
    if year.re is _ENTRY_YEAR:
        return ListedWork(entry.number, key, count, year.group(1), year.group(2).lower(), second, head)
    return ListedWork(entry.number, key, count, " ".join(year.group(1).lower().split()), "", second, head)


# An author's initials closing a name in an APA/Harvard list: `Smith, J. A.,` `Rowley, J. (`.


def _author_count(entry: Reference, head: str) -> int:
    """1, 2, or 3 for three or more: the names before the year (`Smith, J., & Lee, K. (2001)`
    has two), counted by their initials when it prints them, else the parsed authors."""
    if re.search(r"\bet al\b", head):
        return 3
    initials = len(_INITIALS_END.findall(head))
    return min(initials or len(entry.authors) or 1, 3)


def _surname(author: str) -> str:
    """`Rowley, J.` -> `Rowley`; `J. Rowley` -> `Rowley`."""
    if "," in author:
        return author.split(",")[0]
    words = [w for w in author.split() if not w.endswith(".")]
    return words[-1] if words else author
