"""A document read in parts (`extract_stream`) gives exactly the ledger read whole gives.

Windows are made tiny here, so that every cut and every carried block is exercised on small
files; the reference section is searched line by line (`SectionScan`) as it would be whole.
"""

import csv
import io
import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrace import ExtractOptions, extract_path, extract_stream
from claimtrace.ledger import DocumentEnd, DocumentStart, Records, collect
from claimtrace.cli import app
from claimtrace.errors import InputError
from claimtrace.readers import read_path, text_chunks

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "seeds" / "000_c6909b873426236a.txt"
SHARED = ROOT.parent / "shared"

FIXTURES = sorted((ROOT / "tests" / "fixtures").rglob("*.txt"))
SHARED_TEXTS = [
    *sorted((SHARED / "datasets" / "citations-dev").glob("*.txt")),
    *sorted((SHARED / "datasets" / "references-dev").glob("*.txt"))[:6],
    *sorted((SHARED / "datasets" / "gum-train").glob("*.txt"))[:20],
]

_PROSE = [
    "Unemployment fell to 4.1 percent in 2019 [1].",
    "The minister said the plan would cut emissions by half by 2030 [2, 3].",
    "Critics disagree.",
    "Prices rose 5% in the year to March, the fastest pace since 1991 [4]–[6].",
    "Is this a question?",
    "Le gouvernement a annoncé une nouvelle loi sur le climat et les émissions de carbone.",
    "Dr. A. Smith of the U.S. Geological Survey measured 40 sites [7].",
]
_HEADINGS = ["Background", "Results And Discussion", "Early life", "2.1 Data sources"]


def _document(seed: int, wrapped: bool) -> str:
    """A generated document: headings, paragraphs (hard-wrapped or one a line), a few French
    paragraphs and a numbered reference list at the end."""
    rng = random.Random(seed)
    lines: list[str] = ["A Generated Report On Prices"]
    for _ in range(rng.randint(20, 60)):
        if rng.random() < 0.15:
            lines.append(rng.choice(_HEADINGS))
        paragraph = " ".join(rng.choice(_PROSE) for _ in range(rng.randint(1, 6)))
        if wrapped:
            words, row, rows = paragraph.split(), [], []
            for word in words:
                if sum(map(len, row)) + len(row) + len(word) > 70:
                    rows.append(" ".join(row))
                    row = []
                row.append(word)
            rows.append(" ".join(row))
            paragraph = "\n".join(rows)
        lines.append(paragraph)
    references = [f"{n}. Author{n} A, Writer B ({1990 + n}) Title number {n}. Journal {n}: {n}-{n + 9}." for n in range(1, 9)]
    separator = "\n\n" if wrapped else "\n"
    return separator.join(lines) + separator + "References" + separator + "\n".join(references) + "\n"


def _same(path: Path, window: int) -> None:
    whole = extract_path(path)
    events = list(extract_stream(path, window=window))
    assert isinstance(events[0], DocumentStart) and isinstance(events[-1], DocumentEnd)
    assert all(isinstance(e, Records) for e in events[1:-1])
    assert collect(events) == whole
    end = events[-1]
    assert end.summary == whole.summary and end.languages == {r.lang for r in whole.records} and end.error is None
    assert whole.events() == (events[0], Records(whole.records), end)


@pytest.mark.parametrize("window", [200, 3000, 1 << 20])
@pytest.mark.parametrize("seed", range(6))
def test_generated_documents_read_in_parts_equal_whole(tmp_path, seed, window):
    path = tmp_path / f"doc{seed}.txt"
    path.write_text(_document(seed, wrapped=seed % 2 == 1), encoding="utf-8")
    _same(path, window)


@pytest.mark.parametrize("path", [SEED, *FIXTURES], ids=lambda p: p.name)
def test_seed_and_fixtures_read_in_parts_equal_whole(path):
    _same(path, 500)


@pytest.mark.skipif(not SHARED_TEXTS, reason="../shared/datasets not present")
@pytest.mark.parametrize("path", SHARED_TEXTS, ids=lambda p: p.name)
def test_shared_texts_read_in_parts_equal_whole(path):
    """Research articles with long reference lists, and GUM documents."""
    _same(path, 2000)


