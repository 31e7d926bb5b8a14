"""The row schema is declared once (`claimtrace/fields.py`, `ledger.RECORD_FIELDS`): a field added
there shows in every format, and every declared field shows where it says it does."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, fields, replace
from pathlib import Path

import pytest

from claimtrace import extract
from claimtrace.defaults import Format
from claimtrace.diff import diff_ledgers
from claimtrace.fields import ARROW, DIFF, DIFF_FLAT, FLAT, JSON, SHEET, TEXT, VIEWS, Field, List, Schema, Sheet
from claimtrace.ledger import RECORD_FIELDS, REFERENCE_FIELDS, SUMMARY_FIELDS, DocumentLedger, Record, Reference, Summary
from claimtrace.reference_fields import ReferenceFields
from claimtrace.writers import LEDGER, REFERENCES, WriteOptions, make_writer
from claimtrace.writers.diff import write_diff

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_c6909b873426236a.txt"


@dataclass(frozen=True)
class StyledRecord(Record):
    """A record with one field more, as a new feature would add it."""

    styles: tuple[str, ...] = ()


STYLES = Field("styles", List("str"), "each marker's citation style", views=VIEWS | {DIFF, DIFF_FLAT}, sheet=Sheet(12))
STYLED = Schema(RECORD_FIELDS.fields + (STYLES,), RECORD_FIELDS.orders)


def _styled_ledger(text: str) -> DocumentLedger:
    ledger = extract(text, doc="seed.txt")
    records = tuple(StyledRecord(**{f.name: getattr(r, f.name) for f in fields(Record)},
                                 styles=("bracket", "superscript") if r.markers else ())
                    for r in ledger.records)
    return replace(ledger, records=records)


def _write(fmt: Format, ledger: DocumentLedger, table=LEDGER) -> bytes | str:
    stream: io.BytesIO | io.StringIO = io.BytesIO() if fmt in (Format.xlsx, Format.parquet) else io.StringIO()
    writer = make_writer(fmt, stream, table, WriteOptions())
    writer.begin()
    writer.document(ledger)
    writer.end(ledger.summary)
    return stream.getvalue()


@pytest.fixture(scope="module")
def styled() -> DocumentLedger:
    return _styled_ledger(SEED.read_text(encoding="utf-8"))


def test_a_new_field_shows_in_every_format(styled):
    table = replace(LEDGER, schema=STYLED)
    cited = next(r for r in styled.rows() if r.markers)

    for fmt in (Format.csv, Format.tsv):
        rows = list(csv.DictReader(io.StringIO(_write(fmt, styled, table)), dialect="excel" if fmt is Format.csv else "excel-tab"))
        assert rows[0].keys() >= {"styles", "markers", "marker_offsets"}
        assert next(r for r in rows if r["id"] == cited.id)["styles"] == "bracket;superscript"

    lines = [json.loads(line) for line in _write(Format.jsonl, styled, table).splitlines()]
    assert next(r for r in lines if r["id"] == cited.id)["styles"] == ["bracket", "superscript"]
    assert list(lines[0])[-1] == "styles"  # after the keys JSON has always had
    document = json.loads(_write(Format.json, styled, table))["documents"][0]
    assert next(r for r in document["records"] if r["id"] == cited.id)["styles"] == ["bracket", "superscript"]

    pq = pytest.importorskip("pyarrow.parquet")
    parquet = pq.read_table(io.BytesIO(_write(Format.parquet, styled, table)))
    assert "styles" in parquet.column_names
    assert parquet.column("styles").to_pylist()[[r.id for r in styled.rows()].index(cited.id)] == ["bracket", "superscript"]

    openpyxl = pytest.importorskip("openpyxl")
    sheet = openpyxl.load_workbook(io.BytesIO(_write(Format.xlsx, styled, table)))["Claims"]
    header = [c.value for c in sheet[1]]
    assert "styles" in header
    cells = {row[header.index("id")]: row[header.index("styles")] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert cells[cited.id] == "bracket; superscript"

    other = replace(styled, records=tuple(r for r in styled.records if r.id != cited.id))
    diff = diff_ledgers(styled, other)  # the cited sentence removed
    out = io.StringIO()
    write_diff(diff, Format.csv, out, schema=STYLED)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert (rows[0]["old_styles"], rows[0]["new_styles"]) == ("bracket;superscript", "")
    out = io.StringIO()
    write_diff(diff, Format.jsonl, out, schema=STYLED)
    assert json.loads(out.getvalue().splitlines()[0])["old"]["styles"] == ["bracket", "superscript"]


def _every_view(table, ledger: DocumentLedger) -> dict[str, set[str]]:
    """Which field names each format shows, read back from the written output."""
    shown = {FLAT: set(next(csv.reader(io.StringIO(_write(Format.csv, ledger, table)))))}
    rows = [json.loads(line) for line in _write(Format.jsonl, ledger, table).splitlines()]
    shown[JSON] = set(rows[0])
    pq = pytest.importorskip("pyarrow.parquet")
    shown[ARROW] = set(pq.read_table(io.BytesIO(_write(Format.parquet, ledger, table))).column_names)
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(io.BytesIO(_write(Format.xlsx, ledger, table)))
    shown[SHEET] = {c.value for c in book["Claims" if table.is_ledger else "References"][1]}
    return shown


@pytest.mark.parametrize("table", [LEDGER, REFERENCES], ids=["ledger", "references"])
def test_each_declared_field_shows_where_it_says(table):
    text = SEED.read_text(encoding="utf-8") + "\n\nReferences\n\n1. Smith J. A title. Nature. 2019;1:2-3. doi:10.1/x\n"
    shown = _every_view(table, extract(text, doc="seed.txt"))
    for f in table.schema.fields:
        for view, names in shown.items():
            name = f.sheet.title or f.name if view == SHEET else f.name
            assert (name in names) == f.shows(view), (f.name, view)
    assert shown[FLAT] == set(table.columns)


def test_a_reference_takes_every_parsed_field_by_name():
    parsed = {f.name for f in fields(ReferenceFields)}
    assert parsed <= {f.name for f in fields(Reference)}
    assert parsed <= set(REFERENCE_FIELDS.names())
    ref = Reference.parsed(3, "Smith J. A title.", 10, 27, ReferenceFields(authors=("Smith J",), title="A title", year=2019))
    assert (ref.number, ref.start, ref.authors, ref.title, ref.year) == (3, 10, ("Smith J",), "A title", 2019)


def test_every_dataclass_field_is_declared():
    assert set(RECORD_FIELDS.names()) == {f.name for f in fields(Record)}
    assert set(REFERENCE_FIELDS.names()) == {f.name for f in fields(Reference)}
    # a Summary's counts, in JSON's key order: the workbook's Summary sheet reads its columns there
    assert [f.name for f in SUMMARY_FIELDS.in_view(JSON)] == list(Summary().to_dict())


def test_the_summary_sheet_shows_the_counts_marked_for_it(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    from claimtrace.writers.xlsx import WorkbookWriter

    ledger = extract("Prices rose 5% in 2019 [1].\n\nReferences\n1. Smith J (2001) A title. J 1: 2.\n")
    path = tmp_path / "out.xlsx"
    with open(path, "wb") as stream:
        writer = WorkbookWriter(stream, options=WriteOptions())
        writer.begin()
        writer.document(ledger)
        writer.end(ledger.summary)
    header = [c.value for c in next(openpyxl.load_workbook(path)["Summary"].iter_rows())]
    counts = [f.name for f in SUMMARY_FIELDS.in_view(SHEET)]
    assert header == ["doc", "format", "language", *counts, "reference_entries", "missing_entries", "uncited_entries"]
    assert "documents" not in header and "sentences" in counts


def test_an_order_naming_an_unknown_field_is_refused():
    with pytest.raises(ValueError):
        Schema((Field("a", TEXT, "a"),), {JSON: ("b",)})
    with pytest.raises(ValueError):
        Schema((Field("a", TEXT, "a"), Field("a", TEXT, "again")))
