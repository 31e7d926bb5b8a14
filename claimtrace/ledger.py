"""The claim ledger's data model: plain frozen dataclasses with `to_dict()`.

One `Record` per sentence or heading; one `DocumentLedger` per input document. Writers only read
these; nothing here parses or classifies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from functools import cached_property
from typing import Any, Iterable, Union

from .citations import LINK_FIELDS, MARKER_FIELDS, Link, Marker
from .fields import (
    BOOL, DIFF, DIFF_FLAT, ENUM, FLAT, INT32, INT64, JSON, OPTIONAL_INT32, OPTIONAL_TEXT, SCORE, SHEET, TEXT, VIEWS,
    ARROW, Field, Items, List, Schema, Sheet,
)
from .kinds import Kind
from .language import ENGLISH

__all__ = [
    "DOCUMENT_FIELD", "RECORD_FIELDS", "REFERENCE_FIELDS", "SUMMARY_FIELDS", "DocumentEnd", "DocumentLedger", "DocumentStart", "Event",
    "Integrity", "Kind", "Link", "Marker", "Record", "Records", "Reference", "Summary", "Tally", "collect", "ledger_rows",
]


@dataclass(frozen=True)
class Reference:
    """One entry of a document's reference list (endnotes, bibliography...)."""

    number: int
    text: str
    start: int
    end: int
    urls: tuple[str, ...] = ()
    doi: str | None = None
    year: int | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()  # as written, first author first
    container: str | None = None  # journal, book or site
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None
    accessed: str | None = None  # when a web source was retrieved, as written
    label: str | None = None  # the author's label of a note (Markdown `[^smith2019]`)
    cited_by: int = 0  # how many sentences of the body cite this entry
    cited_by_claims: int = 0  # how many of those are claims

    @classmethod
    def parsed(cls, number: int, text: str, start: int, end: int, fields: Any) -> "Reference":
        """An entry with what `reference_fields` read in it: each field of the `ReferenceFields`
        is copied by name, so a field parsed there needs only its attribute here."""
        return cls(number=number, text=text, start=start, end=end,
                   **{f.name: getattr(fields, f.name) for f in dataclass_fields(fields)})

    @property
    def surname(self) -> str | None:
        """The first author's surname: `Smith, J.` -> `Smith`; `Zoller SD` -> `Zoller`;
        `A. Smith` -> `Smith`."""
        if not self.authors:
            return None
        author = self.authors[0]
        if "," in author:
            return author.split(",")[0].strip()
        words = author.split()
        if len(words) > 1 and words[-1].rstrip(".").isupper() and len(words[-1].rstrip(".")) <= 3:
            return " ".join(words[:-1])
        if len(words) > 1 and words[0].endswith("."):
            return words[-1]
        return author

    @property
    def short_form(self) -> str:
        """What a reader needs to know the source: `Church 2011. Sea-level rise from … doi:10.1…`.

        First author's surname, year, title (shortened) and DOI or first URL; the entry's own
        text, shortened, when none of those could be parsed.
        """
        parts = []
        head = " ".join(p for p in (self.surname or "", str(self.year or "")) if p)
        if head:
            parts.append(head)
        if self.title:
            parts.append(_shortened(self.title, 80))
        if self.doi:
            parts.append(f"doi:{self.doi}")
        elif self.urls:
            parts.append(self.urls[0])
        if not self.title and not self.doi and not self.urls:
            return _shortened(self.text, 120)
        return ". ".join(parts)

    def to_dict(self) -> dict[str, Any]:
        return REFERENCE_FIELDS.as_dict(self)


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True, slots=True)
class Record:
    """One sentence (or heading) of a document, as a row of the ledger.

    Invariant: `document_text[start:end] == text`.
    """

    doc: str
    id: str
    section: str | None
    paragraph: int
    sentence: int
    start: int
    end: int
    text: str
    is_claim: bool
    score: float | None  # None: not judged (the sentence is not in English)
    kind: Kind
    citations: tuple[int, ...] = ()
    markers: tuple[Marker, ...] = ()
    linked_references: tuple[int, ...] = ()  # cited numbers that have a reference-list entry
    why: str = ""  # the scorer's short reason, for auditing a classification
    lang: str = ENGLISH  # the paragraph's language (ISO 639-1); only English is judged
    flags: tuple[str, ...] = ()  # editors' inline flags: `citation needed`, `dubious`, `who?`
    links: tuple[Link, ...] = ()  # hyperlinks in the sentence: sources given as links
    sources: tuple[str, ...] = ()  # each cited entry's short form (`[1] Church 2011. …`), then link URLs

    @property
    def is_cited(self) -> bool:
        """Whether the sentence names a source: a marker (`[n]`, `(Smith, 2001)`, also one whose
        work has no entry) or a hyperlink."""
        return bool(self.citations) or bool(self.markers) or bool(self.links)

    def to_dict(self) -> dict[str, Any]:
        return RECORD_FIELDS.as_dict(self)


