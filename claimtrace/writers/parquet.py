"""`-f parquet`: the ledger as an Apache Parquet file, for big ledgers and columnar tools.

List fields are real lists (`citations` is `list<int32>`, `markers` a list of structs), the
other types as in JSON Lines, so DuckDB, pandas and Spark read it without parsing strings. Each
document is written as it comes (one row group or more per document), so memory holds one
document's rows, not the batch's. Needs the `parquet` extra (pyarrow).

A directory (`-o ledger/`) gets a partitioned dataset instead: `part-00000.parquet`, … with the
same schema, which DuckDB (`read_parquet('ledger/*.parquet')`), pandas and Spark read as one
table. `ParquetDirectoryWriter` writes the parts here, a new one every `ROWS_PER_PART` rows;
on a Dask cluster each task writes its own part with `write_part` (`claimtrace.partitioned`).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from ..errors import UsageError
from ..ledger import DocumentStart, Event, Summary
from . import LEDGER, Table, WriteOptions, Writer, scrubbed


def _dicts(table: Table, start: DocumentStart | None, rows: list[Any]) -> list[dict[str, Any]]:
    return [table.as_dict(start, row) for row in rows]  # type: ignore[arg-type]


def _need_pyarrow() -> None:
    try:
        import pyarrow.parquet  # noqa: F401
    except ImportError:
        raise UsageError("-f parquet needs the optional package 'pyarrow': pip install 'claimtrace[parquet]' "
                         "(in a checkout: pip install '.[parquet]')") from None


@dataclass(frozen=True)
class PartWritten:
    """A part of a dataset written where its rows were extracted (by a cluster task,
    `partitioned.extract_part`): how many lone surrogates it wrote as U+FFFD. The dataset's
    writer counts them with its own (`ParquetDirectoryWriter.write`)."""

    index: int
    replaced: int


def part_name(index: int) -> str:
    """The file name of a dataset's `index`-th part: `part-00000.parquet`."""
    return f"part-{index:05d}.parquet"


def _open(target: Any, table: Table) -> tuple[Any, Any, Any]:
    """pyarrow, `table`'s schema, and a Parquet writer on `target` (a path or a binary stream)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = table.arrow(pa)
    return pa, schema, pq.ParquetWriter(target, schema, compression="zstd")


def _arrow(pa: Any, rows: list[dict[str, Any]], schema: Any) -> tuple[Any, int]:
    """`rows` as an Arrow table, and how many lone surrogates (which UTF-8 cannot hold) were
    written as U+FFFD: looked for only when Arrow refuses the rows."""
    try:
        return pa.Table.from_pylist(rows, schema=schema), 0
    except UnicodeEncodeError:
        clean, count = scrubbed(rows)
        return pa.Table.from_pylist(clean, schema=schema), count


def write_part(path: str | Path, events: Iterable[Any], table: Table = LEDGER, include_all: bool = False) -> int:
    """One Parquet file holding the rows of documents' `events` (other outcomes among them are
    passed over; the file has the schema even with no rows); how many lone surrogates were
    written as U+FFFD."""
    _need_pyarrow()
    pa, schema, writer = _open(str(path), table)
    replaced = 0
    start = None
    with writer:
        for event in events:
            if isinstance(event, DocumentStart):
                start = event
                continue
            rows = _dicts(table, start, table.rows(event, include_all)) if start is not None else []
            if rows:
                arrow, count = _arrow(pa, rows, schema)
                replaced += count
                writer.write_table(arrow)
    return replaced


class ParquetWriter(Writer):
    """The claim ledger (or the reference table) as one Parquet file."""

    binary = True

    @classmethod
    def check(cls, table: Table = LEDGER) -> None:
        super().check(table)
        _need_pyarrow()

    def begin(self) -> None:
        self.check(self.table)
        self.pa, self.schema, self.writer = _open(self.stream, self.table)

    def write_rows(self, rows: list[Any]) -> None:
        self._write(_dicts(self.table, self.start, rows))

    def _write(self, rows: list[dict[str, Any]]) -> None:
        arrow, count = _arrow(self.pa, rows, self.schema)
        self._replaced += count
        self.writer.write_table(arrow)

    def end(self, summary: Summary) -> None:
        self.writer.close()


class ParquetDirectoryWriter(ParquetWriter):
    """A partitioned dataset: Parquet parts in a directory, a new part every `ROWS_PER_PART`
    rows, so each file stays a size tools split work by."""

    ROWS_PER_PART = 1_000_000

    def __init__(self, directory: Path, table: Table = LEDGER, options: WriteOptions = WriteOptions()):
        super().__init__(io.BytesIO(), table, options)  # no stream: each part is its own file
        self.directory = Path(directory)
        self.written_parts = 0
        self.rows_in_part = 0
        self.writer: Any = None

    def begin(self) -> None:
        self.check(self.table)

    def write(self, event: Event | PartWritten) -> None:
        if isinstance(event, PartWritten):
            self._replaced += event.replaced
        else:
            super().write(event)

    def write_rows(self, rows: list[Any]) -> None:
        if self.writer is None:
            path = str(self.directory / part_name(self.written_parts))
            self.pa, self.schema, self.writer = _open(path, self.table)
            self.written_parts += 1
            self.rows_in_part = 0
        self._write(_dicts(self.table, self.start, rows))
        self.rows_in_part += len(rows)
        if self.rows_in_part >= self.ROWS_PER_PART:
            self.writer.close()
            self.writer = None

    def end(self, summary: Summary) -> None:
        if self.writer is not None:
            self.writer.close()
        elif not any(self.directory.glob("part-*.parquet")):  # no rows: one empty part with the schema
            # (looked for on disk: on Dask the tasks write the parts, not this writer)
            write_part(self.directory / part_name(0), (), self.table)
