"""The claim ledger's data model: plain frozen dataclasses with `to_dict()`.

One `Record` per sentence or heading; one `DocumentLedger` per input document. Writers only read
these; nothing here parses or classifies.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .citations import Link, Marker
from .kinds import Kind
from .language import ENGLISH

__all__ = ["DocumentLedger", "Integrity", "Kind", "Link", "Marker", "Record", "Reference", "Summary"]


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
        return {
            "number": self.number,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "urls": list(self.urls),
            "doi": self.doi,
            "year": self.year,
            "title": self.title,
            "authors": list(self.authors),
            "container": self.container,
            "volume": self.volume,
            "issue": self.issue,
            "pages": self.pages,
            "accessed": self.accessed,
            "label": self.label,
            "cited_by": self.cited_by,
            "cited_by_claims": self.cited_by_claims,
        }


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
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
        return {
            "doc": self.doc,
            "id": self.id,
            "section": self.section,
            "paragraph": self.paragraph,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "is_claim": self.is_claim,
            "score": self.score,
            "kind": self.kind.value,
            "citations": list(self.citations),
            "markers": [m.to_dict() for m in self.markers],
            "linked_references": list(self.linked_references),
            "sources": list(self.sources),
            "why": self.why,
            "lang": self.lang,
            "flags": list(self.flags),
            "links": [link.to_dict() for link in self.links],
        }


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

    def __add__(self, other: "Summary") -> "Summary":
        return Summary(
            *(getattr(self, f) + getattr(other, f) for f in self.__dataclass_fields__)
        )

    def to_dict(self) -> dict[str, int]:
        return {f: getattr(self, f) for f in self.__dataclass_fields__}


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


@dataclass(frozen=True)
class DocumentLedger:
    """Every record of one document, plus its reference list and counts.

    A document too large to hold is written in parts (`pipeline.extract_stream`): each part holds
    the records of consecutive paragraphs, and only the last (`final`) carries the references
    and the integrity report, and counts as the document in `summary`.
    """

    doc: str
    format: str
    records: tuple[Record, ...]
    references: tuple[Reference, ...] = ()
    integrity: Integrity | None = None
    text: str | None = field(default=None, repr=False)  # the document text, when asked for
    language: str = ENGLISH  # the language of most of the document (ISO 639-1)
    part: int = 0  # which part of a document written in parts (0: the first, or the whole)
    final: bool = True  # the document's last part (or the whole document)

    @property
    def summary(self) -> Summary:
        sentences = [r for r in self.records if r.kind is not Kind.HEADING]
        claims = [r for r in sentences if r.is_claim]
        cited = sum(1 for r in claims if r.is_cited)
        markers = {(m.start, m.end) for r in self.records for m in r.markers}
        links = {(link.start, link.end) for r in self.records for link in r.links}
        return Summary(
            documents=int(self.final),
            sentences=len(sentences),
            claims=len(claims),
            cited_claims=cited,
            uncited_claims=len(claims) - cited,
            markers=len(markers),
            marker_cited_claims=sum(1 for r in claims if r.citations or r.markers),
            link_cited_claims=sum(1 for r in claims if r.links),
            links=len(links),
            not_english=sum(1 for r in sentences if r.lang != ENGLISH),
            flagged=sum(1 for r in sentences if r.flags),
        )

    def rows(self, include_all: bool = False) -> list[Record]:
        """The default ledger rows: claims, every cited record and every flagged one (an editor's
        `[citation needed]` is always worth a row); `include_all` keeps all."""
        if include_all:
            return list(self.records)
        return [r for r in self.records if r.is_claim or r.markers or r.links or r.flags]

    def to_dict(self, include_all: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {
            "doc": self.doc,
            "format": self.format,
            "language": self.language,
            "summary": self.summary.to_dict(),
            "records": [r.to_dict() for r in self.rows(include_all)],
            "references": [ref.to_dict() for ref in self.references],
            "integrity": self.integrity.to_dict() if self.integrity else None,
        }
        if self.text is not None:
            out["text"] = self.text
        return out