_NAMES = ["Brock Holt", "Mary Jane Smith", "The Big Red House"]
_ODD = {
    # A run of title-case lines: each one's kind depends on the line after it, up to the sentence.
    "title chain": "\n".join(_NAMES * 400) + "\nThe house was sold in 2001 for $5 million [1].\n",
    # A "Notes" heading near the top whose content is short lines: the whole rest is its section.
    "notes heading early": "Report\nNotes\n" + "\n".join(f"Prices rose {i}% in 2019 [1]." for i in range(800))
    + "\n1. Smith J (2001) A title. Journal 1: 2.\n",
    # "Footnotes" and "References" headings: the section widens to the first.
    "widened section": "\n".join(_PROSE * 60) + "\nFootnotes\n" + "\n".join(
        f"{n}. Author{n} A ({1990 + n}) Title {n}. J {n}: {n}." for n in range(1, 40))
    + "\nReferences\n" + "\n".join(f"Surname{n}, A. ({1990 + n}). Book {n}. London." for n in range(1, 9)) + "\n",
    # A numbered how-to list at the end is not a bibliography.
    "steps at the end": "\n".join(_PROSE * 60) + "\n" + "\n".join(f"{n}. Stir the mixture well." for n in range(1, 26)),
    "CRLF and no final newline": "\r\n".join(_PROSE * 40) + "\r\nReferences\r\n1. Smith J (2001) Title. J 1: 2.",
}


@pytest.mark.parametrize("name", list(_ODD))
@pytest.mark.parametrize("window", [700, 3000])  # the title chain is shorter than 32 windows of 700
def test_odd_documents_read_in_parts_equal_whole(tmp_path, name, window):
    """Shapes a reviewer found that a tail-only list search or a forced cut got wrong."""
    path = tmp_path / "odd.txt"
    path.write_bytes(_ODD[name].encode("utf-8"))
    _same(path, window)


def test_memory_holds_one_window_not_the_document(tmp_path):
    """Parts are produced one at a time: no part holds more than a window's records."""
    path = tmp_path / "long.txt"
    path.write_text("\n".join(_PROSE[0] for _ in range(3000)) + "\n", encoding="utf-8")
    sizes = [len(e.records) for e in extract_stream(path, window=8192) if isinstance(e, Records)]  # files are read 8 KiB at a time at least
    assert len(sizes) > 15 and max(sizes) < 400 and sum(sizes) == 3000


@pytest.mark.parametrize("encoding,written", [("utf-16", "utf-16"), (None, "utf-8-sig"), ("latin-1", "latin-1")])
def test_text_chunks_decode_as_read_path(tmp_path, encoding, written):
    path = tmp_path / "t.txt"
    path.write_bytes(("Café prices rose 5%.[1]\r\nNaïve résumé.\n" * 300).encode(written))
    whole = read_path(path, encoding=encoding).text
    chunks = list(text_chunks(path, encoding, size=64))
    assert "".join(chunks) == whole
    assert all(c.endswith("\n") for c in chunks[:-1])


def test_text_chunks_report_bad_bytes_where_read_path_does(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes(b"fine line\n" * 50 + b"caf\xe9\n")
    with pytest.raises(InputError) as whole:
        read_path(path)
    with pytest.raises(InputError) as parts:
        list(text_chunks(path, size=16))
    assert str(parts.value) == str(whole.value) and "at byte 503" in str(whole.value)


def test_include_text_is_refused_in_parts(tmp_path):
    from claimtrace import ExtractOptions, UsageError

    path = tmp_path / "t.txt"
    path.write_text("Prices rose.\n", encoding="utf-8")
    with pytest.raises(UsageError):
        list(extract_stream(path, ExtractOptions(include_text=True)))


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "json", "table"])
def test_cli_output_in_parts_equals_whole(tmp_path, fmt):
    path = tmp_path / "doc.txt"
    path.write_text(_document(7, wrapped=False), encoding="utf-8")
    runner = CliRunner()
    whole = runner.invoke(app, ["extract", str(path), "-f", fmt, "--all", "-q"])
    parts = runner.invoke(app, ["extract", str(path), "-f", fmt, "--all", "-q", "--stream-from", "1"])
    assert whole.exit_code == parts.exit_code == 0
    assert parts.stdout == whole.stdout  # byte for byte
    if fmt == "csv":
        assert len(list(csv.reader(io.StringIO(parts.stdout)))) > 50


