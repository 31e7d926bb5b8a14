"""spaCy pipeline components: citation markers, citation-aware sentences, claim scores.

Each component is registered with `@Language.factory`, so a user can add it to any pipeline:

    nlp = spacy.blank("en")
    nlp.add_pipe("claimtrace_citations")
    nlp.add_pipe("claimtrace_sentences")
    nlp.add_pipe("claimtrace_claims")

Results live on the Doc: `doc.spans["citations"]` (with `span._.numbers`, `span._.recognizer`),
sentence starts (`doc.sents`), and per sentence `span._.claim_score`, `span._.claim_kind`,
`span._.is_claim`, `span._.claim_why`.
"""

from __future__ import annotations

from typing import Iterable, Iterator

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import compile_infix_regex

from .claims import classify_kind, counts_as_claim
from .markers import MarkerHit, find_markers
from .sentences import SentenceSpan, assign_markers, split_sentences

_TEXT_KEY = "claimtrace_text"
CITATIONS_KEY = "citations"
SENTENCES_KEY = "sentences"

for _name, _default in (
    ("numbers", ()),
    ("recognizer", None),
    ("claim_score", None),
    ("claim_kind", None),
    ("claim_why", None),
    ("is_claim", None),
):
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=_default)
if not Doc.has_extension("markers"):
    Doc.set_extension("markers", default=None)


def text_of(doc: Doc) -> str:
    """The doc's text, computed once: `Doc.text` re-joins every token on each access, which
    cost more than sentence splitting itself when every component asked for it."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def span_text(span: Span) -> str:
    """A span's text, sliced from the doc's cached text (see `text_of`)."""
    return text_of(span.doc)[span.start_char : span.end_char]


class CitationMarkers:
    """Finds citation markers (see `claimtrace.markers`) and stores them as spans."""

    def __call__(self, doc: Doc) -> Doc:
        hits = find_markers(text_of(doc))
        doc._.markers = hits
        spans = []
        for hit in hits:
            span = doc.char_span(hit.start, hit.end, alignment_mode="expand")
            if span is None:
                continue
            span._.numbers = hit.numbers
            span._.recognizer = hit.recognizer
            spans.append(span)
        doc.spans[CITATIONS_KEY] = spans
        return doc


def _markers_of(doc: Doc) -> list[MarkerHit]:
    if doc._.markers is None:
        doc._.markers = find_markers(text_of(doc))
    return doc._.markers


class CitationSentences:
    """Sets sentence starts with the citation-aware rules of `claimtrace.sentences`.

    The sentences are also kept as `doc.spans["sentences"]`: iterating `doc.sents` re-derives
    them from token flags each time, which costs more than the rest of the pipeline.
    """

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            doc.spans[SENTENCES_KEY] = []
            return doc
        sents = []
        for span in split_sentences(text_of(doc), _markers_of(doc)):
            sent = doc.char_span(span.start, span.end, alignment_mode="expand")
            if sent is not None and (not sents or sent.start >= sents[-1].end):
                sents.append(sent)
        flags = numpy.full((len(doc), 1), -1, dtype="int64")
        for sent in sents:
            flags[sent.start, 0] = 1
        flags[0, 0] = 1
        doc.from_array([SENT_START], flags.astype("uint64"))  # -1 wraps, as spaCy expects
        doc.spans[SENTENCES_KEY] = sents
        return doc


def sentences_of(doc: Doc):
    """The doc's sentences: the stored span group when our sentence component ran."""
    if SENTENCES_KEY in doc.spans:
        return doc.spans[SENTENCES_KEY]
    return list(doc.sents)


class ClaimScorer:
    """Gives every sentence a kind, a claim score in [0, 1] and `is_claim`.

    `model` names the scorer (see `claimtrace.scoring`): the shipped trained model
    (`claimbuster`, the default), the transparent `rules`, or a model file. Headings never reach
    this component and questions are never claims, whatever their score.
    """

    def __init__(self, model: str = "claimbuster", threshold: float | None = None):
        from .scoring import load_scorer

        self.scorer = load_scorer(model)
        self.threshold = self.scorer.threshold if threshold is None else threshold

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._score(batch)
                batch = []
        if batch:
            yield from self._score(batch)

    def _score(self, docs: list[Doc]) -> list[Doc]:
        sents: list[Span] = []
        cited: list[bool] = []
        for doc in docs:
            doc_sents = list(sentences_of(doc))
            spans = [SentenceSpan(s.start_char, s.end_char) for s in doc_sents]
            sents.extend(doc_sents)
            cited.extend(bool(own) for own in assign_markers(spans, doc._.markers or ()))
        texts = [span_text(sent) for sent in sents]
        kinds = [classify_kind(text) for text in texts]
        scores = self.scorer.score(texts, kinds, cited)
        for sent, kind, (score, why) in zip(sents, kinds, scores):
            sent._.claim_kind = kind.name
            sent._.claim_score = score
            sent._.claim_why = why
            sent._.is_claim = counts_as_claim(kind.name, score, self.threshold)
        return docs


_BRACKET_INFIX = r"[\[\]]"


def split_brackets(nlp: Language) -> None:
    """Make the tokenizer split at brackets, so that `Court.[1]` and `“sane,”[8]` give the
    marker tokens of their own and a marker span never swallows the word before it.

    Idempotent; the changed rules are saved with the pipeline (`nlp.to_disk`).
    """
    tokenizer = nlp.tokenizer
    current = getattr(getattr(tokenizer, "infix_finditer", None), "__self__", None)
    if current is not None and _BRACKET_INFIX in current.pattern:
        return
    infixes = list(nlp.Defaults.infixes or []) + [_BRACKET_INFIX]
    tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


@Language.factory("claimtrace_citations")
def make_citations(nlp: Language, name: str) -> CitationMarkers:
    split_brackets(nlp)
    return CitationMarkers()


@Language.factory("claimtrace_sentences")
def make_sentences(nlp: Language, name: str) -> CitationSentences:
    return CitationSentences()


@Language.factory(
    "claimtrace_claims", default_config={"model": "claimbuster", "threshold": None}
)
def make_claims(nlp: Language, name: str, model: str, threshold: float | None) -> ClaimScorer:
    return ClaimScorer(model=model, threshold=threshold)
