"""The library entry point: `SourceText` in, `DocumentLedger` out. No I/O, nothing shared.

`extract_source` is a pure function of the source and the options: it finds the reference list
once, splits blocks, takes every per-sentence fact from `claimtrace.facts`, links records and
entries (`claimtrace.linking`) and assembles the ledger. So a batch can be spread over processes
or a cluster engine.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import Sequence

from .blocks import Block, split_blocks
from .citations import Link
from .errors import UsageError
from .facts import ClaimJudge, SentenceFacts, paragraph_facts
from .kinds import HEADING
from .language import ENGLISH, paragraph_languages
from .ledger import DocumentLedger, Record
from .linking import link
from .readers import DEFAULT_MAX_BYTES, read_bytes, read_path
from .readers.source import SourceText
from .reference_list import find_reference_section, parse_references
from .scoring import DEFAULT_MODEL


@dataclass(frozen=True)
class ExtractOptions:
    """What `extract` may vary."""

    model: str = DEFAULT_MODEL
    threshold: float | None = None  # None: the model's own default
    include_text: bool = False  # keep the document text on the ledger (JSON `text`)
    keep_boilerplate: bool = False  # web pages: keep navigation, bylines, footers… (read everything)

    def __post_init__(self) -> None:
        if not isinstance(self.model, str):
            raise TypeError(f"model must be a str, not {type(self.model).__name__}")
        threshold = self.threshold
        if threshold is not None:
            if not isinstance(threshold, (int, float)) or isinstance(threshold, bool):
                raise TypeError(f"threshold must be a number or None, not {type(threshold).__name__}")
            if not 0 <= threshold <= 1:  # also refuses nan; ints compare without overflow
                raise UsageError(f"threshold must be between 0 and 1, not {threshold}")
        for name in ("include_text", "keep_boilerplate"):
            if not isinstance(getattr(self, name), bool):
                raise TypeError(f"{name} must be a bool, not {type(getattr(self, name)).__name__}")


def claim_judge(options: ExtractOptions) -> ClaimJudge:
    """The judge `options` ask for; raises `UsageError`/`InputError` for a bad `--model`.

    Cheap after the first call: model files are loaded once per process while unchanged.
    """
    return ClaimJudge.load(options.model, options.threshold)


def _heading_record(source: SourceText, block: Block, index: int, number: int, lang: str) -> Record:
    return Record(
        doc=source.doc, id=f"{source.doc}#{number}", section=block.text, paragraph=index,
        sentence=1, start=block.start, end=block.end, text=block.text, is_claim=False,
        score=0.0, kind=HEADING.kind, why=HEADING.reason, lang=lang,
    )


def _links_within(links: Sequence[Link], start: int, end: int) -> tuple[Link, ...]:
    """The links whose anchor text starts in `[start, end)` (links are sorted by start)."""
    if not links:
        return ()
    first = bisect_left(links, start, key=lambda link: link.start)
    last = bisect_left(links, end, key=lambda link: link.start)
    return tuple(links[first:last])


def _sentence_records(
    source: SourceText, block: Block, facts: Sequence[SentenceFacts], index: int, first: int,
    section: str | None, lang: str,
) -> list[Record]:
    """The paragraph's records; in a language other than English nothing is judged: the claim
    model and the kind rules read English, and their numbers would mean nothing there."""
    records = []
    english = lang == ENGLISH
    for i, fact in enumerate(facts):
        start, end = block.start + fact.start, block.start + fact.end
        records.append(
            Record(
                doc=source.doc, id=f"{source.doc}#{first + i}", section=section, paragraph=index,
                sentence=i + 1, start=start, end=end, text=source.text[start:end],
                is_claim=fact.is_claim and english, score=fact.score if english else None,
                kind=fact.kind.kind, citations=fact.citations,
                markers=tuple(m.shifted(block.start) for m in fact.markers),
                why=fact.why if english else f"{fact.kind.describe()}; not judged: written in '{lang}', the claim model reads English",
                lang=lang, flags=fact.flags, links=_links_within(source.links, start, end),
            )
        )
    return records


def extract_source(source: SourceText, options: ExtractOptions = ExtractOptions()) -> DocumentLedger:
    """The claim ledger of one document already read into `SourceText`.

    The reference list at the end (where the reader says it is, or found here) yields no
    sentences; its entries are parsed and linked to the records that cite them.
    """
    if not isinstance(source, SourceText):
        raise TypeError(f"extract_source() takes a SourceText, not {type(source).__name__}")
    _check_call(source.doc, options)
    judge = claim_judge(options)
    section_span = find_reference_section(source.text, source.reference_section)
    entries = parse_references(source.text, section_span) if section_span else []
    if source.note_labels:
        labels = dict(source.note_labels)
        entries = [replace(e, label=labels[e.number]) if e.number in labels else e for e in entries]
    skip = source.skip + ((section_span,) if section_span else ())
    blocks = split_blocks(source.text, source.headings, skip)
    paragraphs = [b.text for b in blocks if b.kind == "paragraph"]
    facts = iter(paragraph_facts(judge, paragraphs))
    language, languages = paragraph_languages(paragraphs)
    paragraph_language = iter(languages)
    records: list[Record] = []
    section: str | None = None
    for index, block in enumerate(blocks, start=1):
        if block.kind == "heading":
            section = block.text
            records.append(_heading_record(source, block, index, len(records) + 1, language))
        else:
            records.extend(_sentence_records(
                source, block, next(facts), index, len(records) + 1, section, next(paragraph_language)))
    linked, counted, report = link(records, entries, has_list=section_span is not None)
    return DocumentLedger(
        doc=source.doc, format=source.format, records=tuple(linked), references=tuple(counted),
        integrity=report, text=source.text if options.include_text else None, language=language,
    )


def _check_text(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"extract() takes the document text as a str, not {type(text).__name__}")
    return text


def _check_call(doc: object, options: object) -> None:
    """The arguments every entry point passes on to `extract_source`, which checks them once."""
    if not isinstance(doc, str):
        raise TypeError(f"doc must be a str (the name the ledger shows), not {type(doc).__name__}")
    if not isinstance(options, ExtractOptions):
        raise TypeError(f"options must be ExtractOptions, not {type(options).__name__}")


def _check_encoding(encoding: object) -> None:
    """Checked before any input is decoded (a bad one would otherwise fail deep in a codec)."""
    if encoding is not None and not isinstance(encoding, str):
        raise TypeError(f"encoding must be a str or None (each input's own), not {type(encoding).__name__}")


def extract(text: str, doc: str = "<text>", options: ExtractOptions = ExtractOptions()) -> DocumentLedger:
    """The claim ledger of a plain-text document: `claimtrace.extract(text)`."""
    return extract_source(SourceText(doc=doc, text=_check_text(text)), options)


def extract_bytes(
    name: str, data: bytes, options: ExtractOptions = ExtractOptions(),
    input_format: str | None = None, encoding: str | None = None,
) -> DocumentLedger:
    """The ledger of an input already read into memory (stdin, an upload, an archive member).

    `input_format` defaults to the one `name`'s extension implies.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"extract_bytes() takes bytes, not {type(data).__name__}")
    _check_encoding(encoding)
    source = read_bytes(name, bytes(data), fmt=input_format, encoding=encoding, keep_boilerplate=options.keep_boilerplate)
    return extract_source(source, options)


def extract_path(
    path: str | os.PathLike[str], options: ExtractOptions = ExtractOptions(),
    input_format: str | None = None, encoding: str | None = None, max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> DocumentLedger:
    """Read one regular file (at most `max_bytes`; None: no limit) and extract its ledger."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"extract_path() takes a path, not {type(path).__name__}")
    _check_encoding(encoding)
    source = read_path(path, fmt=input_format, encoding=encoding, max_bytes=max_bytes,
                       keep_boilerplate=options.keep_boilerplate)
    return extract_source(source, options)
