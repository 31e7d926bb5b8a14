"""`claimtrace diff`'s output: one row a sentence that differs, as CSV, JSON Lines, JSON or a table."""

from __future__ import annotations

import csv
import json
from typing import IO, Any

from ..diff import Change, LedgerDiff
from ..text import printable
from . import Format, SafeText, safe_cell

DIFF_COLUMNS = (
    "change", "text_id", "old_id", "new_id", "old_text", "new_text", "old_is_claim", "new_is_claim",
    "old_citations", "new_citations", "dropped_sources", "added_sources",
)


def _flat(c: Change) -> dict[str, str]:
    def claim(r):
        return "" if r is None else ("true" if r.is_claim else "false")

    return {
        "change": c.change, "text_id": c.text_id,
        "old_id": c.old.id if c.old else "", "new_id": c.new.id if c.new else "",
        "old_text": c.old.text if c.old else "", "new_text": c.new.text if c.new else "",
        "old_is_claim": claim(c.old), "new_is_claim": claim(c.new),
        "old_citations": ";".join(map(str, c.old.citations)) if c.old else "",
        "new_citations": ";".join(map(str, c.new.citations)) if c.new else "",
        "dropped_sources": ";".join(c.dropped_sources), "added_sources": ";".join(c.added_sources),
    }


def write_diff(diff: LedgerDiff, fmt: Format, stream: IO[str], raw_cells: bool = False) -> int:
    """Write `diff` as `fmt` (csv, tsv, jsonl, json or table) to `stream`; how many lone
    surrogates were written as U+FFFD (see `SafeText`)."""
    safe = SafeText(stream)
    _write(diff, fmt, safe, raw_cells)
    return safe.replaced


def _write(diff: LedgerDiff, fmt: Format, stream: Any, raw_cells: bool) -> None:
    if fmt in (Format.csv, Format.tsv):
        writer = csv.DictWriter(stream, fieldnames=DIFF_COLUMNS, dialect="excel" if fmt is Format.csv else "excel-tab")
        writer.writeheader()
        for c in diff.changes:
            row = _flat(c)
            writer.writerow(row if raw_cells else {k: safe_cell(v) for k, v in row.items()})
    elif fmt is Format.jsonl:
        for c in diff.changes:
            stream.write(json.dumps(c.to_dict(), ensure_ascii=False) + "\n")
    elif fmt is Format.json:
        doc = {"old": diff.old_doc, "new": diff.new_doc, "counts": diff.counts(),
               "changes": [c.to_dict() for c in diff.changes]}
        stream.write(json.dumps(doc, ensure_ascii=False, indent=2) + "\n")
    else:
        from rich.console import Console
        from rich.markup import escape
        from rich.table import Table

        table = Table(title=escape(printable(f"{diff.old_doc} → {diff.new_doc}")), expand=True)
        for name, width in (("change", 9), ("old", None), ("new", None), ("sources lost", 12)):
            table.add_column(name, width=width, overflow="fold")
        for c in diff.changes:
            table.add_row(c.change, escape(printable(c.old.text if c.old else "")),
                          escape(printable(c.new.text if c.new else "")),
                          f"[red]{escape(', '.join(c.dropped_sources))}[/]")
        Console(file=stream).print(table)
