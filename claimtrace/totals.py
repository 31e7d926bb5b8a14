"""What a run produced, counted as it goes: for the closing summary and the exit code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from .ledger import DocumentLedger, Summary


@dataclass
class BatchTotals:
    """What a batch produced, for the summary lines and the exit code. Local to one run."""

    summary: Summary = field(default_factory=Summary)
    failed: list[str] = field(default_factory=list)
    written: int = 0
    without_list: int = 0  # documents with markers but no reference list
    references: int = 0  # reference-list entries over all documents
    # The document being counted, over its parts so far: its counts and its records' languages.
    document: Summary = field(default_factory=Summary)
    languages: set[str] = field(default_factory=set)

    def add(self, ledger: DocumentLedger, summary: Summary | None = None, languages: Iterable[str] = ()) -> None:
        """Count a document's ledger, or one part of it (`summary` and `languages`: its counts and
        its records' languages, when its records were written elsewhere)."""
        summary = summary or ledger.summary  # computed from the records on each access: once here
        if ledger.part == 0:
            self.document, self.languages = Summary(), set()
        self.document = self.document + summary
        self.languages.update(languages or (r.lang for r in ledger.records))
        self.written += 1
        self.summary = self.summary + summary
        self.references += len(ledger.references)
        if ledger.final and ledger.integrity and not ledger.integrity.reference_list and self.document.markers:
            self.without_list += 1
