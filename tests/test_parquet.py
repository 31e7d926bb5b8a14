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
