"""spaCy pipeline components: thin adapters that store `claimtrace.facts` on a `Doc`.

    nlp = spacy.blank("en")
    nlp.add_pipe("claimtrace_citations")
    nlp.add_pipe("claimtrace_sentences")
    nlp.add_pipe("claimtrace_claims")

Each component finds with the library's functions and then sets annotations; nothing is
computed here that `claimtrace.extract` computes differently. Results, all namespaced `ct_`:
- `doc.spans["ct_citations"]`, each span with `span._.ct_numbers`, `span._.ct_recognizer` and
  `span._.ct_style` (`bracket`, `superscript`, `author_year`); with `config={"last_entry": n}` a
  raised number past the reference list's last entry `n` is no marker, as in `extract()`;
  author-year citations are decided and resolved with the document's reference list when the
  doc carries it: `doc._.ct_reference_index = reference_list.author_year_index(entries).to_data()`
  (set on `nlp.make_doc(text)` before the pipeline runs; `extract()` does the same per paragraph);
  the note references a reader placed in the text (`SourceText.notes`, markers whatever their
  number: `[1999]`) are markers when the doc carries them, as dicts:
  `doc._.ct_placed = [m.to_dict() for m in markers]` (offsets into the doc's text);
  `doc._.ct_markers`, each marker as a plain dict (`Marker.to_dict()`), so the Doc serializes;
- sentence starts (`doc.sents`) and `doc.spans["ct_sentences"]`;
- per sentence: `span._.ct_kind`, `span._.ct_score`, `span._.ct_is_claim`, `span._.ct_why`,
  `span._.ct_flags` (editors' `[citation needed]`…) and `span._.ct_markers` (own markers and
  those closing a quotation, as dicts with `scope`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from typing import Any, Callable, Iterable, Iterator

import numpy
import spacy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from .citations import AuthorYearIndex, CitedWork, Marker, find_markers
from .facts import ClaimJudge, Paragraph
from .quotations import sentence_markers
from .scoring import DEFAULT_MODEL
from .sentences import split_sentences
from .text import trimmed

CITATIONS_KEY = "ct_citations"
SENTENCES_KEY = "ct_sentences"

_SPAN_EXTENSIONS = (
    "ct_numbers", "ct_recognizer", "ct_locator", "ct_style", "ct_kind", "ct_score", "ct_why", "ct_is_claim", "ct_markers",
    "ct_flags",
)
for _name in _SPAN_EXTENSIONS:
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)
for _name in ("ct_markers", "ct_reference_index", "ct_placed"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


def _markers_of(doc: Doc, text: str) -> list[Marker]:
    """The markers the citations component stored, or the same grammar's answer without it."""
    stored = doc._.ct_markers
    return [_marker(m) for m in stored] if stored is not None else find_markers(text, index=_index(doc), placed=_placed(doc))


def _index(doc: Doc) -> AuthorYearIndex | None:
    """The document's reference list as author-year keys, when the doc was given it."""
    data = doc._.ct_reference_index
    return AuthorYearIndex.from_data(data) if data is not None else None


def _placed(doc: Doc) -> list[Marker]:
    """The note references the doc's reader placed, when the doc was given them."""
    return sorted((_marker(m) for m in doc._.ct_placed or ()), key=lambda m: m.start)


def _marker(data: dict[str, Any]) -> Marker:
    works = tuple(CitedWork.from_dict(w) for w in data.get("works", ()))
    return Marker(**{**data, "numbers": tuple(data["numbers"]), "works": works})


def _can_split(doc: Doc) -> bool:
    """Splitting tokens is safe only before a parser, an entity recognizer or a span group has
    annotated the doc: the retokenizer would leave their annotations pointing astray."""
    return not (doc.has_annotation("DEP") or doc.has_annotation("ENT_IOB") or doc.spans)


def _split_at(doc: Doc, offsets: set[int]) -> None:
    """Split the tokens that `offsets` fall inside: `Court.[1` becomes `Court.` and `[1`.

    spaCy's English tokenizer keeps `Court.[1` as one token; a marker span must not swallow
    the word before it. The `claimtrace.split_brackets.v1` callback avoids this at tokenizer
    level; this covers a pipeline without it (when splitting is safe, see `_can_split`).
    """
    edges = sorted(offsets)
    cuts: dict[int, list[int]] = {}
    for token in doc:
        first = bisect_right(edges, token.idx)
        last = bisect_left(edges, token.idx + len(token))
        if first < last:
            cuts[token.i] = [o - token.idx for o in edges[first:last]]
    if not cuts:
        return
    with doc.retokenize() as retokenizer:
        for i, points in cuts.items():
            token = doc[i]
            bounds = [0, *points, len(token)]
            orths = [token.text[a:b] for a, b in zip(bounds, bounds[1:])]
            retokenizer.split(token, orths, heads=[(token, k) for k in range(len(orths))])


