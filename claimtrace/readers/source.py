"""The one thing every reader returns: the document text plus structure the format already knows."""

from __future__ import annotations

from dataclasses import dataclass

from ..citations import Link, Marker
from ..text import Span


@dataclass(frozen=True)
class SourceText:
    """Text extracted from one input, ready for the pipeline.

    `text` is what every offset in the ledger points into. Readers of structured formats (HTML,
    Markdown, DOCX) know where headings are and which lines are the notes they built; they say so
    in `headings` and `reference_section`, so the pipeline does not have to guess. A plain-text
    reader leaves them empty and the pipeline finds the structure itself.
    """

    doc: str
    text: str
    format: str = "text"
    headings: tuple[Span, ...] = ()
    # The notes / reference section the reader built at the end of `text`, when it built one.
    reference_section: Span | None = None
    # Spans that are not prose (code blocks, tables) and must yield no sentences.
    skip: tuple[Span, ...] = ()
    # Hyperlinks to other documents, by the offsets of their anchor text: sources given as links.
    links: tuple[Link, ...] = ()
    # Notes the author labelled (Markdown `[^smith2019]`, Word's endnote `iv`): (number, label) pairs.
    note_labels: tuple[tuple[int, str], ...] = ()
    # The note references the reader placed in `text` (`citations.placed_marker`), sorted by
    # offset: markers whatever their number (`[1999]`, `[12000]`), not left to the grammar to
    # read back (`citations.find_markers(…, placed=…)`).
    notes: tuple[Marker, ...] = ()
    # Each reference-list entry the reader numbered: the span of its opener `[n] ` and n.
    note_entries: tuple[tuple[Span, int], ...] = ()
