"""The one thing every reader returns: the document text plus structure the format already knows."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Span:
    """A half-open character range `[start, end)` into `SourceText.text`."""

    start: int
    end: int


@dataclass(frozen=True)
class SourceText:
    """Text extracted from one input, ready for the pipeline.

    `text` is what every offset in the ledger points into. Readers of structured formats (HTML,
    Markdown, DOCX) know where headings are and which lines are the notes list; they say so in
    `headings` and `references` so the pipeline does not have to guess. A plain-text reader
    leaves them empty and the pipeline falls back to its heuristics.
    """

    doc: str
    text: str
    format: str = "text"
    headings: tuple[Span, ...] = ()
    # Where the reference list / notes section sits in `text`, when the reader knows it.
    references: Span | None = None
    # Spans that are not prose (code blocks, tables) and must yield no sentences.
    skip: tuple[Span, ...] = field(default=())
