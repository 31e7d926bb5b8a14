"""The library entry point: `SourceText` in, a document's events (`DocumentStart`, `Records`,
`DocumentEnd`) or its collected `DocumentLedger` out; nothing shared.

`extract_events` and `extract_source` do no I/O; `extract_path` and `extract_stream` read the
file they are given (through `claimtrace.readers`) and nothing else.

`extract_source` is a pure function of the source and the options: it finds the reference list
once, splits blocks, takes every per-sentence fact from `claimtrace.facts`, links records and
entries (`claimtrace.linking`) and assembles the ledger. So a batch can be spread over processes
or a cluster engine.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import Iterator, Sequence, TypeVar

from .blocks import Block, has_blank_lines, heading_title, settled, split_blocks
from .citations import AuthorYearIndex, Link, Marker
from .errors import UsageError
from .facts import ClaimJudge, paragraph_facts
from .kinds import HEADING
from .language import ENGLISH, document_language, language_counts, language_of, paragraph_languages
from .ledger import DocumentLedger, DocumentStart, Event, Record, Records, Reference, Tally, collect
from .linking import Linker, link
from .readers import (
    DEFAULT_MAX_BYTES, file_identity, format_for_name, read_bytes, read_path, readable_name, text_chunks,
)
from .readers.source import SourceText
from .reference_list import SectionScan, author_year_index, find_reference_section, parse_references
from .scoring import DEFAULT_MODEL
from .text import Span


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


@dataclass
class _Numbering:
    """Where one document's numbering stands: records and blocks so far, the current section.
    Local to one extraction; a document read in windows carries it from window to window."""

    records: int = 0
    blocks: int = 0
    section: str | None = None


_Located = TypeVar("_Located", Link, Marker)


def _starting_within(items: Sequence[_Located], start: int, end: int) -> tuple[_Located, ...]:
    """The links or markers that start in `[start, end)` (`items` are sorted by start)."""
    if not items:
        return ()
    first = bisect_left(items, start, key=lambda item: item.start)
    last = bisect_left(items, end, key=lambda item: item.start)
    return tuple(items[first:last])


def _placed_within(markers: Sequence[Marker], block: Block) -> tuple[Marker, ...]:
    """The note references a reader placed inside `block` (sorted by start), with offsets
    into its text."""
    inside = _starting_within(markers, block.start, block.end)
    return tuple(m.shifted(-block.start) for m in inside if m.end <= block.end)


@dataclass(frozen=True)
class _Known:
    """What is known of the whole document when a window of its blocks is read: its language
    (None: not yet), its hyperlinks, the note references its reader placed, its reference
    list's last entry number and its entries as author-year keys."""

    language: str | None = None
    links: Sequence[Link] = ()
    notes: Sequence[Marker] = ()  # `SourceText.notes`: markers whatever their number
    last_entry: int | None = None
    author_year: AuthorYearIndex | None = None  # the list as author-year keys (`reference_list.author_year_index`)