# Where a new field goes: an attribute on `Record` (or `Reference`) and one `Field` here. Every
# format derives from these: `to_dict` (JSON, JSON Lines), the CSV/TSV columns, the Parquet
# schema, the workbook's sheets and `claimtrace diff`. Declaration order is the CSV and Parquet
# column order; `orders` keeps the key order JSON has always had and the workbook's columns.
RECORD_FIELDS = Schema((
    Field("doc", TEXT, "the document's name: its path, or `-` for stdin", sheet=Sheet(18)),
    Field("id", TEXT, "`doc#p3s2`: paragraph 3, sentence 2 (`#h4` for a heading)",
          views=VIEWS | {DIFF, DIFF_FLAT}, sheet=Sheet(16)),
    Field("section", OPTIONAL_TEXT, "the heading the sentence is under", sheet=Sheet(24, wrap=True)),
    Field("paragraph", INT32, "the paragraph's number in the document", sheet=Sheet(9)),
    Field("sentence", INT32, "the sentence's number in its paragraph", sheet=Sheet(8)),
    Field("start", INT64, "offset of the sentence in the document text", sheet=Sheet(8)),
    Field("end", INT64, "offset just past the sentence", sheet=Sheet(8)),
    Field("text", TEXT, "the sentence: `document[start:end]`", views=VIEWS | {DIFF, DIFF_FLAT},
          sheet=Sheet(64, cell="sentence")),
    Field("is_claim", BOOL, "whether the sentence states a claim", views=VIEWS | {DIFF, DIFF_FLAT}, sheet=Sheet(8)),
    Field("score", SCORE, "the claim score; empty when not judged (not English)", views=VIEWS | {DIFF},
          sheet=Sheet(7)),
    Field("kind", ENUM, "the sentence's form (`docs/kinds.md`)", views=VIEWS | {DIFF}, sheet=Sheet(11)),
    Field("lang", TEXT, "the paragraph's language (ISO 639-1); only English is judged", sheet=Sheet(5)),
    Field("citations", List("int"), "the reference numbers its markers cite: `2;3;4`",
          views=VIEWS | {DIFF, DIFF_FLAT}, sheet=Sheet(9, cell="cited_entries")),
    Field("markers", Items(lambda: MARKER_FIELDS), "the markers: raw text, numbers, offsets, scope, locator, style",
          views=frozenset({JSON, FLAT, ARROW, DIFF, SHEET}), sheet=Sheet(24, cell="markers", wrap=True)),
    Field("linked_references", List("int"), "cited numbers that have a reference-list entry",
          views=frozenset({JSON, FLAT, ARROW})),
    Field("sources", List("str", sep=" | "), "each cited entry's short form, then link URLs",
          sheet=Sheet(32, cell="lines", wrap=True)),
    Field("links", Items(lambda: LINK_FIELDS, brief="url"), "hyperlinks in the sentence",
          views=VIEWS | {DIFF}, sheet=Sheet(30, cell="link_urls")),
    Field("flags", List("str"), "editors' flags: `citation needed`", sheet=Sheet(12)),
    Field("why", TEXT, "the scorer's short reason", sheet=Sheet(30, wrap=True)),
), orders={
    JSON: ("doc", "id", "section", "paragraph", "sentence", "start", "end", "text", "is_claim", "score", "kind",
           "citations", "markers", "linked_references", "sources", "why", "lang", "flags", "links"),
    DIFF: ("id", "text", "is_claim", "score", "kind", "citations", "markers", "links"),
    SHEET: ("text", "is_claim", "score", "kind", "citations", "sources", "flags", "why", "markers", "id", "section", "links",
            "doc", "paragraph", "sentence", "lang", "start", "end"),
})