def test_cli_batch_mixes_parts_and_whole_documents_in_order(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text(_document(3, wrapped=True), encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text("Prices rose 5% in 2019 [1].\n", encoding="utf-8")
    missing = tmp_path / "missing.txt"
    threshold = str(big.stat().st_size)
    runner = CliRunner()
    args = ["extract", str(small), str(big), str(missing), str(small), "-f", "jsonl", "-j", "2"]
    whole = runner.invoke(app, args)
    parts = runner.invoke(app, [*args, "--stream-from", threshold])
    assert whole.exit_code == parts.exit_code == 1  # the missing file
    assert parts.stdout == whole.stdout
    assert parts.stderr == whole.stderr  # the same summary and integrity lines


def test_cli_batch_counts_a_streamed_document_without_a_list(tmp_path):
    """The closing "cite numbers but have no reference list" line counts documents read in parts."""
    big = tmp_path / "big.txt"
    big.write_text("\n".join(_PROSE * 30) + "\n", encoding="utf-8")  # markers, no reference list
    small = tmp_path / "small.txt"
    small.write_text("Prices rose 5% in 2019 [1].\n", encoding="utf-8")
    runner = CliRunner()
    args = ["extract", str(big), str(small), "-f", "csv", "-o", str(tmp_path / "out.csv")]
    whole = runner.invoke(app, args)
    parts = runner.invoke(app, [*args, "--stream-from", "1"])
    assert whole.exit_code == parts.exit_code == 0
    assert "2 documents cite numbers but have no reference list" in parts.stderr
    assert parts.stderr == whole.stderr


def test_a_document_failing_after_its_first_parts_leaves_well_formed_json(tmp_path, monkeypatch):
    """A file that changes while it is read fails after parts were written: the document is
    closed (no integrity report), the error is reported, and the next input still comes."""
    import claimtrace.jobs as jobs

    real = jobs.extract_stream

    def failing(path, *args, **kwargs):
        events = real(path, *args, **kwargs)
        yield next(events)  # the document's start
        yield next(events)  # its first records
        raise InputError(f"{path}: cannot decode as utf-8 at byte 9999; try --encoding latin-1")

    monkeypatch.setattr(jobs, "extract_stream", failing)
    big = tmp_path / "big.txt"
    big.write_text(_document(5, wrapped=False), encoding="utf-8")
    small = tmp_path / "small.txt"
    small.write_text("Prices rose 5% in 2019 [1].\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", str(big), str(small), "-f", "json", "--stream-from", str(big.stat().st_size)])
    assert result.exit_code == 1 and "byte 9999" in result.stderr
    out = json.loads(result.stdout)
    assert [d["doc"] for d in out["documents"]] == [str(big), str(small)]
    assert out["documents"][0]["integrity"] is None and out["documents"][0]["records"]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "json", "table", "parquet"])
def test_a_document_in_parts_is_written_as_whole_for_both_tables(tmp_path, fmt):
    """The same bytes from a document's events read in parts as from its whole ledger."""
    from claimtrace.ledger import Summary
    from claimtrace.writers import LEDGER, REFERENCES, Format, WriteOptions, make_writer

    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    path = tmp_path / "doc.txt"
    path.write_text(_document(2, wrapped=False), encoding="utf-8")
    whole = extract_path(path)
    events = list(extract_stream(path, window=500))
    assert sum(isinstance(e, Records) for e in events) > 1
    for table in (LEDGER, REFERENCES) if fmt != "table" else (LEDGER,):
        outputs = []
        for stream_of in (whole.events(), events):
            stream = io.BytesIO() if fmt == "parquet" else io.StringIO()
            writer = make_writer(Format(fmt), stream, table, WriteOptions(include_all=True))
            writer.begin()
            for event in stream_of:
                writer.write(event)
            writer.end(Summary())
            outputs.append(stream.getvalue())
        if fmt == "parquet":
            import pyarrow.parquet as pq

            assert pq.read_table(io.BytesIO(outputs[0])).equals(pq.read_table(io.BytesIO(outputs[1])))
        else:
            assert outputs[0] == outputs[1] and len(outputs[0]) > 200