def _block_records(
    doc: str, text: str, offset: int, blocks: Sequence[Block], judge: ClaimJudge, numbering: _Numbering,
    known: _Known = _Known(),
) -> tuple[list[Record], str]:
    """The records of `blocks` of `text` (which starts at `offset` in the document), numbered on
    from `numbering`, and the document's language (`known.language` when known).

    In a language other than English nothing is judged: the claim model and the kind rules read
    English, and their numbers would mean nothing there.
    """
    paragraphs = [b.text for b in blocks if b.kind == "paragraph"]
    placed = [_placed_within(known.notes, b) for b in blocks if b.kind == "paragraph"] if known.notes else None
    facts = iter(paragraph_facts(judge, paragraphs, known.last_entry, known.author_year, placed))
    language, languages = paragraph_languages(paragraphs, known.language)
    paragraph_language = iter(languages)
    records: list[Record] = []
    for block in blocks:
        numbering.blocks += 1
        index = numbering.blocks
        if block.kind == "heading":
            numbering.section = heading_title(block.text)
            numbering.records += 1
            records.append(Record(
                doc=doc, id=f"{doc}#{numbering.records}", section=numbering.section, paragraph=index,
                sentence=1, start=offset + block.start, end=offset + block.end, text=block.text, is_claim=False,
                score=0.0, kind=HEADING.kind, why=HEADING.reason, lang=language,
            ))
            continue
        lang = next(paragraph_language)
        english = lang == ENGLISH
        for i, fact in enumerate(next(facts)):
            start, end = block.start + fact.start, block.start + fact.end
            numbering.records += 1
            records.append(Record(
                doc=doc, id=f"{doc}#{numbering.records}", section=numbering.section, paragraph=index,
                sentence=i + 1, start=offset + start, end=offset + end, text=text[start:end],
                is_claim=fact.is_claim and english, score=fact.score if english else None,
                kind=fact.kind.kind, citations=fact.citations,
                markers=tuple(m.shifted(offset + block.start) for m in fact.markers),
                why=fact.why if english else f"{fact.kind.describe()}; not judged: written in '{lang}', the claim model reads English",
                lang=lang, flags=fact.flags, links=_starting_within(known.links, offset + start, offset + end),
            ))
    return records, language


def _last_entry(entries: Sequence[Reference]) -> int | None:
    """The number of the list's last entry; None without a list (no raised number is past it)."""
    return max((e.number for e in entries), default=None)


def _entries(text: str, section_span: Span | None, source: SourceText | None = None) -> list[Reference]:
    """The parsed entries of the reference section of `text`, opened and labelled where its
    reader says (`source.note_entries`, `source.note_labels`)."""
    entries = parse_references(text, section_span, source.note_entries if source else ()) if section_span else []
    note_labels = source.note_labels if source else ()
    if note_labels:
        labels = dict(note_labels)
        entries = [replace(e, label=labels[e.number]) if e.number in labels else e for e in entries]
    return entries


def extract_events(source: SourceText, options: ExtractOptions = ExtractOptions()) -> tuple[Event, ...]:
    """The events of one document already read into `SourceText`: its `DocumentStart`, one
    `Records` with every record, its `DocumentEnd`.

    The reference list at the end (where the reader says it is, or found here) yields no
    sentences; its entries are parsed and linked to the records that cite them.
    """
    if not isinstance(source, SourceText):
        raise TypeError(f"extract_source() takes a SourceText, not {type(source).__name__}")
    _check_call(source.doc, options)
    judge = claim_judge(options)
    section_span = find_reference_section(source.text, source.reference_section)
    entries = _entries(source.text, section_span, source)
    skip = source.skip + ((section_span,) if section_span else ())
    blocks = split_blocks(source.text, source.headings, skip)
    records, language = _block_records(source.doc, source.text, 0, blocks, judge, _Numbering(),
                                       _Known(links=source.links, notes=source.notes, last_entry=_last_entry(entries),
                                              author_year=author_year_index(entries)))
    linked, counted, report = link(records, entries, has_list=section_span is not None)
    tally = Tally()
    return (DocumentStart(source.doc, source.format, language, source.text if options.include_text else None),
            tally.add(Records(tuple(linked))), tally.end(tuple(counted), report))


def extract_source(source: SourceText, options: ExtractOptions = ExtractOptions()) -> DocumentLedger:
    """The claim ledger of one document already read into `SourceText`: its events collected."""
    return collect(extract_events(source, options))


# ---------------------------------------------------------------- documents too large to hold

_WINDOW = 1 << 17  # characters of text a window holds (it grows to a place where it can be cut)
# A window grows to at most this many times `_WINDOW` (4 M characters) looking for a place to
# cut; past that (a run of title-case lines with no sentence, millions of characters long) it is
# cut anyway, and the kinds of the lines at the cut are judged without what follows.
_MAX_WINDOWS = 32


