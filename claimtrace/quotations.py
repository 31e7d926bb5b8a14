"""Multi-sentence quotations: which earlier sentences a marker at the end of a quotation covers.

The seed's `[20]` closes Lavrov's three-sentence quotation (`“The reality on the ground … their
promises.”[20]`) and `[25]` closes Biden's two-sentence one; the marker stands after the last
sentence but sources the whole quotation, so the earlier sentences are linked with
`scope: "quotation"` instead of looking uncited.
"""

from __future__ import annotations

from typing import Sequence

from .markers import MarkerHit
from .sentences import SentenceSpan

_PAIRS = {"”": "“", '"': '"', "»": "«"}


def _closing_quote(text: str, span: SentenceSpan, markers: Sequence[MarkerHit]) -> int | None:
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
    text: str, spans: Sequence[SentenceSpan], index: int, markers: Sequence[MarkerHit]
) -> tuple[int, int] | None:
    """Where the quotation closed at the end of sentence `index` began, if in an earlier sentence.

    `markers` are that sentence's own markers. Returns `(first_sentence_index, closing_quote_offset)`; markers after the closing quote are
    the ones that source the quotation.
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
