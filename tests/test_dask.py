"""The Dask engine: the same ledger, in the same order, as a local run, on a real
`distributed.LocalCluster` with 2 worker processes (started by the test)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from claimtrace.batch import RunConfig, documents, extract_bag, jobs_for, run_batch
from claimtrace.inputs import InputProblem
from claimtrace.ledger import DocumentEnd, Records
from claimtrace.cli import app

distributed = pytest.importorskip("distributed")
db = pytest.importorskip("dask.bag")

HERE = Path(__file__).parent
CORPUS = sorted(str(p) for p in (HERE / "fixtures").rglob("*") if p.suffix in (".txt", ".md", ".html", ".docx", ".pdf"))
CORPUS += [str(HERE.parent / "seeds" / "000_c6909b873426236a.txt"), str(HERE / "fixtures" / "missing.txt")]


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c:
        yield c


def _ledgers(outcomes):
    return [(d.name, d.message, None) if isinstance(d, InputProblem) else (d.doc, None, d.to_dict(include_all=True))
            for d in documents(outcomes)]


def test_dask_gives_the_local_ledger_in_the_same_order(cluster):
    local = _ledgers(run_batch(CORPUS))
    on_dask = _ledgers(run_batch(CORPUS, RunConfig(engine="dask", scheduler=cluster.scheduler_address)))
    assert on_dask == local
    assert local[-1][1] and "no such file" in local[-1][1]  # a bad input is an error row, not a crash


def test_extract_bag_maps_the_same_extraction(cluster):
    with distributed.Client(cluster):
        bag = extract_bag(db.from_sequence(jobs_for(CORPUS[:4]), partition_size=2))
        each = bag.compute()  # each job's outcomes
        assert _ledgers(o for one in each for o in one) == _ledgers(run_batch(CORPUS[:4]))


def test_cli_with_a_scheduler_address(cluster, tmp_path):
    runner = CliRunner()
    args = ["extract", *CORPUS[:-1], "-f", "jsonl", "--all", "-q"]
    local = runner.invoke(app, args)
    remote = runner.invoke(app, [*args, "--engine", "dask", "--scheduler", cluster.scheduler_address])
    assert remote.exit_code == local.exit_code == 0
    assert remote.stdout == local.stdout and len(remote.stdout.splitlines()) > 100
    assert [json.loads(line)["doc"] for line in remote.stdout.splitlines()][0] == CORPUS[0]
    bad = runner.invoke(app, [*args, "--scheduler", cluster.scheduler_address])
    assert bad.exit_code == 2 and "--scheduler needs --engine dask" in bad.stderr


def test_dask_workers_write_a_parquet_dataset_equal_to_the_local_one(cluster, tmp_path):
    """Each Dask task writes its own part; the dataset read in file-name order is the local ledger."""
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    inputs = CORPUS[:-1] * 3  # more than one task's worth of documents: several parts
    runner = CliRunner()
    local = runner.invoke(app, ["extract", *inputs, "--all", "-f", "parquet", "-o", f"{tmp_path / 'local'}/"])
    remote = runner.invoke(app, ["extract", *inputs, "--all", "-f", "parquet", "-o", f"{tmp_path / 'dask'}/",
                                 "--engine", "dask", "--scheduler", cluster.scheduler_address])
    assert local.exit_code == remote.exit_code == 0, remote.stderr
    assert remote.stderr == local.stderr  # the same integrity lines and summary

    def rows(name):
        return duckdb.sql(f"select * exclude (filename, file_row_number) from read_parquet('{tmp_path / name}/*.parquet', "
                          "filename=true, file_row_number=true) order by filename, file_row_number").fetchall()

    assert len(list((tmp_path / "dask").glob("part-*.parquet"))) > 1
    assert rows("dask") == rows("local") and len(rows("local")) > 300


def test_surrogates_replaced_by_the_workers_are_counted(cluster, tmp_path):
    """Issue 21 item 1: a Dask task writes its own Parquet part, so the lone surrogates it
    replaced travel back with its outcomes and reach the stderr line, as in a local run."""
    pytest.importorskip("pyarrow")
    (tmp_path / "s.txt").write_text("Taxes rose 5% in 2020 \\ud800 here.[1] Costs fell \\udfff.\n")
    (tmp_path / "t.txt").write_text("Prices rose 3% in 2021 \\ud801 there.\n")
    args = ["extract", str(tmp_path / "s.txt"), str(tmp_path / "t.txt"), "--encoding", "unicode_escape", "-f", "parquet"]
    runner = CliRunner()
    local = runner.invoke(app, [*args, "-o", f"{tmp_path / 'local'}/"])
    remote = runner.invoke(app, [*args, "-o", f"{tmp_path / 'dask'}/", "--engine", "dask",
                                 "--scheduler", cluster.scheduler_address])
    assert local.exit_code == remote.exit_code == 0, remote.stderr
    assert "3 lone surrogate(s)" in local.stderr
    assert "3 lone surrogate(s)" in remote.stderr, remote.stderr


def test_a_part_written_by_a_task_says_how_many_surrogates_it_replaced(tmp_path):
    pytest.importorskip("pyarrow")
    from claimtrace.partitioned import extract_part
    from claimtrace.writers.parquet import PartWritten

    (tmp_path / "s.txt").write_text("Taxes rose 5% in 2020 \\ud800 here.[1]\n")
    (tmp_path / "clean.txt").write_text("Prices rose 3% in 2021.\n")
    config = RunConfig(encoding="unicode_escape")
    each = extract_part(jobs_for([str(tmp_path / "clean.txt"), str(tmp_path / "s.txt")], config), 0, str(tmp_path))
    outcomes = [o for one in each for o in one]
    assert sum(o.replaced for o in outcomes if isinstance(o, PartWritten)) == 1
    assert not any(isinstance(o, Records) for o in outcomes) and sum(isinstance(o, DocumentEnd) for o in outcomes) == 2
