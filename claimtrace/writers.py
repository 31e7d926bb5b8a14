"""Writers turn ledgers into formats. A writer never parses or classifies.

Every writer streams: `begin()`, then `document(ledger)` once per document as it is produced,
then `end(summary)`. CSV and TSV use the `excel` dialect (tab-delimited for TSV); list-valued
cells are joined with `;` (`citations` = `2;3;4`, `markers` = `[2-4];[7]`).
"""

from __future__ import annotations

import csv
import json
from enum import Enum
from typing import IO, Any

from .ledger import DocumentLedger, Record, Summary


class Format(str, Enum):
    """Output formats of `claimtrace extract`."""

    csv = "csv"
    tsv = "tsv"
    jsonl = "jsonl"
    json = "json"
    table = "table"


# Flat columns of CSV/TSV output, in order.
COLUMNS = (
    "doc", "id", "section", "paragraph", "sentence", "start", "end", "text", "is_claim",
    "score", "kind", "citations", "markers", "marker_offsets", "marker_scopes", "references", "why",
)
LIST_SEPARATOR = ";"


def _join(values) -> str:
    return LIST_SEPARATOR.join(str(v) for v in values)


def flat_row(record: Record) -> dict[str, Any]:
    """A record as one CSV row: booleans as `true`/`false`, lists joined with `;`."""
    return {
        "doc": record.doc,
        "id": record.id,
        "section": record.section or "",
        "paragraph": record.paragraph,
        "sentence": record.sentence,
        "start": record.start,
        "end": record.end,
        "text": record.text,
        "is_claim": "true" if record.is_claim else "false",
        "score": f"{record.score:.4f}",
        "kind": record.kind,
        "citations": _join(record.citations),
        "markers": _join(m.raw for m in record.markers),
        "marker_offsets": _join(f"{m.start}-{m.end}" for m in record.markers),
        "marker_scopes": _join(m.scope for m in record.markers),
        "references": _join(record.references),
        "why": record.why,
    }


class Writer:
    """Base writer: subclasses override the three hooks."""

    def __init__(self, stream: IO[str], include_all: bool = False):
        self.stream = stream
        self.include_all = include_all

    def begin(self) -> None:
        pass

    def document(self, ledger: DocumentLedger) -> None:
        raise NotImplementedError

    def end(self, summary: Summary) -> None:
        pass


class DelimitedWriter(Writer):
    """CSV (`excel` dialect) or TSV (`excel-tab`), one row a record, header first."""

    def __init__(self, stream, include_all=False, dialect="excel"):
        super().__init__(stream, include_all)
        self.writer = csv.DictWriter(stream, fieldnames=COLUMNS, dialect=dialect)

    def begin(self):
        self.writer.writeheader()

    def document(self, ledger):
        for record in ledger.rows(self.include_all):
            self.writer.writerow(flat_row(record))


class JsonLinesWriter(Writer):
    """One JSON object a record, one record a line."""

    def document(self, ledger):
        for record in ledger.rows(self.include_all):
            self.stream.write(json.dumps(record.to_dict(), ensure_ascii=False) + "\n")


class JsonWriter(Writer):
    """`{"documents": [...], "summary": {...}}`, each document written as soon as it is done."""

    def begin(self):
        self.count = 0
        self.stream.write('{"documents": [')

    def document(self, ledger):
        self.stream.write(("," if self.count else "") + "\n")
        self.stream.write(json.dumps(ledger.to_dict(self.include_all), ensure_ascii=False, indent=2))
        self.count += 1

    def end(self, summary):
        self.stream.write(("\n" if self.count else "") + '], "summary": ')
        self.stream.write(json.dumps(summary.to_dict()) + "}\n")


class TableWriter(Writer):
    """A rich table per document for people reading a terminal; not meant for machines."""

    def begin(self):
        from rich.console import Console

        self.console = Console(file=self.stream)

    def document(self, ledger):
        from rich.markup import escape
        from rich.table import Table

        table = Table(title=escape(ledger.doc), expand=True)
        for name, style in (("#", "dim"), ("kind", "cyan"), ("claim", None), ("score", None),
                            ("cites", "magenta"), ("text", None)):
            table.add_column(name, style=style, overflow="fold")
        for r in ledger.rows(self.include_all):
            claim = "[green]yes[/]" if r.is_claim else ("" if r.kind == "heading" else "no")
            cites = ",".join(map(str, r.citations)) or ("[red]none[/]" if r.is_claim else "")
            # Escaped: the text holds `[1]`-style markers that rich would read as markup.
            text = f"[bold]{escape(r.text)}[/]" if r.kind == "heading" else escape(r.text)
            table.add_row(r.id.rsplit("#", 1)[-1], r.kind, claim, f"{r.score:.2f}", cites, text)
        self.console.print(table)


def make_writer(fmt: Format, stream: IO[str], include_all: bool = False) -> Writer:
    """The writer for `fmt` writing to `stream`."""
    if fmt is Format.csv:
        return DelimitedWriter(stream, include_all)
    if fmt is Format.tsv:
        return DelimitedWriter(stream, include_all, dialect="excel-tab")
    if fmt is Format.jsonl:
        return JsonLinesWriter(stream, include_all)
    if fmt is Format.json:
        return JsonWriter(stream, include_all)
    return TableWriter(stream, include_all)


def format_for_path(path: str) -> Format | None:
    """The format a file name's extension implies (`out.tsv` → tsv), or None."""
    suffix = path.rsplit(".", 1)[-1].lower() if "." in path else ""
    return {f.value: f for f in Format if f is not Format.table}.get(suffix)
