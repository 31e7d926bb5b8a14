"""`claimtrace diff`'s output: one row a sentence that differs, as CSV, JSON Lines, JSON or a table."""

from __future__ import annotations

import csv
import json
from typing import IO

from ..diff import Change, LedgerDiff
from ..fields import DIFF_FLAT, Schema
from ..ledger import RECORD_FIELDS
from ..text import printable
from . import Format, safe_cell

def diff_columns(schema: Schema = RECORD_FIELDS) -> tuple[str, ...]:
    """The CSV header: the record fields a diff shows (`DIFF_FLAT`), old and new side by side."""
    sides = (f"{side}_{f.name}" for f in schema.in_view(DIFF_FLAT) for side in ("old", "new"))
    return ("change", "text_id", *sides, "dropped_sources", "added_sources")


DIFF_COLUMNS = diff_columns()


def _flat(c: Change, schema: Schema) -> dict[str, str]:
    row = {"change": c.change, "text_id": c.text_id}
    for f in schema.in_view(DIFF_FLAT):
        for side, record in (("old", c.old), ("new", c.new)):
            row[f"{side}_{f.name}"] = "" if record is None else f.type.flat(getattr(record, f.name))
    row["dropped_sources"] = ";".join(c.dropped_sources)
    row["added_sources"] = ";".join(c.added_sources)
    return row


def write_diff(diff: LedgerDiff, fmt: Format, stream: IO[str], raw_cells: bool = False,
               schema: Schema = RECORD_FIELDS) -> None:
    """Write `diff` as `fmt` (csv, tsv, jsonl, json or table) to `stream`; `schema` says which
    record fields each side shows (`ledger.RECORD_FIELDS`)."""
    if fmt in (Format.csv, Format.tsv):
        writer = csv.DictWriter(stream, fieldnames=diff_columns(schema), dialect="excel" if fmt is Format.csv else "excel-tab")
        writer.writeheader()
        for c in diff.changes:
            row = _flat(c, schema)
            writer.writerow(row if raw_cells else {k: safe_cell(v) for k, v in row.items()})
    elif fmt is Format.jsonl:
        for c in diff.changes:
            stream.write(json.dumps(c.to_dict(schema), ensure_ascii=False) + "\n")
    elif fmt is Format.json:
        doc = {"old": diff.old_doc, "new": diff.new_doc, "counts": diff.counts(),
               "changes": [c.to_dict(schema) for c in diff.changes]}
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