def extract_stream(
    path: str | os.PathLike[str], options: ExtractOptions = ExtractOptions(), encoding: str | None = None,
    max_bytes: int | None = DEFAULT_MAX_BYTES, window: int = _WINDOW, input_format: str | None = None,
) -> Iterator[Event]:
    """The events of a plain-text file read in parts, a window of paragraphs at a time, in
    memory that does not grow with the file: collected (`ledger.collect`), the same ledger as
    `extract_path` (tested).

    The file is read three times: for its length, blank lines and reference section (the same
    search `find_reference_section` makes, fed line by line: `reference_list.SectionScan`); for
    the language of most of its text and the section's text; then for the records, a `Records`
    a window (the `DocumentStart` comes with the first). The `DocumentEnd` carries the counted
    references and the integrity report. `options.include_text` is refused: the text is what is
    not held, and so is a file its name says is not plain text (`.html`, `.pdf`: read whole with
    `extract_path`) unless `input_format` is "text". What is held grows with the longest paragraph (a paragraph is judged whole) and
    the reference list, not with the file.
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"extract_stream() takes a path, not {type(path).__name__}")
    doc = readable_name(os.fspath(path))
    fmt = input_format or format_for_name(os.fspath(path))
    if fmt != "text":  # a page's markup or a PDF's bytes, read as plain text, made a ledger of them
        raise UsageError(f"{doc}: extract_stream reads plain text in parts; "
                         f"a {fmt} file is read whole (extract_path), or pass input_format='text'")
    _check_encoding(encoding)
    if options.include_text:
        raise UsageError("a document read in parts cannot carry its whole text (include_text)")
    _check_call(doc, options)
    judge = claim_judge(options)

    # Read three times: the file must stay the same file, or the passes would disagree (a
    # file truncated between them gave a shorter ledger and exit 0).
    identity = file_identity(path)

    def chunks() -> Iterator[str]:
        return text_chunks(path, encoding, max_bytes, window, expect=identity)

    length, blank_separated, section_span = _survey(chunks())
    prose_end = section_span.start if section_span else length
    counts: dict[str, int] = {}
    section: list[str] = []
    pieces = _keeping_from(chunks(), prose_end, section)
    for text, _, blocks in _block_windows(pieces, prose_end, blank_separated, window):
        paragraphs = [b.text for b in blocks if b.kind == "paragraph"]
        language_counts(paragraphs, [language_of(p) for p in paragraphs], counts)
    for _ in pieces:  # the rest of the file: the section's text
        pass
    language = document_language(counts)
    entries = []
    if section_span is not None:
        section_text = "".join(section)
        entries = [replace(e, start=e.start + prose_end, end=e.end + prose_end)
                   for e in _entries(section_text, Span(0, len(section_text)))]
    del section
    linker = Linker(entries, has_list=section_span is not None)
    author_year = author_year_index(entries)
    numbering = _Numbering()
    start: DocumentStart | None = DocumentStart(doc, "text", language)
    tally = Tally()
    for text, offset, blocks in _block_windows(chunks(), prose_end, blank_separated, window):
        records, _ = _block_records(doc, text, offset, blocks, judge, numbering,
                                    _Known(language, last_entry=_last_entry(entries), author_year=author_year))
        linked = tally.add(Records(tuple(linker.records(records))))
        if start is not None:  # once its first records are ready: a file that fails before has no document
            yield start
            start = None
        yield linked
    if start is not None:
        yield start
    counted, report = linker.finish()
    yield tally.end(tuple(counted), report)


def _keeping_from(chunks: Iterator[str], start: int, kept: list[str]) -> Iterator[str]:
    """The chunks, passed on; the text from `start` on is also added to `kept`."""
    position = 0
    for chunk in chunks:
        if position + len(chunk) > start:
            kept.append(chunk[max(0, start - position) :])
        position += len(chunk)
        yield chunk


def _survey(chunks: Iterator[str]) -> tuple[int, bool, Span | None]:
    """One pass over a document: its length, whether blank lines separate its paragraphs, and
    its reference section (`reference_list.SectionScan`, the search `find_reference_section`
    makes on a whole text)."""
    length, blank_separated = 0, False
    scan = SectionScan()
    previous_line = ""
    for chunk in chunks:
        # A blank line may straddle two chunks: look at the last line of the one before too.
        blank_separated = blank_separated or has_blank_lines(previous_line + chunk)
        previous_line = chunk[chunk.rfind("\n", 0, len(chunk) - 1) + 1 :] if chunk.endswith("\n") else chunk
        scan.feed(chunk, length)
        length += len(chunk)
    return length, blank_separated, scan.result(length)


def _block_windows(
    chunks: Iterator[str], end: int, blank_separated: bool, window: int,
) -> Iterator[tuple[str, int, list[Block]]]:
    """(text, its offset in the document, its blocks) a window at a time, up to `end`: the same
    blocks `split_blocks` finds in the whole text. A window is cut where the next block settles
    the kind of the one before it (`_cut`, `blocks.settled`); the text after the cut starts the
    next window."""
    carry, offset, pos, first = "", 0, 0, True
    for chunk in chunks:
        if pos >= end:
            break
        chunk = chunk[: end - pos]
        pos += len(chunk)
        text = carry + chunk
        if len(text) < window and pos < end:
            carry = text
            continue
        blocks = split_blocks(text, blank_separated=blank_separated, document_start=first)
        if not blocks:  # blank lines only
            carry, offset = "", offset + len(text)
            continue
        cut = _cut(text, blocks, blank_separated)
        if cut == 0 and len(text) < _MAX_WINDOWS * window and pos < end:
            carry = text  # no place to cut yet: read on
            continue
        if cut == 0:
            cut = max(1, len(blocks) - 1)
        done = blocks[:cut]
        yield text, offset, done
        first = False
        carry, offset = text[done[-1].end :], offset + done[-1].end
    if carry.strip():
        yield carry, offset, split_blocks(carry, blank_separated=blank_separated, document_start=first)


def _cut(text: str, blocks: Sequence[Block], blank_separated: bool) -> int:
    """How many of a window's blocks are final: those before the last block `j` that settles the
    one before it (`blocks.settled`), where `j`'s text is final (where blank lines separate
    paragraphs: its group of lines is followed by another) and the cut falls between groups."""
    last = len(blocks) - 1  # the last `j` whose text is final
    if blank_separated:  # ... is in a group of lines before the window's last group
        last = next((k for k in range(len(blocks) - 1, 0, -1)
                     if text.count("\n", blocks[k - 1].end, blocks[k].start) > 1), 0) - 1
    for j in range(last, 0, -1):
        before = blocks[j - 1]
        if (not blank_separated or text.count("\n", before.end, blocks[j].start) > 1) and settled(before, blocks[j]):
            return j
    return 0


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
    return extract_source(bytes_source(name, data, options, input_format, encoding), options)


def bytes_source(
    name: str, data: bytes, options: ExtractOptions = ExtractOptions(),
    input_format: str | None = None, encoding: str | None = None,
) -> SourceText:
    """`data` read as `extract_bytes` reads it (`options.keep_boilerplate` for web pages)."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"extract_bytes() takes bytes, not {type(data).__name__}")
    _check_encoding(encoding)
    return read_bytes(name, bytes(data), fmt=input_format, encoding=encoding, keep_boilerplate=options.keep_boilerplate)


def extract_path(
    path: str | os.PathLike[str], options: ExtractOptions = ExtractOptions(),
    input_format: str | None = None, encoding: str | None = None, max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> DocumentLedger:
    """Read one regular file (at most `max_bytes`; None: no limit) and extract its ledger."""
    return extract_source(path_source(path, options, input_format, encoding, max_bytes), options)


def path_source(
    path: str | os.PathLike[str], options: ExtractOptions = ExtractOptions(),
    input_format: str | None = None, encoding: str | None = None, max_bytes: int | None = DEFAULT_MAX_BYTES,
) -> SourceText:
    """One regular file read as `extract_path` reads it."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"extract_path() takes a path, not {type(path).__name__}")
    _check_encoding(encoding)
    return read_path(path, fmt=input_format, encoding=encoding, max_bytes=max_bytes,
                     keep_boilerplate=options.keep_boilerplate)
