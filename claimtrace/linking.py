"""Records and reference-list entries linked both ways, and the integrity report, computed once.

A record links to the cited numbers that have an entry (`linked_references`); an entry counts
the sentences and claims that cite it (`cited_by`, `cited_by_claims`). The integrity report
says how the document's markers and its list fit together.

`Linker` does this a run of records at a time, so a document streamed paragraph by paragraph
(`pipeline.extract_stream`) is linked as it goes and counted at the end; `link` is the same for
a whole document at once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Iterable, Sequence

from .ledger import Integrity, Record, Reference


class Linker:
    """Links one document's records to its entries, run by run, keeping only counts.

    What it keeps grows with the reference list, the distinct cited numbers and the distinct
    author-year keys that found no single entry, never with the number of records.
    """

    def __init__(self, entries: Sequence[Reference], has_list: bool):
        self.entries = tuple(entries)
        self.has_list = has_list
        self._numbers = {e.number for e in self.entries}
        self._short = {e.number: e.short_form for e in reversed(self.entries)}  # a duplicated number: its first entry
        self._by_number = {n: [0, 0] for n in self._numbers}
        self._cited: set[int] = set()
        self._keys: dict[str, dict[str, None]] = {"missing": {}, "ambiguous": {}}  # printed keys, in order
        self._claims = self._uncited = self._marker_cited = self._link_cited = 0

    def records(self, records: Iterable[Record]) -> list[Record]:
        """The records with their linked entries and sources; counted for `finish`."""
        linked = [self._with_sources(r) if r.citations or r.links else r for r in records]
        for record in linked:
            for n in record.linked_references:
                self._by_number[n][0] += 1
                self._by_number[n][1] += record.is_claim
            self._cited.update(n for m in record.markers for n in m.numbers)
            for work in (w for m in record.markers if m.scope == "sentence" for w in m.works):
                if work.status != "linked":
                    self._keys[work.status].setdefault(work.key)
            if record.is_claim:
                self._claims += 1
                self._uncited += not record.is_cited
                self._marker_cited += bool(record.citations or record.markers)
                self._link_cited += bool(record.links)
        return linked

    def finish(self) -> tuple[list[Reference], Integrity]:
        """The entries with their counts, and the integrity report of every record seen."""
        counted = [
            replace(e, cited_by=self._by_number[e.number][0], cited_by_claims=self._by_number[e.number][1])
            for e in self.entries
        ]
        counts = Counter(e.number for e in counted)
        last = max((n for n in counts if n), default=0)
        cited = self._cited
        report = Integrity(
            reference_list=self.has_list,
            missing_entries=tuple(sorted(cited - set(counts))),
            beyond_list=tuple(sorted(n for n in cited if n > last)) if self.has_list else (),
            uncited_entries=tuple(sorted(set(counts) - cited)),
            duplicate_entries=tuple(sorted(n for n, c in counts.items() if c > 1)),
            missing_keys=tuple(self._keys["missing"]),
            ambiguous_keys=tuple(self._keys["ambiguous"]),
            uncited_claim_share=round(self._uncited / self._claims, 4) if self._claims else 0.0,
            marker_cited_claims=self._marker_cited,
            link_cited_claims=self._link_cited,
        )
        return counted, report

    def _with_sources(self, record: Record) -> Record:
        """The record with its linked entries and, beside them, what each source is: the entry's
        short form for a cited number, the URL for a link."""
        linked = tuple(n for n in record.citations if n in self._numbers)
        sources = tuple(f"[{n}] {self._short[n]}" for n in linked) + tuple(dict.fromkeys(link.url for link in record.links))
        return replace(record, linked_references=linked, sources=sources)


def link(
    records: Sequence[Record], entries: Sequence[Reference], has_list: bool
) -> tuple[list[Record], list[Reference], Integrity]:
    """The records with their linked entries, the entries with their counts, and integrity."""
    linker = Linker(entries, has_list)
    linked = linker.records(records)
    counted, report = linker.finish()
    return linked, counted, report


def integrity(records: Sequence[Record], entries: Sequence[Reference], has_list: bool) -> Integrity:
    """How markers and the reference list fit: dangling markers, unused entries, duplicates.

    With no reference list at all every cited number is "missing": that is the truth about a
    document like the seed article (25 markers, no list) and what a reader of the ledger needs.
    """
    linker = Linker(entries, has_list)
    linker.records(records)
    return linker.finish()[1]
