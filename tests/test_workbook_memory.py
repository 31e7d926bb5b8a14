"""The workbook streams like the other writers (issue 21): a document's claim rows wait in a
spool on disk, not in memory, until its end brings the entries their citation cells link to; the
finished zip goes into the output itself, or through a temporary file into a pipe; no temporary
file outlives the writer. The peak memory itself is measured by
`benchmarks/bench_memory.py --formats csv,xlsx` (the workbook beside the CSV baseline)."""

from __future__ import annotations

import gc
import hashlib
import io
import itertools
import os
import zipfile
from dataclasses import replace

import pytest

import claimtrace
from claimtrace.ledger import DocumentEnd, Record, Records
from claimtrace.pipeline import ExtractOptions
from claimtrace.writers import REFERENCES, Format, WriteOptions, make_writer

pytest.importorskip("xlsxwriter")
from claimtrace.writers.xlsx import WorkbookWriter  # noqa: E402

TEXT = "".join(f"Claim {i} rose 5% in 2020.[{i % 6 + 1}]\n" for i in range(60)) + "\nReferences\n\n" + "".join(
    f"{n}. Author{n} (2001). Title {n}.\n" for n in range(1, 7))


@pytest.fixture(scope="module")
def ledger():
    return claimtrace.extract(TEXT, options=ExtractOptions(model="rules"))


def _events(ledger, size=10, **changes):
    """The ledger's events with its records in windows of `size`, as a document read in parts
    gives them; each window's records are new objects (with `changes`) that only its event holds."""
    start, records, end = ledger.events()
    yield start
    for first in range(0, len(records.records), size):
        yield Records(tuple(replace(r, **changes) for r in records.records[first : first + size]))
    yield end


def _write(stream, events, table=None) -> WorkbookWriter:
    writer = make_writer(Format.xlsx, stream, *([table] if table else []), options=WriteOptions(include_all=True))
    writer.begin()
    for event in events:
        writer.write(event)
    writer.end(claimtrace.ledger.Summary())
    assert isinstance(writer, WorkbookWriter)
    return writer


def _members(data: bytes) -> dict[str, str]:
    """The workbook's zip members by content (`docProps/core.xml` holds the time it was made)."""
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return {n: hashlib.sha256(book.read(n)).hexdigest() for n in book.namelist() if n != "docProps/core.xml"}


def test_the_writer_holds_no_record_until_the_documents_end(ledger):
    """Every window's records can be freed as soon as the writer has them (a writer that collected
    the document, as the workbook did, kept them all until the end). Records are slotted (no weak
    references): the live ones are counted by a name only these copies have."""
    writer = make_writer(Format.xlsx, io.BytesIO(), options=WriteOptions(include_all=True))
    writer.begin()
    given = 0
    for event in _events(ledger, doc="tracked-copy"):
        if isinstance(event, DocumentEnd):
            gc.collect()
            alive = sum(1 for o in gc.get_objects() if isinstance(o, Record) and o.doc == "tracked-copy")
            assert given == len(ledger.records) and alive == 0
        elif isinstance(event, Records):
            given += len(event.records)
        writer.write(event)
    writer.end(claimtrace.ledger.Summary())


def test_rows_past_the_spool_size_go_to_disk_and_come_back_the_same(ledger, monkeypatch):
    in_memory = io.BytesIO()
    assert not _write(in_memory, _events(ledger)).spool.on_disk
    monkeypatch.setattr(WorkbookWriter, "SPOOL", 100)
    on_disk = io.BytesIO()
    writer = _write(on_disk, _events(ledger))
    assert writer.spool.on_disk and writer.spool.count == len(ledger.records)
    assert _members(on_disk.getvalue()) == _members(in_memory.getvalue())


def test_a_document_in_parts_gives_the_workbook_it_gives_whole(ledger):
    for table in (None, REFERENCES):
        whole, parts = io.BytesIO(), io.BytesIO()
        _write(whole, ledger.events(), table)
        _write(parts, _events(ledger, size=7), table)
        assert _members(whole.getvalue()) == _members(parts.getvalue())


