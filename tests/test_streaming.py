"""A document read in parts (`extract_stream`) gives exactly the ledger read whole gives.

Windows and the tail searched for the reference list are made tiny here, so that every cut,
every carried block and every widening of the tail is exercised on small files.
"""

import csv
import io
import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrace import extract_path, extract_stream
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


def _same(path: Path, window: int, tail: int) -> None:
    whole = extract_path(path)
    parts = list(extract_stream(path, window=window, tail=tail))
    assert [p.part for p in parts] == list(range(len(parts)))
    assert [p.final for p in parts] == [False] * (len(parts) - 1) + [True]
    last = parts[-1]
    assert tuple(r for p in parts for r in p.records) == whole.records
    assert last.references == whole.references
    assert last.integrity == whole.integrity
    assert last.language == whole.language
    assert sum((p.summary for p in parts[1:]), parts[0].summary) == whole.summary


@pytest.mark.parametrize("window,tail", [(200, 500), (3000, 4000), (1 << 20, 8 << 20)])
@pytest.mark.parametrize("seed", range(6))
def test_generated_documents_read_in_parts_equal_whole(tmp_path, seed, window, tail):
    path = tmp_path / f"doc{seed}.txt"
    path.write_text(_document(seed, wrapped=seed % 2 == 1), encoding="utf-8")
    _same(path, window, tail)


@pytest.mark.parametrize("path", [SEED, *FIXTURES], ids=lambda p: p.name)
def test_seed_and_fixtures_read_in_parts_equal_whole(path):
    _same(path, 500, 1000)


@pytest.mark.skipif(not SHARED_TEXTS, reason="../shared/datasets not present")
@pytest.mark.parametrize("path", SHARED_TEXTS, ids=lambda p: p.name)
def test_shared_texts_read_in_parts_equal_whole(path):
    """Research articles with long lists (the tail search must widen) and GUM documents."""
    _same(path, 2000, 3000)


def test_memory_holds_one_window_not_the_document(tmp_path):
    """Parts are produced one at a time: no part holds more than a window's records."""
    path = tmp_path / "long.txt"
    path.write_text("\n".join(_PROSE[0] for _ in range(3000)) + "\n", encoding="utf-8")
    sizes = [len(p.records) for p in extract_stream(path, window=4000)]
    assert len(sizes) > 20 and max(sizes) < 200 and sum(sizes) == 3000


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


@pytest.mark.parametrize("fmt", ["csv", "tsv", "jsonl", "json"])
def test_cli_output_in_parts_equals_whole(tmp_path, fmt):
    path = tmp_path / "doc.txt"
    path.write_text(_document(7, wrapped=False), encoding="utf-8")
    runner = CliRunner()
    whole = runner.invoke(app, ["extract", str(path), "-f", fmt, "--all", "-q"])
    parts = runner.invoke(app, ["extract", str(path), "-f", fmt, "--all", "-q", "--stream-from", "1"])
    assert whole.exit_code == parts.exit_code == 0
    if fmt == "json":  # the same content; a document in parts puts its summary after its records
        assert json.loads(parts.stdout) == json.loads(whole.stdout)
    else:
        assert parts.stdout == whole.stdout
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
