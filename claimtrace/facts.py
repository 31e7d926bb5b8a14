"""Per-sentence facts: the one place where markers, sentences, scope, kind, score and
`is_claim` are computed.

`claimtrace.extract` calls `paragraph_facts` on each paragraph's text; the spaCy components in
`claimtrace.components` call the same steps (`find_markers`, `split_sentences`,
`sentence_markers`, `ClaimJudge.judge`) on a `Doc`'s text and only store what they return. So a
user's spaCy pipeline and the library give the same answers (`tests/test_equivalence.py`).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import repeat
from typing import Sequence

from .citations import AuthorYearIndex, Marker, editorial_flags, find_markers, strip_markers
from .kinds import KindMatch, classify_kind
from .quotations import sentence_markers
from .scoring import DEFAULT_MODEL, Scorer, load_scorer
from .sentences import split_sentences
from .text import Span


@dataclass(frozen=True, slots=True)
class SentenceFacts:
    """What claimtrace knows of one sentence; offsets are into the paragraph's text.

    `markers` are the sentence's own markers (`scope: sentence`) followed by those that close a
    quotation the sentence belongs to (`scope: quotation`).
    """

    start: int
    end: int
    markers: tuple[Marker, ...]
    kind: KindMatch
    score: float
    why: str
    is_claim: bool
    flags: tuple[str, ...] = ()  # editors' inline flags in the sentence: `citation needed`

    @property
    def citations(self) -> tuple[int, ...]:
        return tuple(sorted({n for m in self.markers for n in m.numbers}))


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph's text, its sentence spans and each sentence's markers: what a judge needs."""

    text: str
    spans: Sequence[Span]
    markers: Sequence[tuple[Marker, ...]]


@dataclass(frozen=True)
class ClaimJudge:
    """Kind, score and `is_claim` for sentences: a scorer and the threshold it is held to."""

    scorer: Scorer
    threshold: float

    @classmethod
    def load(cls, model: str = DEFAULT_MODEL, threshold: float | None = None) -> "ClaimJudge":
        """The judge for `--model model`; `threshold` None means the scorer's own."""
        scorer = load_scorer(model)
        return cls(scorer, scorer.threshold if threshold is None else float(threshold))

    def judge(self, paragraphs: Sequence[Paragraph]) -> list[list[SentenceFacts]]:
        """The facts of every sentence of every paragraph, scored in one batch."""
        bodies: list[str] = []
        kinds: list[KindMatch] = []
        cited: list[bool] = []
        for paragraph in paragraphs:
            for span, markers in zip(paragraph.spans, paragraph.markers):
                own = [m.shifted(-span.start) for m in markers if m.scope == "sentence"]
                body = strip_markers(paragraph.text[span.start : span.end], own)
                bodies.append(body)
                kinds.append(classify_kind(body))
                cited.append(bool(own))
        scores = iter(self.scorer.score(bodies, kinds, cited))
        kinds_in_order = iter(kinds)
        out = []
        for paragraph in paragraphs:
            facts = []
            for span, markers in zip(paragraph.spans, paragraph.markers):
                kind = next(kinds_in_order)
                score, why = next(scores)
                is_claim = kind.kind.can_be_claim and score >= self.threshold
                flags = editorial_flags(paragraph.text[span.start : span.end])
                facts.append(SentenceFacts(span.start, span.end, markers, kind, score, why, is_claim, flags))
            out.append(facts)
        return out


def sentence_structure(
    text: str, markers: Sequence[Marker] | None = None, last_entry: int | None = None,
    index: AuthorYearIndex | None = None, placed: Sequence[Marker] = (),
) -> Paragraph:
    """Markers, sentence spans and each sentence's markers of one paragraph's text
    (`last_entry` and `index`: the document's reference list; `placed`: the note references
    its reader placed; see `citations.find_markers`)."""
    found = find_markers(text, last_entry, index, placed) if markers is None else list(markers)
    spans = split_sentences(text, found)
    return Paragraph(text, spans, sentence_markers(text, spans, found))


def paragraph_facts(
    judge: ClaimJudge, texts: Sequence[str], last_entry: int | None = None, index: AuthorYearIndex | None = None,
    placed: Sequence[Sequence[Marker]] | None = None,
) -> list[list[SentenceFacts]]:
    """Every fact of every sentence of each paragraph text; `last_entry` is the number of the
    document's last reference entry, when it has a list, and `index` the list as author-year
    keys, which decides and resolves author-year citations; `placed`, one per text, the note
    references its reader placed in it (see `citations.find_markers`)."""
    notes = placed if placed is not None else repeat(())
    return judge.judge([sentence_structure(text, last_entry=last_entry, index=index, placed=placed_in)
                        for text, placed_in in zip(texts, notes)])
