"""Layout: the text shape every structured reader produces.

One block a line, the heading spans, and the notes / reference list as the last section in
`[n] entry` lines, so the plain-text pipeline after the reader needs no format knowledge.
Shared by the HTML, Markdown, DOCX and PDF readers.
"""

from __future__ import annotations

from typing import Sequence

from ..citations import MAX_NOTE_NUMBER, is_reference_heading
from ..errors import InputError
from ..text import Span
from .source import SourceText


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

    def paragraph(self, line: str) -> Span:
        return self._add(line)

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

        A note numbered past `MAX_NOTE_NUMBER` would be read back as a year and lose its
        markers, so such a document is refused with one line instead.
        """
        span = self.heading(heading)
        last = 0
        for number, text in entries:
            number = number if number is not None else last + 1
            last = max(last, number)
            if number > MAX_NOTE_NUMBER:
                raise InputError(
                    f"{self.doc}: has notes numbered past {MAX_NOTE_NUMBER} ({len(entries):,} notes); "
                    f"claimtrace reads [n] up to {MAX_NOTE_NUMBER} as a note and larger numbers as years"
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
        )