def test_parallel_runs_end_without_worker_tracebacks(tmp_path):
    """`-j 2` ends its pool normally (a pool stopped early would print the workers' tracebacks)."""
    import subprocess
    import sys

    names = []
    for i in range(3):
        path = tmp_path / f"d{i}.txt"
        path.write_text(_PROSE[i] + "\n", encoding="utf-8")
        names.append(str(path))
    big = tmp_path / "big.txt"
    big.write_text(_document(1, wrapped=False), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "claimtrace", "extract", names[0], str(big), *names[1:], "-j", "2",
                          "-f", "csv", "--stream-from", str(big.stat().st_size)], capture_output=True, text=True)
    assert run.returncode == 0
    assert "Traceback" not in run.stderr and run.stderr.count("claimtrace:") == run.stderr.count("\n")


def test_a_small_file_of_many_short_lines_is_read_in_parts(tmp_path, monkeypatch):
    """Reading in parts is decided by lines too: a file of many one-line paragraphs holds a
    record every few bytes, so it is read in parts well before `--stream-from`'s size. Both ways
    give the same ledger."""
    import claimtrace.jobs as jobs
    from claimtrace.jobs import Job, streams

    monkeypatch.setattr(jobs, "STREAM_LINES", 300)
    lines = tmp_path / "lines.txt"
    lines.write_text("".join(f"Line {i} rose 5% in 2019 [1].\n" for i in range(300)), encoding="utf-8")
    fewer = tmp_path / "fewer.txt"
    fewer.write_text("".join(f"Line {i} rose 5% in 2019 [1].\n" for i in range(299)), encoding="utf-8")
    options = ExtractOptions(model="rules")
    assert streams(Job(str(lines), options, None, None), stream_from=1 << 24)
    assert not streams(Job(str(fewer), options, None, None), stream_from=1 << 24)
    assert not streams(Job(str(lines), options, None, None), stream_from=0)  # 0: never
    read = []
    real = jobs.extract_stream
    monkeypatch.setattr(jobs, "extract_stream", lambda path, *a, **k: (read.append(str(path)), real(path, *a, **k))[1])
    runner = CliRunner()
    parts = runner.invoke(app, ["extract", str(lines), str(fewer), "-f", "jsonl", "--all", "--model", "rules"])
    whole = runner.invoke(app, ["extract", str(lines), str(fewer), "-f", "jsonl", "--all", "--model", "rules",
                                "--stream-from", "0"])
    assert read == [str(lines)]
    assert parts.exit_code == whole.exit_code == 0
    assert parts.stdout == whole.stdout and len(parts.stdout.splitlines()) == 599


def test_references_reads_in_parts_as_whole(tmp_path):
    """`claimtrace references --stream-from` gives the same reference table read in parts."""
    path = tmp_path / "doc.txt"
    path.write_text(_document(4, wrapped=True), encoding="utf-8")
    runner = CliRunner()
    args = ["references", str(path), "-f", "jsonl", "--model", "rules"]
    parts = runner.invoke(app, [*args, "--stream-from", "1"])
    whole = runner.invoke(app, [*args, "--stream-from", "0"])
    assert parts.exit_code == whole.exit_code == 0
    assert parts.stdout == whole.stdout and len(parts.stdout.splitlines()) > 3


def test_the_library_reads_in_parts_only_plain_text(tmp_path):
    """`extract_stream` read a page's markup (or a PDF's bytes) as plain text: a record of raw
    `<html>…`, or "cannot decode as utf-8" for a PDF. The command line never asks it to."""
    from claimtrace.errors import UsageError

    page = tmp_path / "page.html"
    page.write_text("<html><body><p>Prices rose 5% in 2020.</p></body></html>")
    with pytest.raises(UsageError, match="reads plain text in parts; a html file is read whole"):
        list(extract_stream(page))
    records = collect(extract_stream(page, input_format="text")).records  # as asked: its markup as text
    assert records and records[0].text.startswith("<html>")
    (tmp_path / "notes.txt").write_text("Prices rose 5% in 2020.\n")
    assert collect(extract_stream(tmp_path / "notes.txt")).records[0].text == "Prices rose 5% in 2020."
