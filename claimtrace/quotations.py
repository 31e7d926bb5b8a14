"""Which markers each sentence carries: its own, and those closing a quotation it is part of.

The seed's `[20]` closes Lavrov's three-sentence quotation (`“The reality on the ground … their
promises.”[20]`) and `[25]` closes Biden's two-sentence one; the marker stands after the last
sentence but sources the whole quotation, so the earlier sentences carry it with
`scope: "quotation"` instead of looking uncited.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Sequence

from .citations import Marker
from .sentences import assign_markers
from .text import Span

_PAIRS = {"”": "“", '"': '"', "»": "«"}


def _closing_quote(text: str, span: Span, markers: Sequence[Marker]) -> int | None:
    """Offset of the quote that closes `span`, ignoring trailing markers, or None.

    `markers` are the sentence's own markers (see `sentences.assign_markers`).
    """
    end = span.end
    for marker in sorted(markers, key=lambda m: m.start, reverse=True):
        if span.start <= marker.start and marker.end <= end and not text[marker.end : end].strip():
            end = marker.start
    body = text[span.start : end].rstrip()
    if body and body[-1] in _PAIRS:
        return span.start + len(body) - 1
    return None


def quotation_start(
    text: str, spans: Sequence[Span], index: int, markers: Sequence[Marker]
) -> tuple[int, int] | None:
    """Where the quotation closed at the end of sentence `index` began, if in an earlier sentence.

    `markers` are that sentence's own markers. Returns `(first_sentence_index,
    closing_quote_offset)`; markers after the closing quote are the ones that source the
    quotation.
    """
    span = spans[index]
    close = _closing_quote(text, span, markers)
    if close is None:
        return None
    opener = _PAIRS[text[close]]
    open_at = text.rfind(opener, 0, close)
    if open_at < 0 or open_at >= span.start:
        return None
    for j in range(index - 1, -1, -1):
        if spans[j].start <= open_at < spans[j].end:
            return j, close
    return None


def sentence_markers(
    text: str, spans: Sequence[Span], markers: Sequence[Marker]
) -> list[tuple[Marker, ...]]:
    """Each sentence's markers: its own (`scope: sentence`), then those borrowed from the end of
    a quotation that began in it (`scope: quotation`). Offsets stay those of `text`."""
    own = assign_markers(spans, markers)
    borrowed: list[list[Marker]] = [[] for _ in spans]
    for i, sentence_own in enumerate(own):
        if not sentence_own:
            continue
        quotation = quotation_start(text, spans, i, sentence_own)
        if quotation is None:
            continue
        first, close = quotation
        closing = [replace(m, scope="quotation") for m in sentence_own if m.start >= close]
        for j in range(first, i):
            borrowed[j].extend(closing)
    return [tuple(o) + tuple(b) for o, b in zip(own, borrowed)]