_NOT_SHEET = frozenset({JSON, FLAT, ARROW})
# The column a reference table takes from the document for each entry: which document it is from.
DOCUMENT_FIELD = Field("doc", TEXT, "the document the entry is from", sheet=Sheet(18))

REFERENCE_FIELDS = Schema((
    Field("number", INT32, "the entry's number (its place in an unnumbered list)", sheet=Sheet(8)),
    Field("text", TEXT, "the entry as written", sheet=Sheet(70, wrap=True)),
    Field("start", INT64, "offset of the entry in the document text", views=_NOT_SHEET),
    Field("end", INT64, "offset just past the entry", views=_NOT_SHEET),
    Field("urls", List("str"), "the URLs in the entry", sheet=Sheet(30, cell="first_url", title="url")),
    Field("doi", OPTIONAL_TEXT, "the DOI, `10.…`", sheet=Sheet(24, cell="doi")),
    Field("year", OPTIONAL_INT32, "the year of publication", sheet=Sheet(6)),
    Field("title", OPTIONAL_TEXT, "the work's title", sheet=Sheet(40, wrap=True)),
    Field("authors", List("str"), "the authors as written, first author first", sheet=Sheet(28, wrap=True)),
    Field("container", OPTIONAL_TEXT, "journal, book or site", sheet=Sheet(24)),
    Field("volume", OPTIONAL_TEXT, "volume", sheet=Sheet(7)),
    Field("issue", OPTIONAL_TEXT, "issue", sheet=Sheet(6)),
    Field("pages", OPTIONAL_TEXT, "pages", sheet=Sheet(10)),
    Field("accessed", OPTIONAL_TEXT, "when a web source was retrieved, as written", views=_NOT_SHEET),
    Field("label", OPTIONAL_TEXT, "the author's label of a note (Markdown `[^smith2019]`)", views=_NOT_SHEET),
    Field("cited_by", INT32, "how many sentences of the body cite this entry", sheet=Sheet(8)),
    Field("cited_by_claims", INT32, "how many of those are claims", sheet=Sheet(10)),
), orders={
    SHEET: ("number", "text", "authors", "year", "title", "cited_by", "cited_by_claims", "container", "volume",
            "issue", "pages", "doi", "urls", "doc"),
}, context=(DOCUMENT_FIELD,))


@dataclass(frozen=True)
class Summary:
    """Counts over one or more documents, as printed on stderr and stored in JSON output."""

    documents: int = 0
    sentences: int = 0
    claims: int = 0
    cited_claims: int = 0  # claims citing a source by a marker, a link or both
    uncited_claims: int = 0
    markers: int = 0
    marker_cited_claims: int = 0  # claims with a `[n]` marker
    link_cited_claims: int = 0  # claims with a hyperlink
    links: int = 0
    not_english: int = 0  # sentences not judged because they are not in English
    flagged: int = 0  # sentences an editor flagged (`[citation needed]`, `[dubious]`)

    @classmethod
    def of(cls, records: Iterable[Record], documents: int = 0) -> "Summary":
        """The counts of `records` (a document's, or some of them), as `documents` documents."""
        records = tuple(records)
        sentences = [r for r in records if r.kind is not Kind.HEADING]
        claims = [r for r in sentences if r.is_claim]
        cited = sum(1 for r in claims if r.is_cited)
        return cls(
            documents=documents,
            sentences=len(sentences),
            claims=len(claims),
            cited_claims=cited,
            uncited_claims=len(claims) - cited,
            markers=len({(m.start, m.end) for r in records for m in r.markers}),
            marker_cited_claims=sum(1 for r in claims if r.citations or r.markers),
            link_cited_claims=sum(1 for r in claims if r.links),
            links=len({(link.start, link.end) for r in records for link in r.links}),
            not_english=sum(1 for r in sentences if r.lang != ENGLISH),
            flagged=sum(1 for r in sentences if r.flags),
        )

    def __add__(self, other: "Summary") -> "Summary":
        return Summary(
            *(getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__)
        )

    def to_dict(self) -> dict[str, int]:
        return {f: getattr(self, f) for f in self.__dataclass_fields__}


