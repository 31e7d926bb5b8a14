"""Layout: the text shape every structured reader produces.

One block a line, the heading spans, and the notes / reference list as the last section in
`[n] entry` lines, so the plain-text pipeline after the reader needs no format knowledge.
Shared by the HTML, Markdown, DOCX and PDF readers.
"""

from __future__ import annotations

import re
from typing import Sequence

from ..citations import MAX_NOTE_NUMBER, Link, is_reference_heading, note_number, reads_as_note
from ..errors import InputError
from ..text import Span, squash
from .source import SourceText


# A link's anchor text is written between these two private-use characters while a reader builds
# a line; `squash_links` turns them into offsets and removes them.
LINK_OPEN, LINK_CLOSE = "\ue000", "\ue001"
_SENTINELS = re.compile(f"[{LINK_OPEN}{LINK_CLOSE}]")
_SPACE_INTO_LINK = re.compile(f"({LINK_OPEN}+)\\s+")
_SPACE_OUT_OF_LINK = re.compile(f"\\s+({LINK_CLOSE}+)")


def squash_links(line: str, hrefs: Sequence[str], offset: int = 0) -> tuple[str, list[Link]]:
    """A line built with link sentinels, white space squashed, and its links' offsets in it
    (plus `offset`: where the line will start in the text, `Layout.next_start`).

    `hrefs` are the URLs of the links opened in `line`, in order.
    """
    if LINK_OPEN not in line:
        return squash(_SENTINELS.sub("", line)), []
    # White space at an anchor's edges moves outside it, where squashing merges it.
    line = _SPACE_INTO_LINK.sub(r" \1", _SPACE_OUT_OF_LINK.sub(r"\1 ", line))
    return _links_out(squash(line), list(hrefs), offset)


def _links_out(line: str, hrefs: list[str], offset: int = 0) -> tuple[str, list[Link]]:
    """`line` without its link sentinels, and each link's anchor offsets in the clean line
    (plus `offset`).

    A block may close before its link does (`<a><p>…</p></a>`): a link still open at the end of
    the line ends there. Links without anchor text (an image) name no words and are dropped.
    """
    if LINK_OPEN not in line:
        return _SENTINELS.sub("", line), []
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    opened: list[tuple[int, str]] = []
    length = 0
    urls = iter(hrefs)
    for piece in re.split(f"([{LINK_OPEN}{LINK_CLOSE}])", line):
        if piece == LINK_OPEN:
            opened.append((length, next(urls, "")))
        elif piece == LINK_CLOSE:
            if opened:
                start, url = opened.pop()
                spans.append((start, length, url))
        else:
            out.append(piece)
            length += len(piece)
    spans.extend((start, length, url) for start, url in opened)
    raw = "".join(out)
    text = raw.strip()
    lead = len(raw) - len(raw.lstrip())
    links = []
    for start, end, url in spans:
        start, end = max(start - lead, 0), min(end - lead, len(text))
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start and url:
            links.append(Link(start + offset, end + offset, url, text[start:end]))
    return text, sorted(links, key=lambda k: k.start)


class Layout:
    """Builds the reader contract's text: one block a line, heading spans, notes at the end.

    Shared by the HTML, Markdown, DOCX and PDF readers so that all four produce the same shape:
    `[n] entry` lines under one heading as the last section, `reference_section` covering it.
    """

    def __init__(self, doc: str = "") -> None:
        self.doc = doc
        self.lines: list[str] = []
        self.headings: list[Span] = []
        self.notes_span: Span | None = None
        self.in_reference_section = False
        self.saw_reference_heading = False
        self.links: list[Link] = []
        self.note_labels: dict[int, str] = {}  # note number -> the author's label (`[^smith2019]`)
        self._length = 0

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def _add(self, line: str) -> Span:
        start = self._length + (1 if self.lines else 0)
        self.lines.append(line)
        self._length = start + len(line)
        return Span(start, self._length)

    def heading(self, line: str) -> Span:
        span = self._add(line)
        self.headings.append(span)
        self.in_reference_section = is_reference_heading(line)
        self.saw_reference_heading |= self.in_reference_section
        return span

    @property
    def next_start(self) -> int:
        """Where the next line will start in the text."""
        return self._length + (1 if self.lines else 0)

    def paragraph(self, line: str, links: Sequence[Link] = (), placed: bool = False) -> Span:
        """Add a body line; `links` have offsets into `line`, or into the text when `placed`
        (`squash_links(…, offset=layout.next_start)`: a page of 100,000 links makes each once)."""
        span = self._add(line)
        self.links.extend(links if placed else (link.shifted(span.start) for link in links))
        return span

    def take_trailing_reference_heading(self) -> str | None:
        """Remove and return a last line that is an empty "Notes"/"References" heading.

        Markdown's "## Notes" followed only by `[^1]: ...` definitions leaves that heading with
        nothing under it once the definitions move; the notes section reuses its name instead.
        """
        if not self.headings or not self.lines or self.headings[-1].end != self._length:
            return None
        line = self.lines[-1]
        if not is_reference_heading(line):
            return None
        self.lines.pop()
        self.headings.pop()
        self._length = sum(len(x) for x in self.lines) + max(len(self.lines) - 1, 0)
        self.in_reference_section = False
        return line

    def notes(self, heading: str, entries: Sequence[tuple[int | None, str]]) -> Span:
        """Append the notes section; entries without a number are numbered after the last one.

        An unnumbered entry after note 1499 skips the numbers `[n]` reads as years
        (`citations.note_number`; the HTML reader renumbers a page's own numbers so). A number
        still 1500 to 2100, or past 9999 (more than 9,398 notes), would be read back as a year
        (or not at all) and lose its markers, so such a document is refused with one line instead.
        """
        span = self.heading(heading)
        last = 0
        for number, text in entries:
            number = number if number is not None else (last + 1 if last < MAX_NOTE_NUMBER else
                                                        max(last + 1, note_number(MAX_NOTE_NUMBER + 1)))
            last = max(last, number)
            if not reads_as_note(number):
                raise InputError(
                    f"{self.doc}: has a note numbered {number} ({len(entries):,} notes); claimtrace reads [n] "
                    f"from 1500 to 2100 as a year and past 9999 not at all, so its markers would be lost"
                )
            self._add(f"[{number}] {text}".rstrip())
        self.notes_span = Span(span.start, self._length)
        return self.notes_span

    def source(self, doc: str, fmt: str) -> SourceText:
        """The finished `SourceText`: the text, its heading spans and the notes section."""
        return SourceText(
            doc=doc,
            text=self.text,
            format=fmt,
            headings=tuple(self.headings),
            reference_section=self.notes_span,
            links=tuple(self.links),
            note_labels=tuple(sorted(self.note_labels.items())),
        )
