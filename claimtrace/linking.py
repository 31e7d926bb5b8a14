"""Records and reference-list entries linked both ways, and the integrity report, computed once.

A record links to the cited numbers that have an entry (`linked_references`); an entry counts
the sentences and claims that cite it (`cited_by`, `cited_by_claims`). The integrity report
says how the document's markers and its list fit together.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Sequence

from .ledger import Integrity, Record, Reference


def link(
    records: Sequence[Record], entries: Sequence[Reference], has_list: bool
) -> tuple[list[Record], list[Reference], Integrity]:
    """The records with their linked entries, the entries with their counts, and integrity."""
    numbers = {e.number for e in entries}
    short = {e.number: e.short_form for e in reversed(entries)}  # a duplicated number: its first entry
    linked = [_with_sources(r, numbers, short) if r.citations or r.links else r for r in records]
    by_number = {n: [0, 0] for n in numbers}
    for record in linked:
        for n in record.linked_references:
            by_number[n][0] += 1
            by_number[n][1] += record.is_claim
    counted = [
        replace(e, cited_by=by_number[e.number][0], cited_by_claims=by_number[e.number][1])
        for e in entries
    ]
    return linked, counted, integrity(linked, counted, has_list)


def _with_sources(record: Record, numbers: set[int], short: dict[int, str]) -> Record:
    """The record with its linked entries and, beside them, what each source is: the entry's
    short form for a cited number, the URL for a link."""
    linked = tuple(n for n in record.citations if n in numbers)
    sources = tuple(f"[{n}] {short[n]}" for n in linked) + tuple(dict.fromkeys(link.url for link in record.links))
    return replace(record, linked_references=linked, sources=sources)


def integrity(records: Sequence[Record], entries: Sequence[Reference], has_list: bool) -> Integrity:
    """How markers and the reference list fit: dangling markers, unused entries, duplicates.

    With no reference list at all every cited number is "missing": that is the truth about a
    document like the seed article (25 markers, no list) and what a reader of the ledger needs.
    """
    cited = {n for r in records for m in r.markers for n in m.numbers}
    counts = Counter(e.number for e in entries)
    claims = [r for r in records if r.is_claim]
    uncited = sum(1 for r in claims if not r.is_cited)
    last = max((n for n in counts if n), default=0)
    return Integrity(
        reference_list=has_list,
        missing_entries=tuple(sorted(cited - set(counts))),
        beyond_list=tuple(sorted(n for n in cited if n > last)) if has_list else (),
        uncited_entries=tuple(sorted(set(counts) - cited)),
        duplicate_entries=tuple(sorted(n for n, c in counts.items() if c > 1)),
        uncited_claim_share=round(uncited / len(claims), 4) if claims else 0.0,
        marker_cited_claims=sum(1 for r in claims if r.citations),
        link_cited_claims=sum(1 for r in claims if r.links),
    )