_COUNT = frozenset({JSON})  # in JSON's `summary` only
_COUNT_SHEET = frozenset({JSON, SHEET})  # also a column of the workbook's Summary sheet
# A `Summary`'s counts, in its order (JSON's `summary`); the workbook's Summary sheet shows those
# in `SHEET`, between the document's name, format and language and its reference-list columns.
SUMMARY_FIELDS = Schema((
    Field("documents", INT32, "documents counted", views=_COUNT),
    Field("sentences", INT32, "sentences (headings aside)", views=_COUNT_SHEET, sheet=Sheet(10)),
    Field("claims", INT32, "claims", views=_COUNT_SHEET, sheet=Sheet(8)),
    Field("cited_claims", INT32, "claims citing a source by a marker, a link or both", views=_COUNT_SHEET,
          sheet=Sheet(13)),
    Field("uncited_claims", INT32, "claims that cite nothing", views=_COUNT_SHEET, sheet=Sheet(15)),
    Field("markers", INT32, "citation markers", views=_COUNT_SHEET, sheet=Sheet(8)),
    Field("marker_cited_claims", INT32, "claims with a marker", views=_COUNT),
    Field("link_cited_claims", INT32, "claims with a hyperlink", views=_COUNT),
    Field("links", INT32, "hyperlinks in sentences", views=_COUNT_SHEET, sheet=Sheet(7)),
    Field("not_english", INT32, "sentences not judged: not in English", views=_COUNT),
    Field("flagged", INT32, "sentences an editor flagged", views=_COUNT_SHEET, sheet=Sheet(8)),
))


@dataclass(frozen=True)
class Integrity:
    """How well a document's citations and its reference list fit together.

    Without a reference list (`reference_list` false) every cited number is "missing": true,
    and the first thing an auditor of such a document needs to know.
    """

    reference_list: bool = False  # whether the document has a reference list at all
    missing_entries: tuple[int, ...] = ()  # cited numbers with no entry in the list
    beyond_list: tuple[int, ...] = ()  # of those, the numbers past the list's last entry (`[87]` of 40)
    uncited_entries: tuple[int, ...] = ()  # entries no marker points to
    duplicate_entries: tuple[int, ...] = ()  # numbers that occur twice in the list
    missing_keys: tuple[str, ...] = ()  # author-year works cited with no entry (`Smith et al., 2001b`)
    ambiguous_keys: tuple[str, ...] = ()  # author-year works that fit several entries
    uncited_claim_share: float = 0.0  # share of claims that cite nothing (no marker, no link)
    marker_cited_claims: int = 0  # claims citing by a `[n]` marker
    link_cited_claims: int = 0  # claims citing by a hyperlink

    def to_dict(self) -> dict[str, Any]:
        return {
            "reference_list": self.reference_list,
            "missing_entries": list(self.missing_entries),
            "beyond_list": list(self.beyond_list),
            "uncited_entries": list(self.uncited_entries),
            "duplicate_entries": list(self.duplicate_entries),
            "missing_keys": list(self.missing_keys),
            "ambiguous_keys": list(self.ambiguous_keys),
            "uncited_claim_share": self.uncited_claim_share,
            "marker_cited_claims": self.marker_cited_claims,
            "link_cited_claims": self.link_cited_claims,
        }


def ledger_rows(records: Iterable[Record], include_all: bool = False) -> list[Record]:
    """The claim ledger's rows among `records`: claims, every cited record and every flagged one
    (an editor's `[citation needed]` is always worth a row); `include_all` keeps all."""
    if include_all:
        return list(records)
    return [r for r in records if r.is_claim or r.markers or r.links or r.flags]


# ---------------------------------------------------------------- a document as a stream of events
#
# Extraction produces each document as events: a `DocumentStart`, its records in one or more
# `Records` (one for a document read whole, a window's worth at a time for one read in parts),
# then a `DocumentEnd` with what needs every record first (the references counted, the
# integrity report, the document's counts). Writers and a run's totals consume the same
# events; a whole `DocumentLedger` is the collected stream (`collect`, `DocumentLedger.events`).


@dataclass(frozen=True)
class DocumentStart:
    """A document begins: its name, input format, language and (when asked for) its text."""

    doc: str
    format: str
    language: str = ENGLISH  # the language of most of the document (ISO 639-1)
    text: str | None = field(default=None, repr=False)  # the document text, when asked for


