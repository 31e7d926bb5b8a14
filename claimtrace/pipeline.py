"""The library entry point: text in, `DocumentLedger` out.

`extract(text)` is a pure function of the text and the options: the spaCy pipeline it uses is
built once per option set and only read afterwards, so documents can be spread over processes.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from functools import lru_cache

import spacy
from spacy.language import Language

from .blocks import Block, split_blocks
from .claims import classify_kind, counts_as_claim
from .components import sentences_of, span_text  # also registers the factories
from .ledger import DocumentLedger, Marker, Record, Reference
from .markers import MarkerHit
from .quotations import quotation_start
from .readers import read_bytes, read_path
from .readers.source import SourceText
from .references import find_reference_section, parse_references
from .references import integrity as check_integrity
from .scoring import DEFAULT_MODEL
from .sentences import SentenceSpan, assign_markers


MAX_PARAGRAPH_CHARS = 100_000_000


@dataclass(frozen=True)
class ExtractOptions:
    """What `extract` may vary. Validated at the boundary (CLI), used as-is here."""

    model: str = DEFAULT_MODEL
    threshold: float | None = None  # None: the model's own default
    include_text: bool = False  # keep the document text on the ledger (JSON `text`)


@lru_cache(maxsize=4)
def build_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """A blank English pipeline with claimtrace's components; no model download needed."""
    nlp = spacy.blank("en")
    # spaCy's 1,000,000-character guard is for parsers and NER (about 1 GB per 100,000
    # characters); this pipeline only tokenizes, so a long one-line paragraph (a PDF text layer,
    # a minified export) must not fail.
    nlp.max_length = MAX_PARAGRAPH_CHARS
    nlp.add_pipe("claimtrace_citations")
    nlp.add_pipe("claimtrace_sentences")
    nlp.add_pipe("claimtrace_claims", config={"model": model})
    return nlp


def _doc_sentences(spacy_doc) -> list[SentenceSpan]:
    # spaCy keeps a tab or a double space as a token of the sentence before it; the ledger's
    # offsets cover the sentence text only.
    spans = []
    for sent in sentences_of(spacy_doc):
        text = span_text(sent)
        start = sent.start_char + len(text) - len(text.lstrip())
        spans.append(SentenceSpan(start, sent.start_char + len(text.rstrip())))
    return spans


def _marker(hit: MarkerHit, offset: int, scope: str = "sentence") -> Marker:
    return Marker(
        raw=hit.raw,
        numbers=hit.numbers,
        start=hit.start + offset,
        end=hit.end + offset,
        recognizer=hit.recognizer,
        scope=scope,
    )


def _paragraph_records(
    source: SourceText, block: Block, spacy_doc, index: int, first_id: int,
    section: str | None, threshold: float,
) -> list[Record]:
    """Records of one paragraph: sentences with their own and quotation-scoped markers."""
    hits: list[MarkerHit] = spacy_doc._.markers or []
    spans = _doc_sentences(spacy_doc)
    sents = list(sentences_of(spacy_doc))
    own_hits = assign_markers(spans, hits)
    own = [[_marker(hit, block.start) for hit in sentence_hits] for sentence_hits in own_hits]
    # A marker closing a multi-sentence quotation also covers its earlier sentences.
    borrowed: list[list[Marker]] = [[] for _ in spans]
    for i in range(len(spans)):
        if not own[i]:
            continue
        quotation = quotation_start(block.text, spans, i, own_hits[i])
        if quotation is None:
            continue
        first, close = quotation
        closing = [m for m in own[i] if m.start >= block.start + close]
        for j in range(first, i):
            borrowed[j].extend(replace(m, scope="quotation") for m in closing)
    records = []
    for i, (span, sent) in enumerate(zip(spans, sents)):
        markers = tuple(own[i] + borrowed[i])
        citations = tuple(sorted({n for m in markers for n in m.numbers}))
        score = float(sent._.claim_score)
        kind = sent._.claim_kind
        is_claim = counts_as_claim(kind, score, threshold)
        start, end = block.start + span.start, block.start + span.end
        records.append(
            Record(
                doc=source.doc,
                id=f"{source.doc}#{first_id + i}",
                section=section,
                paragraph=index,
                sentence=i + 1,
                start=start,
                end=end,
                text=source.text[start:end],
                is_claim=is_claim,
                score=score,
                kind=kind,
                citations=citations,
                markers=markers,
                why=sent._.claim_why,
            )
        )
    return records