class CitationMarkers:
    """Finds citation markers (`claimtrace.citations`) and stores them as spans.

    `last_entry`: the number of the last entry of the document's reference list, when the
    caller knows it; a raised number past it is no note (`citations.find_markers`).
    """

    def __init__(self, last_entry: int | None = None):
        self.last_entry = last_entry

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        markers = find_markers(text, self.last_entry, _index(doc), _placed(doc))
        if _can_split(doc):
            _split_at(doc, {edge for m in markers for edge in (m.start, m.end)})
        # Plain data, so that the Doc still serializes (DocBin, `nlp.pipe(n_process=…)`).
        doc._.ct_markers = [m.to_dict() for m in markers]
        spans = []
        for marker in markers:
            span = doc.char_span(marker.start, marker.end, alignment_mode="expand")
            if span is None:
                continue
            span._.ct_numbers = marker.numbers
            span._.ct_recognizer = marker.recognizer
            span._.ct_locator = marker.locator
            span._.ct_style = marker.style
            spans.append(span)
        doc.spans[CITATIONS_KEY] = spans
        return doc


class CitationSentences:
    """Sets sentence starts with the citation-aware rules of `claimtrace.sentences`."""

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            doc.spans[SENTENCES_KEY] = []
            return doc
        text = doc.text
        sents: list[Span] = []
        for span in split_sentences(text, _markers_of(doc, text)):
            sent = doc.char_span(span.start, span.end, alignment_mode="expand")
            if sent is not None and (not sents or sent.start >= sents[-1].end):
                sents.append(sent)
        flags = numpy.full((len(doc), 1), -1, dtype="int64")
        for sent in sents:
            flags[sent.start, 0] = 1
        flags[0, 0] = 1
        doc.from_array([SENT_START], flags.astype("uint64"))  # type: ignore[arg-type]  # -1 wraps, as spaCy expects
        doc.spans[SENTENCES_KEY] = sents
        return doc


class ClaimScorer:
    """Gives every sentence its markers (with quotation scope), kind, score and `is_claim`.

    `model` names the scorer (`default`, `rules` or a model file) and `threshold` the score
    at which a sentence is a claim (None: the scorer's own). Sentences come from `doc.sents`,
    whichever component set them.
    """

    def __init__(self, model: str = DEFAULT_MODEL, threshold: float | None = None):
        self.judge = ClaimJudge.load(model, threshold)

    @property
    def threshold(self) -> float:
        return self.judge.threshold

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._annotate(batch)
                batch = []
        if batch:
            yield from self._annotate(batch)

    def _annotate(self, docs: list[Doc]) -> list[Doc]:
        paragraphs, sentences = [], []
        for doc in docs:
            if len(doc) and not doc.has_annotation("SENT_START"):
                raise ValueError(
                    "claimtrace_claims needs sentence boundaries: add 'claimtrace_sentences' "
                    "(or another sentence component) before it"
                )
            text = doc.text
            sents = [s for s in doc.sents if s.text.strip()] if len(doc) else []
            spans = [trimmed(text, s.start_char, s.end_char) for s in sents]
            markers = sentence_markers(text, spans, _markers_of(doc, text))
            paragraphs.append(Paragraph(text, spans, markers))
            sentences.append(sents)
        for sents, facts in zip(sentences, self.judge.judge(paragraphs)):
            for sent, fact in zip(sents, facts):
                sent._.ct_markers = [m.to_dict() for m in fact.markers]
                sent._.ct_kind = fact.kind.kind.value
                sent._.ct_score = fact.score
                sent._.ct_why = fact.why
                sent._.ct_is_claim = fact.is_claim
                sent._.ct_flags = list(fact.flags)
        return docs


_BRACKET_INFIX = r"[\[\]]"
# spaCy's tokenizer strips prefixes and suffixes one character at a time, so one
# whitespace-free run of 20,000 characters (10,000 nested parentheses) takes half a minute.
_LONG_RUN = 1_000
_PIECES = re.compile(r"\w+|[^\w\s]|\s+")