class _Pipe(io.RawIOBase):
    """A stream that cannot seek, like a pipe."""

    def __init__(self):
        self.data = bytearray()

    def writable(self):
        return True

    def write(self, b):
        self.data += b
        return len(b)


def test_a_file_and_a_pipe_get_the_same_workbook_and_no_temporary_file_stays(ledger, tmp_path):
    with open(tmp_path / "out.xlsx", "wb") as file:
        _write(file, ledger.events())
    pipe = _Pipe()
    writer = _write(pipe, ledger.events())
    assert _members(bytes(pipe.data)) == _members((tmp_path / "out.xlsx").read_bytes())
    assert not os.path.exists(writer.folder.name)  # the sheets' rows, the spool, the zip: gone


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_full_disk_behind_stdout_is_one_line(tmp_path):
    """The zip is copied out whole: a full disk is one error line, not zipfile's finalizer
    writing again (`Exception ignored in: ZipFile.__del__`, issue 21)."""
    import subprocess
    import sys

    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "claimtrace", "extract", str(tmp_path / "a.txt"), "-f", "xlsx",
                                 "-q", "--model", "rules"], stdout=full, stderr=subprocess.PIPE, text=True, timeout=120)
    assert result.returncode == 4 and result.stderr.splitlines() == [
        "claimtrace: error: cannot write to stdout (No space left on device)"]


def test_a_writer_stopped_midway_leaves_no_temporary_file(ledger):
    """A run stopped before `end` (an error, Ctrl-C): the workbook's temporary files (each sheet's
    rows, the spool) go when the writer does, not left in the temporary directory."""
    writer = make_writer(Format.xlsx, io.BytesIO(), options=WriteOptions(include_all=True))
    writer.begin()
    events = _events(ledger)
    for _ in range(3):
        writer.write(next(events))
    folder = writer.folder.name
    assert os.listdir(folder)  # the sheets' rows so far
    del writer
    gc.collect()
    assert not os.path.exists(folder)


def test_the_command_line_reads_a_large_document_in_parts_for_a_workbook(tmp_path, monkeypatch):
    """`-f xlsx` no longer makes a run read documents whole: past `--stream-from` a plain-text
    file is read in parts, and the workbook is the one it gives read whole."""
    from typer.testing import CliRunner

    import claimtrace.jobs as jobs
    from claimtrace.cli import app

    parted = []
    real = jobs.extract_stream
    monkeypatch.setattr(jobs, "extract_stream", lambda path, *a, **k: parted.append(path) or real(path, *a, **k))
    path = tmp_path / "doc.txt"
    path.write_text(TEXT, encoding="utf-8")
    runner = CliRunner()
    for name, threshold in (("whole", "0"), ("parts", "1")):
        result = runner.invoke(app, ["extract", str(path), "--all", "--model", "rules", "-q", "--stream-from", threshold,
                                     "-o", str(tmp_path / f"{name}.xlsx")])
        assert result.exit_code == 0, result.output
    assert len(parted) == 1
    assert _members((tmp_path / "whole.xlsx").read_bytes()) == _members((tmp_path / "parts.xlsx").read_bytes())


def test_a_document_failing_after_its_first_parts_still_gives_a_workbook(tmp_path, monkeypatch):
    """Its rows so far, its summary row without a report; the next input after it; exit 1."""
    openpyxl = pytest.importorskip("openpyxl")
    from typer.testing import CliRunner

    import claimtrace.jobs as jobs
    from claimtrace.cli import app
    from claimtrace.errors import InputError

    real = jobs.extract_stream

    def failing(path, *args, **kwargs):  # the file changed after its first window was read
        yield from itertools.islice(real(path, *args, **kwargs), 2)
        raise InputError(f"{path}: cannot decode as utf-8 at byte 9999")

    monkeypatch.setattr(jobs, "extract_stream", failing)
    big, small = tmp_path / "big.txt", tmp_path / "small.txt"
    big.write_text(TEXT * 20, encoding="utf-8")
    small.write_text("Prices rose 5% in 2019 [1].\n", encoding="utf-8")
    out = tmp_path / "out.xlsx"
    result = CliRunner().invoke(app, ["extract", str(big), str(small), "--stream-from", str(big.stat().st_size),
                                      "--model", "rules", "-o", str(out)])
    assert result.exit_code == 1 and "byte 9999" in result.stderr
    book = openpyxl.load_workbook(out)
    rows = list(book["Claims"].iter_rows(values_only=True))
    docs = [row[rows[0].index("doc")] for row in rows[1:]]
    assert docs[0] == str(big) and docs[-1] == str(small)
    summary = list(book["Summary"].iter_rows(min_row=2, values_only=True))
    assert [row[0] for row in summary] == [str(big), str(small), "(all documents)"]


