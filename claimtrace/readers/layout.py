"""Layout: the text shape every structured reader produces.

One block a line, the heading spans, and the notes / reference list as the last section in
`[n] entry` lines, so the plain-text pipeline after the reader needs no format knowledge. The
note references a reader places and the entries it numbers are handed forward beside the text
(`SourceText.notes`, `SourceText.note_entries`): they are markers and entries by the reader's
word, whatever their number, and the citation grammar is not asked to read them back.
Shared by the HTML, Markdown, DOCX and PDF readers.
"""

from __future__ import annotations

import re
from typing import Sequence

from ..citations import Link, Marker, is_reference_heading, placed_marker
from ..text import Span, squash
from .source import SourceText


# A link's anchor text is written between these two private-use characters while a reader builds
# a line; `squash_links` turns them into offsets and removes them.
LINK_OPEN, LINK_CLOSE = "\ue000", "\ue001"
# A note reference is written `NOTE_OPEN numbers NOTE_TEXT printed NOTE_CLOSE` (`note_reference`):
# the numbers it cites, then what the text shows (`[1999]`, `¹²`); `squash_links` turns it into
# a `Marker` at the offsets of what is shown.
NOTE_OPEN, NOTE_TEXT, NOTE_CLOSE = "\ue002", "\ue003", "\ue004"
_ALL = f"{LINK_OPEN}{LINK_CLOSE}{NOTE_OPEN}{NOTE_TEXT}{NOTE_CLOSE}"
_SENTINELS = re.compile(f"[{_ALL}]")
_PIECES = re.compile(f"([{_ALL}])")
_NOTE_NUMBERS = re.compile(f"{NOTE_OPEN}[^{_ALL}]*{NOTE_TEXT}")
_NUMBERS = re.compile(r"[0-9]+(?:,[0-9]+)*")
_SPACE_INTO_LINK = re.compile(f"({LINK_OPEN}+)\\s+")
_SPACE_OUT_OF_LINK = re.compile(f"\\s+({LINK_CLOSE}+)")


def note_reference(numbers: Sequence[int], printed: str) -> str:
    """A note reference as a reader writes it into a line: `printed` (`[1999]`, `¹⁹⁹⁹˒²⁰⁰⁰`) is
    what the text will show; `numbers` the notes it cites, whatever they are."""
    return f"{NOTE_OPEN}{','.join(map(str, numbers))}{NOTE_TEXT}{printed}{NOTE_CLOSE}"


def plain(line: str) -> str:
    """A line a reader built, without its sentinels and the numbers of its note references."""
    if NOTE_OPEN in line:
        line = _NOTE_NUMBERS.sub("", line)
    return _SENTINELS.sub("", line)


def squash_links(
    line: str, hrefs: Sequence[str], offset: int = 0,
) -> tuple[str, list[Link], list[Marker]]:
    """A line built with link and note sentinels, white space squashed, and its links' and
    note references' offsets in it (plus `offset`: where the line will start in the text,
    `Layout.next_start`).

    `hrefs` are the URLs of the links opened in `line`, in order.
    """
    if LINK_OPEN not in line and NOTE_OPEN not in line:
        return squash(_SENTINELS.sub("", line)), [], []
    # White space at an anchor's edges moves outside it, where squashing merges it.
    line = _SPACE_INTO_LINK.sub(r" \1", _SPACE_OUT_OF_LINK.sub(r"\1 ", line))
    return _links_out(squash(line), list(hrefs), offset)


def _links_out(line: str, hrefs: list[str], offset: int = 0) -> tuple[str, list[Link], list[Marker]]:
    """`line` without its sentinels, and each link's anchor offsets and each note reference's
    marker in the clean line (plus `offset`).

    A block may close before its link does (`<a><p>…</p></a>`): a link still open at the end of
    the line ends there. Links without anchor text (an image) name no words and are dropped.
    A note sentinel out of place (a document's own private-use characters) is dropped.
    """
    if LINK_OPEN not in line and NOTE_OPEN not in line:
        return _SENTINELS.sub("", line), [], []
    out: list[str] = []
    spans: list[tuple[int, int, str]] = []
    opened: list[tuple[int, str]] = []
    notes: list[tuple[int, int, tuple[int, ...]]] = []
    note: tuple[int, ...] | None = None  # the numbers of the note reference being read
    note_start = -1  # where its printed text starts; -1 while its numbers are read
    length = 0
    urls = iter(hrefs)
    for piece in _PIECES.split(line):
        if piece == LINK_OPEN:
            opened.append((length, next(urls, "")))
        elif piece == LINK_CLOSE:
            if opened:
                start, url = opened.pop()
                spans.append((start, length, url))
        elif piece == NOTE_OPEN:
            note, note_start = (), -1
        elif piece == NOTE_TEXT:
            note_start = length if note is not None else -1
        elif piece == NOTE_CLOSE:
            if note and note_start >= 0 and length > note_start:
                notes.append((note_start, length, note))
            note, note_start = None, -1
        elif note == () and note_start < 0 and _NUMBERS.fullmatch(piece):  # the numbers of a note reference
            note = tuple(int(n) for n in piece.split(","))
        else:
            if note == () and note_start < 0:
                note = None  # a document's own U+E002, not a note reference: its text stays
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
    markers = []
    for start, end, numbers in notes:
        start, end = max(start - lead, 0), min(end - lead, len(text))
        if end > start:
            markers.append(placed_marker(start + offset, end + offset, text[start:end], numbers))
    return text, sorted(links, key=lambda k: k.start), markers


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
        self.markers: list[Marker] = []  # the note references placed in the text (`note_reference`)
        self.entries: list[tuple[Span, int]] = []  # each `[n] ` opening an entry the reader numbered, and n
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

    def paragraph(
        self, line: str, links: Sequence[Link] = (), placed: bool = False, notes: Sequence[Marker] = (),
        entry: int | None = None,
    ) -> Span:
        """Add a body line; `links` and `notes` (the note references in it) have offsets into
        `line`, or into the text when `placed` (`squash_links(…, offset=layout.next_start)`: a
        page of 100,000 links makes each once). `entry`: the line opens the list entry the
        reader numbered so (`[entry] ` written first, `<ol>` item 12,000 under "References")."""
        span = self._add(line)
        self.links.extend(links if placed else (link.shifted(span.start) for link in links))
        self.markers.extend(notes if placed else (note.shifted(span.start) for note in notes))
        opener = f"[{entry}] "
        if entry is not None and line.startswith(opener):
            self.entries.append((Span(span.start, span.start + len(opener)), entry))
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
        """Append the notes section; entries without a number are numbered after the highest one.

        Each `[n] text` line opens entry n by the reader's word (`SourceText.note_entries`), so
        notes keep the numbers their document gives them (a page's note 1999, Word's 12,000th
        footnote), which a typed `[n]` could not carry (`[1999]` reads as a year).
        """
        span = self.heading(heading)
        last = 0
        for number, text in entries:
            number = number if number is not None else last + 1
            last = max(last, number)
            line = f"[{number}] {plain(text)}".rstrip()
            self.paragraph(line, entry=number)
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
            notes=tuple(sorted(self.markers, key=lambda m: m.start)),
            note_entries=tuple(self.entries),
        )
