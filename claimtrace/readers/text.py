"""Plain text (.txt and unknown text files): the document text is the decoded file, unchanged."""

from __future__ import annotations

from .source import SourceText


def read_text(doc: str, text: str) -> SourceText:
    """A plain-text document: no structure is known up front; the pipeline finds it."""
    return SourceText(doc=doc, text=text, format="text")
