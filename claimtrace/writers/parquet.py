"""`-f parquet`: the ledger as an Apache Parquet file, for big ledgers and columnar tools.

List fields are real lists (`citations` is `list<int32>`, `markers` a list of structs), the
other types as in JSON Lines, so DuckDB, pandas and Spark read it without parsing strings. Each
document is written as it comes (one row group or more per document), so memory holds one
document's rows, not the batch's. Needs the `parquet` extra (pyarrow).
"""

from __future__ import annotations

from typing import Any

from ..errors import UsageError
from ..ledger import DocumentLedger, Reference, Summary
from . import LEDGER, Table, Writer


def _schemas(pa: Any) -> tuple[Any, Any]:
    marker = pa.struct([
        ("raw", pa.string()), ("numbers", pa.list_(pa.int32())), ("start", pa.int64()), ("end", pa.int64()),
        ("recognizer", pa.string()), ("scope", pa.string()), ("locator", pa.string()),
    ])
    link = pa.struct([("url", pa.string()), ("text", pa.string()), ("start", pa.int64()), ("end", pa.int64())])
    ledger = pa.schema([
        ("doc", pa.string()), ("id", pa.string()), ("section", pa.string()), ("paragraph", pa.int32()),
        ("sentence", pa.int32()), ("start", pa.int64()), ("end", pa.int64()), ("text", pa.string()),
        ("is_claim", pa.bool_()), ("score", pa.float64()), ("kind", pa.string()), ("lang", pa.string()),
        ("citations", pa.list_(pa.int32())), ("markers", pa.list_(marker)),
        ("linked_references", pa.list_(pa.int32())), ("sources", pa.list_(pa.string())),
        ("links", pa.list_(link)), ("flags", pa.list_(pa.string())), ("why", pa.string()),
    ])
    references = pa.schema([
        ("doc", pa.string()), ("number", pa.int32()), ("text", pa.string()), ("start", pa.int64()),
        ("end", pa.int64()), ("urls", pa.list_(pa.string())), ("doi", pa.string()), ("year", pa.int32()),
        ("title", pa.string()), ("authors", pa.list_(pa.string())), ("container", pa.string()),
        ("volume", pa.string()), ("issue", pa.string()), ("pages", pa.string()), ("accessed", pa.string()),
        ("label", pa.string()), ("cited_by", pa.int32()), ("cited_by_claims", pa.int32()),
    ])
    return ledger, references


def _reference_row(doc: str, ref: Reference) -> dict[str, Any]:
    return {"doc": doc, **ref.to_dict()}


class ParquetWriter(Writer):
    """The claim ledger (or the reference table) as one Parquet file."""

    binary = True

    @classmethod
    def check(cls, table: Table = LEDGER) -> None:
        super().check(table)
        try:
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            raise UsageError("-f parquet needs the optional package 'pyarrow': pip install 'claimtrace[parquet]'") from None

    def begin(self) -> None:
        self.check(self.table)
        import pyarrow as pa
        import pyarrow.parquet as pq

        self.pa = pa
        ledger_schema, reference_schema = _schemas(pa)
        self.schema = ledger_schema if self.table is LEDGER else reference_schema
        self.writer = pq.ParquetWriter(self.stream, self.schema, compression="zstd")

    def document(self, ledger: DocumentLedger) -> None:
        if self.table is LEDGER:
            rows = [r.to_dict() for r in ledger.rows(self.include_all)]
        else:
            rows = [_reference_row(ledger.doc, ref) for ref in ledger.references]
        if rows:
            self.writer.write_table(self.pa.Table.from_pylist(rows, schema=self.schema))

    def end(self, summary: Summary) -> None:
        self.writer.close()