@dataclass(frozen=True)
class Records:
    """Consecutive records of the document begun last, in document order."""

    records: tuple[Record, ...]

    @cached_property
    def summary(self) -> Summary:
        """Their counts (as no document: its `DocumentEnd` counts the document)."""
        return Summary.of(self.records)

    @cached_property
    def languages(self) -> frozenset[str]:
        """The languages of their paragraphs."""
        return frozenset(r.lang for r in self.records)


@dataclass(frozen=True)
class DocumentEnd:
    """The document ends: its references with their counts, the integrity report and the
    document's counts and languages over all its records. `error` says why a document ended
    before its end (it could not be read to the end): it then has no references or report."""

    references: tuple[Reference, ...] = ()
    integrity: Integrity | None = None
    summary: Summary = Summary(documents=1)
    languages: frozenset[str] = frozenset()
    error: str | None = None


Event = Union[DocumentStart, Records, DocumentEnd]


@dataclass
class Tally:
    """A document's counts over its `Records` so far, for its `DocumentEnd`; local to the one
    producing (or closing) a document's events."""

    summary: Summary = Summary(documents=1)
    languages: set[str] = field(default_factory=set)

    def add(self, records: Records) -> Records:
        self.summary = self.summary + records.summary
        self.languages.update(records.languages)
        return records

    def end(self, references: tuple[Reference, ...] = (), integrity: Integrity | None = None,
            error: str | None = None) -> DocumentEnd:
        return DocumentEnd(references, integrity, self.summary, frozenset(self.languages), error)


@dataclass(frozen=True)
class DocumentLedger:
    """Every record of one document, plus its reference list and counts: a document's events
    collected (`collect`), or given as events again (`events`)."""

    doc: str
    format: str
    records: tuple[Record, ...]
    references: tuple[Reference, ...] = ()
    integrity: Integrity | None = None
    text: str | None = field(default=None, repr=False)  # the document text, when asked for
    language: str = ENGLISH  # the language of most of the document (ISO 639-1)

    @property
    def summary(self) -> Summary:
        return Summary.of(self.records, documents=1)

    def events(self) -> tuple[DocumentStart, Records, DocumentEnd]:
        """The document as the events extraction produces for it."""
        tally = Tally()
        records = tally.add(Records(self.records))
        return (DocumentStart(self.doc, self.format, self.language, self.text), records,
                tally.end(self.references, self.integrity))

    def rows(self, include_all: bool = False) -> list[Record]:
        """The default ledger rows: claims, every cited record and every flagged one (an editor's
        `[citation needed]` is always worth a row); `include_all` keeps all."""
        return ledger_rows(self.records, include_all)

    def to_dict(self, include_all: bool = False, schema: Schema | None = None) -> dict[str, Any]:
        """The document as JSON shows it; `schema` writes the records (`RECORD_FIELDS`)."""
        as_dict = (schema or RECORD_FIELDS).as_dict
        start = DocumentStart(self.doc, self.format, self.language, self.text)
        return document_dict(start, self.summary, [as_dict(r) for r in self.rows(include_all)], self.references,
                             self.integrity)


def document_dict(start: DocumentStart, summary: Summary, records: list[Any], references: Iterable[Reference],
                  integrity: Integrity | None) -> dict[str, Any]:
    """One document as JSON shows it, its key order fixed: `records` as given (already dicts)."""
    out: dict[str, Any] = {
        "doc": start.doc,
        "format": start.format,
        "language": start.language,
        "summary": summary.to_dict(),
        "records": records,
        "references": [ref.to_dict() for ref in references],
        "integrity": integrity.to_dict() if integrity else None,
    }
    if start.text is not None:
        out["text"] = start.text
    return out


def collect(events: Iterable[Event]) -> DocumentLedger:
    """The whole `DocumentLedger` of one document's events (`pipeline.extract_stream`'s, say)."""
    start: DocumentStart | None = None
    end: DocumentEnd | None = None
    records: list[Record] = []
    for event in events:
        if isinstance(event, DocumentStart):
            start = event
        elif isinstance(event, Records):
            records.extend(event.records)
        elif isinstance(event, DocumentEnd):
            end = event
    if start is None or end is None:
        raise ValueError("collect() takes one document's events: a DocumentStart, its Records, a DocumentEnd")
    return DocumentLedger(doc=start.doc, format=start.format, records=tuple(records), references=end.references,
                          integrity=end.integrity, text=start.text, language=start.language)
