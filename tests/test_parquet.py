"""`-f parquet`: list columns as real lists, types as in JSON Lines, read back by DuckDB."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from claimtrace.cli import app

pytest.importorskip("pyarrow")
duckdb = pytest.importorskip("duckdb")

TEXT = ("Sea level rose 20 cm since 1901.[1] Rates tripled [1, 2, p. 5]. What now?\n\n"
        "References\n[1] Church, J. A. (2011). Sea-level rise. Surv Geophys 32: 585–602.\n[2] NOAA (2022). Rise. J 2: 3.\n")


@pytest.fixture
def article(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def test_parquet_equals_jsonl_and_duckdb_reads_it(article, tmp_path):
    out = tmp_path / "ledger.parquet"
    runner = CliRunner()
    assert runner.invoke(app, ["extract", str(article), "-o", str(out), "--all"]).exit_code == 0
    jsonl = [json.loads(line) for line in runner.invoke(app, ["extract", str(article), "-f", "jsonl", "--all"]).stdout.splitlines()]
    rows = duckdb.sql(f"select * from read_parquet('{out}') order by start").fetchall()
    columns = [c[0] for c in duckdb.sql(f"describe select * from read_parquet('{out}')").fetchall()]
    as_dicts = [dict(zip(columns, row)) for row in rows]
    assert [r["text"] for r in as_dicts] == [r["text"] for r in jsonl]
    second = as_dicts[1]
    assert second["citations"] == [1, 2] and second["markers"][0]["locator"] == "p. 5"
    assert isinstance(second["is_claim"], bool) and isinstance(second["score"], float)
    types = dict(duckdb.sql(f"select column_name, column_type from (describe select * from read_parquet('{out}'))").fetchall())
    assert types["citations"] == "INTEGER[]" and types["sources"] == "VARCHAR[]" and types["is_claim"] == "BOOLEAN"


def test_references_as_parquet(article, tmp_path):
    out = tmp_path / "refs.parquet"
    assert CliRunner().invoke(app, ["references", str(article), "-o", str(out)]).exit_code == 0
    assert duckdb.sql(f"select number, year, authors from read_parquet('{out}') order by number").fetchall() == [
        (1, 2011, ["Church, J. A."]), (2, 2022, ["NOAA"])]


# --- a partitioned dataset: -o DIR/ -------------------------------------------------------------


def _dataset_rows(directory):
    """The dataset's rows in ledger order: parts by file name, rows in file order."""
    return duckdb.sql(
        f"select id, text, citations, sources from read_parquet('{directory}/*.parquet', filename=true, "
        "file_row_number=true) order by filename, file_row_number").fetchall()


def test_dataset_directory_holds_the_ledger_in_parts(article, tmp_path, monkeypatch):
    from claimtrace.writers.parquet import ParquetDirectoryWriter

    monkeypatch.setattr(ParquetDirectoryWriter, "ROWS_PER_PART", 2)  # a new part after each document
    inputs = [str(article)] * 3
    runner = CliRunner()
    single = tmp_path / "ledger.parquet"
    assert runner.invoke(app, ["extract", *inputs, "--all", "-o", str(single)]).exit_code == 0
    dataset = tmp_path / "ledger"
    result = runner.invoke(app, ["extract", *inputs, "--all", "-f", "parquet", "-o", f"{dataset}/"])
    assert result.exit_code == 0, result.stderr
    parts = sorted(p.name for p in dataset.iterdir())
    assert len(parts) == 3 and parts[0] == "part-00000.parquet" and all(p.endswith(".parquet") for p in parts)
    whole = duckdb.sql(f"select id, text, citations, sources from read_parquet('{single}')").fetchall()
    assert _dataset_rows(dataset) == whole
    pandas = pytest.importorskip("pandas")
    assert len(pandas.read_parquet(dataset)) == len(whole)  # pandas reads the directory as one table


def test_dataset_refuses_a_directory_that_is_not_empty_and_leaves_nothing_on_failure(article, tmp_path):
    runner = CliRunner()
    used = tmp_path / "used"
    used.mkdir()
    (used / "keep.txt").write_text("mine", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(article), "-f", "parquet", "-o", f"{used}/"])
    assert result.exit_code == 2 and "not empty" in result.stderr
    assert [p.name for p in used.iterdir()] == ["keep.txt"]
    failed = tmp_path / "failed"
    result = runner.invoke(app, ["extract", str(tmp_path / "missing.txt"), "-f", "parquet", "-o", f"{failed}/"])
    assert result.exit_code == 1 and not failed.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".failed")]  # no temporary directory left


def test_an_empty_directory_is_filled_and_an_empty_ledger_still_has_a_schema(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    text = tmp_path / "t.txt"
    text.write_text("What now?\n", encoding="utf-8")  # a question: no claim, no cited row
    assert CliRunner().invoke(app, ["extract", str(text), "-f", "parquet", "-o", str(empty)]).exit_code == 0
    assert [p.name for p in empty.iterdir()] == ["part-00000.parquet"]
    assert duckdb.sql(f"select count(*) from read_parquet('{empty}/*.parquet')").fetchall() == [(0,)]


def test_an_existing_empty_directory_keeps_its_inode_and_mode(article, tmp_path):
    target = tmp_path / "kept"
    target.mkdir()
    target.chmod(0o750)
    before = target.stat()
    assert CliRunner().invoke(app, ["extract", str(article), "-f", "parquet", "-o", str(target)]).exit_code == 0
    after = target.stat()
    assert (after.st_ino, after.st_mode) == (before.st_ino, before.st_mode)
    assert [p.name for p in target.iterdir()] == ["part-00000.parquet"]


def test_a_directory_name_for_another_format_is_refused(article, tmp_path):
    result = CliRunner().invoke(app, ["extract", str(article), "-f", "csv", "-o", f"{tmp_path / 'out'}/"])
    assert result.exit_code == 2 and "only -f parquet writes a directory" in result.stderr
    assert not (tmp_path / "out").exists()