class GuardedTokenizer:
    """spaCy's tokenizer, guarded: a text with a whitespace-free run longer than 1,000
    characters is split into words and single punctuation marks in one linear pass instead.

    Everything else (rules, serialization) is the wrapped tokenizer's.
    """

    def __init__(self, tokenizer: Any):
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        if not any(len(run) > _LONG_RUN for run in text.split()):
            return self.tokenizer(text)
        words: list[str] = []
        spaces: list[bool] = []
        for piece in _PIECES.findall(text):
            if piece.isspace() and words and not spaces[-1] and piece[0] == " ":
                spaces[-1] = True  # one space after a token is that token's trailing space
                piece = piece[1:]
            if piece:
                words.append(piece)
                spaces.append(False)
        return Doc(self.tokenizer.vocab, words=words, spaces=spaces)

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        for text in texts:
            yield self(text)

    @property
    def vocab(self) -> Any:
        return self.tokenizer.vocab

    @property
    def infix_finditer(self) -> Any:
        return self.tokenizer.infix_finditer

    @infix_finditer.setter
    def infix_finditer(self, value: Any) -> None:
        self.tokenizer.infix_finditer = value

    def to_bytes(self, **kwargs: Any) -> bytes:
        return self.tokenizer.to_bytes(**kwargs)

    def from_bytes(self, data: bytes, **kwargs: Any) -> "GuardedTokenizer":
        self.tokenizer.from_bytes(data, **kwargs)
        return self

    def to_disk(self, path: Any, **kwargs: Any) -> None:
        self.tokenizer.to_disk(path, **kwargs)

    def from_disk(self, path: Any, **kwargs: Any) -> "GuardedTokenizer":
        self.tokenizer.from_disk(path, **kwargs)
        return self


@spacy.registry.tokenizers("claimtrace.guarded_tokenizer.v1")
def make_guarded_tokenizer() -> Callable[[Language], GuardedTokenizer]:
    """The `[nlp.tokenizer]` of `build_pipeline`: spaCy's own, guarded (see `GuardedTokenizer`)."""
    default = spacy.registry.tokenizers.get("spacy.Tokenizer.v1")()

    def create(nlp: Language) -> GuardedTokenizer:
        return GuardedTokenizer(default(nlp))

    return create


@spacy.registry.callbacks("claimtrace.split_brackets.v1")
def make_split_brackets() -> Callable[[Language], Language]:
    """An `[initialize.before_init]` callback: the tokenizer splits at brackets, so that
    `Court.[1]` and `“sane,”[8]` give marker tokens of their own. Saved with the pipeline."""

    def split_brackets(nlp: Language) -> Language:
        tokenizer: Any = nlp.tokenizer
        current = getattr(tokenizer.infix_finditer, "__self__", None)
        # Extend the pipeline's own infix rules (a user's config may have changed them).
        pattern = current.pattern if current is not None else ""
        if _BRACKET_INFIX not in pattern:
            tokenizer.infix_finditer = re.compile(f"{pattern}|{_BRACKET_INFIX}" if pattern else _BRACKET_INFIX).finditer
        return nlp

    return split_brackets


@Language.factory(
    "claimtrace_citations",
    default_config={"last_entry": None},
    assigns=["doc.spans", "doc._.ct_markers", "span._.ct_numbers", "span._.ct_recognizer", "span._.ct_locator",
             "span._.ct_style"],
)
def make_citations(nlp: Language, name: str, last_entry: int | None) -> CitationMarkers:
    return CitationMarkers(last_entry)


@Language.factory(
    "claimtrace_sentences",
    assigns=["token.is_sent_start", "doc.spans"],
    requires=["doc._.ct_markers"],
)
def make_sentences(nlp: Language, name: str) -> CitationSentences:
    return CitationSentences()


@Language.factory(
    "claimtrace_claims",
    default_config={"model": DEFAULT_MODEL, "threshold": None},
    assigns=["span._.ct_kind", "span._.ct_score", "span._.ct_is_claim", "span._.ct_why", "span._.ct_markers",
             "span._.ct_flags"],
    requires=["token.is_sent_start", "doc._.ct_markers"],
)
def make_claims(nlp: Language, name: str, model: str, threshold: float | None) -> ClaimScorer:
    return ClaimScorer(model=model, threshold=threshold)


# spaCy's 1,000,000-character guard is for parsers and NER (about 1 GB per 100,000 characters);
# these components only tokenize, so a long one-line paragraph must not fail.
MAX_DOC_CHARS = 100_000_000


def build_pipeline(model: str = DEFAULT_MODEL, threshold: float | None = None) -> Language:
    """A new blank English pipeline with claimtrace's three components; no download needed.

    Each call returns a pipeline of its own: changing it changes nothing elsewhere.
    """
    config = {
        "nlp": {"tokenizer": {"@tokenizers": "claimtrace.guarded_tokenizer.v1"}},
        "initialize": {"before_init": {"@callbacks": "claimtrace.split_brackets.v1"}},
    }
    nlp = spacy.blank("en", config=config)
    nlp.max_length = MAX_DOC_CHARS
    nlp.add_pipe("claimtrace_citations")
    nlp.add_pipe("claimtrace_sentences")
    nlp.add_pipe("claimtrace_claims", config={"model": model, "threshold": threshold})
    nlp.initialize()
    return nlp