def _link_references(
    records: list[Record], entries: list[Reference]
) -> tuple[list[Record], list[Reference]]:
    """Each record's `references` (cited numbers that have an entry) and each entry's counts."""
    numbers = {e.number for e in entries}
    linked = [
        replace(r, references=tuple(n for n in r.citations if n in numbers)) if r.citations else r
        for r in records
    ]
    by_number = {n: [0, 0] for n in numbers}
    for record in linked:
        for n in record.references:
            by_number[n][0] += 1
            by_number[n][1] += record.is_claim
    counted = [
        replace(e, cited_by=by_number[e.number][0], cited_by_claims=by_number[e.number][1])
        for e in entries
    ]
    return linked, counted


def extract_source(source: SourceText, options: ExtractOptions = ExtractOptions()) -> DocumentLedger:
    """The claim ledger of one document already read into `SourceText`.

    The reference list at the end (found by `claimtrace.references`, or where the reader says it
    is) yields no sentences; its entries are parsed and linked to the records that cite them.
    """
    nlp = build_pipeline(options.model)
    threshold = (
        options.threshold if options.threshold is not None else nlp.get_pipe("claimtrace_claims").threshold
    )
    ref_span = find_reference_section(source.text, hint=source.references)
    entries = parse_references(source.text, ref_span) if ref_span else []
    skip = tuple(source.skip) + ((ref_span,) if ref_span else ())
    blocks = split_blocks(source.text, source.headings, skip)
    paragraphs = [b for b in blocks if b.kind == "paragraph"]
    docs = iter(nlp.pipe(b.text for b in paragraphs))
    records: list[Record] = []
    section: str | None = None
    for index, block in enumerate(blocks, start=1):
        if block.kind == "heading":
            section = block.text
            kind = classify_kind(block.text, is_heading=True)
            records.append(
                Record(
                    doc=source.doc, id=f"{source.doc}#{len(records) + 1}", section=section,
                    paragraph=index, sentence=1, start=block.start, end=block.end,
                    text=block.text, is_claim=False, score=0.0, kind=kind.name, why=kind.reason,
                )
            )
            continue
        records.extend(
            _paragraph_records(
                source, block, next(docs), index, len(records) + 1, section, threshold
            )
        )
    records, entries = _link_references(records, entries)
    ledger = DocumentLedger(
        doc=source.doc, format=source.format, records=tuple(records), references=tuple(entries)
    )
    summary = ledger.summary
    report = check_integrity(
        (n for r in records for m in r.markers for n in m.numbers),
        entries, summary.claims, summary.uncited_claims,
    )
    return replace(
        ledger,
        integrity=replace(report, reference_list=ref_span is not None),
        text=source.text if options.include_text else None,
    )


def extract(text: str, doc: str = "<text>", options: ExtractOptions = ExtractOptions()) -> DocumentLedger:
    """The claim ledger of a plain-text document: `claimtrace.extract(text)`."""
    return extract_source(SourceText(doc=doc, text=text), options)


STDIN_NAME = "<stdin>"


def extract_bytes(
    name: str, data: bytes, options: ExtractOptions = ExtractOptions(),
    input_format: str | None = None, encoding: str = "utf-8",
) -> DocumentLedger:
    """The ledger of an input already read into memory (stdin, an upload, an archive member).

    `input_format` defaults to the one `name`'s extension implies.
    """
    return extract_source(read_bytes(name, data, fmt=input_format, encoding=encoding), options)


def extract_path(
    path: str, options: ExtractOptions = ExtractOptions(), input_format: str | None = None,
    encoding: str = "utf-8",
) -> DocumentLedger:
    """Read one file (or `-` for stdin) with the right reader and extract its ledger."""
    if path == "-":
        return extract_bytes(STDIN_NAME, sys.stdin.buffer.read(), options, input_format or "text", encoding)
    return extract_source(read_path(path, fmt=input_format, encoding=encoding), options)