def test_the_sheets_keep_no_height_of_a_row_already_written(monkeypatch):
    """XlsxWriter would keep every row's height to the end (300 MB for a million rows): only the
    rows not yet written out are kept, and the workbook is the same as when all are kept."""
    from claimtrace.writers import xlsx

    wrapped = "".join(f"Claim {i} rose 5% in 2020{', and the long reasons why it did' * 8}.[1]\n" for i in range(40))
    long = claimtrace.extract(wrapped + "\nReferences\n\n1. Author (2001). Title.\n", options=ExtractOptions(model="rules"))
    books = []
    for forget in (xlsx._forget, lambda sheet, row: None):
        monkeypatch.setattr(xlsx, "_forget", forget)
        books.append(io.BytesIO())
        writer = make_writer(Format.xlsx, books[-1], options=WriteOptions(include_all=True))
        writer.begin()
        for event in long.events():
            writer.write(event)
        assert isinstance(writer, WorkbookWriter) and writer.claims_sheet is not None
        assert writer.rows["Claims"] == 41
        kept = len(writer.claims_sheet.row_info)
        writer.end(claimtrace.ledger.Summary())
        assert kept <= 2 if len(books) == 1 else kept == 40  # every row is several lines high
    assert _members(books[0].getvalue()) == _members(books[1].getvalue())


def test_a_stopped_run_leaves_no_temporary_file(tmp_path):
    """SIGINT while a workbook is being written: the output is not made, and neither the
    workbook's temporary folder nor any file of it stays in the temporary directory."""
    import signal
    import subprocess
    import sys
    import time

    from conftest import HANG_GUARD

    temp = tmp_path / "temp"
    temp.mkdir()
    (tmp_path / "small.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "big.txt").write_text(TEXT * 3000, encoding="utf-8")  # some seconds of work
    out = tmp_path / "out.xlsx"
    process = subprocess.Popen([sys.executable, "-m", "claimtrace", "extract", str(tmp_path / "small.txt"),
                                str(tmp_path / "big.txt"), "--model", "rules", "--stream-from", "1", "-o", str(out)],
                               env={**os.environ, "TMPDIR": str(temp)}, stderr=subprocess.PIPE)
    deadline = time.monotonic() + HANG_GUARD
    while not any(temp.iterdir()) and time.monotonic() < deadline:  # the workbook has begun
        time.sleep(0.05)
    assert any(temp.iterdir())
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=HANG_GUARD) == 130, process.stderr.read()
    assert not out.exists() and list(temp.iterdir()) == []


def test_a_sheet_past_the_zip_limit_is_written_with_zip64(ledger, monkeypatch):
    """A sheet's XML past 4 GiB (about 3.5 M long rows) needs ZIP64: with the limit patched down,
    the workbook is still written whole and opens, instead of xlsxwriter's FileSizeError."""
    openpyxl = pytest.importorskip("openpyxl")
    buffer = io.BytesIO()
    small = zipfile.ZIP64_LIMIT
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", 1000)
    _write(buffer, ledger.events())
    monkeypatch.setattr(zipfile, "ZIP64_LIMIT", small)
    sheet = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()), read_only=True)["Claims"]
    assert sum(1 for _ in sheet.iter_rows()) == 1 + len(ledger.records)
