"""What a run produced, counted from its outcomes as they come: for the closing summary and the
exit code."""

from __future__ import annotations

from dataclasses import dataclass, field

from .inputs import InputProblem
from .ledger import DocumentEnd, DocumentStart, Event, Summary


@dataclass
class BatchTotals:
    """What a batch produced, for the summary lines and the exit code. Local to one run."""

    summary: Summary = field(default_factory=Summary)
    failed: list[str] = field(default_factory=list)
    written: int = 0  # documents begun
    without_list: int = 0  # documents with markers but no reference list
    references: int = 0  # reference-list entries over all documents
    document: DocumentStart | None = None  # the document begun last

    def add(self, outcome: Event | InputProblem) -> None:
        """Count one outcome of a run: a document's event, or an input that failed. A document
        counts at its `DocumentEnd` (also one that ended early: it was written)."""
        if isinstance(outcome, InputProblem):
            self.failed.append(outcome.message)
        elif isinstance(outcome, DocumentStart):
            self.document = outcome
            self.written += 1
        elif isinstance(outcome, DocumentEnd):
            self.summary = self.summary + outcome.summary
            self.references += len(outcome.references)
            if outcome.error is not None:
                self.failed.append(outcome.error)
            elif outcome.integrity and not outcome.integrity.reference_list and outcome.summary.markers:
                self.without_list += 1
